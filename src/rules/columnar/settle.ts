/**
 * Programme T settled over columns (docs/policy.md T.1–T.10): per engagement-period a status, a
 * tier, the months (× MONTH_UNITS), the amount in integer fen and the step that decided it — the
 * same lines, in the same order, as the engine's `calculate`, written into typed arrays. No text,
 * no object per line: the explanation of a line is rebuilt on demand (explain.ts).
 *
 * Every amount is exact: scaled integers in plain numbers while every intermediate is a safe
 * integer, BigInt otherwise, one half-up rounding per line (T.5) — the engine's arithmetic.
 * An engagement whose values the columns keep only as text (`fallback`) is computed by the engine.
 */
import { type Day, dayFromCivil, mustParseDay } from '../dates/date.ts';
import { parsePeriod, periodFromIndex, periodIndex, periodIndexOfDay, periodInfo, periodStart } from '../dates/period.ts';
import { calculate } from '../engine.ts';
import { divRoundHalfUp } from '../exact/rational.ts';
import type { TLine } from '../lines.ts';
import type { Policy } from '../params/types.ts';
import { MONTH_UNITS, servedUnits } from '../programmes/takeover/months.ts';
import { DECISION, DECISION_NAMES, FLAG, STATUS } from './codes.ts';
import { FACT, NO_DAY, OUTCOME, type TakeoverColumns, UNKNOWN } from './columns.ts';
import { engagementScenario } from './explain.ts';
import { type TNumbers, TParamsByDay } from './params.ts';

// Imported names copied once into plain constants: under tsx every read of an imported binding is
// a getter call, too dear inside a loop over millions of lines.
const [PAYABLE, WITHHELD, PENDING, INELIGIBLE] = [STATUS.payable, STATUS.withheld, STATUS.pending, STATUS.ineligible];
const [D_NO_FACTS, D_NO_TIER, D_NOT_ENDED, D_RECTIFICATION, D_NOT_ASSESSED, D_WITHHELD, D_PAYABLE, D_INELIGIBLE] = [
  DECISION.T_NO_FACTS,
  DECISION.T_NO_TIER,
  DECISION.T_PERIOD_NOT_ENDED,
  DECISION.T_RECTIFICATION_OUTSTANDING,
  DECISION.T_NOT_ASSESSED,
  DECISION.T_WITHHELD,
  DECISION.T_PAYABLE,
  DECISION.INELIGIBLE,
];
const { T_NOT_ON_ROSTER: F_NOT_ON_ROSTER, T_ENTRY_TOO_EARLY: F_ENTRY_TOO_EARLY, T_CONTRACT_MISSING: F_CONTRACT_MISSING } = FLAG;
const { T_COMMITMENT_MISSING: F_COMMITMENT_MISSING, T_NO_DAY_SERVED: F_NO_DAY_SERVED, T_EXPELLED: F_EXPELLED } = FLAG;
const F_PRICE_UNKNOWN = FLAG.T_MARKET_PRICE_UNKNOWN;
/** tier 1 needs committee support and enhanced services; tier 2 basic or enhanced services */
const TIER1_SERVICES = FACT.committeeSupport | FACT.enhancedServices;
const TIER2_SERVICES = FACT.basicServices | FACT.enhancedServices;
const RECTIFIED = OUTCOME.rectified;
const NONE = NO_DAY;
const PRICE_UNKNOWN = UNKNOWN;
const served = servedUnits;

/** One line per engagement-period (or per ineligible engagement), `lines` of them. */
export interface TSettlement {
  asOf: Day;
  lines: number;
  /** the engagement (index into the columns) of each line */
  engagement: Int32Array;
  /** the half-year's period index (2024H1 → 4048), −1 for a whole-engagement line (T.9) */
  period: Int32Array;
  /** STATUS codes */
  status: Uint8Array;
  /** 1, 2, or 0 for none */
  tier: Uint8Array;
  /** months served × MONTH_UNITS (exact; formatMonths shows them), 0 on a whole-engagement line */
  monthUnits: Int32Array;
  /** integer fen, exact (always a safe integer) */
  amount: Float64Array;
  /** DECISION codes: the T.8 step that set the status, or INELIGIBLE (T.9) */
  decision: Uint8Array;
  /** FLAG bits: the other reasons */
  flags: Uint8Array;
}

