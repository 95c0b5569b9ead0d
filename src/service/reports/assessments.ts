/**
 * Half-year assessment results (clause 3.2, docs/policy.md T.6): what the dashboards, the progress ranking
 * and the public 通报 read. A recorded assessment passes when its total reaches `T.passScore` in force on
 * the half-year's first day. It is **final** when no claim for its engagement and half-year is still in the
 * workflow — every claim for it has reached an end state, `payable` (公示期满) or `rejected` — or when it
 * was recorded without a claim (imported): docs/policy.md R-10. Only final results are published.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { formatDay, mustParseDay, parseDay } from '../../rules/dates/date.ts';
import { formatPeriod, parsePeriod, periodEnd, periodFromIndex, periodIndex, periodOfDay, periodStart } from '../../rules/dates/period.ts';
import { cmp, parseDecimal } from '../../rules/exact/rational.ts';
import { dateParam, lookup } from '../../rules/params/lookup.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { reportCommunity, requireReportReader } from './common.ts';

/** A recorded assessment with its places and whether it is final. */
export interface AssessmentRow {
  engagementId: number;
  engagement: string;
  period: string;
  /** the total, two decimals ("85.50") */
  score: string;
  assessedOn: string | null;
  compound: string;
  compoundName: string;
  community: string;
  communityName: string;
  company: string;
  companyName: string;
  passed: boolean;
  final: boolean;
}

/** Claims of the assessment's engagement and half-year still in the workflow: while one is, the result may change. */
const finalSql = sql<boolean>`not exists (select 1 from "case" c where c.type = 'claim'
  and c.engagement_id = ${t.assessments.engagementId} and c.period = ${t.assessments.period}
  and c.state not in ('payable', 'rejected'))`;

/** `T.passScore` for a half-year: the value in force on its first day, as given ("60"). */
export function passScoreOf(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new Error(`bad period ${period}`);
  return lookup(loadPolicy(), 'T.passScore', periodStart(p)).value as string;
}

/** Whether a total ("59.99") reaches the pass mark, exactly. */
export const passes = (score: string, passScore: string): boolean => cmp(parseDecimal(score), parseDecimal(passScore)) >= 0;

export interface AssessmentFilter {
  communityId?: number | null | undefined;
  companyId?: number | undefined;
  period?: string | undefined;
  /** only final results */
  finalOnly?: boolean;
  /** at most this many rows, from `offset` */
  limit?: number;
  offset?: number;
}

function conditions(f: AssessmentFilter): SQL | undefined {
  return and(
    f.communityId == null ? undefined : eq(t.compounds.communityId, f.communityId),
    f.companyId === undefined ? undefined : eq(t.engagements.companyId, f.companyId),
    f.period === undefined ? undefined : eq(t.assessments.period, f.period),
    f.finalOnly ? finalSql : undefined,
  );
}

/** Recorded assessments, by community, compound, half-year. */
export async function assessmentRows(db: Db, f: AssessmentFilter = {}): Promise<AssessmentRow[]> {
  const q = db
    .select({
      engagementId: t.assessments.engagementId,
      engagement: t.engagements.code,
      period: t.assessments.period,
      score: sql<string>`${t.assessments.total}::text`,
      assessedOn: t.assessments.assessedOn,
      compound: t.compounds.code,
      compoundName: t.compounds.name,
      community: t.communities.code,
      communityName: t.communities.name,
      company: t.companies.code,
      companyName: t.companies.name,
      final: finalSql,
    })
    .from(t.assessments)
    .innerJoin(t.engagements, eq(t.assessments.engagementId, t.engagements.id))
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .where(conditions(f))
    .orderBy(t.communities.code, t.compounds.code, t.assessments.period, t.engagements.code);
  const rows = f.limit === undefined ? await q : await q.limit(f.limit).offset(f.offset ?? 0);
  const pass = new Map<string, string>();
  return rows.map((r) => {
    const mark = pass.get(r.period) ?? passScoreOf(r.period);
    pass.set(r.period, mark);
    return { ...r, final: r.final === true, passed: passes(r.score, mark) };
  });
}

/** How many assessments a filter finds (for paging). */
export async function assessmentCount(db: Db, f: AssessmentFilter = {}): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(t.assessments)
    .innerJoin(t.engagements, eq(t.assessments.engagementId, t.engagements.id))
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .where(conditions(f));
  return Number(row?.n ?? 0);
}

/** The half-years with a final result, in order (what the public bulletin can show). */
export async function finalPeriods(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ period: t.assessments.period }).from(t.assessments).where(finalSql).orderBy(t.assessments.period);
  return rows.map((r) => r.period);
}

/** Counts of one place in one half-year. */
export interface AssessmentCounts {
  /** engagements of roster compounds that served in the half-year: those to be assessed */
  expected: number;
  passed: number;
  failed: number;
  /** expected, with no assessment recorded */
  notAssessed: number;
  /** of passed and failed, those not final yet (a claim for it is still in the workflow) */
  provisional: number;
}

