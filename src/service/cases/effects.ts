/**
 * What a move does besides changing the state — each beside its clause (clauses 3.1–3.3, docs/domain.md
 * "Workflows"). Whether the move is allowed is the workflow table's; these run inside the move's
 * transaction and may refuse it (the whole move is then undone). Decisions freeze the engine's record.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../../rules/dates/period.ts';
import type { CaseType } from '../../workflow/index.ts';
import type { ServiceContext } from '../command.ts';
import { naturalCode } from '../import/common.ts';
import { type ClaimFacts, communityCode as communityCodeOf, reserveClaim, voidCaseClaim } from '../money/claims.ts';
import { checkScores, periodLastDay, type Scores, sheetFor, standsInFor, totalOf } from './assessment.ts';
import { approvable, type EngineRecord, engineRecord, engineRecords } from './decision.ts';
import { facilityCandidate } from './preview.ts';
import { orderRectifications } from './rectify.ts';
import type { CaseRow, Move } from './store.ts';
import { duplicateRefusal } from './store.ts';
import { servingOn } from './subjects.ts';
import { checkComplete, checkFacilityForm } from './validate.ts';

export interface MoveInput {
  comment?: string | undefined;
  /** 补正: comments per field of the form (or kind of file) */
  fieldComments?: Record<string, string> | undefined;
  /** an assessment scorer's scores, by item of the sheet */
  scores?: Record<string, number> | undefined;
  /** the community's attestation at a grant's review: the committee–company contract runs normally */
  operatingNormally?: boolean | undefined;
  /** the last day of service, when a takeover ends */
  endDate?: string | undefined;
  /** set by the notices service only: the notice a result is published in */
  noticeId?: number | undefined;
}

export interface EffectContext {
  tx: Db;
  ctx: ServiceContext;
  row: CaseRow;
  input: MoveInput;
  today: string;
}

type Effect = (e: EffectContext) => Promise<Partial<Move>>;

const form = (row: CaseRow) => row.form as Record<string, unknown>;

const notApprovable = (r: EngineRecord | null, what: { zh: string; en: string }) =>
  r === null
    ? userError(
        'case.not_payable',
        `${what.zh}：规则引擎没有这一项的测算结果（例如不在计奖期内），不能批准`,
        `${what.en}: the engine has no line for it (e.g. it lies outside the reward period), so it cannot be approved`,
        { status: 409, details: { line: null } },
      )
    : userError(
        'case.not_payable',
        `${what.zh}：测算结果为“${r.line.status}”，不能批准。${r.line.reasons.map((x) => `[${x.clause}] ${x.text}`).join('；')}`,
        `${what.en}: the engine's line is ${r.line.status}, which cannot be approved. ${r.reasonsEn.map((x) => `[${x.clause}] ${x.text}`).join('; ')}`,
        { status: 409, details: { line: r.line } },
      );

/** The decision, frozen: the engine's record, its amount, when. */
const decided = (ctx: ServiceContext, r: EngineRecord): Partial<Move> => ({
  set: { decision: r, amount: r.line.amount, decidedAt: ctx.now?.() ?? new Date() },
});

/** The approved amount is reserved in the budget (docs/domain.md "Money"): refused if the budget or quota is short. */
const reserveFor = async (e: EffectContext, r: EngineRecord, f: Omit<ClaimFacts, 'amount' | 'communityId'>) => {
  const claim = await reserveClaim(e.tx, e.ctx, e.row.id, { ...f, communityId: e.row.communityId, amount: r.line.amount as string });
  return { claimId: claim.claimId, budgetYear: claim.year };
};

/** A rejection after approval gives the reservation back. */
const rejectCase: Effect = async ({ tx, ctx, row, input }) => {
  const voided = await voidCaseClaim(tx, ctx, row.id, `不予批准：${input.comment ?? ''}`);
  return voided ? { detail: { voidedClaim: voided.claimId } } : {};
};

/** A published result whose objection is upheld goes back to review: its decision is void (kept in the history), its reservation given back. */
const voidDecision: Effect = async ({ tx, ctx, row }) => {
  const voided = await voidCaseClaim(tx, ctx, row.id, '异议成立，重新审核');
  return {
    set: { decision: null, amount: null, decidedAt: null, noticeId: null },
    detail: { voidedDecision: row.decision, ...(voided ? { voidedClaim: voided.claimId } : {}) },
  };
};

