/**
 * The one door for every change of the registry: `command` runs the change in one transaction under
 * the acting user (the database records them as created_by / updated_by, migration 0003, and refuses
 * a change that names nobody) and writes the change's audit event in the same transaction — if the
 * change is rolled back, so is its event, and the other way round.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { type AuditRecord, appendAudit } from './audit.ts';

export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** the clock (tests inject one) */
  now?: () => Date;
}

/** What a change's audit event says: the action and what it acted on, with detail (no personal data). */
export type AuditSpec = Omit<AuditRecord, 'result'>;

/** Runs `fn` in a transaction under `ctx.actor`, with the audit event `audit` (or made from the result). */
export async function command<T>(
  ctx: ServiceContext,
  audit: AuditSpec | ((value: T) => AuditSpec),
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const d = tx as unknown as Db;
    await actAs(d, ctx.actor);
    const value = await fn(d);
    await appendAudit(d, ctx, { ...(typeof audit === 'function' ? audit(value) : audit), result: 'ok' });
    return value;
  });
}

/** Names the acting user for the rest of the transaction (`set_config(…, true)` is transaction-local). */
export async function actAs(tx: Db, actor: Actor): Promise<void> {
  await tx.execute(sql`select set_config('jiangbu.actor', ${actor.username}, true)`);
}

/** Records an event that changes nothing (a denied access, an export) in a transaction of its own. */
export async function record(ctx: ServiceContext, event: AuditRecord): Promise<void> {
  await ctx.db.transaction(async (tx) => appendAudit(tx as unknown as Db, ctx, event));
}

/** The fields that close a request the housing bureau decides (roster changes, account changes). */
export const decisionOf = (ctx: ServiceContext, approve: boolean, note?: string | undefined) => ({
  status: approve ? ('approved' as const) : ('rejected' as const),
  decidedBy: ctx.actor.username,
  decidedAt: ctx.now?.() ?? new Date(),
  decisionNote: note ?? null,
});
