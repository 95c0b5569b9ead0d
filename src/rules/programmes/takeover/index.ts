/**
 * Programme T — the takeover reward to companies (RULES T.1–T.10; clauses 2.2.1, 2.2.2, 3.2).
 * One line per half-year served inside the accrual window, or one ineligible line for the whole
 * engagement.
 */
import { type Day, formatDay } from '../../dates/date.ts';
import { formatPeriod, periodEnd, periodFromIndex, periodIndex, periodOfDay, periodStart } from '../../dates/period.ts';
import { formatMoney, roundHalfUpFen, ZERO_MONEY } from '../../exact/money.ts';
import { cmp, fromNumber, mul, parseDecimal } from '../../exact/rational.ts';
import { showEquals, showValue } from '../../exact/show.ts';
import { type Reason, Trace, type TraceStep } from '../../explain/types.ts';
import type { EvalContext, TLine } from '../../lines.ts';
import { decimalParam } from '../../params/lookup.ts';
import type { ParamUse } from '../../params/types.ts';
import type { CompoundInput, EngagementInput, PeriodFactsInput } from '../../scenario/schema.ts';
import { type AnnualResult, annualResults } from './annual.ts';
import { formatMonths, monthsRational, servedMonths } from './months.ts';
import { decideTier } from './tier.ts';
import { accrualWindow } from './window.ts';

/** A period line before its status: what T.3–T.5 decide from the period alone. */
interface Draft {
  line: TLine;
  year: number;
  end: Day;
  from: Day;
  facts: PeriodFactsInput | undefined;
  trace: Trace;
}

function draftPeriod(ctx: EvalContext, e: EngagementInput, c: CompoundInput, idx: number, start: Day, last: Day, base: Trace): Draft {
  const p = periodFromIndex(idx);
  const period = formatPeriod(p);
  const from = Math.max(start, periodStart(p));
  const to = Math.min(last, periodEnd(p));
  const served = servedMonths(from, to);
  const months = formatMonths(served.units);
  const trace = new Trace(ctx.explain, base);
  trace.add({
    rule: 'T.months',
    code: 'T_MONTHS',
    args: { period, from: formatDay(from), to: formatDay(to), months, formula: served.formula },
    values: { months: showValue(monthsRational(served.units)), formula: served.formula },
  });
  const facts = (e.periods ?? []).find((f) => f.period === period);
  const line: TLine = {
    program: 'T',
    subject: e.id,
    period,
    status: 'pending',
    tier: null,
    months,
    rate: null,
    amount: ZERO_MONEY,
    reasons: [],
  };
  const draft: Draft = { line, year: p.year, end: periodEnd(p), from, facts, trace };
  if (!facts) {
    // T.8.1: no facts recorded → pending, no tier, 0.00, naming what is missing.
    line.missing = [`periods[${period}]`];
    line.reasons.push({ code: 'T_NO_FACTS', args: { period, missing: line.missing[0] as string } });
    return draft;
  }
  const tier = decideTier(ctx.policy, from, period, c.kind, facts);
  trace.add(tier.step);
  if (!tier.tier || !tier.rate) {
    // T.8.2: no tier → ineligible for this period, 0.00.
    line.status = 'ineligible';
    line.reasons.push({ code: 'T_NO_TIER', args: { period } });
    return draft;
  }
  line.tier = tier.tier;
  line.rate = tier.rate.use.value as string;
  if (tier.reason) line.reasons.push(tier.reason);
  // T.5: rate × area × Σ servedDays/daysInMonth, exact, one rounding per period line.
  const area = parseDecimal(c.area);
  const exact = mul(mul(tier.rate.value, area), monthsRational(served.units));
  line.amount = roundHalfUpFen(exact);
  trace.add({
    rule: 'T.amount',
    code: 'T_AMOUNT',
    args: { rate: line.rate, area: c.area, months: `(${served.formula})`, exact: showEquals(exact), amount: formatMoney(line.amount) },
    facts: { area: c.area },
    params: [tier.rate.use],
    values: { exact: showValue(exact), amount: formatMoney(line.amount) },
  });
  return draft;
}

