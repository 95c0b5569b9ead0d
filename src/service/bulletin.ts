/**
 * The public assessment bulletin (考核通报, clause 3.2: “考核结果将予以通报并留档备案”) and each company's public
 * record — read by anyone, without an account (docs/domain.md "Assessment results and 通报"). Only final
 * results are published (src/service/reports/assessments.ts); nothing personal — no scorer, contact, bank
 * account or note — only organisations, places, dates, scores and outcomes.
 */
import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { formatDay } from '../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../rules/dates/period.ts';
import { chinaDay } from './cases/numbers.ts';
import type { ServiceContext } from './command.ts';
import { assessmentCount, assessmentRows, finalPeriods, passScoreOf } from './reports/assessments.ts';
import { cityProgress, type ProgressReport } from './reports/progress.ts';

/** Rows of the bulletin per request. */
export const BULLETIN_PAGE_MAX = 1000;

export interface BulletinItem {
  community: string;
  communityName: string;
  compound: string;
  compoundName: string;
  company: string;
  companyName: string;
  /** the total, two decimals */
  score: string;
  result: 'passed' | 'failed';
  assessedOn: string | null;
}

export interface Bulletin {
  period: string;
  /** T.passScore in force on the half-year's first day */
  passScore: string;
  items: BulletinItem[];
  page: { offset: number; limit: number; total: number };
}

const result = (passed: boolean) => (passed ? ('passed' as const) : ('failed' as const));

function checkPeriod(period: string): void {
  if (!/^[0-9]{4}H[12]$/.test(period) || parsePeriod(period) === null)
    throw userError('period.invalid', `半年期 ${period} 无效（如 2025H1）`, `period ${period} is not a half-year (e.g. 2025H1)`, {
      details: { field: 'period' },
    });
}

/** The final results of a half-year, by community and compound. */
export async function assessmentBulletin(db: Db, q: { period: string; limit: number; offset: number }): Promise<Bulletin> {
  checkPeriod(q.period);
  const filter = { period: q.period, finalOnly: true };
  const rows = await assessmentRows(db, { ...filter, limit: q.limit, offset: q.offset });
  return {
    period: q.period,
    passScore: passScoreOf(q.period),
    items: rows.map((r) => ({
      community: r.community,
      communityName: r.communityName,
      compound: r.compound,
      compoundName: r.compoundName,
      company: r.company,
      companyName: r.companyName,
      score: r.score,
      result: result(r.passed),
      assessedOn: r.assessedOn,
    })),
    page: { offset: q.offset, limit: q.limit, total: await assessmentCount(db, filter) },
  };
}

export interface CompanyRecord {
  code: string;
  name: string;
  /** 统一社会信用代码, public registration data */
  uscc: string | null;
  engagements: {
    engagement: string;
    compound: string;
    compoundName: string;
    communityName: string;
    entryDate: string;
    endDate: string | null;
  }[];
  /** final half-year results, by compound and half-year */
  assessments: { engagement: string; compoundName: string; period: string; score: string; result: 'passed' | 'failed' }[];
  /** rectifications ordered for failed years: outcome null while still ordered */
  rectifications: {
    engagement: string;
    compoundName: string;
    year: number;
    orderedOn: string | null;
    deadline: string | null;
    outcome: 'rectified' | 'failed' | 'refused' | null;
    decidedOn: string | null;
  }[];
  /** 清退: a rectification failed or refused ends the engagement on the day it was decided */
  expulsions: { engagement: string; compoundName: string; on: string; outcome: 'failed' | 'refused' }[];
}

