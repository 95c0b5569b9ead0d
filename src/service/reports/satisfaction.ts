/**
 * Satisfaction (clause 1, docs/policy.md "Across programmes" → Goals): of the responses to the year's
 * surveys, the share in the top `survey.satisfiedLevels` of the five levels (非常满意、满意、基本满意:
 * D-20), per compound, per community and for the city, against `goal.satisfaction.target`. The year
 * defaults to `goal.satisfaction.year`, the year the goal is set for.
 */
import { eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { decimalParam, integerParam } from '../../rules/params/lookup.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { reportCommunity, requireReportReader, type Share, share, targetPercent } from './common.ts';

export interface PlaceShare extends Share {
  code: string;
  name: string;
}

export interface CompoundShare extends PlaceShare {
  communityCode: string;
}

export interface SatisfactionReport {
  year: number;
  /** the community the report is limited to (a community account), or null for the city */
  community: string | null;
  /** levels 1…n of five count as satisfied (survey.satisfiedLevels) */
  satisfiedLevels: number;
  /** goal.satisfaction.target in percent ("80.00") */
  target: string;
  /** satisfied responses of all responses: the city (a community account: its community) */
  total: Share;
  communities: PlaceShare[];
  /** the compounds surveyed in the year */
  compounds: CompoundShare[];
}

/**
 * A survey's year: that of its period ("2025H2", "2025"), or of the day it opened when the period does
 * not begin with one — a survey of the second half of 2025 taken in January 2026 is 2025's.
 */
const surveyYear = sql<number>`(case when ${t.surveys.period} ~ '^[0-9]{4}' then substr(${t.surveys.period}, 1, 4)::int
  else extract(year from ${t.surveys.opensOn})::int end)`;

/** Satisfaction in a year, within the caller's scope. */
export async function satisfactionReport(ctx: ServiceContext, opts: { year?: number | undefined } = {}): Promise<SatisfactionReport> {
  requireReportReader(ctx);
  return satisfactionWithin(ctx, reportCommunity(ctx.actor), opts);
}

/** The same for one community (its id) or the whole city (null), for a caller already allowed to read it. */
export async function satisfactionWithin(
  ctx: ServiceContext,
  own: number | null,
  opts: { year?: number | undefined } = {},
): Promise<SatisfactionReport> {
  const policy = loadPolicy();
  const today = chinaDay(ctx.now?.() ?? new Date());
  const year = opts.year ?? integerParam(policy, 'goal.satisfaction.year', today).value;
  if (!Number.isSafeInteger(year) || year < 2000 || year > 9999)
    throw userError('year.invalid', `年度 ${year} 无效`, `year ${year} is not valid`);
  const yearEnd = `${year}-12-31`;
  const levels = integerParam(policy, 'survey.satisfiedLevels', yearEnd).value;
  const target = decimalParam(policy, 'goal.satisfaction.target', yearEnd).value;

  const r = t.surveyResponses;
  const rows = await ctx.db
    .select({
      code: t.compounds.code,
      name: t.compounds.name,
      communityCode: t.communities.code,
      communityName: t.communities.name,
      responses: sql<number>`count(*)::int`,
      satisfied: sql<number>`(count(*) filter (where ${r.level} <= ${levels}))::int`,
    })
    .from(r)
    .innerJoin(t.surveys, eq(r.surveyId, t.surveys.id))
    .innerJoin(t.compounds, eq(t.surveys.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(sql`${surveyYear} = ${year}${own === null ? sql`` : sql` and ${t.compounds.communityId} = ${own}`}`)
    .groupBy(t.compounds.code, t.compounds.name, t.communities.code, t.communities.name);

  const byCommunity = new Map<string, { name: string; part: number; whole: number }>();
  let part = 0;
  let whole = 0;
  const compounds = rows
    .map((x) => {
      const [satisfied, responses] = [Number(x.satisfied), Number(x.responses)];
      const c = byCommunity.get(x.communityCode) ?? { name: x.communityName, part: 0, whole: 0 };
      c.part += satisfied;
      c.whole += responses;
      byCommunity.set(x.communityCode, c);
      part += satisfied;
      whole += responses;
      return { code: x.code, name: x.name, communityCode: x.communityCode, ...share(satisfied, responses, target) };
    })
    .sort((a, b) => a.communityCode.localeCompare(b.communityCode) || a.code.localeCompare(b.code));
  const communities = [...byCommunity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, c]) => ({ code, name: c.name, ...share(c.part, c.whole, target) }));
  return {
    year,
    community: own === null ? null : (ctx.actor.scope?.community?.code ?? null),
    satisfiedLevels: levels,
    target: targetPercent(target),
    total: share(part, whole, target),
    communities,
    compounds,
  };
}