const MAX = Number.MAX_SAFE_INTEGER;
const WHOLE_PERIOD_UNITS = 6 * MONTH_UNITS;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

// Half-year boundaries as day numbers, tabled for 1900–2199 (other years are computed).
const P0 = 1900 * 2;
const PN = 2200 * 2;
const P_START = new Int32Array(PN - P0 + 1);
for (let i = P0; i <= PN; i++) P_START[i - P0] = periodStart(periodFromIndex(i));
const pStart = (i: number): Day => (i >= P0 && i <= PN ? (P_START[i - P0] as number) : periodInfo(i).start);
const pEnd = (i: number): Day => (i >= P0 && i < PN ? (P_START[i + 1 - P0] as number) - 1 : periodInfo(i).end);
const FIRST_DAY = P_START[0] as number;
const LAST_DAY = P_START[PN - P0] as number;

/** The period index of a day (periodIndexOfDay without building dates inside the table). */
function periodOf(day: Day): number {
  if (day < FIRST_DAY || day >= LAST_DAY) return periodIndexOfDay(day);
  let i = P0 + Math.floor((day - FIRST_DAY) / 182.625);
  while ((P_START[i + 1 - P0] as number) <= day) i++;
  while ((P_START[i - P0] as number) > day) i--;
  return i;
}

/** a ≥ m × b (b > 0) for scaled integers, exactly (tier.ts ratioMeets). */
function atLeast(aUnits: number, aScale: number, mUnits: number, mScale: number, bUnits: number, bScale: number): boolean {
  if (mScale + bScale <= 15 && aScale <= 15) {
    const lhs = aUnits * (POW10[mScale + bScale] as number);
    const rhs = mUnits * bUnits * (POW10[aScale] as number);
    if (lhs <= MAX && rhs <= MAX) return lhs >= rhs;
  }
  return BigInt(aUnits) * 10n ** BigInt(mScale + bScale) >= BigInt(mUnits) * BigInt(bUnits) * 10n ** BigInt(aScale);
}

const safeFen = (n: bigint): number => {
  if (n > BigInt(MAX)) throw new RangeError(`amount of ${n} fen is beyond the columns' exact range`);
  return Number(n);
};

/** T.5: round_half_up_fen(rate × area × units / MONTH_UNITS), exactly (takeover periodAmount). */
export function amountFen(rateUnits: number, rateScale: number, areaUnits: number, areaScale: number, units: number): number {
  const k = rateScale + areaScale - 2; // fen = rate × area × units / (10^k × MONTH_UNITS)
  if (k >= -15 && k <= 9) {
    const a = k >= 0 ? rateUnits : rateUnits * (POW10[-k] as number);
    const d = k >= 0 ? (POW10[k] as number) * MONTH_UNITS : MONTH_UNITS;
    const ab = a * areaUnits;
    const num = ab * units;
    if (ab <= MAX && num <= MAX) {
      let q = Math.floor(num / d);
      let r = num - q * d;
      // the float quotient can be one off near an integer: the exact remainder corrects it
      if (r < 0) {
        q -= 1;
        r += d;
      } else if (r >= d) {
        q += 1;
        r -= d;
      }
      return 2 * r >= d ? q + 1 : q;
    }
  }
  const n = BigInt(rateUnits) * BigInt(areaUnits) * BigInt(units) * 100n;
  return safeFen(divRoundHalfUp(n, 10n ** BigInt(rateScale + areaScale) * BigInt(MONTH_UNITS)));
}

