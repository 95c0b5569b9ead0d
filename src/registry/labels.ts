import type { Programme } from '../ledger/accounts.ts';

/** What users read instead of internal codes: kinds, programmes, statuses, in zh-CN (the registry's language). */
export const KIND_NAMES = { compound: '小区', scattered: '零散楼栋' } as const;
/** A compound kind's Chinese name (小区, 零散楼栋) for users; other text as it is. */
export const kindName = (code: string): string => KIND_NAMES[code as keyof typeof KIND_NAMES] ?? code;

/** Facility categories (3.1, D-18) by their Chinese names (as the sheets accept them) → codes. */
export const CATEGORY_NAMES: Record<string, string> = {
  公共卫生: 'health',
  消除安全隐患: 'safety',
  安防设施设备: 'security',
  基本物业服务设施: 'basic',
  基本物业管理服务设施与基础设施改造: 'basic',
};
const CATEGORY_BY_CODE = new Map<string, string>();
for (const [name, code] of Object.entries(CATEGORY_NAMES)) if (!CATEGORY_BY_CODE.has(code)) CATEGORY_BY_CODE.set(code, name);
/** A facility category's Chinese name for users; text that is not a code (a category outside the list) as it is. */
export const categoryName = (code: string): string => CATEGORY_BY_CODE.get(code) ?? code;

/**
 * The programmes' names (docs/glossary.md "Programme T — the takeover reward" and the W and F tables): the one
 * source for every screen, form, sheet, notice, bank purpose and message that names a programme.
 */
export const PROGRAMME_NAMES = { T: '企业承接奖补', W: '业委会一次性补助', F: '设施改造补贴' } as const satisfies Record<Programme, string>;
export const PROGRAMME_NAMES_EN = { T: 'takeover reward', W: 'committee grant', F: 'facility subsidy' } as const satisfies Record<
  Programme,
  string
>;

export const LINE_STATUS_NAMES: Record<string, string> = {
  payable: '可发放',
  withheld: '暂缓发放',
  pending: '待定',
  ineligible: '不符合条件',
  granted: '核定',
  capped: '核定（受限额）',
  rejected: '不予补贴',
};

export const DECISION_NAMES: Record<string, string> = { requested: '待审核', approved: '已批准', rejected: '已驳回' };
export const ROSTER_ACTION_NAMES: Record<string, string> = { add: '列入', remove: '移出', amend: '更正' };

/** An owners' committee is known by its compound: 康乐苑业主委员会 (its custodian account bears this name, clause 4.2). */
export const committeeName = (compoundName: string): string => `${compoundName}业主委员会`;
