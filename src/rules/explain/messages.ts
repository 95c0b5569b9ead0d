/**
 * Every sentence the engine can say, in zh-CN and English, with the clause it rests on.
 * Codes are stable (tests and clients match on them); texts are templates over `{name}`.
 */
export interface Message {
  clause: string;
  zh: string;
  en: string;
}

export const MESSAGES = {
  // ── programme T: the engagement as a whole (docs/policy.md T.1, T.2, T.9) ──
  T_NOT_ON_ROSTER: {
    clause: '3.2',
    zh: '小区 {compound} 不在2023年底在册无物业小区名单中，不享受企业承接奖补',
    en: 'compound {compound} is not on the 2023 roster of unmanaged compounds: no takeover reward',
  },
  T_ENTRY_TOO_EARLY: {
    clause: '2.2.1',
    zh: '进驻日期 {entryDate} 早于 {entryFrom}（D-1：含当日），不享受奖补',
    en: 'entry date {entryDate} is before {entryFrom} (D-1: that day included): no reward',
  },
  T_CONTRACT_MISSING: {
    clause: '3.2',
    zh: '未签订物业服务合同（D-2），整个承接暂不享受奖补',
    en: 'no property service contract signed (D-2): the whole engagement is ineligible',
  },
  T_COMMITMENT_MISSING: {
    clause: '3.2',
    zh: '未签订服务承诺书（D-2），整个承接暂不享受奖补',
    en: 'no service commitment letter signed (D-2): the whole engagement is ineligible',
  },
  T_NO_DAY_SERVED: {
    clause: '3.2',
    zh: '计奖期（{start} 至 {last}）内没有一天服务',
    en: 'not one day served inside the accrual window ({start} to {last})',
  },
  T_ELIGIBLE: {
    clause: '3.2',
    zh: '在册小区，{entryDate} 进驻，合同与承诺书均已签订；计奖期 {start} 至 {last}',
    en: 'roster compound, entered {entryDate}, contract and commitment letter signed; accrual window {start} to {last}',
  },
  T_EXPELLED: {
    clause: '3.2',
    zh: '{year} 年度整改结果为“{outcome}”（{decidedOn} 决定），予以清退，服务计至 {decidedOn}',
    en: 'rectification for {year} recorded as "{outcome}" (decided {decidedOn}): expelled, service counted to {decidedOn}',
  },
  // ── programme T: a period (docs/policy.md T.3–T.8) ──
  T_MONTHS: {
    clause: '3.2',
    zh: '{period} 服务 {from} 至 {to}，按实际服务天数折算 {months} 个月（{formula}）（D-3）',
    en: '{period} served {from} to {to}: {months} months by days served ({formula}) (D-3)',
  },
  T_NO_FACTS: {
    clause: '3.2',
    zh: '尚未录入{missing}，待定',
    en: '{missing} are not recorded yet: pending',
  },
  T_TIER1: {
    clause: '2.2.1',
    zh: '一档：协助成立或充实业委会，完善设施并增加保洁和基础维修，收缴率 {collectionRate} ≥ {collectionMin}，收费标准比例 {feeRatio} ≥ {feeRatioMin}；{rate} 元/㎡/月',
    en: 'tier 1: helped form or strengthen the committee, improved facilities with more cleaning and repair, collection rate {collectionRate} ≥ {collectionMin}, fee ratio {feeRatio} ≥ {feeRatioMin}; {rate} yuan/m²/month',
  },
  T_TIER2: {
    clause: '2.2.2',
    zh: '二档：提供基本保洁和基础维修，未达一档条件（{unmet}）；{rate} 元/㎡/月',
    en: 'tier 2: basic cleaning and repair provided, tier 1 not reached ({unmet}); {rate} yuan/m²/month',
  },
  T_MARKET_PRICE_UNKNOWN: {
    clause: '2.2.1',
    zh: '{period} 同类小区市场价格未知，收费标准比例无法确定，不能认定一档',
    en: '{period}: the market reference price of similar compounds is unknown, so the fee ratio cannot be established and tier 1 is not reached',
  },
  T_NO_TIER: {
    clause: '2.2.2',
    zh: '{period} 未提供基本保洁和基础维修，不符合任何档次，金额 0.00',
    en: '{period}: no basic cleaning and repair, no tier: amount 0.00',
  },
  T_AMOUNT: {
    clause: '3.2',
    zh: '金额 = {rate} × {area} ㎡ × {months} 月 {exact}，四舍五入到分 = {amount} 元',
    en: 'amount = {rate} × {area} m² × {months} months {exact}, rounded half up to the fen = {amount} yuan',
  },
  T_PERIOD_NOT_ENDED: {
    clause: '3.2',
    zh: '{period} 于 {periodEnd} 结束，评估日 {asOf} 尚未结束，待定',
    en: '{period} ends {periodEnd}, not ended on the evaluation date {asOf}: pending',
  },
  T_RECTIFICATION_OUTSTANDING: {
    clause: '3.2',
    zh: '{year} 年度考核不合格（年度得分 {annualScore} < {passScore}），尚未录入{missing}，待定',
    en: 'the {year} annual result failed ({annualScore} < {passScore}) and {missing} is not recorded yet: pending',
  },
  T_NOT_ASSESSED: {
    clause: '3.2',
    zh: '尚未录入{missing}，待定',
    en: '{missing} is not recorded yet: pending',
  },
  T_WITHHELD: {
    clause: '3.2',
    zh: '半年考核得分 {score} 低于合格分 {passScore}，暂缓发放（D-7）',
    en: 'half-year assessment score {score} is below the pass mark {passScore}: withheld (D-7)',
  },
  T_PAYABLE: {
    clause: '3.2',
    zh: '{period} 已结束，半年考核得分 {score} ≥ {passScore}，可发放',
    en: '{period} has ended and scored {score} ≥ {passScore}: payable',
  },
  T_ANNUAL: {
    clause: '3.2',
    zh: '{year} 年度考核得分 = 半年得分平均 {scores} = {annualScore}（合格分 {passScore}）：{verdict}（D-8）',
    en: '{year} annual score = mean of half-year scores {scores} = {annualScore} (pass mark {passScore}): {verdict} (D-8)',
  },
  // ── programme W (docs/policy.md W.1–W.6) ──
  W_NOT_ON_ROSTER: {
    clause: '2.3.1',
    zh: '小区 {compound} 不在2023年底在册无物业小区名单中（D-9）',
    en: 'compound {compound} is not on the 2023 roster (D-9)',
  },
  W_ESTABLISHED_TOO_EARLY: {
    clause: '2.3.1',
    zh: '业委会设立于 {established}，早于 {establishedFrom}',
    en: 'committee established {established}, before {establishedFrom}',
  },
  W_ESTABLISHED_TOO_LATE: {
    clause: '3.3',
    zh: '业委会设立于 {established}，晚于补助截止日 {applyUntil}（D-12）',
    en: 'committee established {established}, after the programme end {applyUntil} (D-12)',
  },
  W_NOT_FIRST: {
    clause: '2.3.1',
    zh: '每个小区只补助一次（D-11）：小区 {compound} 由业委会 {claimant}（{claimantEstablished} 设立）申领',
    en: 'one grant per compound (D-11): compound {compound} is claimed by committee {claimant} (established {claimantEstablished})',
  },
  W_AMOUNT_SMALL: {
    clause: '2.3.1',
    zh: '小区登记 {households} 户，不超过 {threshold} 户（D-10），一次性补助 {amount} 元',
    en: '{households} registered households, at most {threshold} (D-10): one-time grant {amount} yuan',
  },
  W_AMOUNT_LARGE: {
    clause: '2.3.2',
    zh: '小区登记 {households} 户，超过 {threshold} 户，一次性补助 {amount} 元',
    en: '{households} registered households, over {threshold}: one-time grant {amount} yuan',
  },
  W_NO_CONTRACT: {
    clause: '3.3',
    zh: '业委会尚未与物业企业签订服务合同（缺少{missing}），待定',
    en: 'no service contract with a company yet (missing {missing}): pending',
  },
  W_WAITING: {
    clause: '3.3',
    zh: '服务合同签订于 {signed}，满 {months} 个月即 {payableFrom} 起方可发放，评估日 {asOf}，待定',
    en: 'service contract signed {signed}: payable from {payableFrom} ({months} months later), evaluation date {asOf}: pending',
  },
  W_NOT_OPERATING: {
    clause: '3.3',
    zh: '尚未确认业委会与企业合同正常运行，待定',
    en: 'the contract is not confirmed as running normally: pending',
  },
  W_NOT_REVIEWED: {
    clause: '3.3',
    zh: '尚未经住建局和社区审核通过，待定',
    en: 'not yet approved by the housing bureau and the community: pending',
  },
  W_PAYABLE: {
    clause: '3.3',
    zh: '服务合同签订满 {months} 个月（{payableFrom} 起），运行正常且审核通过，可发放',
    en: 'the service contract has run {months} months (from {payableFrom}), normally, and the review approved: payable',
  },
  // ── programme F (docs/policy.md, programme F) ──
  F_NOT_ON_ROSTER: {
    clause: '2.1.1',
    zh: '小区 {compound} 不在2023年底在册无物业小区名单中',
    en: 'compound {compound} is not on the 2023 roster',
  },
  F_NOT_ACCEPTED: {
    clause: '3.1',
    zh: '改造尚未验收，先实施、后补贴（缺少{missing}）',
    en: 'the works are not accepted: implement first, subsidise after (missing {missing})',
  },
  F_ACCEPTED_AFTER_SUBMISSION: {
    clause: '3.1',
    zh: '验收日期 {accepted} 晚于申请日期 {submitted}，不符合先实施、后补贴',
    en: 'accepted {accepted}, after submission {submitted}: implement first, subsidise after',
  },
  F_ACCEPTED_TOO_EARLY: {
    clause: '3.1',
    zh: '验收日期 {accepted} 早于 {acceptedFrom}（D-13）',
    en: 'accepted {accepted}, before {acceptedFrom} (D-13)',
  },
  F_SUBMITTED_TOO_LATE: {
    clause: '3.1',
    zh: '申请日期 {submitted} 晚于扶持期截止日 {until}',
    en: 'submitted {submitted}, after the programme end {until}',
  },
  F_CATEGORY: {
    clause: '3.1',
    zh: '改造类别“{category}”不在可补贴范围（{categories}）内（D-18）',
    en: 'category "{category}" is not one of {categories} (D-18)',
  },
  F_NO_COMMITTEE: {
    clause: '3.1',
    zh: '小区尚未成立业主委员会（D-21）',
    en: "the compound has no owners' committee (D-21)",
  },
  F_COLLECTION_LOW: {
    clause: '3.1',
    zh: '物业费收缴率 {collectionRate} 低于 {collectionMin}（D-21）',
    en: 'collection rate {collectionRate} is below {collectionMin} (D-21)',
  },
  F_FEE_RATIO_LOW: {
    clause: '3.1',
    zh: '收费标准比例 {feeRatio} 低于 {feeRatioMin}（D-21）',
    en: 'fee ratio {feeRatio} is below {feeRatioMin} (D-21)',
  },
  F_BASE: {
    clause: '2.1.2',
    zh: '补贴基数 = {share} × 实际投入 {investment} 元 = {base} 元（D-17：按上限给予）',
    en: 'base = {share} × actual investment {investment} yuan = {base} yuan (D-17: granted at the maximum)',
  },
  F_CAP_COMPOUND: {
    clause: '2.1.2',
    zh: '受小区累计上限限制（D-14）：上限 {cap} 元，此前已获 {used} 元，剩余 {remaining} 元',
    en: 'cut by the compound cap (D-14): cap {cap} yuan, granted before {used}, remaining {remaining}',
  },
  F_CAP_COMMUNITY: {
    clause: '2.1.2',
    zh: '受社区 {community} {year} 年度额度限制（D-15）：额度 {quota} 元，已用 {used} 元，剩余 {remaining} 元',
    en: 'cut by the {year} quota of community {community} (D-15): quota {quota} yuan, used {used}, remaining {remaining}',
  },
  F_CAP_CITY: {
    clause: '2.1.2',
    zh: '受全市 {year} 年度总额限制（D-19）：总额 {total} 元，已用 {used} 元，剩余 {remaining} 元',
    en: 'cut by the city total for {year} (D-19): total {total} yuan, used {used}, remaining {remaining}',
  },
  F_QUOTA_EXHAUSTED: {
    clause: '2.1.2',
    zh: '额度已用尽，核定金额为 0.00',
    en: 'quota exhausted: nothing left to grant',
  },
  F_NOTHING_TO_GRANT: {
    clause: '2.1.2',
    zh: '补贴基数为 0.00，无可补贴金额',
    en: 'the base is 0.00: nothing to grant',
  },
  F_GRANTED: {
    clause: '2.1.2',
    zh: '核定补贴 {amount} 元',
    en: 'granted {amount} yuan',
  },
} as const satisfies Record<string, Message>;

