/**
 * The transition table of every workflow (docs/domain.md "Workflows"; clauses 3.1–3.3). One row per move:
 * which roles may make it from which states. Reviewing states can return a case for correction (补正)
 * with comments per field; a returned case is edited and resubmitted; any state before payment can be
 * rejected with a reason. What happens on a move (facts recorded, the engine's line frozen, a notice
 * published) is the service's; whether the move is allowed is decided here only.
 */
import type { Transition, Workflow } from './types.ts';

const t = (action: string, label: string, from: string[], to: string, roles: Transition['roles']): Transition => ({
  action,
  label,
  from,
  to,
  roles,
});

/** T — a company registers its takeover with contract and commitment letter (3.2). */
export const TAKEOVER: Workflow = {
  type: 'takeover',
  letter: 'T',
  applicants: ['company'],
  initial: 'draft',
  states: {
    draft: '草稿',
    submitted: '已提交',
    returned: '退回补正',
    community_confirmed: '社区已确认',
    active: '已批准（承接中）',
    ended: '已结束',
    expelled: '已清退',
    rejected: '不予批准',
  },
  editable: ['draft', 'returned'],
  final: ['ended', 'expelled', 'rejected'],
  transitions: [
    t('submit', '提交', ['draft', 'returned'], 'submitted', ['company']),
    t('confirm', '社区确认', ['submitted'], 'community_confirmed', ['community']),
    t('return', '退回补正', ['submitted'], 'returned', ['community']),
    t('return', '退回补正', ['community_confirmed'], 'returned', ['bureau']),
    t('approve', '住建局批准', ['community_confirmed'], 'active', ['bureau']),
    t('reject', '不予批准', ['submitted'], 'rejected', ['community', 'bureau']),
    t('reject', '不予批准', ['community_confirmed'], 'rejected', ['bureau']),
    t('end', '结束服务', ['active'], 'ended', ['bureau']),
    t('expel', '清退', ['active'], 'expelled', ['bureau']),
  ],
};

/** T — a half-year claim: the period's facts with evidence, verified, assessed, published (3.2). */
export const CLAIM: Workflow = {
  type: 'claim',
  letter: 'T',
  applicants: ['company'],
  initial: 'draft',
  states: {
    draft: '草稿',
    submitted: '已提交',
    returned: '退回补正',
    community_verified: '社区已核实',
    assessed: '已考核',
    published: '公示中',
    payable: '可拨付',
    rejected: '不予奖补',
  },
  editable: ['draft', 'returned'],
  final: ['payable', 'rejected'],
  transitions: [
    t('submit', '提交', ['draft', 'returned'], 'submitted', ['company']),
    t('verify', '社区核实', ['submitted'], 'community_verified', ['community']),
    t('return', '退回补正', ['submitted'], 'returned', ['community']),
    t('return', '退回补正', ['community_verified', 'assessed'], 'returned', ['bureau']),
    // each scorer scores the items of the sheet that are theirs; the bureau closes the assessment
    t('score', '考核评分', ['community_verified'], 'community_verified', ['bureau', 'community', 'committee']),
    t('assess', '考核完成', ['community_verified'], 'assessed', ['bureau']),
    t('publish', '审批并公示', ['assessed'], 'published', ['bureau']),
    t('uphold', '异议成立，重新审核', ['published'], 'community_verified', ['bureau']),
    t('close', '公示期满，可拨付', ['published'], 'payable', ['bureau']),
    t('reject', '不予奖补', ['submitted', 'community_verified', 'assessed', 'published'], 'rejected', ['bureau']),
  ],
};

