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
import { type Day, mustParseDay } from '../dates/date.ts';
import { parsePeriod, periodFromIndex, periodIndex, periodIndexOfDay, periodInfo, periodStart } from '../dates/period.ts';
import { calculate } from '../engine.ts';
import { divRoundHalfUp } from '../exact/rational.ts';
import type { TLine } from '../lines.ts';
import type { Policy } from '../params/types.ts';
import { MONTH_UNITS } from '../programmes/takeover/months.ts';
import { DECISION, DECISION_NAMES, FLAG, STATUS } from './codes.ts';
import { FACT, NO_DAY, OUTCOME, type TakeoverColumns, UNKNOWN } from './columns.ts';
import { engagementScenario } from './explain.ts';
import { servedUnitsByTable } from './months.ts';
import { type TNumbers, type TParamsByDay, tParamsOf } from './params.ts';

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
const served = servedUnitsByTable;

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
    // num + d within safe integers: q × d (q at most one too large) is then exact as well
    if (ab <= MAX && num <= MAX - d) {
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

/** A settlement being written: its arrays have room for `capacity` lines, `lines` are written. */
interface Output extends TSettlement {
  capacity: number;
}

/** Arrays of `capacity` lines: new, or those of `reuse` when they are large enough. */
function newOutput(asOf: Day, capacity: number, reuse?: TSettlement): Output {
  const r = reuse && reuse.status.buffer.byteLength >= capacity ? reuse : undefined;
  const room = r ? r.status.buffer.byteLength : capacity;
  return {
    asOf,
    lines: 0,
    capacity: room,
    engagement: r ? new Int32Array(r.engagement.buffer) : new Int32Array(room),
    period: r ? new Int32Array(r.period.buffer) : new Int32Array(room),
    status: r ? new Uint8Array(r.status.buffer) : new Uint8Array(room),
    tier: r ? new Uint8Array(r.tier.buffer) : new Uint8Array(room),
    monthUnits: r ? new Int32Array(r.monthUnits.buffer) : new Int32Array(room),
    amount: r ? new Float64Array(r.amount.buffer) : new Float64Array(room),
    decision: r ? new Uint8Array(r.decision.buffer) : new Uint8Array(room),
    flags: r ? new Uint8Array(r.flags.buffer) : new Uint8Array(room),
  };
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (k: number) => T)(size);
  b.set(a);
  return b;
}

/** Room for `n` lines in all; true when the arrays were replaced. */
function ensure(out: Output, n: number): boolean {
  if (n <= out.capacity) return false;
  const size = Math.max(n, out.capacity * 2);
  out.engagement = grown(out.engagement, size);
  out.period = grown(out.period, size);
  out.status = grown(out.status, size);
  out.tier = grown(out.tier, size);
  out.monthUnits = grown(out.monthUnits, size);
  out.amount = grown(out.amount, size);
  out.decision = grown(out.decision, size);
  out.flags = grown(out.flags, size);
  out.capacity = size;
  return true;
}

function trimmed(out: Output): TSettlement {
  const n = out.lines;
  return {
    asOf: out.asOf,
    lines: n,
    engagement: out.engagement.subarray(0, n),
    period: out.period.subarray(0, n),
    status: out.status.subarray(0, n),
    tier: out.tier.subarray(0, n),
    monthUnits: out.monthUnits.subarray(0, n),
    amount: out.amount.subarray(0, n),
    decision: out.decision.subarray(0, n),
    flags: out.flags.subarray(0, n),
  };
}

/**
 * An output kept for good. V8 drops a hidden class (map) that no live object uses at a full
 * garbage collection, and with it the optimised code specialised for it: between two settlements
 * no output is alive, so without this every full collection cost the loop its compiled code.
 * (Exported so that it stays reachable; nothing reads it.)
 */
export const LIVE_SHAPES: unknown[] = [newOutput(0, 0)];