/** A company's public record, by its code or its 统一社会信用代码; an unknown one is 404. */
export async function companyRecord(db: Db, code: string): Promise<CompanyRecord> {
  const [company] = await db
    .select({ id: t.companies.id, code: t.companies.code, name: t.companies.name, uscc: t.companies.uscc })
    .from(t.companies)
    .where(or(eq(t.companies.code, code), eq(t.companies.uscc, code)))
    .limit(1);
  if (!company) throw userError('company.not_found', `没有企业 ${code}`, `no company ${code}`, { status: 404 });
  const engagements = await db
    .select({
      engagement: t.engagements.code,
      compound: t.compounds.code,
      compoundName: t.compounds.name,
      communityName: t.communities.name,
      entryDate: t.engagements.entryDate,
      endDate: t.engagements.endDate,
    })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(eq(t.engagements.companyId, company.id))
    .orderBy(asc(t.engagements.entryDate), asc(t.engagements.code));
  const assessments = (await assessmentRows(db, { companyId: company.id, finalOnly: true })).map((r) => ({
    engagement: r.engagement,
    compoundName: r.compoundName,
    period: r.period,
    score: r.score,
    result: result(r.passed),
  }));
  const rectifications = await db
    .select({
      engagement: t.engagements.code,
      compoundName: t.compounds.name,
      year: t.rectifications.year,
      orderedOn: t.rectifications.orderedOn,
      deadline: t.rectifications.deadline,
      outcome: t.rectifications.outcome,
      decidedOn: t.rectifications.decidedOn,
    })
    .from(t.rectifications)
    .innerJoin(t.engagements, eq(t.rectifications.engagementId, t.engagements.id))
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .where(eq(t.engagements.companyId, company.id))
    .orderBy(asc(t.rectifications.year), asc(t.engagements.code));
  const expulsions = rectifications.flatMap((r) =>
    (r.outcome === 'failed' || r.outcome === 'refused') && r.decidedOn
      ? [{ engagement: r.engagement, compoundName: r.compoundName, on: r.decidedOn, outcome: r.outcome }]
      : [],
  );
  return { code: company.code, name: company.name, uscc: company.uscc, engagements, assessments, rectifications, expulsions };
}

/** A community praised or criticised (clause 4.2), with the three measures behind its score (percent, two decimals). */
export interface StandingItem {
  rank: number;
  code: string;
  name: string;
  score: string | null;
  coverage: string | null;
  satisfaction: string | null;
  assessments: string | null;
}

export interface PublicStandings {
  /** the half-years with a published (final) result, in order */
  periods: string[];
  /** the half-year shown; null when nothing is published yet */
  period: string | null;
  /** the ranking's day: the half-year's last day, or today while it runs */
  asOf: string | null;
  rule: ProgressReport['rule'] | null;
  praise: StandingItem[];
  criticism: StandingItem[];
}

/**
 * The 通报表扬 / 通报批评 lists of a half-year (default: the last with a published result) for anyone: the
 * progress ranking (docs/policy.md R-9) on the half-year's last day, satisfaction of its year. The public
 * sees only the two lists — communities are public bodies, and the figures are shares, nothing personal.
 * The ranking is the city's (cityProgress: no data scope), as the bureau reads it.
 */
export async function publicStandings(ctx: ServiceContext, q: { period?: string | undefined }): Promise<PublicStandings> {
  if (q.period !== undefined) checkPeriod(q.period);
  const periods = await finalPeriods(ctx.db);
  const period = q.period ?? periods.at(-1) ?? null;
  if (period === null) return { periods, period, asOf: null, rule: null, praise: [], criticism: [] };
  const today = chinaDay(ctx.now?.() ?? new Date());
  const end = formatDay(periodEnd(parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>));
  // days as YYYY-MM-DD compare as text: the earlier of the two
  const asOf = [end, today].sort()[0] as string;
  const r = await cityProgress(ctx, { asOf, year: Number(period.slice(0, 4)) });
  const item = (c: ProgressReport['communities'][number]): StandingItem => ({
    rank: c.rank,
    code: c.code,
    name: c.name,
    score: c.score,
    coverage: c.coverage.percent,
    satisfaction: c.satisfaction.percent,
    assessments: c.assessments.percent,
  });
  return {
    periods,
    period,
    asOf,
    rule: r.rule,
    praise: r.communities.filter((c) => c.standing === 'praise').map(item),
    criticism: r.communities.filter((c) => c.standing === 'criticism').map(item),
  };
}
