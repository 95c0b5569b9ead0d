/**
 * Programme W — the one-time grant to owners' committees (docs/policy.md W.1–W.6; clauses 2.3.1, 2.3.2, 3.3).
 */
import { addMonthsClamped, formatDay, mustParseDay } from '../../dates/date.ts';
import { roundHalfUpFen, ZERO_MONEY } from '../../exact/money.ts';
import { MISSING, missingArg } from '../../explain/missing.ts';
import { type Reason, Trace } from '../../explain/types.ts';
import type { EvalContext, WLine } from '../../lines.ts';
import { dateParam, decimalParam, integerParam, optionalDateParam } from '../../params/lookup.ts';
import type { ParamUse } from '../../params/types.ts';
import type { CommitteeInput, CompoundInput } from '../../scenario/schema.ts';

/** W.1 (D-9, D-12): established from W.establishedFrom (and up to W.applyUntil when set), in a roster compound. */
function eligibilityProblems(ctx: EvalContext, w: CommitteeInput, c: CompoundInput, trace: Trace): Reason[] {
  const established = mustParseDay(w.established);
  const from = dateParam(ctx.policy, 'W.establishedFrom', established);
  const until = optionalDateParam(ctx.policy, 'W.applyUntil', established);
  const out: Reason[] = [];
  if (!c.onRoster2023) out.push({ code: 'W_NOT_ON_ROSTER', args: { compound: c.id } });
  if (established < mustParseDay(from.value))
    out.push({ code: 'W_ESTABLISHED_TOO_EARLY', args: { established: w.established, establishedFrom: from.value } });
  if (until.value !== null && established > mustParseDay(until.value))
    out.push({ code: 'W_ESTABLISHED_TOO_LATE', args: { established: w.established, applyUntil: until.value } });
  for (const r of out)
    trace.add({
      rule: 'W.eligibility',
      ...r,
      facts: { onRoster2023: c.onRoster2023, established: w.established },
      params: [from.use, until.use],
    });
  return out;
}

/** W.4 (D-11): per compound, the earliest established eligible committee (then smallest id as text). */
function claimants(eligible: readonly CommitteeInput[]): Map<string, CommitteeInput> {
  const out = new Map<string, CommitteeInput>();
  for (const w of eligible) {
    const cur = out.get(w.compoundId);
    if (!cur || w.established < cur.established || (w.established === cur.established && w.id < cur.id)) out.set(w.compoundId, w);
  }
  return out;
}

export function committeeLines(
  ctx: EvalContext,
  committees: readonly CommitteeInput[],
  compounds: ReadonlyMap<string, CompoundInput>,
): WLine[] {
  const traces = new Map<string, Trace>();
  const problems = new Map<string, Reason[]>();
  for (const w of committees) {
    const trace = Trace.of(ctx.explain);
    traces.set(w.id, trace);
    problems.set(w.id, eligibilityProblems(ctx, w, compounds.get(w.compoundId) as CompoundInput, trace));
  }
  const claimantOf = claimants(committees.filter((w) => problems.get(w.id)?.length === 0));
  return committees.map((w) => {
    const trace = traces.get(w.id) as Trace;
    const c = compounds.get(w.compoundId) as CompoundInput;
    const line: WLine = { program: 'W', subject: w.id, status: 'ineligible', amount: ZERO_MONEY, reasons: problems.get(w.id) ?? [] };
    const claimant = claimantOf.get(w.compoundId);
    if (line.reasons.length === 0 && claimant && claimant.id !== w.id) {
      const r: Reason = { code: 'W_NOT_FIRST', args: { compound: c.id, claimant: claimant.id, claimantEstablished: claimant.established } };
      line.reasons.push(r);
      trace.add({ rule: 'W.oncePerCompound', ...r, facts: { established: w.established } });
    }
    if (line.reasons.length > 0) {
      if (trace.steps) line.trace = trace.steps;
      return line;
    }
    // W.2 (D-10): households ≤ threshold → the small grant, > threshold → the large one.
    const at = mustParseDay(w.established);
    const threshold = integerParam(ctx.policy, 'W.householdThreshold', at);
    const small = c.households <= threshold.value;
    const amount = decimalParam(ctx.policy, small ? 'W.amount.small' : 'W.amount.large', at);
    line.amount = roundHalfUpFen(amount.value);
    const amountReason: Reason = {
      code: small ? 'W_AMOUNT_SMALL' : 'W_AMOUNT_LARGE',
      args: { households: c.households, threshold: threshold.value, amount: amount.use.value as string },
    };
    line.reasons.push(amountReason);
    trace.add({ rule: 'W.amount', ...amountReason, facts: { households: c.households }, params: [threshold.use, amount.use] });
    line.status = 'pending';
    const facts = {
      serviceContractSigned: w.serviceContractSigned ?? null,
      operatingNormally: w.operatingNormally,
      reviewApproved: w.reviewApproved,
    };
    const status = (r: Reason, missing: string | null, params: ParamUse[] = []) => {
      line.reasons.push(r);
      if (missing) line.missing = [missing];
      trace.add({ rule: 'W.payableFrom', ...r, facts, params });
    };
    // W.3: payable from the contract date + W.waitMonths (clamped to month end), once it ran normally and was reviewed.
    if (!w.serviceContractSigned)
      status({ code: 'W_NO_CONTRACT', args: { missing: missingArg(MISSING.serviceContractSigned) } }, MISSING.serviceContractSigned);
    else {
      const wait = integerParam(ctx.policy, 'W.waitMonths', mustParseDay(w.serviceContractSigned));
      const payableFrom = addMonthsClamped(mustParseDay(w.serviceContractSigned), wait.value);
      line.payableFrom = formatDay(payableFrom);
      const args = { signed: w.serviceContractSigned, months: wait.value, payableFrom: line.payableFrom, asOf: formatDay(ctx.asOf) };
      const params = [wait.use];
      if (ctx.asOf < payableFrom) status({ code: 'W_WAITING', args }, null, params);
      else if (!w.operatingNormally) status({ code: 'W_NOT_OPERATING', args: {} }, MISSING.operatingNormally, params);
      else if (!w.reviewApproved) status({ code: 'W_NOT_REVIEWED', args: {} }, MISSING.reviewApproved, params);
      else {
        line.status = 'payable';
        status({ code: 'W_PAYABLE', args }, null, params);
      }
    }
    if (trace.steps) line.trace = trace.steps;
    return line;
  });
}
