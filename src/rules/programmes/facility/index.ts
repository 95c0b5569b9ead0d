/**
 * Programme F — the facility subsidy through communities (docs/policy.md, programme F; clauses 2.1.1, 2.1.2, 3.1).
 * Applications are decided in order of submission (then id as text); each passes five checks,
 * then its base is cut by three caps in order: compound, community quota, city total.
 */
import { type Day, mustParseDay, yearOf } from '../../dates/date.ts';
import { fen, formatMoney, type Money, maxMoney, minMoney, roundDownFen, roundHalfUpFen, ZERO_MONEY } from '../../exact/money.ts';
import { add, cmp, div, mul, parseDecimal, type Rational, rational } from '../../exact/rational.ts';
import { showValue } from '../../exact/show.ts';
import { MISSING, missingArg } from '../../explain/missing.ts';
import { type Reason, Trace, type TraceStep } from '../../explain/types.ts';
import type { EvalContext, FLine } from '../../lines.ts';
import { dateParam, decimalParam, listParam } from '../../params/lookup.ts';
import type { Policy } from '../../params/types.ts';
import type { CompoundInput, FacilityApplicationInput } from '../../scenario/schema.ts';

/** Roster area (sum of managed areas of roster units) per community and for the city. */
export interface RosterAreas {
  byCommunity: Map<string, Rational>;
  city: Rational;
}

export function rosterAreas(compounds: Iterable<CompoundInput>): RosterAreas {
  const byCommunity = new Map<string, Rational>();
  let city = rational(0n);
  for (const c of compounds) {
    if (!c.onRoster2023) continue;
    const a = parseDecimal(c.area);
    byCommunity.set(c.communityId, add(byCommunity.get(c.communityId) ?? rational(0n), a));
    city = add(city, a);
  }
  return { byCommunity, city };
}

/** F.caps 2 (D-15): a community's quota for a year — the city total shared by roster area, rounded down. */
export const quotaOf = (cityTotal: Rational, communityArea: Rational, cityArea: Rational): Money =>
  cmp(cityArea, rational(0n)) === 0 ? ZERO_MONEY : roundDownFen(div(mul(cityTotal, communityArea), cityArea));

/** The quota of a community in the year of `at`, by the parameter in force that day (for the ledger's quota accounts). */
export function communityQuota(policy: Policy, at: Day, communityArea: Rational, cityArea: Rational): Money {
  return quotaOf(decimalParam(policy, 'F.cityAnnualTotal', at).value, communityArea, cityArea);
}

