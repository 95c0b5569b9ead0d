/**
 * Engagements (承接): a company's takeover of a compound, within the caller's scope — a community those
 * on its compounds, a company its own. Its status follows from its dates on the caller's day.
 */
import { asc, count, eq, type SQL, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { allOf, companyNamed, engagementScope, type List, type Page, requireRegistryReader } from './common.ts';

export const ENGAGEMENT_STATUSES = ['upcoming', 'active', 'ended'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface EngagementItem {
  code: string;
  compoundCode: string;
  compoundName: string;
  communityCode: string;
  companyCode: string;
  companyUscc: string | null;
  companyName: string;
  entryDate: string;
  contractSigned: string | null;
  commitmentSigned: string | null;
  endDate: string | null;
  status: EngagementStatus;
}

export interface EngagementFilter {
  community?: string | undefined;
  compound?: string | undefined;
  /** a company's code or USCC */
  company?: string | undefined;
  status?: EngagementStatus | undefined;
  /** a half-year (2024H1): engagements serving on some day of it */
  period?: string | undefined;
}

/** The first and last day of a half-year `YYYYH1|H2`. */
export function halfYear(period: string): [string, string] {
  const m = /^(\d{4})H([12])$/.exec(period);
  if (!m) throw userError('period.invalid', `半年度 ${period} 应为 YYYYH1 或 YYYYH2`, `period ${period}: expected YYYYH1 or YYYYH2`);
  return m[2] === '1' ? [`${m[1]}-01-01`, `${m[1]}-06-30`] : [`${m[1]}-07-01`, `${m[1]}-12-31`];
}

const servesBetween = (from: string, to: string) =>
  sql`${t.engagements.entryDate} <= ${to} and (${t.engagements.endDate} is null or ${t.engagements.endDate} >= ${from})`;

function statusCondition(status: EngagementStatus, day: string): SQL {
  if (status === 'upcoming') return sql`${t.engagements.entryDate} > ${day}`;
  if (status === 'ended') return sql`${t.engagements.endDate} < ${day}`;
  return servesBetween(day, day);
}

const statusOn = (e: { entryDate: string; endDate: string | null }, day: string): EngagementStatus =>
  e.entryDate > day ? 'upcoming' : e.endDate !== null && e.endDate < day ? 'ended' : 'active';

function query(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.db
    .select({ e: t.engagements, compound: t.compounds, communityCode: t.communities.code, company: t.companies })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .where(where);
}

type Row = Awaited<ReturnType<typeof query>>[number];

const item = (r: Row, day: string): EngagementItem => ({
  code: r.e.code,
  compoundCode: r.compound.code,
  compoundName: r.compound.name,
  communityCode: r.communityCode,
  companyCode: r.company.code,
  companyUscc: r.company.uscc,
  companyName: r.company.name,
  entryDate: r.e.entryDate,
  contractSigned: r.e.contractSigned,
  commitmentSigned: r.e.commitmentSigned,
  endDate: r.e.endDate,
  status: statusOn(r.e, day),
});

export async function listEngagements(ctx: ServiceContext, f: EngagementFilter, page: Page): Promise<List<EngagementItem>> {
  requireRegistryReader(ctx);
  const day = chinaDay(ctx.now?.() ?? new Date());
  const where = allOf(
    engagementScope(ctx.db, ctx.actor),
    f.community !== undefined && eq(t.communities.code, f.community),
    f.compound !== undefined && eq(t.compounds.code, f.compound),
    f.company !== undefined && companyNamed(f.company),
    f.status !== undefined && statusCondition(f.status, day),
    f.period !== undefined && servesBetween(...halfYear(f.period)),
  );
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .where(where);
  const rows = await query(ctx, where).orderBy(asc(t.engagements.code)).limit(page.limit).offset(page.offset);
  return { items: rows.map((r) => item(r, day)), total: Number(n?.n ?? 0) };
}

export async function getEngagement(ctx: ServiceContext, code: string): Promise<EngagementItem> {
  requireRegistryReader(ctx);
  const [r] = await query(ctx, allOf(engagementScope(ctx.db, ctx.actor), eq(t.engagements.code, code)));
  if (!r) throw notFound({ zh: '承接记录', en: 'engagement' }, code);
  return item(r, chinaDay(ctx.now?.() ?? new Date()));
}
