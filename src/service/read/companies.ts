/**
 * Property companies (物业企业) within the caller's scope: a community sees the companies engaged on
 * its compounds, a company itself. Personal data is shown masked (issue 7): the contact's phone for
 * everyone — seeing it is an explicit request (`revealCompanyContact`) that writes an audit event in
 * the same transaction as the read; the contact's name for all but the city's roles and the company
 * itself; the bank account number but for its last 4 digits for all but the bureau, finance and the
 * administrator.
 */
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { maskAccount, maskName, maskPhone } from '../../lib/mask.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import { command, type ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { allOf, companyNamed, companyScope, contains, type List, type Page, requireRegistryReader, seesCity } from './common.ts';

export interface CompanyItem {
  code: string;
  name: string;
  /** 统一社会信用代码 */
  uscc: string | null;
  contactName: string | null;
  /** always masked: POST /api/companies/:code/reveal shows it, and the trail records who saw it */
  contactPhone: string | null;
  bankName: string | null;
  bankAccountName: string | null;
  bankAccountNo: string | null;
}

export interface CompanyFilter {
  /** engaged (now or before) on a compound of this community */
  community?: string | undefined;
  /** part of the name */
  q?: string | undefined;
}

type Row = typeof t.companies.$inferSelect;

const isItself = (actor: Actor, r: Row) => actor.role === 'company' && actor.scope?.company?.id === r.id;
const masked = (v: string | null, mask: (s: string) => string, clear: boolean) => (v === null || clear ? v : mask(v));

const item = (ctx: ServiceContext, r: Row): CompanyItem => ({
  code: r.code,
  name: r.name,
  uscc: r.uscc,
  contactName: masked(r.contactName, maskName, seesCity(ctx.actor) || isItself(ctx.actor, r)),
  contactPhone: masked(r.contactPhone, maskPhone, false),
  bankName: r.bankName,
  bankAccountName: r.bankAccountName,
  bankAccountNo: masked(r.bankAccountNo, maskAccount, seesCity(ctx.actor)),
});

function inCommunity(db: Db, community: string): SQL {
  return inArray(
    t.companies.id,
    db
      .select({ id: t.engagements.companyId })
      .from(t.engagements)
      .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
      .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
      .where(eq(t.communities.code, community)),
  );
}

export async function listCompanies(ctx: ServiceContext, f: CompanyFilter, page: Page): Promise<List<CompanyItem>> {
  requireRegistryReader(ctx);
  const where = allOf(
    companyScope(ctx.db, ctx.actor),
    f.community !== undefined && inCommunity(ctx.db, f.community),
    f.q !== undefined && contains(t.companies.name, f.q),
  );
  const [n] = await ctx.db.select({ n: count() }).from(t.companies).where(where);
  const rows = await ctx.db.select().from(t.companies).where(where).orderBy(asc(t.companies.code)).limit(page.limit).offset(page.offset);
  return { items: rows.map((r) => item(ctx, r)), total: Number(n?.n ?? 0) };
}

async function visibleCompany(db: Db, ctx: ServiceContext, code: string): Promise<Row> {
  const [r] = await db
    .select()
    .from(t.companies)
    .where(and(companyScope(db, ctx.actor), companyNamed(code)));
  if (!r) throw notFound({ zh: '物业企业', en: 'company' }, code);
  return r;
}

export async function getCompany(ctx: ServiceContext, code: string): Promise<CompanyItem> {
  requireRegistryReader(ctx);
  return item(ctx, await visibleCompany(ctx.db, ctx, code));
}

export const REVEALABLE = ['contactPhone'] as const;
export type Revealable = (typeof REVEALABLE)[number];

/**
 * A company's personal data in clear, for the bureau, finance, the administrator and the company
 * itself: the read and its audit event (`personal.reveal`, naming the field, never the value) commit
 * together — no reveal goes unrecorded.
 */
export async function revealCompanyContact(
  ctx: ServiceContext,
  code: string,
  field: Revealable,
): Promise<{ code: string; field: Revealable; value: string | null }> {
  requireRole(ctx.actor, ['bureau', 'finance', 'company'], { zh: '查看联系人电话', en: 'revealing a contact phone' });
  return command(
    ctx,
    (v) => ({ action: 'personal.reveal', objectType: 'company', objectId: v.code, detail: { field } }),
    async (tx) => {
      const r = await visibleCompany(tx, ctx, code);
      return { code: r.code, field, value: r[field] };
    },
  );
}