/** F checks 1–5; the first that fails rejects the application. */
function firstFailedCheck(ctx: EvalContext, a: FacilityApplicationInput, c: CompoundInput, trace: Trace): Reason | null {
  const at = mustParseDay(a.submitted);
  const acceptedFrom = dateParam(ctx.policy, 'F.acceptedFrom', at);
  const until = dateParam(ctx.policy, 'F.until', at);
  const categories = listParam(ctx.policy, 'F.categories', at);
  const collectionMin = decimalParam(ctx.policy, 'F.collectionMin', at);
  const feeRatioMin = decimalParam(ctx.policy, 'F.feeRatioMin', at);
  const checks: Array<() => Reason | null> = [
    // 1. on the 2023 roster
    (): Reason | null => (c.onRoster2023 ? null : { code: 'F_NOT_ON_ROSTER', args: { compound: c.id } }),
    // 2. implement first, subsidise after: accepted on or before submission
    (): Reason | null =>
      !a.accepted
        ? { code: 'F_NOT_ACCEPTED', args: { missing: missingArg(MISSING.accepted) } }
        : a.accepted > a.submitted
          ? { code: 'F_ACCEPTED_AFTER_SUBMISSION', args: { accepted: a.accepted, submitted: a.submitted } }
          : null,
    // 3. accepted from F.acceptedFrom (D-13), submitted by F.until
    (): Reason | null =>
      (a.accepted as string) < acceptedFrom.value
        ? { code: 'F_ACCEPTED_TOO_EARLY', args: { accepted: a.accepted as string, acceptedFrom: acceptedFrom.value } }
        : a.submitted > until.value
          ? { code: 'F_SUBMITTED_TOO_LATE', args: { submitted: a.submitted, until: until.value } }
          : null,
    // 4. a listed category (D-18: the list is closed)
    (): Reason | null =>
      categories.value.includes(a.category)
        ? null
        : { code: 'F_CATEGORY', args: { category: a.category, categories: categories.value.join(', ') } },
    // 5. prerequisites on the compound (D-21), thresholds inclusive
    (): Reason | null =>
      !a.committeeEstablished
        ? { code: 'F_NO_COMMITTEE', args: {} }
        : cmp(parseDecimal(a.collectionRate), collectionMin.value) < 0
          ? { code: 'F_COLLECTION_LOW', args: { collectionRate: a.collectionRate, collectionMin: collectionMin.use.value as string } }
          : cmp(parseDecimal(a.feeRatio), feeRatioMin.value) < 0
            ? { code: 'F_FEE_RATIO_LOW', args: { feeRatio: a.feeRatio, feeRatioMin: feeRatioMin.use.value as string } }
            : null,
  ];
  for (const check of checks) {
    const failed = check();
    if (failed) {
      trace.add({
        rule: 'F.checks',
        ...failed,
        facts: {
          onRoster2023: c.onRoster2023,
          submitted: a.submitted,
          accepted: a.accepted ?? null,
          category: a.category,
          committeeEstablished: a.committeeEstablished,
          collectionRate: a.collectionRate,
          feeRatio: a.feeRatio,
        },
        params: [acceptedFrom.use, until.use, categories.use, collectionMin.use, feeRatioMin.use],
      });
      return failed;
    }
  }
  return null;
}

/** Running totals granted so far, in decision order. */
class Granted {
  private readonly byCompound = new Map<string, Money>();
  private readonly byCommunityYear = new Map<string, Money>();
  private readonly byCityYear = new Map<number, Money>();
  compound = (id: string): Money => this.byCompound.get(id) ?? ZERO_MONEY;
  community = (id: string, year: number): Money => this.byCommunityYear.get(`${year}\u0000${id}`) ?? ZERO_MONEY;
  city = (year: number): Money => this.byCityYear.get(year) ?? ZERO_MONEY;
  record(c: CompoundInput, year: number, amount: Money): void {
    this.byCompound.set(c.id, fen(this.compound(c.id) + amount));
    this.byCommunityYear.set(`${year}\u0000${c.communityId}`, fen(this.community(c.communityId, year) + amount));
    this.byCityYear.set(year, fen(this.city(year) + amount));
  }
}