/** Is the mean of `count` scores summing to `sum` hundredths below the pass mark? (scaled meanBelow) */
function meanBelow(sum: number, count: number, q: TNumbers): boolean {
  const lhs = sum * (q.passScale <= 15 ? (POW10[q.passScale] as number) : 10 ** q.passScale);
  const rhs = q.passUnits * 100 * count;
  if (lhs <= MAX && rhs <= MAX) return lhs < rhs;
  return BigInt(sum) * 10n ** BigInt(q.passScale) < BigInt(q.passUnits) * 100n * BigInt(count);
}

class Output implements TSettlement {
  lines = 0;
  engagement: Int32Array;
  period: Int32Array;
  status: Uint8Array;
  tier: Uint8Array;
  monthUnits: Int32Array;
  amount: Float64Array;
  decision: Uint8Array;
  flags: Uint8Array;
  constructor(
    readonly asOf: Day,
    private capacity: number,
  ) {
    this.engagement = new Int32Array(capacity);
    this.period = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.tier = new Uint8Array(capacity);
    this.monthUnits = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
    this.decision = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
  }
  /** Room for `n` lines in all. */
  ensure(n: number): void {
    if (n <= this.capacity) return;
    const size = Math.max(n, this.capacity * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (k: number) => T)(size);
      b.set(a);
      return b;
    };
    this.engagement = grow(this.engagement);
    this.period = grow(this.period);
    this.status = grow(this.status);
    this.tier = grow(this.tier);
    this.monthUnits = grow(this.monthUnits);
    this.amount = grow(this.amount);
    this.decision = grow(this.decision);
    this.flags = grow(this.flags);
    this.capacity = size;
  }
  trimmed(): TSettlement {
    const n = this.lines;
    return {
      asOf: this.asOf,
      lines: n,
      engagement: this.engagement.subarray(0, n),
      period: this.period.subarray(0, n),
      status: this.status.subarray(0, n),
      tier: this.tier.subarray(0, n),
      monthUnits: this.monthUnits.subarray(0, n),
      amount: this.amount.subarray(0, n),
      decision: this.decision.subarray(0, n),
      flags: this.flags.subarray(0, n),
    };
  }
}

/**
 * Settles every engagement of the columns on `asOf` (default: the columns' own). Lines come in
 * the engine's order: engagement by engagement, half-year by half-year.
 */
