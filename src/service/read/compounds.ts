/**
 * Compounds (小区) as the registry holds them, within the caller's scope: where each lies, its size,
 * whether it is on the 2023 roster in force (approved corrections applied) and whether a company
 * serves it today (物业服务覆盖).
 */
import { asc, count, eq, type SQL, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { allOf, compoundScope, contains, type List, type Page, requireRegistryReader } from './common.ts';

export interface CompoundItem {
  code: string;
  name: string;
  communityCode: string;
  communityName: string;
  kind: string;
  address: string | null;
  /** managed area in m², a decimal string */
  area: string;
  households: number;
  occupiedHouseholds: number | null;
  category: string | null;
  /** on the 2023 roster of unmanaged compounds, as corrected */
  onRoster: boolean;
  /** whether a company serves the compound today, and which engagement */
  coverage: 'managed' | 'unmanaged';
  servedBy: { engagement: string; company: string } | null;
}

export interface CompoundFilter {
  community?: string | undefined;
  onRoster?: boolean | undefined;
  coverage?: CompoundItem['coverage'] | undefined;
  kind?: string | undefined;
  /** part of the name */
  q?: string | undefined;
}

const onRoster = sql<boolean>`exists (select 1 from roster2023_current r where r.compound_id = ${t.compounds.id})`;

/** A column of the engagement serving the compound on `day` (one company per compound at a time). */
const serving = (day: string, column: SQL): SQL<string | null> => sql`(
  select ${column} from ${t.engagements} join ${t.companies} on ${t.companies.id} = ${t.engagements.companyId}
  where ${t.engagements.compoundId} = ${t.compounds.id} and ${t.engagements.entryDate} <= ${day}
    and (${t.engagements.endDate} is null or ${t.engagements.endDate} >= ${day})
  order by ${t.engagements.entryDate} desc limit 1)`;
const servingEngagement = (day: string) => serving(day, sql`${t.engagements.code}`);

function query(ctx: ServiceContext, where: SQL | undefined) {
  const day = chinaDay(ctx.now?.() ?? new Date());
  return ctx.db
    .select({
      c: t.compounds,
      communityCode: t.communities.code,
      communityName: t.communities.name,
      onRoster,
      engagement: servingEngagement(day),
      company: serving(day, sql`${t.companies.code}`),
    })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(where);
}

type Row = Awaited<ReturnType<typeof query>>[number];

function item(r: Row): CompoundItem {
  const { engagement, company } = r;
  return {
    code: r.c.code,
    name: r.c.name,
    communityCode: r.communityCode,
    communityName: r.communityName,
    kind: r.c.kind,
    address: r.c.address,
    area: r.c.area,
    households: r.c.households,
    occupiedHouseholds: r.c.occupiedHouseholds,
    category: r.c.category,
    onRoster: r.onRoster,
    coverage: engagement ? 'managed' : 'unmanaged',
    servedBy: engagement && company ? { engagement, company } : null,
  };
}

export async function listCompounds(ctx: ServiceContext, f: CompoundFilter, page: Page): Promise<List<CompoundItem>> {
  requireRegistryReader(ctx);
  const day = chinaDay(ctx.now?.() ?? new Date());
  const where = allOf(
    compoundScope(ctx.db, ctx.actor, t.compounds.id),
    f.community !== undefined && eq(t.communities.code, f.community),
    f.kind !== undefined && eq(t.compounds.kind, f.kind as (typeof t.compounds.kind.enumValues)[number]),
    f.q !== undefined && contains(t.compounds.name, f.q),
    f.onRoster !== undefined && (f.onRoster ? onRoster : sql`not ${onRoster}`),
    f.coverage !== undefined &&
      (f.coverage === 'managed' ? sql`${servingEngagement(day)} is not null` : sql`${servingEngagement(day)} is null`),
  );
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(where);
  const rows = await query(ctx, where).orderBy(asc(t.compounds.code)).limit(page.limit).offset(page.offset);
  return { items: rows.map(item), total: Number(n?.n ?? 0) };
}

export async function getCompound(ctx: ServiceContext, code: string): Promise<CompoundItem> {
  requireRegistryReader(ctx);
  const [r] = await query(ctx, allOf(compoundScope(ctx.db, ctx.actor, t.compounds.id), eq(t.compounds.code, code)));
  if (!r) throw notFound({ zh: '小区', en: 'compound' }, code);
  return item(r);
}
