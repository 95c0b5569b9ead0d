/** What users read instead of internal codes: kinds, programmes, statuses, in zh-CN (the registry's language). */
export const KIND_NAMES = { compound: '小区', scattered: '零散楼栋' } as const;
export const kindName = (k: string): string => KIND_NAMES[k as keyof typeof KIND_NAMES] ?? k;

export const PROGRAMME_NAMES: Record<string, string> = { T: '企业承接奖补', W: '业委会一次性补助', F: '设施改造补贴' };

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
