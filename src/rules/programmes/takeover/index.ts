/**
 * Programme T — the takeover reward to companies (RULES T.1–T.10; clauses 2.2.1, 2.2.2, 3.2).
 * One line per half-year served inside the accrual window, or one ineligible line for the whole
 * engagement.
 */
import { type Day, formatDay } from '../../dates/date.ts';
import { formatPeriod, periodIndexOfDay, periodInfo, periodOfDay } from '../../dates/period.ts';
import { fen, formatMoney, type Money, roundHalfUpFen, ZERO_MONEY } from '../../exact/money.ts';
import { mul, parseDecimal, rational } from '../../exact/rational.ts';
import { meanBelow, mulDivRoundHalfUp, parseScaled, pow10, type Scaled, toHundredths } from '../../exact/scaled.ts';
import { showEquals, showValue } from '../../exact/show.ts';
import { argsOf, lazy, type Reason, Trace } from '../../explain/types.ts';
import type { EvalContext, TLine } from '../../lines.ts';
import { scaledParam } from '../../params/lookup.ts';
import type { ParamUse } from '../../params/types.ts';
import type { CompoundInput, EngagementInput, PeriodFactsInput } from '../../scenario/schema.ts';
import { type AnnualResult, annualStep, failedYears } from './annual.ts';
import { formatMonths, formulaOf, MONTH_UNITS, monthsRational, servedMonths } from './months.ts';
import { decideTier, tierStep } from './tier.ts';
import { accrualWindow } from './window.ts';

/** A period line before its status: what T.3–T.5 decide from the period alone. */
interface Draft {
  line: TLine;
  year: number;
  period: string;
  end: Day;
  from: Day;
  facts: PeriodFactsInput | undefined;
  /** the half-year score, null when not recorded (RULES T.7 reads it) */
  score: number | null;
  trace: Trace;
}

/** T.5: round_half_up_fen(rate × area × months), months = units / MONTH_UNITS — exact, one rounding. */
export function periodAmount(rate: Scaled, area: string, units: number): Money {
  const a = parseScaled(area);
  if (a) {
    const k = rate.scale + a.scale - 2; // amount in fen = rate.units × a.units × units / (10^k × MONTH_UNITS)
    if (k >= 0 && k <= 15) return fen(mulDivRoundHalfUp(rate.units, a.units, units, pow10(k) * MONTH_UNITS));
    if (k < 0) return fen(mulDivRoundHalfUp(rate.units * pow10(-k), a.units, units, MONTH_UNITS));
  }
  const exact = mul(mul(rational(BigInt(rate.units), 10n ** BigInt(rate.scale)), parseDecimal(area)), monthsRational(units));
  return roundHalfUpFen(exact);
}

function findFacts(e: EngagementInput, period: string): PeriodFactsInput | undefined {
  const list = e.periods;
  if (!list) return undefined;
  for (const f of list) if (f.period === period) return f;
  return undefined;
}

function draftPeriod(ctx: EvalContext, e: EngagementInput, c: CompoundInput, idx: number, start: Day, last: Day, base: Trace): Draft {
  const p = periodInfo(idx);
  const period = p.text;
  const from = Math.max(start, p.start);
  const to = Math.min(last, p.end);
  const served = servedMonths(from, to);
  const trace = Trace.of(ctx.explain, base);
  trace.add(() => ({
    rule: 'T.months',
    code: 'T_MONTHS',
    args: { period, from: formatDay(from), to: formatDay(to), months: formatMonths(served.units), formula: formulaOf(served) },
    values: { months: showValue(monthsRational(served.units)), formula: formulaOf(served) },
  }));
  const facts = findFacts(e, period);
  const line: TLine = {
    program: 'T',
    subject: e.id,
    period,
    status: 'pending',
    tier: null,
    months: formatMonths(served.units),
    rate: null,
    amount: ZERO_MONEY,
    reasons: [],
  };
  const draft: Draft = { line, year: p.year, period, end: p.end, from, facts, score: facts?.assessmentScore ?? null, trace };
  if (!facts) {
    // T.8.1: no facts recorded → pending, no tier, 0.00, naming what is missing.
    const missing = `periods[${period}]`;
    line.missing = [missing];
    line.reasons.push({ code: 'T_NO_FACTS', args: { period, missing } });
    return draft;
  }
  const tier = decideTier(ctx.policy, from, period, c.kind, facts);
  trace.add(() => tierStep(tier));
  if (!tier.tier || !tier.rate) {
    // T.8.2: no tier → ineligible for this period, 0.00.
    line.status = 'ineligible';
    line.reasons.push({ code: 'T_NO_TIER', args: { period } });
    return draft;
  }
  const rate = tier.rate;
  line.tier = tier.tier;
  line.rate = rate.use.value as string;
  if (tier.reason) line.reasons.push(tier.reason);
  line.amount = periodAmount(rate.value, c.area, served.units);
  trace.add(() => {
    const exact = mul(mul(parseDecimal(line.rate as string), parseDecimal(c.area)), monthsRational(served.units));
    return {
      rule: 'T.amount',
      code: 'T_AMOUNT',
      args: {
        rate: line.rate as string,
        area: c.area,
        months: `(${formulaOf(served)})`,
        exact: showEquals(exact),
        amount: formatMoney(line.amount),
      },
      facts: { area: c.area },
      params: [rate.use],
      values: { exact: showValue(exact), amount: formatMoney(line.amount) },
    };
  });
  return draft;
}

