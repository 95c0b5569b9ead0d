/**
 * Coverage over time (clause 1, docs/policy.md "Across programmes" → Goals): of the compounds on the
 * 2023 roster in force, how many a company serves — an engagement whose span (entry date to end date,
 * open when none) holds the day — at each month end from January 2024 (the month after the roster's
 * day) to the as-of date, for the city and per community, against `goal.coverage.target`; the goal is
 * judged on `goal.coverage.by`.
 */
import { eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { dayFromCivil, daysInMonth, formatDay, mustParseDay, parseDay } from '../../rules/dates/date.ts';
import { dateParam, decimalParam } from '../../rules/params/lookup.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { reportCommunity, requireReportReader, type Share, share, targetPercent } from './common.ts';

/** The first month of the series: the roster is the unmanaged compounds at 2023-12-31. */
export const COVERAGE_FROM = { y: 2024, m: 1 } as const;

export interface CommunityShare extends Share {
  code: string;
  name: string;
}

export interface CoveragePoint {
  day: string;
  /** the city (a community account: its community) */
  total: Share;
  communities: CommunityShare[];
}

export interface CoverageReport {
  asOf: string;
  /** the community the report is limited to (a community account), or null for the city */
  community: string | null;
  goal: {
    /** goal.coverage.target in percent ("100.00") */
    target: string;
    /** goal.coverage.by */
    by: string;
    /** whether the roster was covered to the target on `by`; null before that day */
    met: boolean | null;
  };
  /** month ends, the goal's day and the as-of date, in order */
  points: CoveragePoint[];
}

/** The days the series is taken on: each month end up to `asOf`, the goal's day, and `asOf` itself. */
export function coverageDays(asOf: string, by: string): string[] {
  const last = mustParseDay(asOf);
  const days = new Set<number>();
  for (let month = COVERAGE_FROM.y * 12 + COVERAGE_FROM.m - 1; ; month++) {
    const [y, m] = [Math.floor(month / 12), (month % 12) + 1];
    const end = dayFromCivil(y, m, daysInMonth(y, m));
    if (end > last) break;
    days.add(end);
  }
  const goal = mustParseDay(by);
  if (goal <= last && goal >= dayFromCivil(COVERAGE_FROM.y, COVERAGE_FROM.m, 1)) days.add(goal);
  days.add(last);
  return [...days].sort((a, b) => a - b).map(formatDay);
}

/** Coverage of the 2023 roster at each day of the series, within the caller's scope. */
export async function coverageReport(ctx: ServiceContext, opts: { asOf?: string | undefined } = {}): Promise<CoverageReport> {
  requireReportReader(ctx);
  return coverageWithin(ctx, reportCommunity(ctx.actor), opts);
}

/** The same for one community (its id) or the whole city (null), for a caller already allowed to read it. */
export async function coverageWithin(
  ctx: ServiceContext,
  own: number | null,
  opts: { asOf?: string | undefined } = {},
): Promise<CoverageReport> {
  const asOf = opts.asOf ?? chinaDay(ctx.now?.() ?? new Date());
  if (parseDay(asOf) === null)
    throw userError('date.invalid', `评估日 ${asOf} 不是有效日期（YYYY-MM-DD）`, `as-of date ${asOf} is not a date (YYYY-MM-DD)`);
  const policy = loadPolicy();
  const by = dateParam(policy, 'goal.coverage.by', asOf).value;
  const target = decimalParam(policy, 'goal.coverage.target', by).value;

  // compounds on the roster in force (within the caller's community); not an id list, which a city of
  // tens of thousands of compounds would take beyond a query's parameter limit
  const onRoster = sql`exists (select 1 from roster2023_current r where r.compound_id = ${t.compounds.id})${
    own === null ? sql`` : sql` and ${t.compounds.communityId} = ${own}`
  }`;
  const roster = await ctx.db
    .select({ id: t.compounds.id, communityCode: t.communities.code, communityName: t.communities.name })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(onRoster);
  const spans = await ctx.db
    .select({ compoundId: t.engagements.compoundId, from: t.engagements.entryDate, to: t.engagements.endDate })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .where(onRoster);
  const communities = [...new Map(roster.map((x) => [x.communityCode, x.communityName])).entries()].sort(([a], [b]) => a.localeCompare(b));
  const communityOf = new Map(roster.map((x) => [x.id, x.communityCode]));

  const points = coverageDays(asOf, by).map((day): CoveragePoint => {
    // dates are YYYY-MM-DD: as text they compare as days do
    const served = new Set(spans.filter((s) => s.from <= day && (s.to === null || s.to >= day)).map((s) => s.compoundId));
    // one pass over the roster per day: each compound counts in its community and in the total
    const counts = new Map<string | null, { part: number; whole: number }>([[null, { part: 0, whole: 0 }]]);
    for (const [code] of communities) counts.set(code, { part: 0, whole: 0 });
    for (const [id, code] of communityOf)
      for (const c of [counts.get(null), counts.get(code)] as { part: number; whole: number }[]) {
        c.whole++;
        if (served.has(id)) c.part++;
      }
    const shareOf = (code: string | null) => {
      const c = counts.get(code) as { part: number; whole: number };
      return share(c.part, c.whole, target);
    };
    return { day, total: shareOf(null), communities: communities.map(([code, name]) => ({ code, name, ...shareOf(code) })) };
  });
  const atGoal = points.find((p) => p.day === by);
  return {
    asOf,
    community: own === null ? null : (ctx.actor.scope?.community?.code ?? null),
    goal: { target: targetPercent(target), by, met: atGoal ? atGoal.total.met : null },
    points,
  };
}
