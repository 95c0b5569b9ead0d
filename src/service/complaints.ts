/**
 * Residents' complaints about property service (报事; 物业服务纠纷, which the community handles: clause
 * 3.3; docs/domain.md "Surveys and complaints"). Anyone lodges one without an account, about a compound,
 * with an optional contact. It waits in its community's to-do list until the community resolves it
 * (acknowledging it first, or not), each step with a note and its audit event. The community reads the
 * contact in clear in its list (that read is audited); every other answer masks it: the bureau reads every
 * complaint, a company those about a compound lodged while it served it. The half-year assessment sheet
 * shows a compound's complaints of the half-year beside the score (./cases/assessment-sheet.ts).
 */
import { and, asc, count, desc, eq, ilike, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { COMPLAINT_CATEGORIES, type COMPLAINT_STATES } from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { maskName, maskPhone } from '../lib/mask.ts';
import { mustParseDay } from '../rules/dates/date.ts';
import { requireRole } from './access.ts';
import { chinaDay } from './cases/numbers.ts';
import { command, record, type ServiceContext } from './command.ts';
import { notFound } from './scope.ts';

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATES)[number];

export const CATEGORY_NAMES: Record<ComplaintCategory, { zh: string; en: string }> = {
  cleaning: { zh: '环境卫生', en: 'cleanliness' },
  repair: { zh: '设施维修', en: 'repairs' },
  security: { zh: '秩序与安全', en: 'order and safety' },
  fees: { zh: '收费问题', en: 'fees' },
  service: { zh: '服务态度', en: 'service attitude' },
  other: { zh: '其他', en: 'other' },
};
export const STATUS_NAMES: Record<ComplaintStatus, string> = { open: '待处理', acknowledged: '已受理', resolved: '已办结' };

export const TEXT_MAX = 1000;
export const CONTACT_MAX = 50;
export const NOTE_MAX = 1000;

/** A contact shown to those who do not handle the complaint: a phone keeps 3 + 4 digits, a name its first character. */
export const maskContact = (contact: string): string =>
  /\d{7,}/.test(contact.replace(/[\s-]/g, '')) ? maskPhone(contact) : maskName(contact);

const field = (code: string, zh: string, en: string, name: string) => userError(code, zh, en, { details: { field: name } });

export interface ComplaintRequest {
  /** the compound's code */
  compound: string;
  category: string;
  text: string;
  contact?: string | undefined;
}

export interface ComplaintView {
  id: number;
  compound: { code: string; name: string };
  community: { code: string; name: string };
  category: ComplaintCategory;
  categoryName: string;
  text: string;
  /** in clear to the community handling it, masked to everyone else; null when none was given */
  contact: string | null;
  lodgedOn: string;
  lodgedAt: string;
  /** whole days since it was lodged */
  ageDays: number;
  status: ComplaintStatus;
  statusName: string;
  acknowledgement: { by: string; at: string; note: string } | null;
  resolution: { by: string; at: string; note: string } | null;
}

/** Anyone, without an account: a complaint about a compound (rate-limited by the route). */
export async function lodgeComplaint(ctx: ServiceContext, r: ComplaintRequest): Promise<ComplaintView> {
  if (!(COMPLAINT_CATEGORIES as readonly string[]).includes(r.category))
    throw field(
      'complaint.category',
      `请选择问题类别：${COMPLAINT_CATEGORIES.map((c) => CATEGORY_NAMES[c].zh).join('、')}`,
      `category: one of ${COMPLAINT_CATEGORIES.join(', ')}`,
      'category',
    );
  const text = r.text.trim();
  if (text.length === 0 || [...text].length > TEXT_MAX)
    throw field('complaint.text', `请填写反映的问题（不超过 ${TEXT_MAX} 字）`, `text is required (at most ${TEXT_MAX} characters)`, 'text');
  const contact = r.contact?.trim() || null;
  if (contact !== null && [...contact].length > CONTACT_MAX)
    throw field('complaint.contact', `联系方式不超过 ${CONTACT_MAX} 字`, `contact: at most ${CONTACT_MAX} characters`, 'contact');
  const [c] = await ctx.db.select({ id: t.compounds.id }).from(t.compounds).where(eq(t.compounds.code, r.compound));
  if (!c)
    throw userError('compound.not_found', `没有小区 ${r.compound}`, `no compound ${r.compound}`, {
      status: 404,
      details: { field: 'compound' },
    });
  const now = ctx.now?.() ?? new Date();
  const id = await command(
    ctx,
    (id: number) => ({
      action: 'complaint.lodge',
      objectType: 'complaint',
      objectId: id,
      detail: { compound: r.compound, category: r.category },
    }),
    async (tx) => {
      const [row] = await tx
        .insert(t.complaints)
        .values({
          compoundId: c.id,
          category: r.category as ComplaintCategory,
          text,
          contact,
          lodgedAt: now,
          lodgedOn: chinaDay(now),
          ip: ctx.actor.ip ?? null,
        })
        .returning({ id: t.complaints.id });
      return row?.id as number;
    },
  );
  const [view] = await present(ctx, await complaintQuery(ctx.db).where(eq(t.complaints.id, id)), false);
  return view as ComplaintView;
}

