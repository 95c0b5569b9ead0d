/**
 * Public notices (公示, docs/policy.md "Across programmes", D-16): results approved for payment are published
 * for `notice.days` calendar days (the day of publication counts as the first); anyone may object, with
 * a contact. When the period is over the bureau closes the notice: results without an open objection
 * become payable; an objection the bureau upholds sends its result back to review, one it dismisses
 * lets it become payable — the reason is published either way.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { maskName } from '../lib/mask.ts';
import { loadPolicy } from '../policy/load.ts';
import { PROGRAMME_NAMES } from '../registry/labels.ts';
import { lookup } from '../rules/params/lookup.ts';
import { stateName } from '../workflow/index.ts';
import { requireRole } from './access.ts';
import { addDays } from './cases/deadlines.ts';
import { moveCaseIn } from './cases/move.ts';
import { chinaDay } from './cases/numbers.ts';
import { TYPE_NAMES } from './cases/read.ts';
import { command, type ServiceContext } from './command.ts';

const PUBLISHABLE = {
  T: { type: 'claim', state: 'assessed' },
  W: { type: 'grant', state: 'bureau_approved' },
  F: { type: 'facility', state: 'bureau_approved' },
} as const;

export interface NoticeRequest {
  programme: 'T' | 'W' | 'F';
  caseNos: string[];
  title?: string | undefined;
}

/** The last day objections are taken for a notice published on `day` (notice.days, counting that day). */
export function closesOn(day: string): string {
  const days = Number(lookup(loadPolicy(), 'notice.days', day).value);
  return addDays(day, days - 1);
}

export async function publishNotice(ctx: ServiceContext, r: NoticeRequest): Promise<{ id: number; closesOn: string }> {
  requireRole(ctx.actor, ['bureau'], { zh: '发布公示', en: 'publishing a notice' });
  if (r.caseNos.length === 0) throw userError('notice.empty', '公示至少包含一个办件', 'a notice holds at least one case');
  if (new Set(r.caseNos).size !== r.caseNos.length) throw userError('notice.repeated', '办件编号重复', 'a case number is repeated');
  const today = chinaDay(ctx.now?.() ?? new Date());
  const p = PUBLISHABLE[r.programme];
  return command(
    ctx,
    (n) => ({
      action: 'notice.publish',
      objectType: 'public_notice',
      objectId: n.id,
      detail: { programme: r.programme, cases: r.caseNos },
    }),
    async (tx) => {
      const rows = await tx.select().from(t.cases).where(inArray(t.cases.caseNo, r.caseNos));
      for (const no of r.caseNos) {
        const row = rows.find((x) => x.caseNo === no);
        if (row && row.type !== p.type)
          throw userError('notice.programme', `${no} 不是${PROGRAMME_NAMES[r.programme]}办件`, `${no} is not a ${r.programme} case`, {
            status: 409,
          });
      }
      const [notice] = await tx
        .insert(t.publicNotices)
        .values({
          title: r.title ?? `${PROGRAMME_NAMES[r.programme]}结果公示（${today}）`,
          programme: r.programme,
          publishedOn: today,
          closesOn: closesOn(today),
        })
        .returning();
      for (const no of r.caseNos) await moveCaseIn(tx, ctx, no, 'publish', { noticeId: notice?.id as number });
      return { id: notice?.id as number, closesOn: notice?.closesOn as string };
    },
  );
}

export interface CloseResult {
  payable: string[];
  /** results with an open objection: they wait for the bureau's resolution */
  held: string[];
}

export async function closeNotice(ctx: ServiceContext, id: number): Promise<CloseResult> {
  requireRole(ctx.actor, ['bureau'], { zh: '公示期满处理', en: 'closing a notice' });
  const today = chinaDay(ctx.now?.() ?? new Date());
  return command(
    ctx,
    (r) => ({ action: 'notice.close', objectType: 'public_notice', objectId: id, detail: { ...r } }),
    async (tx) => {
      const [notice] = await tx.select().from(t.publicNotices).where(eq(t.publicNotices.id, id)).for('update');
      if (!notice) throw userError('notice.not_found', `没有公示 ${id}`, `no notice ${id}`, { status: 404 });
      if (notice.closesOn >= today)
        throw userError('notice.open', `公示期至 ${notice.closesOn} 止，期满后方可处理`, `the notice runs until ${notice.closesOn}`, {
          status: 409,
        });
      if (!notice.closedAt)
        await tx
          .update(t.publicNotices)
          .set({ closedAt: ctx.now?.() ?? new Date() })
          .where(eq(t.publicNotices.id, id));
      const rows = await tx
        .select()
        .from(t.cases)
        .where(and(eq(t.cases.noticeId, id), eq(t.cases.state, 'published')))
        .orderBy(asc(t.cases.id));
      const out: CloseResult = { payable: [], held: [] };
      for (const row of rows) {
        const [open] = await tx
          .select({ id: t.objections.id })
          .from(t.objections)
          .where(and(eq(t.objections.caseId, row.id), eq(t.objections.status, 'open')));
        if (open) out.held.push(row.caseNo);
        else {
          await moveCaseIn(tx, ctx, row.caseNo, 'close', {});
          out.payable.push(row.caseNo);
        }
      }
      return out;
    },
  );
}