export function settleT(columns: TakeoverColumns, policy: Policy, asOf?: Day | string): TSettlement {
  const at = asOf === undefined ? columns.asOf : typeof asOf === 'number' ? asOf : mustParseDay(asOf);
  if (at === null) throw new Error('settleT needs an evaluation date: the columns have none');
  const out = new Output(at, columns.engagements * 4 + 16);
  const params = new TParamsByDay(policy);
  const c = columns;
  const { entry, contract, commitment, end, factsStart, rectStart, rectYear, rectOutcome, rectDecided } = c;
  const { period: factPeriod, services, score } = c;
  let scores = new Int32Array(16); // the scores of one engagement's lines (−2: no facts, −1: no score)
  for (let e = 0; e < c.engagements; e++) {
    // T.1, T.2, T.9: the accrual window
    const entryDay = entry[e] as number;
    const contractDay = contract[e] as number;
    const commitmentDay = commitment[e] as number;
    let flags = 0;
    if (!c.onRoster2023[e]) flags |= F_NOT_ON_ROSTER;
    if (entryDay < params.entryFrom(entryDay)) flags |= F_ENTRY_TOO_EARLY;
    if (contractDay === NONE) flags |= F_CONTRACT_MISSING;
    if (commitmentDay === NONE) flags |= F_COMMITMENT_MISSING;
    let start = 0;
    let last = 0;
    let expulsion = NONE;
    const r0 = rectStart[e] as number;
    const r1 = rectStart[e + 1] as number;
    if (flags === 0) {
      start = Math.max(entryDay, contractDay, commitmentDay);
      last = params.rewardUntil(start);
      const endDay = end[e] as number;
      if (endDay !== NONE && endDay < last) last = endDay;
      // T.7: the earliest failed or refused rectification expels; its decision date is the last day
      for (let r = r0; r < r1; r++)
        if (rectOutcome[r] !== RECTIFIED && (expulsion === NONE || (rectDecided[r] as number) < expulsion))
          expulsion = rectDecided[r] as number;
      if (expulsion !== NONE && expulsion < last) last = expulsion;
      if (start > last) flags = F_NO_DAY_SERVED;
    }
    if (flags !== 0) {
      out.ensure(out.lines + 1);
      const i = out.lines++;
      out.engagement[i] = e;
      out.period[i] = -1;
      out.status[i] = INELIGIBLE;
      out.tier[i] = 0;
      out.monthUnits[i] = 0;
      out.amount[i] = 0;
      out.decision[i] = D_INELIGIBLE;
      out.flags[i] = flags;
      continue;
    }
    const firstP = periodOf(start);
    const lastP = periodOf(last);
    const count = lastP - firstP + 1;
    const base = out.lines;
    out.ensure(base + count);
    out.lines += count;
    if (c.fallback[e]) {
      settleByEngine(c, e, policy, out, base, firstP, start, last);
      continue;
    }
    if (count > scores.length) scores = new Int32Array(count * 2);
    const expelledIn = expulsion === NONE ? -1 : periodOf(expulsion);
    const f0 = factsStart[e] as number;
    const f1 = factsStart[e + 1] as number;
    const areaUnits = c.area[e] as number;
    const areaScale = c.areaScale[e] as number;
    const scattered = c.scattered[e] === 1;
    // T.3–T.5, T.8 steps 1–2: months, tier and amount of each period from its facts alone
    for (let j = 0; j < count; j++) {
      const p = firstP + j;
      const i = base + j;
      const ps = pStart(p);
      const pe = pEnd(p);
      const from = Math.max(start, ps);
      const to = Math.min(last, pe);
      const units = from === ps && to === pe ? WHOLE_PERIOD_UNITS : served(from, to);
      out.engagement[i] = e;
      out.period[i] = p;
      out.monthUnits[i] = units;
      out.flags[i] = p === expelledIn ? F_EXPELLED : 0;
      out.amount[i] = 0;
      out.tier[i] = 0;
      let f = -1;
      for (let k = f0; k < f1; k++)
        if (factPeriod[k] === p) {
          f = k;
          break;
        }
      if (f < 0) {
        out.status[i] = PENDING;
        out.decision[i] = D_NO_FACTS;
        scores[j] = -2;
        continue;
      }
      scores[j] = score[f] as number;
      const q = params.at(from);
      const s = services[f] as number;
      const priceScale = c.marketPriceScale[f] as number;
      const priceKnown = priceScale !== PRICE_UNKNOWN;
      let tier = 0;
      if ((s & TIER1_SERVICES) === TIER1_SERVICES && priceKnown) {
        const receivable = c.receivable[f] as number;
        const price = c.marketPrice[f] as number;
        const conditions =
          receivable > 0 &&
          price > 0 &&
          atLeast(
            c.collected[f] as number,
            c.collectedScale[f] as number,
            q.collectionMinUnits,
            q.collectionMinScale,
            receivable,
            c.receivableScale[f] as number,
          ) &&
          atLeast(c.feeStandard[f] as number, c.feeStandardScale[f] as number, q.feeRatioMinUnits, q.feeRatioMinScale, price, priceScale);
        if (conditions && (!scattered || q.scatteredMaxTier <= 1)) tier = 1;
      }
      if (tier === 0 && (s & TIER2_SERVICES) !== 0) tier = 2;
      if (tier === 0) {
        out.status[i] = INELIGIBLE;
        out.decision[i] = D_NO_TIER;
        continue;
      }
      out.tier[i] = tier;
      if (tier === 2 && !priceKnown) out.flags[i] |= F_PRICE_UNKNOWN;
      out.amount[i] =
        tier === 1
          ? amountFen(q.rate1Units, q.rate1Scale, areaUnits, areaScale, units)
          : amountFen(q.rate2Units, q.rate2Scale, areaUnits, areaScale, units);
    }
    // T.7: the first year whose annual result failed and that has no rectification record yet
    let blockedAfter = Number.POSITIVE_INFINITY;
    if (count > 1 || r1 > r0) {
      for (let j = 0; j < count; ) {
        const year = (firstP + j) >> 1;
        let k = j;
        let sum = 0;
        let known = true;
        for (; k < count && (firstP + k) >> 1 === year; k++) {
          const sc = scores[k] as number;
          if (sc < 0) known = false;
          else sum += sc;
        }
        if (
          known &&
          year < blockedAfter &&
          !recorded(rectYear, r0, r1, year) &&
          meanBelow(sum, k - j, params.at(dayFromCivil(year, 12, 31)))
        )
          blockedAfter = year;
        j = k;
      }
    }
    // T.8 steps 3–7 for the periods with a tier
    for (let j = 0; j < count; j++) {
      const i = base + j;
      if (out.tier[i] === 0) continue;
      const p = firstP + j;
      let d: number;
      if (at <= pEnd(p)) d = D_NOT_ENDED;
      else if (blockedAfter < p >> 1) d = D_RECTIFICATION;
      else if ((scores[j] as number) < 0) d = D_NOT_ASSESSED;
      else {
        const ps = pStart(p);
        d = meanBelow(scores[j] as number, 1, params.at(Math.max(start, ps))) ? D_WITHHELD : D_PAYABLE;
      }
      out.decision[i] = d;
      out.status[i] = d === D_PAYABLE ? PAYABLE : d === D_WITHHELD ? WITHHELD : PENDING;
    }
  }
  return out.trimmed();
}