function complaintQuery(db: Db) {
  return db
    .select({
      c: t.complaints,
      compound: { code: t.compounds.code, name: t.compounds.name },
      community: { id: t.communities.id, code: t.communities.code, name: t.communities.name },
    })
    .from(t.complaints)
    .innerJoin(t.compounds, eq(t.complaints.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id));
}
type Row = Awaited<ReturnType<ReturnType<typeof complaintQuery>['where']>>[number];

async function present(ctx: ServiceContext, rows: Row[], clear: boolean): Promise<ComplaintView[]> {
  const today = mustParseDay(chinaDay(ctx.now?.() ?? new Date()));
  return rows.map(({ c, compound, community }) => ({
    id: c.id,
    compound,
    community: { code: community.code, name: community.name },
    category: c.category,
    categoryName: CATEGORY_NAMES[c.category].zh,
    text: c.text,
    contact: c.contact === null ? null : clear ? c.contact : maskContact(c.contact),
    lodgedOn: c.lodgedOn,
    lodgedAt: c.lodgedAt.toISOString(),
    ageDays: Math.max(0, today - mustParseDay(c.lodgedOn)),
    status: c.status,
    statusName: STATUS_NAMES[c.status],
    acknowledgement:
      c.acknowledgedAt && c.acknowledgedBy && c.acknowledgement !== null
        ? { by: c.acknowledgedBy, at: c.acknowledgedAt.toISOString(), note: c.acknowledgement }
        : null,
    resolution:
      c.resolvedAt && c.resolvedBy && c.resolution !== null
        ? { by: c.resolvedBy, at: c.resolvedAt.toISOString(), note: c.resolution }
        : null,
  }));
}

/**
 * Who reads which complaints: a community its community's, the bureau all, a company those about a
 * compound lodged on a day it served it (an engagement of the company there from its entry to its end).
 */
function scopeCondition(ctx: ServiceContext): SQL | undefined {
  const a = ctx.actor;
  if (a.role === 'community') return eq(t.compounds.communityId, a.scope?.community?.id ?? -1);
  if (a.role === 'company')
    return sql`exists (select 1 from ${t.engagements} e where e.compound_id = ${t.complaints.compoundId}
      and e.company_id = ${a.scope?.company?.id ?? -1} and e.entry_date <= ${t.complaints.lodgedOn}
      and (e.end_date is null or e.end_date >= ${t.complaints.lodgedOn}))`;
  return undefined;
}

export interface ComplaintFilter {
  status?: ComplaintStatus | 'unresolved' | undefined;
  compound?: string | undefined;
  /** lodged from this day on / up to this day (YYYY-MM-DD) */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** Complaints in the caller's scope, newest first. The community's own read of contacts in clear is audited. */
export async function listComplaints(ctx: ServiceContext, f: ComplaintFilter): Promise<{ items: ComplaintView[]; total: number }> {
  requireRole(ctx.actor, ['community', 'bureau', 'company'], { zh: '查阅报事', en: 'reading complaints' });
  const conds: (SQL | undefined)[] = [
    scopeCondition(ctx),
    f.status === 'unresolved' ? ne(t.complaints.status, 'resolved') : f.status ? eq(t.complaints.status, f.status) : undefined,
    f.compound ? eq(t.compounds.code, f.compound) : undefined,
    f.from ? sql`${t.complaints.lodgedOn} >= ${f.from}` : undefined,
    f.to ? lte(t.complaints.lodgedOn, f.to) : undefined,
  ];
  const where = and(...conds.filter((c): c is SQL => c !== undefined));
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.complaints)
    .innerJoin(t.compounds, eq(t.complaints.compoundId, t.compounds.id))
    .where(where);
  const rows = await complaintQuery(ctx.db).where(where).orderBy(desc(t.complaints.id)).limit(f.limit).offset(f.offset);
  const clear = ctx.actor.role === 'community';
  const shown = rows.filter((r) => r.c.contact !== null).map((r) => r.c.id);
  if (clear && shown.length > 0)
    await record(ctx, {
      action: 'personal.read',
      objectType: 'complaint',
      objectId: shown.join(','),
      result: 'ok',
      detail: { field: 'contact' },
    });
  return { items: await present(ctx, rows, clear), total: Number(n?.n ?? 0) };
}

/**
 * The community moves a complaint of its own community: `acknowledge` (受理: open → acknowledged) or
 * `resolve` (办结: open or acknowledged → resolved), with a note; another community's is not found.
 */
