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
import { parsePeriod } from '../rules/dates/period.ts';
import { assessmentCount, assessmentRows, passScoreOf } from './reports/assessments.ts';

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