/** W — a committee's one-time grant, six months after its service contract (2.3, 3.3). */
export const GRANT: Workflow = {
  type: 'grant',
  letter: 'W',
  applicants: ['committee', 'community'],
  initial: 'draft',
  states: {
    draft: '草稿',
    submitted: '已提交',
    returned: '退回补正',
    community_reviewed: '社区已初审',
    bureau_approved: '住建局已审批',
    published: '公示中',
    payable: '可拨付',
    rejected: '不予补助',
  },
  editable: ['draft', 'returned'],
  final: ['payable', 'rejected'],
  transitions: [
    t('submit', '提交', ['draft', 'returned'], 'submitted', ['committee', 'community']),
    t('review', '社区初审', ['submitted'], 'community_reviewed', ['community']),
    t('return', '退回补正', ['submitted'], 'returned', ['community']),
    t('return', '退回补正', ['community_reviewed'], 'returned', ['bureau']),
    t('approve', '住建局审批', ['community_reviewed'], 'bureau_approved', ['bureau']),
    t('publish', '公示', ['bureau_approved'], 'published', ['bureau']),
    t('uphold', '异议成立，重新审核', ['published'], 'community_reviewed', ['bureau']),
    t('close', '公示期满，可拨付', ['published'], 'payable', ['bureau']),
    t('reject', '不予补助', ['submitted'], 'rejected', ['community', 'bureau']),
    t('reject', '不予补助', ['community_reviewed', 'bureau_approved', 'published'], 'rejected', ['bureau']),
  ],
};

/** F — a community's facility subsidy, after acceptance, with invoices and the funding (2.1, 3.1). */
export const FACILITY: Workflow = {
  type: 'facility',
  letter: 'F',
  applicants: ['community'],
  initial: 'draft',
  states: {
    draft: '草稿',
    submitted: '已提交',
    returned: '退回补正',
    community_vetted: '社区已把关',
    bureau_approved: '住建局已审批（额度已核定）',
    published: '公示中',
    payable: '可拨付',
    rejected: '不予补贴',
  },
  editable: ['draft', 'returned'],
  final: ['payable', 'rejected'],
  transitions: [
    t('submit', '提交', ['draft', 'returned'], 'submitted', ['community']),
    t('vet', '社区把关', ['submitted'], 'community_vetted', ['community']),
    t('return', '退回补正', ['community_vetted'], 'returned', ['bureau']),
    t('approve', '住建局审批', ['community_vetted'], 'bureau_approved', ['bureau']),
    t('publish', '公示', ['bureau_approved'], 'published', ['bureau']),
    t('uphold', '异议成立，重新审核', ['published'], 'community_vetted', ['bureau']),
    t('close', '公示期满，可拨付', ['published'], 'payable', ['bureau']),
    t('reject', '不予补贴', ['submitted'], 'rejected', ['community', 'bureau']),
    t('reject', '不予补贴', ['community_vetted', 'bureau_approved', 'published'], 'rejected', ['bureau']),
  ],
};

/** T — a failed year's rectification (整改): ordered with a deadline, then its outcome (3.2, docs/policy.md T.7). */
export const RECTIFICATION: Workflow = {
  type: 'rectification',
  letter: 'T',
  applicants: ['bureau'],
  initial: 'ordered',
  states: { ordered: '整改中', rectified: '整改合格，继续服务', failed: '整改不合格，清退', refused: '拒不整改，清退' },
  editable: [],
  final: ['rectified', 'failed', 'refused'],
  transitions: [
    t('rectified', '整改合格', ['ordered'], 'rectified', ['bureau']),
    t('failed', '整改不合格', ['ordered'], 'failed', ['bureau']),
    t('refused', '拒不整改', ['ordered'], 'refused', ['bureau']),
  ],
};

/** A correction of the sealed 2023 roster, with evidence (docs/glossary.md; R-8). */
export const ROSTER: Workflow = {
  type: 'roster',
  letter: 'R',
  applicants: ['community', 'bureau'],
  initial: 'requested',
  states: { requested: '待审核', approved: '已批准', rejected: '已驳回' },
  editable: [],
  final: ['approved', 'rejected'],
  transitions: [t('approve', '批准', ['requested'], 'approved', ['bureau']), t('reject', '驳回', ['requested'], 'rejected', ['bureau'])],
};

export const WORKFLOWS = {
  takeover: TAKEOVER,
  claim: CLAIM,
  grant: GRANT,
  facility: FACILITY,
  rectification: RECTIFICATION,
  roster: ROSTER,
} as const;