export interface PlaceCounts extends AssessmentCounts {
  code: string;
  name: string;
}

export interface AssessmentPeriod {
  period: string;
  /** T.passScore in force on the half-year's first day */
  passScore: string;
  total: AssessmentCounts;
  communities: PlaceCounts[];
  companies: PlaceCounts[];
}

export interface AssessmentsReport {
  asOf: string;
  /** the community the report is limited to (a community account), or null for the city */
  community: string | null;
  periods: AssessmentPeriod[];
}

/**
 * The half-years reported: from the one of `T.entryFrom` to the last ended on `asOf`, not after the one of
 * `T.rewardUntil` (assessments decide the reward's payment), and any other half-year with a recorded result.
 */
export function reportedPeriods(asOf: string, recorded: Iterable<string>): string[] {
  const policy = loadPolicy();
  const first = periodIndex(periodOfDay(mustParseDay(dateParam(policy, 'T.entryFrom', asOf).value)));
  const until = periodIndex(periodOfDay(mustParseDay(dateParam(policy, 'T.rewardUntil', asOf).value)));
  const asOfIndex = periodIndex(periodOfDay(mustParseDay(asOf)));
  // the half-year holding asOf has ended only on its last day
  const lastEnded = formatDay(periodEnd(periodFromIndex(asOfIndex))) <= asOf ? asOfIndex : asOfIndex - 1;
  const out = new Set<string>();
  for (let i = first; i <= Math.min(lastEnded, until); i++) out.add(formatPeriod(periodFromIndex(i)));
  for (const p of recorded) out.add(p);
  return [...out].sort();
}

const none = (): AssessmentCounts => ({ expected: 0, passed: 0, failed: 0, notAssessed: 0, provisional: 0 });

/** Assessment results per half-year, for the city and per community and company, within the caller's scope. */
export async function assessmentsReport(
  ctx: ServiceContext,
  opts: { asOf?: string | undefined; period?: string | undefined } = {},
): Promise<AssessmentsReport> {
  requireReportReader(ctx);
  const asOf = opts.asOf ?? chinaDay(ctx.now?.() ?? new Date());
  if (parseDay(asOf) === null)
    throw userError('date.invalid', `评估日 ${asOf} 不是有效日期（YYYY-MM-DD）`, `as-of date ${asOf} is not a date (YYYY-MM-DD)`);
  if (opts.period !== undefined && parsePeriod(opts.period) === null)
    throw userError('period.invalid', `半年期 ${opts.period} 无效（如 2025H1）`, `period ${opts.period} is not a half-year (e.g. 2025H1)`, {
      details: { field: 'period' },
    });
  const own = reportCommunity(ctx.actor);
  const recorded = await assessmentRows(ctx.db, { communityId: own, period: opts.period });
  const periods = opts.period ? [opts.period] : reportedPeriods(asOf, new Set(recorded.map((r) => r.period)));

  // the engagements to be assessed: of compounds on the roster in force, in the caller's scope
  const serving = await ctx.db
    .select({
      id: t.engagements.id,
      entryDate: t.engagements.entryDate,
      endDate: t.engagements.endDate,
      community: t.communities.code,
      communityName: t.communities.name,
      company: t.companies.code,
      companyName: t.companies.name,
    })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .where(
      and(
        sql`exists (select 1 from roster2023_current r where r.compound_id = ${t.compounds.id})`,
        own === null ? undefined : eq(t.compounds.communityId, own),
      ),
    );
  const byKey = new Map(recorded.map((r) => [`${r.engagementId}/${r.period}`, r]));

  const report = periods.map((period): AssessmentPeriod => {
    const p = parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>;
    const [from, to] = [formatDay(periodStart(p)), formatDay(periodEnd(p))];
    const total = none();
    const communities = new Map<string, PlaceCounts>();
    const companies = new Map<string, PlaceCounts>();
    const placesOf = (x: { community: string; communityName: string; company: string; companyName: string }) => {
      const c = communities.get(x.community) ?? { code: x.community, name: x.communityName, ...none() };
      const k = companies.get(x.company) ?? { code: x.company, name: x.companyName, ...none() };
      communities.set(x.community, c);
      companies.set(x.company, k);
      return [total, c, k];
    };
    for (const e of serving) {
      if (e.entryDate > to || (e.endDate !== null && e.endDate < from)) continue;
      for (const n of placesOf(e)) {
        n.expected++;
        if (!byKey.has(`${e.id}/${period}`)) n.notAssessed++;
      }
    }
    for (const r of recorded) {
      if (r.period !== period) continue;
      for (const n of placesOf(r)) {
        if (r.passed) n.passed++;
        else n.failed++;
        if (!r.final) n.provisional++;
      }
    }
    const sorted = (m: Map<string, PlaceCounts>) => [...m.values()].sort((a, b) => a.code.localeCompare(b.code));
    return { period, passScore: passScoreOf(period), total, communities: sorted(communities), companies: sorted(companies) };
  });
  return { asOf, community: own === null ? null : (ctx.actor.scope?.community?.code ?? null), periods: report };
}