export interface ObjectionRequest {
  caseNo: string;
  name: string;
  contact: string;
  text: string;
}

/** Anyone, without an account, while the notice is open. */
export async function lodgeObjection(ctx: ServiceContext, r: ObjectionRequest): Promise<{ id: number }> {
  const today = chinaDay(ctx.now?.() ?? new Date());
  for (const [k, v, max] of [
    ['name', r.name, 50],
    ['contact', r.contact, 100],
    ['text', r.text, 2000],
  ] as const)
    if (!v.trim() || v.length > max)
      throw userError(
        'objection.field',
        `请填写${{ name: '姓名', contact: '联系方式', text: '异议内容' }[k]}（不超过 ${max} 字）`,
        `${k} is required (at most ${max} characters)`,
        {
          details: { field: k },
        },
      );
  return command(
    ctx,
    (o) => ({ action: 'objection.lodge', objectType: 'objection', objectId: o.id, detail: { caseNo: r.caseNo } }),
    async (tx) => {
      const [row] = await tx
        .select({ c: t.cases, n: t.publicNotices })
        .from(t.cases)
        .innerJoin(t.publicNotices, eq(t.cases.noticeId, t.publicNotices.id))
        .where(eq(t.cases.caseNo, r.caseNo));
      if (row?.c.state !== 'published')
        throw userError('objection.not_published', `${r.caseNo} 不在公示中`, `${r.caseNo} is not on public notice`, { status: 404 });
      if (row.n.closesOn < today)
        throw userError(
          'objection.closed',
          `公示已于 ${row.n.closesOn} 截止，不再受理异议`,
          `the notice closed on ${row.n.closesOn}: objections are no longer taken`,
          { status: 409 },
        );
      const [o] = await tx
        .insert(t.objections)
        .values({
          noticeId: row.n.id,
          caseId: row.c.id,
          name: r.name.trim(),
          contact: r.contact.trim(),
          text: r.text.trim(),
          lodgedAt: ctx.now?.() ?? new Date(),
          ip: ctx.actor.ip ?? null,
        })
        .returning({ id: t.objections.id });
      return { id: o?.id as number };
    },
  );
}

/** The bureau resolves an objection: upheld → back to review; dismissed → payable once the notice is closed. */
export async function resolveObjection(
  ctx: ServiceContext,
  id: number,
  outcome: 'upheld' | 'dismissed',
  reason: string,
): Promise<{ caseNo: string; state: string }> {
  requireRole(ctx.actor, ['bureau'], { zh: '处理异议', en: 'resolving an objection' });
  if (!reason.trim()) throw userError('objection.reason', '处理异议须写明理由（将公开）', 'a resolution needs a reason (it is published)');
  return command(
    ctx,
    (r) => ({ action: `objection.${outcome}`, objectType: 'objection', objectId: id, detail: r }),
    async (tx) => {
      const [o] = await tx
        .update(t.objections)
        .set({ status: outcome, resolution: reason.trim(), resolvedBy: ctx.actor.username, resolvedAt: ctx.now?.() ?? new Date() })
        .where(and(eq(t.objections.id, id), eq(t.objections.status, 'open')))
        .returning();
      if (!o) throw userError('objection.not_open', `没有待处理的异议 #${id}`, `no open objection #${id}`, { status: 404 });
      const [row] = await tx.select().from(t.cases).where(eq(t.cases.id, o.caseId));
      const [notice] = await tx.select().from(t.publicNotices).where(eq(t.publicNotices.id, o.noticeId));
      if (!row || !notice) throw new Error(`objection ${id}: case or notice vanished`);
      if (row.state !== 'published') return { caseNo: row.caseNo, state: row.state };
      if (outcome === 'upheld') {
        const moved = await moveCaseIn(tx, ctx, row.caseNo, 'uphold', { comment: `异议 #${id} 成立：${reason.trim()}` });
        return { caseNo: row.caseNo, state: moved.state };
      }
      const [other] = await tx
        .select({ id: t.objections.id })
        .from(t.objections)
        .where(and(eq(t.objections.caseId, row.id), eq(t.objections.status, 'open')));
      if (notice.closedAt && !other) {
        const moved = await moveCaseIn(tx, ctx, row.caseNo, 'close', { comment: `异议 #${id} 不成立：${reason.trim()}` });
        return { caseNo: row.caseNo, state: moved.state };
      }
      return { caseNo: row.caseNo, state: row.state };
    },
  );
}

