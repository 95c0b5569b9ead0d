/**
 * The audit trail (docs/domain.md "Audit"): append-only rows in `audit_event`, hash-chained. Each row holds
 * the previous row's hash and sha256 of its own canonical content with that previous hash, so a row
 * changed, removed or inserted behind the application's back breaks the chain at that row. Appends
 * are put in one order by locking the chain's head row (`audit_head`) in the appending transaction.
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { insertBatched } from '../registry/batch.ts';
import type { Actor } from './actor.ts';

export interface AuditRecord {
  /** dotted verb, e.g. `roster.change.decide`, `import.roster`, `registry.seed` */
  action: string;
  objectType?: string | undefined;
  objectId?: string | number | undefined;
  result: 'ok' | 'denied' | 'failed';
  /** what a reader of the trail needs; never personal data in clear */
  detail?: Record<string, unknown> | undefined;
}

interface Content {
  at: string;
  username: string;
  role: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: AuditRecord['result'];
  ip: string | null;
  requestId: string | null;
  detail: unknown;
  prevHash: string | null;
}

export const eventHash = (c: Content): string => createHash('sha256').update(canonicalJson(c)).digest('hex');

/** A stored timestamp as ISO 8601 UTC with milliseconds, whatever the driver's text form. */
export function isoInstant(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  const s = v.includes('T') ? v : v.replace(' ', 'T');
  return new Date(s.replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}

/** What an event is hashed over: who, when, what, and the previous event's hash. */
function contentOf(ctx: { actor: Actor; now?: () => Date }, e: AuditRecord, prevHash: string | null): Content {
  return {
    at: (ctx.now?.() ?? new Date()).toISOString(),
    username: ctx.actor.username,
    role: ctx.actor.role,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId === undefined ? null : String(e.objectId),
    result: e.result,
    ip: ctx.actor.ip ?? null,
    requestId: ctx.actor.requestId ?? null,
    detail: e.detail ?? null,
    prevHash,
  };
}

/** Appends one event inside the caller's transaction. */
export async function appendAudit(tx: Db, ctx: { actor: Actor; now?: () => Date }, e: AuditRecord): Promise<void> {
  const [head] = await tx.select().from(t.auditHead).where(eq(t.auditHead.id, 1)).for('update');
  const content = contentOf(ctx, e, head?.hash ?? null);
  const hash = eventHash(content);
  const [row] = await tx
    .insert(t.auditEvents)
    .values({ ...content, hash })
    .returning({ seq: t.auditEvents.seq });
  await tx.update(t.auditHead).set({ seq: row?.seq, hash }).where(eq(t.auditHead.id, 1));
}

/**
 * Appends many events in one multi-row statement (a synthetic seed's thousands of ledger transfers),
 * chained exactly as `appendAudit` chains them one by one: the head locked, each hashed over its
 * content and the previous hash, the head moved to the last.
 */
export async function appendAuditEvents(tx: Db, ctx: { actor: Actor; now?: () => Date }, events: AuditRecord[]): Promise<void> {
  if (events.length === 0) return;
  const [head] = await tx.select().from(t.auditHead).where(eq(t.auditHead.id, 1)).for('update');
  let prev = head?.hash ?? null;
  const rows = events.map((e) => {
    const content = contentOf(ctx, e, prev);
    prev = eventHash(content);
    return { ...content, hash: prev };
  });
  const seqs = await insertBatched(tx, t.auditEvents, rows, 10000, 'seq');
  await tx
    .update(t.auditHead)
    .set({ seq: seqs[seqs.length - 1]?.id, hash: prev })
    .where(eq(t.auditHead.id, 1));
}

/** A stored event's content as it was hashed (without the link to the previous event). */
export function eventContent(r: typeof t.auditEvents.$inferSelect): Omit<Content, 'prevHash'> {
  return {
    at: isoInstant(r.at),
    username: r.username,
    role: r.role,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    result: r.result,
    ip: r.ip,
    requestId: r.requestId,
    detail: r.detail ?? null,
  };
}

export type Verification = { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number; why: 'hash' | 'link' };

/** Walks the chain in order; the first event whose hash or link does not hold is named. */
export async function verifyAudit(db: Db, pageSize = 5000): Promise<Verification> {
  // after a retention purge the chain starts from the last purged event's hash
  const [start] = await db.select().from(t.auditHead).where(eq(t.auditHead.id, 1));
  let prev: string | null = start?.purgedHash ?? null;
  let after = start?.purgedThroughSeq ?? 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(t.auditEvents).where(gt(t.auditEvents.seq, after)).orderBy(asc(t.auditEvents.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      const content: Content = { ...eventContent(r), prevHash: r.prevHash };
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: r.seq, why: 'link' };
      if (eventHash(content) !== r.hash) return { ok: false, checked, brokenAt: r.seq, why: 'hash' };
      prev = r.hash;
      checked++;
      after = r.seq;
    }
  }
  const [head] = await db.select().from(t.auditHead).where(eq(t.auditHead.id, 1));
  if ((head?.hash ?? null) !== prev) return { ok: false, checked, brokenAt: head?.seq ?? after + 1, why: 'link' };
  return { ok: true, checked };
}
