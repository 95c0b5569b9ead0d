/**
 * Programme T — the takeover reward to companies (docs/policy.md T.1–T.10; clauses 2.2.1, 2.2.2, 3.2).
 * One line per half-year served inside the accrual window, or one ineligible line for the whole
 * engagement. The explanation of a line is built only when asked (`ctx.explain`).
 */
import { type Day, formatDay } from '../../dates/date.ts';
import { formatPeriod, type PeriodInfo, periodIndexOfDay, periodInfo, periodOfDay } from '../../dates/period.ts';
import { fen, formatMoney, type Money, roundHalfUpFen, ZERO_MONEY } from '../../exact/money.ts';
import { mul, parseDecimal, rational } from '../../exact/rational.ts';
import { meanBelow, mulDivRoundHalfUp, parseScaled, pow10, type Scaled, toHundredths } from '../../exact/scaled.ts';
import { showEquals, showValue } from '../../exact/show.ts';
import type { TraceStep } from '../../explain/types.ts';
import type { EvalContext, TLine } from '../../lines.ts';
import type { CompoundInput, EngagementInput, PeriodFactsInput } from '../../scenario/schema.ts';
import { type AnnualResult, annualStep, failedYears } from './annual.ts';
import { gateReason, PeriodLine } from './line.ts';
import { formatMonths, MONTH_UNITS, monthsFormula, monthsRational, servedUnits } from './months.ts';
import { takeoverParams } from './params.ts';
import { decideTier, marketPriceReason, type TierResult, tierStep } from './tier.ts';
import { accrualWindow } from './window.ts';

/** A whole half-year is six whole months. */
const WHOLE_PERIOD_UNITS = 6 * MONTH_UNITS;

/** T.5: round_half_up_fen(rate × area × months), months = units / MONTH_UNITS — exact, one rounding. */
export function periodAmount(rate: Scaled, area: Scaled | null, areaText: string, units: number): Money {
  if (area) {
    const k = rate.scale + area.scale - 2; // fen = rate.units × area.units × units / (10^k × MONTH_UNITS)
    if (k >= 0 && k <= 15) return fen(mulDivRoundHalfUp(rate.units, area.units, units, pow10(k) * MONTH_UNITS));
    if (k < 0) return fen(mulDivRoundHalfUp(rate.units * pow10(-k), area.units, units, MONTH_UNITS));
  }
  return roundHalfUpFen(mul(mul(rational(BigInt(rate.units), 10n ** BigInt(rate.scale)), parseDecimal(areaText)), monthsRational(units)));
}

function findFacts(e: EngagementInput, period: string): PeriodFactsInput | undefined {
  const list = e.periods;
  if (list) for (const f of list) if (f.period === period) return f;
  return undefined;
}

function amountStep(line: TLine, c: CompoundInput, from: Day, to: Day, rateUse: TraceStep['params']): TraceStep {
  const exact = mul(mul(parseDecimal(line.rate as string), parseDecimal(c.area)), monthsRational(servedUnits(from, to)));
  return {
    rule: 'T.amount',
    code: 'T_AMOUNT',
    args: {
      rate: line.rate as string,
      area: c.area,
      months: `(${monthsFormula(from, to)})`,
      exact: showEquals(exact),
      amount: formatMoney(line.amount),
    },
    facts: { area: c.area },
    params: rateUse ?? [],
    values: { exact: showValue(exact), amount: formatMoney(line.amount) },
  };
}

/** T.3–T.5 and T.8 steps 1–2: months, tier and amount of one period, from its facts alone. */
function periodLine(
  ctx: EvalContext,
  e: EngagementInput,
  c: CompoundInput,
  area: Scaled | null,
  p: PeriodInfo,
  from: Day,
  to: Day,
  base: TraceStep[] | null,
): PeriodLine {
  const facts = findFacts(e, p.text);
  const units = from === p.start && to === p.end ? WHOLE_PERIOD_UNITS : servedUnits(from, to);
  const line = new PeriodLine(e.id, p, formatMonths(units), ctx.asOf);
  const trace = base ? [...base] : null;
  line.trace = trace ?? undefined;
  trace?.push({
    rule: 'T.months',
    code: 'T_MONTHS',
    args: { period: p.text, from: formatDay(from), to: formatDay(to), months: line.months, formula: monthsFormula(from, to) },
    values: { months: showValue(monthsRational(units)), formula: monthsFormula(from, to) },
  });
  if (!facts) {
    // T.8.1: no facts recorded → pending, no tier, 0.00, naming what is missing.
    return line;
  }
  const tier = decideTier(takeoverParams(ctx.policy, from), p.text, c.kind, facts);
  line.decided = tier;
  trace?.push(tierStep(tier));
  const unknownPrice = trace && marketPriceReason(tier);
  if (unknownPrice) trace?.push({ rule: 'T.tier', ...unknownPrice, facts: { marketPrice: null } });
  if (!tier.tier || !tier.rate) {
    // T.8.2: no tier → ineligible for this period, 0.00.
    line.status = 'ineligible';
    line.gate = 'T_NO_TIER';
    return line;
  }
  line.tier = tier.tier;
  line.rate = tier.rate.use.value as string;
  line.amount = periodAmount(tier.rate.value, area, c.area, units);
  trace?.push(amountStep(line, c, from, to, [tier.rate.use]));
  return line;
}