export type MessageCode = keyof typeof MESSAGES;

/** Words used inside other messages (condition names, verdicts, outcomes). */
export const WORDS = {
  committeeSupport: { zh: '未协助成立或充实业委会', en: 'no help forming the committee' },
  enhancedServices: { zh: '未完善设施、增加保洁维修', en: 'no improved facilities with more cleaning and repair' },
  collectionRate: { zh: '收缴率未达标', en: 'collection rate not met' },
  feeRatio: { zh: '收费标准比例未达标', en: 'fee ratio not met' },
  feeRatioUnknown: { zh: '收费标准比例未知（市场价格未知）', en: 'fee ratio unknown (market price unknown)' },
  scattered: { zh: '零散楼栋最高二档（D-5）', en: 'scattered buildings reach tier 2 at most (D-5)' },
  passed: { zh: '合格', en: 'passed' },
  failed: { zh: '不合格，限期整改', en: 'failed: rectification ordered' },
  unknown: { zh: '尚未全部考核', en: 'not yet known' },
  rectified: { zh: '整改达标', en: 'rectified' },
  refused: { zh: '拒不整改', en: 'refused' },
  'failed-outcome': { zh: '整改不达标', en: 'failed' },
  'n/a': { zh: '不适用', en: 'n/a' },
  separator: { zh: '、', en: ', ' },
} as const;