function recorded(years: Int32Array, r0: number, r1: number, year: number): boolean {
  for (let r = r0; r < r1; r++) if (years[r] === year) return true;
  return false;
}

const STATUS_OF: Record<string, number> = STATUS;
const DECISION_OF = new Map<string, number>(DECISION_NAMES.map((name, i) => [name, i]));
const FLAG_OF = new Map<string, number>(Object.entries(FLAG));

/** One engagement through the ordinary engine, its lines written as codes from `base` on. */
function settleByEngine(
  c: TakeoverColumns,
  e: number,
  policy: Policy,
  out: Output,
  base: number,
  firstP: number,
  start: Day,
  last: Day,
): void {
  const { lines } = calculate(engagementScenario(c, e, out.asOf), policy);
  lines.forEach((line, j) => {
    const l = line as TLine;
    const i = base + j;
    const p = parsePeriod(l.period as string);
    if (!p || periodIndex(p) !== firstP + j) throw new Error(`engine and columns disagree on the periods of ${c.engagementId[e]}`);
    const ps = pStart(firstP + j);
    const pe = pEnd(firstP + j);
    out.engagement[i] = e;
    out.period[i] = firstP + j;
    out.monthUnits[i] = served(Math.max(start, ps), Math.min(last, pe));
    out.status[i] = STATUS_OF[l.status] as number;
    out.tier[i] = l.tier ?? 0;
    out.amount[i] = safeFen(l.amount);
    let flags = 0;
    for (const r of l.reasons) {
      const d = DECISION_OF.get(r.code);
      if (d !== undefined) out.decision[i] = d;
      flags |= FLAG_OF.get(r.code) ?? 0;
    }
    out.flags[i] = flags;
  });
  if (lines.length !== out.lines - base) throw new Error(`engine and columns disagree on the lines of ${c.engagementId[e]}`);
}

/** Sum of the payable amounts in fen (exact: BigInt beyond safe integers). */
export function payableTotal(s: TSettlement): bigint {
  let total = 0n;
  let part = 0;
  for (let i = 0; i < s.lines; i++) {
    if (s.status[i] !== PAYABLE) continue;
    const a = s.amount[i] as number;
    if (part + a > MAX) {
      total += BigInt(part);
      part = 0;
    }
    part += a;
  }
  return total + BigInt(part);
}