function decide(ctx: EvalContext, a: FacilityApplicationInput, c: CompoundInput, areas: RosterAreas, granted: Granted): FLine {
  const trace = Trace.of(ctx.explain);
  const line: FLine = { program: 'F', subject: a.id, status: 'rejected', amount: ZERO_MONEY, reasons: [] };
  const done = () => {
    if (trace.steps) line.trace = trace.steps;
    return line;
  };
  const failed = firstFailedCheck(ctx, a, c, trace);
  if (failed) {
    line.reasons.push(failed);
    return done();
  }
  const at = mustParseDay(a.submitted);
  const year = yearOf(at);
  // D-17: granted at the maximum share of the actual investment.
  const share = decimalParam(ctx.policy, 'F.share', at);
  const base = roundHalfUpFen(mul(share.value, parseDecimal(a.investment)));
  line.base = base;
  const baseReason: Reason = {
    code: 'F_BASE',
    args: { share: share.use.value as string, investment: a.investment, base: formatMoney(base) },
  };
  line.reasons.push(baseReason);
  trace.add({ rule: 'F.base', ...baseReason, facts: { investment: a.investment }, params: [share.use] });
  if (base === 0n) {
    line.reasons.push({ code: 'F_NOTHING_TO_GRANT', args: {} });
    return done();
  }
  const compoundCap = decimalParam(ctx.policy, 'F.compoundCap', at);
  const cityTotal = decimalParam(ctx.policy, 'F.cityAnnualTotal', at);
  // D-14: the compound cap is cumulative over the programme.
  const compoundUsed = granted.compound(c.id);
  const compoundLeft = maxMoney(ZERO_MONEY, fen(roundHalfUpFen(compoundCap.value) - compoundUsed));
  // D-15: a community's quota for the submission year, by roster area, rounded down to the fen.
  const communityArea = areas.byCommunity.get(c.communityId) ?? rational(0n);
  const quota = quotaOf(cityTotal.value, communityArea, areas.city);
  const communityUsed = granted.community(c.communityId, year);
  const communityLeft = maxMoney(ZERO_MONEY, fen(quota - communityUsed));
  // D-19: the city's yearly total.
  const cityCap = roundHalfUpFen(cityTotal.value);
  const cityUsed = granted.city(year);
  const cityLeft = maxMoney(ZERO_MONEY, fen(cityCap - cityUsed));
  const caps: Array<{ left: Money; reason: Reason; step: Omit<TraceStep, 'code' | 'args'> }> = [
    {
      left: compoundLeft,
      reason: {
        code: 'F_CAP_COMPOUND',
        args: {
          cap: formatMoney(roundHalfUpFen(compoundCap.value)),
          used: formatMoney(compoundUsed),
          remaining: formatMoney(compoundLeft),
        },
      },
      step: { rule: 'F.caps', params: [compoundCap.use] },
    },
    {
      left: communityLeft,
      reason: {
        code: 'F_CAP_COMMUNITY',
        args: {
          community: c.communityId,
          year,
          quota: formatMoney(quota),
          used: formatMoney(communityUsed),
          remaining: formatMoney(communityLeft),
        },
      },
      step: {
        rule: 'F.caps',
        params: [cityTotal.use],
        values: { communityRosterArea: showValue(communityArea), cityRosterArea: showValue(areas.city), quota: formatMoney(quota) },
      },
    },
    {
      left: cityLeft,
      reason: {
        code: 'F_CAP_CITY',
        args: { year, total: formatMoney(cityCap), used: formatMoney(cityUsed), remaining: formatMoney(cityLeft) },
      },
      step: { rule: 'F.caps', params: [cityTotal.use] },
    },
  ];
  let amount = base;
  for (const cap of caps) {
    trace.add({ ...cap.step, ...cap.reason });
    if (cap.left < amount) {
      amount = minMoney(amount, cap.left);
      line.reasons.push(cap.reason);
    }
  }
  line.amount = amount;
  if (amount === 0n) {
    line.reasons.push({ code: 'F_QUOTA_EXHAUSTED', args: {} });
    return done();
  }
  line.status = amount < base ? 'capped' : 'granted';
  line.reasons.push({ code: 'F_GRANTED', args: { amount: formatMoney(amount) } });
  granted.record(c, year, amount);
  return done();
}

export function facilityLines(
  ctx: EvalContext,
  applications: readonly FacilityApplicationInput[],
  compounds: ReadonlyMap<string, CompoundInput>,
): FLine[] {
  const areas = rosterAreas(compounds.values());
  const granted = new Granted();
  const order = [...applications].sort((x, y) =>
    x.submitted !== y.submitted ? (x.submitted < y.submitted ? -1 : 1) : x.id < y.id ? -1 : x.id > y.id ? 1 : 0,
  );
  const decided = new Map<string, FLine>();
  for (const a of order) decided.set(a.id, decide(ctx, a, compounds.get(a.compoundId) as CompoundInput, areas, granted));
  return applications.map((a) => decided.get(a.id) as FLine);
}
