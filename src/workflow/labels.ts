/**
 * The names people read for what the workflow tables (./tables.ts) and the application forms
 * (src/service/cases/forms.ts) name by code: states, actions, form fields, kinds of file, scorers — in
 * zh-CN (the tables' own Chinese names) and English. Pure data: the server's messages and the console
 * (web/) read the same names, so a case's history reads the same everywhere (docs/domain.md "Workflows").
 */
import type { Lang } from '../rules/params/types.ts';
import { WORKFLOWS } from './tables.ts';
import type { CaseType } from './types.ts';

/** English names of the states; a state of one kind named differently from the shared name is keyed `type.state`. */
const STATES_EN: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned for correction',
  community_confirmed: 'Confirmed by the community',
  active: 'Approved (serving)',
  ended: 'Ended',
  expelled: 'Expelled',
  rejected: 'Rejected',
  community_verified: 'Verified by the community',
  assessed: 'Assessed',
  published: 'In public notice',
  payable: 'Payable',
  community_reviewed: 'Reviewed by the community',
  bureau_approved: 'Approved by the bureau',
  'facility.bureau_approved': 'Approved by the bureau (amount set)',
  community_vetted: 'Vetted by the community',
  ordered: 'Rectification ordered',
  rectified: 'Rectified: service goes on',
  failed: 'Rectification failed: expelled',
  refused: 'Rectification refused: expelled',
  requested: 'Awaiting review',
  approved: 'Approved',
  'roster.rejected': 'Refused',
};

/** English names of the actions; keyed `type.action` where one kind names it differently. */
const ACTIONS_EN: Record<string, string> = {
  submit: 'Submit',
  confirm: 'Confirm (community)',
  return: 'Return for correction',
  approve: 'Approve (bureau)',
  reject: 'Reject',
  end: 'End the service',
  expel: 'Expel',
  verify: 'Verify (community)',
  score: 'Score the assessment',
  assess: 'Close the assessment',
  publish: 'Approve and publish',
  'grant.publish': 'Publish',
  'facility.publish': 'Publish',
  uphold: 'Objection upheld: review again',
  close: 'Notice over: payable',
  review: 'Review (community)',
  vet: 'Vet (community)',
  rectified: 'Rectified',
  failed: 'Rectification failed',
  refused: 'Refused to rectify',
  'roster.approve': 'Approve',
  'roster.reject': 'Refuse',
  // the service's own entries in a history (opening, editing, attaching)
  open: 'Opened',
  edit: 'Edited',
  attach: 'File attached',
};

/** Chinese names of the service's own history entries (not moves of the tables). */
const ACTIONS_ZH: Record<string, string> = { open: '创建', edit: '修改', attach: '上传附件' };

/** The name of a state of a kind of case; the code itself for an unknown one. */
export function stateLabel(type: CaseType, state: string, lang: Lang): string {
  if (lang === 'zh') return WORKFLOWS[type].states[state] ?? state;
  return STATES_EN[`${type}.${state}`] ?? STATES_EN[state] ?? state;
}

/** The name of an action of a kind of case (a move of its table, or the service's open/edit/attach). */
export function actionLabel(type: CaseType, action: string, lang: Lang): string {
  if (lang === 'zh') return WORKFLOWS[type].transitions.find((x) => x.action === action)?.label ?? ACTIONS_ZH[action] ?? action;
  return ACTIONS_EN[`${type}.${action}`] ?? ACTIONS_EN[action] ?? action;
}

/** Form fields and kinds of file: [zh, en]. */
const FIELDS: Record<string, readonly [string, string]> = {
  compoundCode: ['小区', 'Compound'],
  entryDate: ['进驻日期', 'Entry date'],
  contractSigned: ['物业服务合同签订日期', 'Service contract signed on'],
  commitmentSigned: ['服务承诺书签订日期', 'Commitment letter signed on'],
  engagementCode: ['承接', 'Engagement'],
  period: ['半年期', 'Half-year'],
  committeeSupport: ['协助成立或充实业委会', 'Helped set up or strengthen the owners’ committee'],
  enhancedServices: ['完善设施并增加保洁维修', 'Improved facilities, more cleaning and repairs'],
  basicServices: ['提供基本保洁和基础维修', 'Basic cleaning and repairs'],
  feesReceivableOccupied: ['实际入住户应收物业费', 'Fees receivable from occupied homes'],
  feesCollected: ['实收物业费', 'Fees collected'],
  feeStandard: ['收费标准', 'Fee standard'],
  marketPrice: ['同类小区市场价格', 'Market price of similar compounds'],
  committeeCode: ['业委会', 'Owners’ committee'],
  note: ['说明', 'Note'],
  category: ['改造类别', 'Category'],
  description: ['改造内容', 'Description'],
  acceptedOn: ['验收日期', 'Accepted on'],
  investment: ['实际投入', 'Actual investment'],
  fundingResidents: ['居民出资', 'Funded by residents'],
  fundingCompany: ['企业出资', 'Funded by the company'],
  fundingCommunity: ['社区补助', 'Funded by the community'],
  fundingOther: ['其他出资', 'Other funding'],
  collectionRate: ['物业费收缴率', 'Fee collection rate'],
  feeRatio: ['收费标准与市场价格之比', 'Fee standard to market price'],
  invoices: ['发票', 'Invoices'],
  year: ['年度', 'Year'],
  deadline: ['整改期限', 'Deadline'],
  action: ['变更', 'Change'],
  reason: ['理由', 'Reason'],
  values: ['更正值', 'Corrected values'],
  evidenceAttachmentId: ['证明材料', 'Evidence'],
  scores: ['考核评分', 'Assessment scores'],
  contract: ['物业服务合同', 'Service contract'],
  commitment: ['服务承诺书', 'Commitment letter'],
  evidence: ['佐证材料', 'Evidence'],
  invoice: ['发票', 'Invoice'],
  photo: ['照片', 'Photo'],
  funding: ['资金构成', 'Funding'],
  other: ['其他材料', 'Other'],
};

/** The Chinese names of form fields and kinds of file, for problems and comments per field. */
export const FIELD_NAMES: Record<string, string> = Object.fromEntries(Object.entries(FIELDS).map(([k, [zh]]) => [k, zh]));

/** The name of a form field or a kind of file; the key itself for an unknown one. */
export const fieldLabel = (field: string, lang: Lang): string => FIELDS[field]?.[lang === 'zh' ? 0 : 1] ?? field;

/** Who scores an item of the assessment sheet. */
export const SCORER_NAMES: Record<'bureau' | 'community' | 'committee', readonly [string, string]> = {
  bureau: ['住建局', 'Housing bureau'],
  community: ['社区', 'Community'],
  committee: ['业委会', 'Owners’ committee'],
};

/** The facility categories of F.categories (docs/policy.md, programme F): [zh, en]. */
export const CATEGORY_NAMES: Record<string, readonly [string, string]> = {
  health: ['公共卫生', 'Public health'],
  safety: ['消除安全隐患', 'Removing safety hazards'],
  security: ['安防设施设备', 'Security equipment'],
  basic: ['基本物业管理服务设施与基础设施改造', 'Basic service facilities and infrastructure'],
};