/**
 * Settles every engagement of the columns on `asOf` (default: the columns' own). Lines come in
 * the engine's order: engagement by engagement, half-year by half-year.
 * `reuse`: a settlement the caller is done with (e.g. the previous community's), whose arrays are
 * overwritten instead of allocating new ones — large fresh arrays cost a garbage collection.
 */
export function settleT(columns: TakeoverColumns, policy: Policy, asOf?: Day | string | null, reuse?: TSettlement): TSettlement {
  const at = asOf === undefined || asOf === null ? columns.asOf : typeof asOf === 'number' ? asOf : mustParseDay(asOf);
  if (at === null) throw new Error('settleT needs an evaluation date: the columns have none');
  const out = newOutput(at, columns.engagements * 4 + 16, reuse);
  const params = tParamsOf(policy);
  // In slices: a function called again and again is optimised as a whole, not only on the fly
  // inside one long loop (on-stack replacement).
  for (let e = 0; e < columns.engagements; e += SLICE)
    settleSlice(columns, policy, params, out, e, Math.min(e + SLICE, columns.engagements));
  return trimmed(out);
}

const SLICE = 256;

/** Engagements e0 … e1 − 1, their lines appended to `out`. */
function settleSlice(c: TakeoverColumns, policy: Policy, params: TParamsByDay, out: Output, e0: number, e1: number): void {
  const at = out.asOf;
  const fixed = params.constant; // the published policy: one bundle for every day
  // every column in a local: the loop reads typed arrays, not properties
  const { entry, contract, commitment, end, factsStart, rectStart, rectYear, rectOutcome, rectDecided, onRoster2023, fallback } = c;
  const { area, areaScale, scattered, period: factPeriod, services, score, marketPrice, marketPriceScale } = c;
  const { receivable, receivableScale, collected, collectedScale, feeStandard, feeStandardScale } = c;
  let { engagement: oEngagement, period: oPeriod, status: oStatus, tier: oTier } = out;
  let { monthUnits: oUnits, amount: oAmount, decision: oDecision, flags: oFlags } = out;
  for (let e = e0; e < e1; e++) {
    // T.1, T.2, T.9: the accrual window
    const entryDay = entry[e] as number;
    const contractDay = contract[e] as number;
    const commitmentDay = commitment[e] as number;
    let flags = 0;
    if (!onRoster2023[e]) flags |= F_NOT_ON_ROSTER;
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
      if (ensure(out, out.lines + 1)) {
        // (no closure for this: optimised code that calls a per-call closure is dropped with it)
        ({ engagement: oEngagement, period: oPeriod, status: oStatus, tier: oTier } = out);
        ({ monthUnits: oUnits, amount: oAmount, decision: oDecision, flags: oFlags } = out);
      }
      const i = out.lines++;
      oEngagement[i] = e;
      oPeriod[i] = -1;
      oStatus[i] = INELIGIBLE;
      oTier[i] = 0;
      oUnits[i] = 0;
      oAmount[i] = 0;
      oDecision[i] = D_INELIGIBLE;
      oFlags[i] = flags;
      continue;
    }
    const firstP = periodOf(start);
    const lastP = periodOf(last);
    const base = out.lines;
    if (ensure(out, base + lastP - firstP + 1)) {
      ({ engagement: oEngagement, period: oPeriod, status: oStatus, tier: oTier } = out);
      ({ monthUnits: oUnits, amount: oAmount, decision: oDecision, flags: oFlags } = out);
    }
    out.lines += lastP - firstP + 1;
    if (fallback[e]) {
      settleByEngine(c, e, policy, out, base, firstP, start, last);
      continue;
    }
    const expelledIn = expulsion === NONE ? -1 : periodOf(expulsion);
    const f0 = factsStart[e] as number;
    const f1 = factsStart[e + 1] as number;
    const areaUnits = area[e] as number;
    const areaDecimals = areaScale[e] as number;
    const isScattered = scattered[e] === 1;
    // T.7 as the lines go: a year's annual result is known when its last period is passed; a failed
    // year without a rectification record holds every later year (the years are in order)
    let held = false;
    let year = firstP >> 1;
    let yearSum = 0;
    let yearCount = 0;
    let yearKnown = true;
    for (let p = firstP, i = base; p <= lastP; p++, i++) {
      if (p >> 1 !== year) {
        if (
          !held &&
          yearKnown &&
          !recorded(rectYear, r0, r1, year) &&
          meanBelow(yearSum, yearCount, fixed ?? params.at(pEnd(year * 2 + 1)))
        )
          held = true;
        year = p >> 1;
        yearSum = 0;
        yearCount = 0;
        yearKnown = true;
      }
      yearCount++;
      // T.3: months served in the period
      const ps = pStart(p);
      const pe = pEnd(p);
      const from = Math.max(start, ps);
      const to = Math.min(last, pe);
      const units = from === ps && to === pe ? WHOLE_PERIOD_UNITS : served(from, to);
      oEngagement[i] = e;
      oPeriod[i] = p;
      oUnits[i] = units;
      oAmount[i] = 0;
      oTier[i] = 0;
      let flagsOfLine = p === expelledIn ? F_EXPELLED : 0;
      let f = -1;
      for (let k = f0; k < f1; k++)
        if (factPeriod[k] === p) {
          f = k;
          break;
        }
      if (f < 0) {
        // T.8.1: no facts recorded
        yearKnown = false;
        oStatus[i] = PENDING;
        oDecision[i] = D_NO_FACTS;
        oFlags[i] = flagsOfLine;
        continue;
      }
      const points = score[f] as number;
      if (points < 0) yearKnown = false;
      else yearSum += points;
      // T.4: the tier, from this period's facts and the parameters of its first day served
      const q = fixed ?? params.at(from);
      const s = services[f] as number;
      const priceScale = marketPriceScale[f] as number;
      const priceKnown = priceScale !== PRICE_UNKNOWN;
      let tier = 0;
      if ((s & TIER1_SERVICES) === TIER1_SERVICES && priceKnown && (!isScattered || q.scatteredMaxTier <= 1)) {
        const owed = receivable[f] as number;
        const price = marketPrice[f] as number;
        if (
          owed > 0 &&
          price > 0 &&
          atLeast(
            collected[f] as number,
            collectedScale[f] as number,
            q.collectionMinUnits,
            q.collectionMinScale,
            owed,
            receivableScale[f] as number,
          ) &&
          atLeast(feeStandard[f] as number, feeStandardScale[f] as number, q.feeRatioMinUnits, q.feeRatioMinScale, price, priceScale)
        )
          tier = 1;
      }
      if (tier === 0 && (s & TIER2_SERVICES) !== 0) tier = 2;
      if (tier === 0) {
        // T.8.2: no tier
        oStatus[i] = INELIGIBLE;
        oDecision[i] = D_NO_TIER;
        oFlags[i] = flagsOfLine;
        continue;
      }
      if (tier === 2 && !priceKnown) flagsOfLine |= F_PRICE_UNKNOWN;
      oTier[i] = tier;
      oFlags[i] = flagsOfLine;
      // T.5: the amount, one rounding
      oAmount[i] =
        tier === 1
          ? amountFen(q.rate1Units, q.rate1Scale, areaUnits, areaDecimals, units)
          : amountFen(q.rate2Units, q.rate2Scale, areaUnits, areaDecimals, units);
      // T.8 steps 3–7
      let d: number;
      if (at <= pe) d = D_NOT_ENDED;
      else if (held) d = D_RECTIFICATION;
      else if (points < 0) d = D_NOT_ASSESSED;
      else d = meanBelow(points, 1, q) ? D_WITHHELD : D_PAYABLE;
      oDecision[i] = d;
      oStatus[i] = d === D_PAYABLE ? PAYABLE : d === D_WITHHELD ? WITHHELD : PENDING;
    }
  }
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