interface Gate {
  status: TLine['status'];
  reason: Reason;
  missing?: string;
  before?: AnnualResult;
  params?: ParamUse[];
}

/** T.8 steps 3–7, for a period that has facts and a tier: the first that applies. */
function assessmentGate(ctx: EvalContext, d: Draft, failed: readonly AnnualResult[], recorded: ReadonlySet<number>): Gate {
  const period = d.line.period as string;
  if (ctx.asOf <= d.end)
    return {
      status: 'pending',
      reason: { code: 'T_PERIOD_NOT_ENDED', args: lazy(() => ({ period, periodEnd: formatDay(d.end), asOf: formatDay(ctx.asOf) })) },
    };
  for (const result of failed) {
    if (result.year >= d.year || recorded.has(result.year)) continue;
    const missing = `rectifications[${result.year}]`;
    return {
      status: 'pending',
      reason: {
        code: 'T_RECTIFICATION_OUTSTANDING',
        args: lazy(() => {
          const { annualScore, passScore } = argsOf(annualStep(result));
          return { year: result.year, annualScore: annualScore ?? '', passScore: passScore ?? '', missing };
        }),
      },
      missing,
      before: result,
    };
  }
  const score = d.facts?.assessmentScore;
  if (score === null || score === undefined) {
    const missing = `periods[${period}].assessmentScore`;
    return { status: 'pending', reason: { code: 'T_NOT_ASSESSED', args: { period, missing } }, missing };
  }
  const pass = scaledParam(ctx.policy, 'T.passScore', d.from);
  const passScore = pass.use.value as string;
  return meanBelow(toHundredths(score), 1, pass.value)
    ? { status: 'withheld', reason: { code: 'T_WITHHELD', args: { score, passScore } }, params: [pass.use] }
    : { status: 'payable', reason: { code: 'T_PAYABLE', args: { period, score, passScore } }, params: [pass.use] };
}

function settleStatus(ctx: EvalContext, d: Draft, failed: readonly AnnualResult[], recorded: ReadonlySet<number>): void {
  const g = assessmentGate(ctx, d, failed, recorded);
  d.line.status = g.status;
  d.line.reasons.push(g.reason);
  if (g.missing) d.line.missing = [g.missing];
  const before = g.before;
  if (before) d.trace.add(() => annualStep(before));
  d.trace.add(() => ({
    rule: 'T.assessmentGate',
    ...g.reason,
    facts: { assessmentScore: d.facts?.assessmentScore ?? null },
    params: g.params ?? [],
  }));
}

const NO_RECORDS: ReadonlySet<number> = new Set();

export function takeoverLines(ctx: EvalContext, e: EngagementInput, c: CompoundInput): TLine[] {
  const window = accrualWindow(ctx.policy, e, c, ctx.explain);
  const base = Trace.of(ctx.explain);
  for (const s of window.steps) base.add(s);
  if (!window.eligible) {
    // T.9: a single ineligible line for the whole engagement, with no period.
    const line: TLine = { program: 'T', subject: e.id, status: 'ineligible', tier: null, amount: ZERO_MONEY, reasons: window.reasons };
    if (base.steps) line.trace = base.steps;
    return [line];
  }
  const drafts: Draft[] = [];
  // T.10: periods after T.rewardUntil produce no line (`last` never passes it).
  const lastIndex = periodIndexOfDay(window.last);
  for (let i = periodIndexOfDay(window.start); i <= lastIndex; i++) drafts.push(draftPeriod(ctx, e, c, i, window.start, window.last, base));
  const failed = failedYears(ctx.policy, drafts);
  const recorded = e.rectifications?.length ? new Set(e.rectifications.map((r) => r.year)) : NO_RECORDS;
  const expelledIn = window.expulsionDay === null ? null : formatPeriod(periodOfDay(window.expulsionDay));
  const lines: TLine[] = [];
  for (const d of drafts) {
    if (d.facts && d.line.tier !== null) settleStatus(ctx, d, failed, recorded);
    if (window.expelled && d.line.period === expelledIn) d.line.reasons.push(window.expelled);
    if (d.trace.steps) d.line.trace = d.trace.steps;
    lines.push(d.line);
  }
  return lines;
}