/** T.8 steps 3–7 for a period with facts and a tier: the first that applies sets the status. */
function settleStatus(ctx: EvalContext, line: PeriodLine, failed: readonly AnnualResult[], recorded: ReadonlySet<number>): void {
  const p = line.info;
  const d = line.decided as TierResult;
  const facts = d.facts;
  if (ctx.asOf <= p.end) {
    line.gate = 'T_PERIOD_NOT_ENDED';
  } else {
    let blocking: AnnualResult | null = null;
    for (const r of failed) if (r.year < p.year && !recorded.has(r.year)) blocking ??= r;
    const score = facts.assessmentScore;
    if (blocking) {
      line.gate = 'T_RECTIFICATION_OUTSTANDING';
      line.blocking = blocking;
      line.trace?.push(annualStep(blocking));
    } else if (score === null || score === undefined) {
      line.gate = 'T_NOT_ASSESSED';
    } else {
      const below = meanBelow(toHundredths(score), 1, d.params.passScore.value);
      line.status = below ? 'withheld' : 'payable';
      line.gate = below ? 'T_WITHHELD' : 'T_PAYABLE';
    }
  }
  line.trace?.push({
    rule: 'T.assessmentGate',
    ...gateReason(line),
    facts: { assessmentScore: facts.assessmentScore ?? null },
    params: [d.params.passScore.use],
  });
}

const NO_RECORDS: ReadonlySet<number> = new Set();

/** One line per half-year of the accrual window (T.10: none after T.rewardUntil — `last` never passes it). */
function periodLines(
  ctx: EvalContext,
  e: EngagementInput,
  c: CompoundInput,
  window: Extract<ReturnType<typeof accrualWindow>, { eligible: true }>,
  base: TraceStep[] | null,
): PeriodLine[] {
  const area = parseScaled(c.area);
  const lines: PeriodLine[] = [];
  const lastIndex = periodIndexOfDay(window.last);
  for (let i = periodIndexOfDay(window.start); i <= lastIndex; i++) {
    const p = periodInfo(i);
    lines.push(periodLine(ctx, e, c, area, p, Math.max(window.start, p.start), Math.min(window.last, p.end), base));
  }
  return lines;
}

/**
 * T.7: the years whose annual result is known and failed and that have no rectification record yet —
 * the rectifications the authority has to order. The same reading as the lines' (`failedYears`).
 */
export function yearsToRectify(ctx: EvalContext, e: EngagementInput, c: CompoundInput): number[] {
  const window = accrualWindow(ctx.policy, e, c, false);
  if (!window.eligible) return [];
  const recorded = new Set((e.rectifications ?? []).map((r) => r.year));
  return failedYears(ctx.policy, periodLines(ctx, e, c, window, null))
    .map((r) => r.year)
    .filter((y) => !recorded.has(y));
}

export function takeoverLines(ctx: EvalContext, e: EngagementInput, c: CompoundInput): TLine[] {
  const window = accrualWindow(ctx.policy, e, c, ctx.explain);
  const base = ctx.explain ? window.steps.map((step) => step()) : null;
  if (!window.eligible) {
    // T.9: a single ineligible line for the whole engagement, with no period.
    const line: TLine = { program: 'T', subject: e.id, status: 'ineligible', tier: null, amount: ZERO_MONEY, reasons: window.reasons };
    if (base) line.trace = base;
    return [line];
  }
  const lines = periodLines(ctx, e, c, window, base);
  const failed = failedYears(ctx.policy, lines);
  const recorded = e.rectifications?.length ? new Set(e.rectifications.map((r) => r.year)) : NO_RECORDS;
  const expelledIn = window.expulsionDay === null ? null : formatPeriod(periodOfDay(window.expulsionDay));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as PeriodLine;
    if (line.tier !== null) settleStatus(ctx, line, failed, recorded);
    if (window.expelled && line.period === expelledIn) line.expelled = window.expelled;
  }
  return lines;
}