// ── what the public sees (no login): results, names masked, objections and their resolutions ──

export interface PublicNotice {
  id: number;
  title: string;
  programme: 'T' | 'W' | 'F';
  publishedOn: string;
  closesOn: string;
  open: boolean;
}

type NoticeRow = typeof t.publicNotices.$inferSelect;

/** A notice as the public sees it: open until the end of its last day. */
const noticeSummary = (n: NoticeRow, today: string): PublicNotice => ({
  id: n.id,
  title: n.title,
  programme: n.programme,
  publishedOn: n.publishedOn,
  closesOn: n.closesOn,
  open: n.closesOn >= today,
});

export async function publicNotices(
  db: Db,
  today: string,
  page: { limit: number; offset: number },
): Promise<{ items: PublicNotice[]; total: number }> {
  const [n] = await db.select({ n: count() }).from(t.publicNotices);
  const rows = await db.select().from(t.publicNotices).orderBy(desc(t.publicNotices.id)).limit(page.limit).offset(page.offset);
  return { items: rows.map((r) => noticeSummary(r, today)), total: Number(n?.n ?? 0) };
}

export interface PublicNoticeDetail extends PublicNotice {
  items: {
    caseNo: string;
    kind: string;
    community: string;
    compound: string;
    company: string | null;
    period: string | null;
    amount: string | null;
    state: string;
    /** the state's Chinese name (已公示, 可拨付…) */
    stateName: string;
    reasons: string[];
  }[];
  objections: { id: number; caseNo: string; name: string; lodgedOn: string; status: string; resolution: string | null }[];
}

/** A notice's objections with their case numbers, in the order lodged. */
const noticeObjections = (db: Db, id: number) =>
  db
    .select({ o: t.objections, caseNo: t.cases.caseNo })
    .from(t.objections)
    .innerJoin(t.cases, eq(t.objections.caseId, t.cases.id))
    .where(eq(t.objections.noticeId, id))
    .orderBy(asc(t.objections.id));

export async function publicNotice(db: Db, id: number, today: string): Promise<PublicNoticeDetail> {
  const [n] = await db.select().from(t.publicNotices).where(eq(t.publicNotices.id, id));
  if (!n) throw userError('notice.not_found', `没有公示 ${id}`, `no notice ${id}`, { status: 404 });
  const rows = await db
    .select({ c: t.cases, community: t.communities.name, compound: t.compounds.name, company: t.companies.name })
    .from(t.cases)
    .innerJoin(t.communities, eq(t.cases.communityId, t.communities.id))
    .innerJoin(t.compounds, eq(t.cases.compoundId, t.compounds.id))
    .leftJoin(t.companies, eq(t.cases.companyId, t.companies.id))
    .where(eq(t.cases.noticeId, id))
    .orderBy(asc(t.cases.id));
  // a result sent back to review leaves the notice's list; its case keeps the history
  const objections = await noticeObjections(db, id);
  return {
    ...noticeSummary(n, today),
    items: rows.map(({ c, community, compound, company }) => ({
      caseNo: c.caseNo,
      kind: TYPE_NAMES[c.type],
      community,
      compound,
      company,
      period: c.period,
      amount: c.amount,
      state: c.state,
      stateName: stateName(c.type, c.state),
      reasons: ((c.decision as { line?: { reasons?: { text: string }[] } } | null)?.line?.reasons ?? []).map((r) => r.text),
    })),
    objections: objections.map(({ o, caseNo }) => ({
      id: o.id,
      caseNo,
      name: maskName(o.name),
      lodgedOn: chinaDay(o.lodgedAt),
      status: o.status,
      resolution: o.resolution,
    })),
  };
}