interface Gate {
  status: TLine['status'];
  reason: Reason;
  missing?: string;
  before?: TraceStep;
  params?: ParamUse[];
}

/** T.8 steps 3–7, for a period that has facts and a tier: the first that applies. */
function assessmentGate(ctx: EvalContext, d: Draft, annual: Map<number, AnnualResult>, recorded: Set<number>): Gate {
  const period = d.line.period as string;
  if (ctx.asOf <= d.end)
    return {
      status: 'pending',
      reason: { code: 'T_PERIOD_NOT_ENDED', args: { period, periodEnd: formatDay(d.end), asOf: formatDay(ctx.asOf) } },
    };
  for (const [year, result] of [...annual].sort(([a], [b]) => a - b)) {
    if (year >= d.year || !result.failed || recorded.has(year)) continue;
    const missing = `rectifications[${year}]`;
    const { annualScore, passScore } = result.step.args;
    return {
      status: 'pending',
      reason: { code: 'T_RECTIFICATION_OUTSTANDING', args: { year, annualScore: annualScore ?? '', passScore: passScore ?? '', missing } },
      missing,
      before: result.step,
    };
  }
  const score = d.facts?.assessmentScore;
  if (score === null || score === undefined) {
    const missing = `periods[${period}].assessmentScore`;
    return { status: 'pending', reason: { code: 'T_NOT_ASSESSED', args: { period, missing } }, missing };
  }
  const pass = decimalParam(ctx.policy, 'T.passScore', d.from);
  const passScore = pass.use.value as string;
  return cmp(fromNumber(score), pass.value) < 0
    ? { status: 'withheld', reason: { code: 'T_WITHHELD', args: { score, passScore } }, params: [pass.use] }
    : { status: 'payable', reason: { code: 'T_PAYABLE', args: { period, score, passScore } }, params: [pass.use] };
}

function settleStatus(ctx: EvalContext, d: Draft, annual: Map<number, AnnualResult>, recorded: Set<number>): void {
  const g = assessmentGate(ctx, d, annual, recorded);
  d.line.status = g.status;
  d.line.reasons.push(g.reason);
  if (g.missing) d.line.missing = [g.missing];
  if (g.before) d.trace.add(g.before);
  d.trace.add({
    rule: 'T.assessmentGate',
    ...g.reason,
    facts: { assessmentScore: d.facts?.assessmentScore ?? null },
    params: g.params ?? [],
  });
}

export function takeoverLines(ctx: EvalContext, e: EngagementInput, c: CompoundInput): TLine[] {
  const window = accrualWindow(ctx.policy, e, c);
  const base = new Trace(ctx.explain);
  for (const s of window.steps) base.add(s);
  if (!window.eligible) {
    // T.9: a single ineligible line for the whole engagement, with no period.
    const line: TLine = { program: 'T', subject: e.id, status: 'ineligible', tier: null, amount: ZERO_MONEY, reasons: window.reasons };
    if (base.steps) line.trace = base.steps;
    return [line];
  }
  const drafts: Draft[] = [];
  // T.10: periods after T.rewardUntil produce no line (`last` never passes it).
  for (let i = periodIndex(periodOfDay(window.start)); i <= periodIndex(periodOfDay(window.last)); i++)
    drafts.push(draftPeriod(ctx, e, c, i, window.start, window.last, base));
  const annual = annualResults(
    ctx.policy,
    drafts.map((d) => ({ year: d.year, period: d.line.period as string, score: d.facts?.assessmentScore ?? null })),
  );
  const recorded = new Set((e.rectifications ?? []).map((r) => r.year));
  const expelledIn = window.expulsionDay === null ? null : formatPeriod(periodOfDay(window.expulsionDay));
  for (const d of drafts) {
    if (d.facts && d.line.tier !== null) settleStatus(ctx, d, annual, recorded);
    if (window.expelled && d.line.period === expelledIn) d.line.reasons.push(window.expelled);
    if (d.trace.steps) d.line.trace = d.trace.steps;
  }
  return drafts.map((d) => d.line);
}