/** A notice closed with no open objection against this result: the result becomes payable. */
const closeNotice: Effect = async ({ tx, row, today }) => {
  if (row.noticeId === null) throw new Error(`case ${row.caseNo} is published without a notice`);
  const [notice] = await tx.select().from(t.publicNotices).where(eq(t.publicNotices.id, row.noticeId));
  if (!notice || notice.closesOn >= today)
    throw userError(
      'notice.open',
      `公示期至 ${notice?.closesOn} 止，期满后方可拨付`,
      `the notice runs until ${notice?.closesOn}: payable only after`,
      { status: 409 },
    );
  const [open] = await tx
    .select({ id: t.objections.id })
    .from(t.objections)
    .where(and(eq(t.objections.caseId, row.id), eq(t.objections.status, 'open')));
  if (open)
    throw userError(
      'notice.objection_open',
      `有未处理的异议 #${open.id}：须住建局处理后方可拨付`,
      `objection #${open.id} is open: the bureau must resolve it first`,
      { status: 409 },
    );
  return {};
};

const needsNotice: Effect = async ({ input }) => {
  if (input.noticeId === undefined)
    throw userError(
      'case.publish_via_notice',
      '公示须通过发布公示办理（POST /api/notices）',
      'results are published in a notice (POST /api/notices)',
      { status: 409 },
    );
  return { set: { noticeId: input.noticeId } };
};

// ── T: takeover registration (3.2) ──
/** One company per compound at a time: checked when the takeover is submitted and again when approved. */
async function noOverlap(tx: Db, compoundId: number, entryDate: string): Promise<void> {
  const clash = await servingOn(tx, compoundId, entryDate);
  const later = await tx
    .select({ code: t.engagements.code })
    .from(t.engagements)
    .where(sql`${t.engagements.compoundId} = ${compoundId} and ${t.engagements.entryDate} >= ${entryDate}`);
  if (clash || later.length)
    throw userError(
      'engagement.overlap',
      `该小区在 ${entryDate} 已有物业企业服务（同一小区同一时间只能有一家企业）`,
      `the compound has a company serving on ${entryDate} (one company per compound at a time)`,
      { status: 409 },
    );
}

const takeoverSubmit: Effect = async ({ tx, row }) => {
  await checkComplete(tx, row.type, row.id, form(row));
  await noOverlap(tx, row.compoundId, form(row).entryDate as string);
  return {};
};

const takeoverApprove: Effect = async ({ tx, ctx, row, today }) => {
  const f = form(row);
  const [company] = await tx
    .select()
    .from(t.companies)
    .where(eq(t.companies.id, row.companyId as number));
  const [compound] = await tx.select().from(t.compounds).where(eq(t.compounds.id, row.compoundId));
  if (!company || !compound) throw new Error(`takeover ${row.caseNo}: subject vanished`);
  const entryDate = f.entryDate as string;
  await noOverlap(tx, compound.id, entryDate);
  const [e] = await tx
    .insert(t.engagements)
    .values({
      code: naturalCode('E', `${compound.code}/${company.uscc ?? company.code}/${entryDate}`),
      compoundId: compound.id,
      companyId: company.id,
      entryDate,
      contractSigned: (f.contractSigned as string) ?? null,
      commitmentSigned: (f.commitmentSigned as string) ?? null,
    })
    .returning();
  const records = await engineRecords(tx, today, { program: 'T', subject: e?.code as string });
  return { set: { engagementId: e?.id as number, decision: { lines: records }, decidedAt: ctx.now?.() ?? new Date() } };
};

const takeoverEnd: Effect = async ({ tx, row, input, today }) => {
  const end = input.endDate ?? today;
  const [e] = await tx
    .select()
    .from(t.engagements)
    .where(eq(t.engagements.id, row.engagementId as number));
  if (!e) throw new Error(`takeover ${row.caseNo} has no engagement`);
  if (end < e.entryDate)
    throw userError('engagement.end', `服务结束日期早于进驻日期 ${e.entryDate}`, `the end date is before the entry date ${e.entryDate}`, {
      details: { field: 'endDate' },
    });
  await tx.update(t.engagements).set({ endDate: end }).where(eq(t.engagements.id, e.id));
  return { detail: { endDate: end } };
};