// ── what the bureau sees: every notice with its state, the objections in full to resolve them ──

export interface BureauNotice extends PublicNotice {
  /** when the bureau closed it (the results without an open objection became payable), or null */
  closedAt: string | null;
  /** the period is over and the notice is not closed yet */
  dueToClose: boolean;
  /** results on the notice (those sent back to review have left it) */
  results: number;
  openObjections: number;
}

export interface BureauNoticeDetail extends Omit<PublicNoticeDetail, 'objections'>, BureauNotice {
  /** each objection in full: the objector's name and contact (never published) and the text */
  objections: {
    id: number;
    caseNo: string;
    name: string;
    contact: string;
    text: string;
    lodgedOn: string;
    status: string;
    resolution: string | null;
    resolvedBy: string | null;
  }[];
}

/** The bureau's list of notices, newest first, with what waits on it (GET /api/notices). */
export async function bureauNotices(
  ctx: ServiceContext,
  page: { limit: number; offset: number },
): Promise<{ items: BureauNotice[]; total: number }> {
  requireRole(ctx.actor, ['bureau'], { zh: '管理公示', en: 'managing notices' });
  const today = chinaDay(ctx.now?.() ?? new Date());
  const [n] = await ctx.db.select({ n: count() }).from(t.publicNotices);
  const rows = await ctx.db.select().from(t.publicNotices).orderBy(desc(t.publicNotices.id)).limit(page.limit).offset(page.offset);
  const ids = rows.map((r) => r.id);
  const results = ids.length
    ? await ctx.db
        .select({ id: t.cases.noticeId, n: count() })
        .from(t.cases)
        .where(inArray(t.cases.noticeId, ids))
        .groupBy(t.cases.noticeId)
    : [];
  const open = ids.length
    ? await ctx.db
        .select({ id: t.objections.noticeId, n: count() })
        .from(t.objections)
        .where(and(inArray(t.objections.noticeId, ids), eq(t.objections.status, 'open')))
        .groupBy(t.objections.noticeId)
    : [];
  return { items: rows.map((r) => bureauSummary(r, today, results, open)), total: Number(n?.n ?? 0) };
}

const bureauSummary = (
  r: NoticeRow,
  today: string,
  results: { id: number | null; n: number }[],
  open: { id: number; n: number }[],
): BureauNotice => ({
  ...noticeSummary(r, today),
  closedAt: r.closedAt ? r.closedAt.toISOString() : null,
  dueToClose: r.closesOn < today && r.closedAt === null,
  results: Number(results.find((x) => x.id === r.id)?.n ?? 0),
  openObjections: Number(open.find((x) => x.id === r.id)?.n ?? 0),
});

/**
 * One notice for the bureau (GET /api/notices/:id): the results as published and each objection in full —
 * the objector's name and contact in clear, so the bureau can answer; the read and its audit event
 * (`personal.reveal`, the count of objections shown, never their contents) commit together.
 */
export async function bureauNotice(ctx: ServiceContext, id: number): Promise<BureauNoticeDetail> {
  requireRole(ctx.actor, ['bureau'], { zh: '管理公示', en: 'managing notices' });
  const today = chinaDay(ctx.now?.() ?? new Date());
  const shown = await publicNotice(ctx.db, id, today);
  return command(
    ctx,
    (d) => ({ action: 'personal.reveal', objectType: 'public_notice', objectId: id, detail: { objections: d.objections.length } }),
    async (tx) => {
      const [n] = await tx.select().from(t.publicNotices).where(eq(t.publicNotices.id, id));
      if (!n) throw userError('notice.not_found', `没有公示 ${id}`, `no notice ${id}`, { status: 404 });
      const objections = (await noticeObjections(tx, id)).map(({ o, caseNo }) => ({
        id: o.id,
        caseNo,
        name: o.name,
        contact: o.contact,
        text: o.text,
        lodgedOn: chinaDay(o.lodgedAt),
        status: o.status,
        resolution: o.resolution,
        resolvedBy: o.resolvedBy,
      }));
      const summary = bureauSummary(
        n,
        today,
        [{ id, n: shown.items.length }],
        [{ id, n: objections.filter((o) => o.status === 'open').length }],
      );
      return { ...shown, ...summary, objections };
    },
  );
}
