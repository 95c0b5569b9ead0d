/**
 * Communities (社区) within the caller's scope: a community account its own, a company or committee
 * those of the compounds it sees, the city's roles all of them.
 */
import { asc, count, eq, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { allOf, communityScope, contains, type List, type Page, requireRegistryReader } from './common.ts';

export interface CommunityItem {
  code: string;
  name: string;
  subdistrictCode: string | null;
  subdistrictName: string | null;
}

export interface CommunityFilter {
  /** a subdistrict's code */
  subdistrict?: string | undefined;
  /** part of the name */
  q?: string | undefined;
}

function query(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.db
    .select({ c: t.communities, subdistrictCode: t.subdistricts.code, subdistrictName: t.subdistricts.name })
    .from(t.communities)
    .leftJoin(t.subdistricts, eq(t.communities.subdistrictId, t.subdistricts.id))
    .where(where);
}

type Row = Awaited<ReturnType<typeof query>>[number];

const item = (r: Row): CommunityItem => ({
  code: r.c.code,
  name: r.c.name,
  subdistrictCode: r.subdistrictCode,
  subdistrictName: r.subdistrictName,
});

export async function listCommunities(ctx: ServiceContext, f: CommunityFilter, page: Page): Promise<List<CommunityItem>> {
  requireRegistryReader(ctx);
  const where = allOf(
    communityScope(ctx.db, ctx.actor),
    f.subdistrict !== undefined && eq(t.subdistricts.code, f.subdistrict),
    f.q !== undefined && contains(t.communities.name, f.q),
  );
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.communities)
    .leftJoin(t.subdistricts, eq(t.communities.subdistrictId, t.subdistricts.id))
    .where(where);
  const rows = await query(ctx, where).orderBy(asc(t.communities.code)).limit(page.limit).offset(page.offset);
  return { items: rows.map(item), total: Number(n?.n ?? 0) };
}

export async function getCommunity(ctx: ServiceContext, code: string): Promise<CommunityItem> {
  requireRegistryReader(ctx);
  const [r] = await query(ctx, allOf(communityScope(ctx.db, ctx.actor), eq(t.communities.code, code)));
  if (!r) throw notFound({ zh: '社区', en: 'community' }, code);
  return item(r);
}