// ── T: a half-year claim (3.2, docs/policy.md T.4–T.8) ──
const claimSubmit: Effect = async ({ tx, row, today }) => {
  const p = parsePeriod(row.period as string);
  const [e] = await tx
    .select()
    .from(t.engagements)
    .where(eq(t.engagements.id, row.engagementId as number));
  if (p && e && formatDay(periodEnd(p)) < e.entryDate)
    throw userError('claim.period', `${row.period} 早于进驻日期 ${e.entryDate}`, `${row.period} is before the entry date ${e.entryDate}`);
  // a half-year is claimed after it is over (its facts and assessment are of the whole half-year: T.4, T.6)
  if (p && formatDay(periodEnd(p)) >= today)
    throw userError(
      'claim.period_open',
      `${row.period} 尚未结束（${formatDay(periodEnd(p))} 结束），期满后才能申报`,
      `${row.period} is not over yet (it ends ${formatDay(periodEnd(p))}): claim it afterwards`,
    );
  await checkComplete(tx, row.type, row.id, form(row));
  return {};
};

/** The community verified the facts: they become the engagement's facts for the period (docs/policy.md T.4). */
const claimVerify: Effect = async ({ tx, row }) => {
  const f = form(row);
  const values = {
    committeeSupport: f.committeeSupport as boolean,
    enhancedServices: f.enhancedServices as boolean,
    basicServices: f.basicServices as boolean,
    feesReceivableOccupied: f.feesReceivableOccupied as string,
    feesCollected: f.feesCollected as string,
    feeStandard: f.feeStandard as string,
    // the reference price is the registry's (market_price by category): a claim that names none leaves
    // a price already recorded for the half-year as it is
    ...(f.marketPrice === undefined ? {} : { marketPrice: f.marketPrice as string }),
  };
  await tx
    .insert(t.periodFacts)
    .values({ engagementId: row.engagementId as number, period: row.period as string, ...values })
    .onConflictDoUpdate({ target: [t.periodFacts.engagementId, t.periodFacts.period], set: values });
  return {};
};

/**
 * A scorer scores their items; a committee scores only the claims of its own compound. Where the
 * compound has no owners' committee, the community scores the committee's items (docs/domain.md).
 */
const claimScore: Effect = async ({ tx, ctx, row, input }) => {
  if (!input.scores || Object.keys(input.scores).length === 0)
    throw userError('assessment.scores', '须给出评分项的得分', 'scores are required', { details: { field: 'scores' } });
  const role = ctx.actor.role;
  if (role === 'committee') {
    const [w] = await tx
      .select()
      .from(t.committees)
      .where(eq(t.committees.id, ctx.actor.scope?.committee?.id ?? -1));
    if (!w || w.compoundId !== row.compoundId)
      throw userError('case.not_found', `没有办件 ${row.caseNo}`, `no case ${row.caseNo}`, { status: 404 });
  }
  const sheet = await sheetFor(tx, periodLastDay(row.period as string));
  checkScores(sheet, role, input.scores, await standsInFor(tx, role, row.compoundId));
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const scores: Scores = { ...((form(row).scores as Scores | undefined) ?? {}) };
  for (const [key, score] of Object.entries(input.scores)) scores[key] = { score, by: ctx.actor.username, role, at };
  return { set: { form: { ...form(row), scores } }, detail: { scores: input.scores } };
};

/** Every item scored: the half-year assessment is recorded (docs/policy.md T.6). */
const claimAssess: Effect = async ({ tx, ctx, row, today }) => {
  const scores = (form(row).scores as Scores | undefined) ?? {};
  const sheet = await sheetFor(tx, periodLastDay(row.period as string));
  const total = totalOf(sheet, scores);
  if (total === null) {
    const missing = sheet.filter((i) => !scores[i.key]).map((i) => i.label);
    throw userError('assessment.incomplete', `尚有评分项未评：${missing.join('、')}`, `items not scored yet: ${missing.length}`, {
      status: 409,
    });
  }
  const values = {
    total,
    itemScores: scores,
    assessors: [...new Set(Object.values(scores).map((s) => s.by))].join('、'),
    assessedOn: today,
  };
  await tx
    .insert(t.assessments)
    .values({ engagementId: row.engagementId as number, period: row.period as string, ...values })
    .onConflictDoUpdate({ target: [t.assessments.engagementId, t.assessments.period], set: values });
  // a year this completes with a failing annual result orders its rectification (T.7)
  const rectifications = await orderRectifications(tx, ctx, row.engagementId as number, today);
  return { detail: { total, ...(rectifications.length ? { rectifications } : {}) } };
};

