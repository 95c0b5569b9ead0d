/**
 * docs/policy.md T.1, T.2, T.9: is the engagement eligible as a whole, and over which days does the
 * reward accrue? start = max(entry, contract, commitment) (D-2);
 * last = min(end date, expulsion date, T.rewardUntil), all inclusive.
 */
import { type Day, formatDay, mustParseDay } from '../../dates/date.ts';
import { WORDS } from '../../explain/messages.ts';
import { lazy, type Reason, type TraceStep } from '../../explain/types.ts';
import { dayParam } from '../../params/lookup.ts';
import type { Policy } from '../../params/types.ts';
import type { CompoundInput, EngagementInput } from '../../scenario/schema.ts';

type Step = () => TraceStep;

export type Window =
  | { eligible: false; reasons: Reason[]; steps: Step[] }
  | { eligible: true; start: Day; last: Day; expelled: Reason | null; expulsionDay: Day | null; steps: Step[] };

/** docs/policy.md T.7: a `failed` or `refused` rectification expels the company; its decision date is the last day served. */
function expulsion(e: EngagementInput): { day: Day; reason: Reason } | null {
  let found: { day: Day; reason: Reason } | null = null;
  for (const r of e.rectifications ?? []) {
    if (r.outcome === 'rectified') continue;
    const day = mustParseDay(r.decidedOn);
    if (found && found.day <= day) continue;
    const outcome = r.outcome === 'failed' ? WORDS['failed-outcome'] : WORDS.refused;
    found = { day, reason: { code: 'T_EXPELLED', args: { year: r.year, outcome, decidedOn: r.decidedOn } } };
  }
  return found;
}

function windowFacts(e: EngagementInput, c: CompoundInput) {
  return {
    onRoster2023: c.onRoster2023,
    entryDate: e.entryDate,
    contractSigned: e.contractSigned ?? null,
    commitmentSigned: e.commitmentSigned ?? null,
    endDate: e.endDate ?? null,
  };
}

export function accrualWindow(policy: Policy, e: EngagementInput, c: CompoundInput, explain: boolean): Window {
  const entry = mustParseDay(e.entryDate);
  const entryFrom = dayParam(policy, 'T.entryFrom', entry);
  const reasons: Reason[] = [];
  if (!c.onRoster2023) reasons.push({ code: 'T_NOT_ON_ROSTER', args: { compound: c.id } });
  if (entry < entryFrom.value)
    reasons.push({ code: 'T_ENTRY_TOO_EARLY', args: { entryDate: e.entryDate, entryFrom: entryFrom.use.value as string } });
  if (!e.contractSigned) reasons.push({ code: 'T_CONTRACT_MISSING', args: {} });
  if (!e.commitmentSigned) reasons.push({ code: 'T_COMMITMENT_MISSING', args: {} });
  if (reasons.length > 0) {
    const steps = explain
      ? reasons.map((r) => (): TraceStep => ({ rule: 'T.eligibility', ...r, facts: windowFacts(e, c), params: [entryFrom.use] }))
      : [];
    return { eligible: false, reasons, steps };
  }
  const start = Math.max(entry, mustParseDay(e.contractSigned as string), mustParseDay(e.commitmentSigned as string));
  const rewardUntil = dayParam(policy, 'T.rewardUntil', start);
  const out = expulsion(e);
  let last = rewardUntil.value;
  if (e.endDate) last = Math.min(last, mustParseDay(e.endDate));
  if (out) last = Math.min(last, out.day);
  const args = lazy(() => ({ entryDate: e.entryDate, start: formatDay(start), last: formatDay(last) }));
  const steps: Step[] = [];
  if (explain) {
    steps.push(() => ({
      rule: 'T.accrualWindow',
      code: start > last ? 'T_NO_DAY_SERVED' : 'T_ELIGIBLE',
      args: args(),
      facts: { ...windowFacts(e, c), expulsion: out ? formatDay(out.day) : null },
      params: [entryFrom.use, rewardUntil.use],
      values: { start: formatDay(start), last: formatDay(last) },
    }));
    if (out) steps.push(() => ({ rule: 'T.annualResult', ...out.reason }));
  }
  if (start > last) return { eligible: false, reasons: [{ code: 'T_NO_DAY_SERVED', args }], steps };
  return { eligible: true, start, last, expelled: out?.reason ?? null, expulsionDay: out?.day ?? null, steps };
}