export async function handleComplaint(
  ctx: ServiceContext,
  id: number,
  action: 'acknowledge' | 'resolve',
  note: string,
): Promise<ComplaintView> {
  requireRole(ctx.actor, ['community'], { zh: '处理报事', en: 'handling complaints' });
  const text = note.trim();
  if (text.length === 0 || [...text].length > NOTE_MAX)
    throw field('complaint.note', `请填写处理说明（不超过 ${NOTE_MAX} 字）`, `note is required (at most ${NOTE_MAX} characters)`, 'note');
  const now = ctx.now?.() ?? new Date();
  await command(ctx, { action: `complaint.${action}`, objectType: 'complaint', objectId: id, detail: {} }, async (tx) => {
    const [row] = await complaintQuery(tx)
      .where(and(eq(t.complaints.id, id), scopeCondition(ctx)))
      .for('update', { of: t.complaints });
    if (!row) throw notFound({ zh: '报事', en: 'complaint' }, String(id));
    const from: ComplaintStatus[] = action === 'acknowledge' ? ['open'] : ['open', 'acknowledged'];
    if (!from.includes(row.c.status))
      throw userError(
        'complaint.illegal_transition',
        `报事 ${id} ${STATUS_NAMES[row.c.status]}，不能${action === 'acknowledge' ? '受理' : '办结'}`,
        `complaint ${id} is ${row.c.status}: it cannot be ${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`,
        { status: 409, details: { from: row.c.status } },
      );
    const by = ctx.actor.username;
    await tx
      .update(t.complaints)
      .set(
        action === 'acknowledge'
          ? { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: now, acknowledgement: text }
          : { status: 'resolved', resolvedBy: by, resolvedAt: now, resolution: text },
      )
      .where(eq(t.complaints.id, id));
  });
  // the answer masks the contact: the community reads it in clear in its (audited) list
  const [view] = await present(ctx, await complaintQuery(ctx.db).where(eq(t.complaints.id, id)), false);
  return view as ComplaintView;
}

/** A community's unresolved complaints, oldest first, for its to-do list. */
export async function unresolvedComplaints(
  ctx: ServiceContext,
  communityId: number,
  limit: number,
): Promise<{
  items: { id: number; compound: string; category: string; lodgedOn: string; ageDays: number; status: string }[];
  total: number;
}> {
  const where = and(eq(t.compounds.communityId, communityId), ne(t.complaints.status, 'resolved'));
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.complaints)
    .innerJoin(t.compounds, eq(t.complaints.compoundId, t.compounds.id))
    .where(where);
  const rows = await complaintQuery(ctx.db).where(where).orderBy(asc(t.complaints.id)).limit(limit);
  const views = await present(ctx, rows, false);
  return {
    items: views.map((v) => ({
      id: v.id,
      compound: v.compound.name,
      category: v.categoryName,
      lodgedOn: v.lodgedOn,
      ageDays: v.ageDays,
      status: v.status,
    })),
    total: Number(n?.n ?? 0),
  };
}

/** At most this many of a half-year's complaints are listed on an assessment sheet (all are counted). */
export const SHEET_LIST_MAX = 200;

/**
 * A compound's complaints lodged from `from` to `to` (days, inclusive): how many, and the first
 * SHEET_LIST_MAX of them, oldest first — the assessment sheet's (no contact: the sheet is read by the
 * company and the committee too).
 */
export async function complaintsBetween(db: Db, compoundId: number, from: string, to: string) {
  if (from > to) return { count: 0, items: [] };
  const where = and(eq(t.complaints.compoundId, compoundId), sql`${t.complaints.lodgedOn} between ${from} and ${to}`);
  const [n] = await db.select({ n: count() }).from(t.complaints).where(where);
  const rows = await db
    .select({
      id: t.complaints.id,
      category: t.complaints.category,
      text: t.complaints.text,
      lodgedOn: t.complaints.lodgedOn,
      status: t.complaints.status,
    })
    .from(t.complaints)
    .where(where)
    .orderBy(asc(t.complaints.lodgedOn), asc(t.complaints.id))
    .limit(SHEET_LIST_MAX);
  return {
    count: Number(n?.n ?? 0),
    items: rows.map((r) => ({ ...r, categoryName: CATEGORY_NAMES[r.category].zh, statusName: STATUS_NAMES[r.status] })),
  };
}

/** The compounds whose name holds `q` (the public complaint form's picker): code, name, community; at most 20. */
export async function findCompounds(db: Db, q: string): Promise<{ code: string; name: string; community: string }[]> {
  const needle = q.trim();
  if (needle.length === 0) return [];
  const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select({ code: t.compounds.code, name: t.compounds.name, community: t.communities.name })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(ilike(t.compounds.name, `%${escaped}%`))
    .orderBy(asc(t.compounds.name), asc(t.compounds.code))
    .limit(20);
}