/** The bureau approves the half-year for payment and publishes it: the engine's line must be payable. */
const claimPublish: Effect = async (e) => {
  const notice = await needsNotice(e);
  const [en] = await e.tx
    .select({ code: t.engagements.code, company: t.companies.code })
    .from(t.engagements)
    .innerJoin(t.companies, eq(t.companies.id, t.engagements.companyId))
    .where(eq(t.engagements.id, e.row.engagementId as number));
  const subject = en?.code as string;
  // without a line for the half-year, the engagement's own line says why (e.g. no day served in the reward period)
  const r =
    (await engineRecord(e.tx, e.today, { program: 'T', subject, period: e.row.period as string })) ??
    (await engineRecords(e.tx, e.today, { program: 'T', subject })).find((x) => !('period' in x.line) || !x.line.period) ??
    null;
  if (!approvable(r)) throw notApprovable(r, { zh: `${e.row.period} 企业承接奖补`, en: `the ${e.row.period} takeover reward` });
  const claim = await reserveFor(e, r as EngineRecord, {
    programme: 'T',
    subject,
    period: e.row.period as string,
    payee: { type: 'company', code: en?.company as string },
  });
  return { set: { ...decided(e.ctx, r as EngineRecord).set, ...notice.set }, detail: claim };
};

// ── W: the committee grant (2.3, 3.3; docs/policy.md W.1–W.4) ──
const grantReview: Effect = async ({ tx, row, input }) => {
  if (input.operatingNormally === undefined)
    throw userError(
      'grant.operating',
      '初审须确认业委会与物业企业的服务合同是否正常运行（operatingNormally）',
      'the review must say whether the service contract runs normally (operatingNormally)',
      { details: { field: 'operatingNormally' } },
    );
  await tx
    .update(t.committees)
    .set({ operatingNormally: input.operatingNormally })
    .where(eq(t.committees.id, row.committeeId as number));
  return { detail: { operatingNormally: input.operatingNormally } };
};

/** The bureau's approval completes the review (W.3): the engine's line must then be payable. */
const grantApprove: Effect = async (e) => {
  const { tx, ctx, row, today } = e;
  await tx
    .update(t.committees)
    .set({ reviewApproved: true })
    .where(eq(t.committees.id, row.committeeId as number));
  const [w] = await tx
    .select()
    .from(t.committees)
    .where(eq(t.committees.id, row.committeeId as number));
  const r = await engineRecord(tx, today, { program: 'W', subject: w?.code as string });
  if (!approvable(r)) throw notApprovable(r, { zh: '业委会一次性补助', en: 'the committee grant' });
  const line = (r as EngineRecord).line as { payableFrom?: string };
  const claim = await reserveFor(e, r as EngineRecord, {
    programme: 'W',
    subject: w?.code as string,
    period: null,
    payableFrom: line.payableFrom ?? null,
    payee: { type: 'committee', code: w?.code as string },
  });
  return { ...decided(ctx, r as EngineRecord), detail: claim };
};

const grantUphold: Effect = async (e) => {
  await e.tx
    .update(t.committees)
    .set({ reviewApproved: false })
    .where(eq(t.committees.id, e.row.committeeId as number));
  return voidDecision(e);
};

// ── F: the facility subsidy (2.1, 3.1; docs/policy.md, programme F) ──
/** The invoices of an application: their numbers are used once, in the whole city (a database rule). */
const facilitySubmit: Effect = async ({ tx, row, today }) => {
  await checkComplete(tx, row.type, row.id, form(row));
  checkFacilityForm(form(row), today);
  const invoices = (form(row).invoices as { invoiceNo: string; amount: string; issuedOn?: string }[] | undefined) ?? [];
  await tx.delete(t.facilityInvoices).where(eq(t.facilityInvoices.caseId, row.id));
  for (const i of invoices)
    await tx
      .insert(t.facilityInvoices)
      .values({
        caseId: row.id,
        invoiceNo: i.invoiceNo.trim(),
        amount: i.amount,
        issuedOn: i.issuedOn ?? null,
        overrideReason: row.overrideReason,
      })
      .catch(duplicateRefusal);
  return {};
};

/**
 * The bureau's approval with the live quota check (docs/policy.md, programme F): the application is calculated in its
 * place among those approved before it; decisions on F are made one at a time (a lock), so two
 * approvals can never both take the last of a quota.
 */
const facilityApprove: Effect = async (e) => {
  const { tx, ctx, row, today } = e;
  await tx.execute(sql`select pg_advisory_xact_lock(7304, 1)`);
  const f = form(row);
  const [compound] = await tx.select().from(t.compounds).where(eq(t.compounds.id, row.compoundId));
  const submitted = (row.submittedAt ? new Date(row.submittedAt.getTime() + 8 * 3_600_000) : new Date()).toISOString().slice(0, 10);
  const candidate = await facilityCandidate(tx, row.caseNo, compound as { id: number; code: string }, f, submitted);
  const existing = row.facilityApplicationId;
  const r = await engineRecord(
    tx,
    today,
    existing ? { program: 'F', subject: row.caseNo } : { program: 'F', subject: row.caseNo, candidate },
  );
  if (!approvable(r)) throw notApprovable(r, { zh: '设施改造补贴', en: 'the facility subsidy' });
  const claim = await reserveFor(e, r as EngineRecord, {
    programme: 'F',
    subject: row.caseNo,
    period: null,
    submitted,
    payee: { type: 'community', code: await communityCodeOf(tx, row.communityId) },
  });
  if (existing) return { ...decided(ctx, r as EngineRecord), detail: claim };
  const [project] = await tx
    .insert(t.facilityProjects)
    .values({
      code: row.caseNo,
      compoundId: row.compoundId,
      category: f.category as string,
      description: (f.description as string | undefined) ?? null,
      acceptedOn: (f.acceptedOn as string | undefined) ?? null,
      investment: f.investment as string,
      fundingResidents: (f.fundingResidents as string | undefined) ?? null,
      fundingCompany: (f.fundingCompany as string | undefined) ?? null,
      fundingCommunity: (f.fundingCommunity as string | undefined) ?? null,
      fundingOther: (f.fundingOther as string | undefined) ?? null,
    })
    .returning();
  const [application] = await tx
    .insert(t.facilityApplications)
    .values({
      code: row.caseNo,
      projectId: project?.id as number,
      submittedOn: submitted,
      collectionRate: candidate.collectionRate,
      feeRatio: candidate.feeRatio,
    })
    .returning();
  const d = decided(ctx, r as EngineRecord);
  return { set: { ...d.set, facilityApplicationId: application?.id as number }, detail: claim };
};

// ── T: rectification (3.2, docs/policy.md T.7) ──
/** The outcome as the authority recorded it; failed or refused expels the company, the decision date its last day. */
const rectificationOutcome =
  (outcome: 'rectified' | 'failed' | 'refused'): Effect =>
  async ({ tx, ctx, row, today }) => {
    await tx
      .update(t.rectifications)
      .set({ outcome, decidedOn: today })
      .where(and(eq(t.rectifications.engagementId, row.engagementId as number), eq(t.rectifications.year, row.year as number)));
    if (outcome !== 'rectified') {
      await tx
        .update(t.engagements)
        .set({ endDate: today })
        .where(eq(t.engagements.id, row.engagementId as number));
      const [takeover] = await tx
        .select()
        .from(t.cases)
        .where(and(eq(t.cases.type, 'takeover'), eq(t.cases.engagementId, row.engagementId as number), eq(t.cases.state, 'active')));
      if (takeover) {
        const { recordMove } = await import('./store.ts');
        await recordMove(tx, ctx, takeover, {
          action: 'expel',
          to: 'expelled',
          comment: `整改结论：${outcome === 'failed' ? '整改不合格' : '拒不整改'}（${row.caseNo}）`,
        });
      }
    }
    return { detail: { outcome, decidedOn: today } };
  };

/** Effects by kind of case and action. */
export const EFFECTS: Partial<Record<CaseType, Record<string, Effect>>> = {
  takeover: {
    submit: takeoverSubmit,
    approve: takeoverApprove,
    end: takeoverEnd,
    expel: takeoverEnd,
  },
  claim: {
    submit: claimSubmit,
    verify: claimVerify,
    score: claimScore,
    assess: claimAssess,
    publish: claimPublish,
    reject: rejectCase,
    uphold: voidDecision,
    close: closeNotice,
  },
  grant: {
    review: grantReview,
    approve: grantApprove,
    publish: needsNotice,
    reject: rejectCase,
    uphold: grantUphold,
    close: closeNotice,
  },
  facility: {
    submit: facilitySubmit,
    approve: facilityApprove,
    publish: needsNotice,
    reject: rejectCase,
    uphold: voidDecision,
    close: closeNotice,
  },
  rectification: {
    rectified: rectificationOutcome('rectified'),
    failed: rectificationOutcome('failed'),
    refused: rectificationOutcome('refused'),
  },
};
