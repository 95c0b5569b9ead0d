/** Column kinds every table uses: money, areas, dates, who-and-when, decisions. */
import { sql } from 'drizzle-orm';
import { customType, date, integer, numeric, text, timestamp } from 'drizzle-orm/pg-core';

export const money = (name: string) => numeric(name, { precision: 14, scale: 2 });
export const area = (name: string) => numeric(name, { precision: 12, scale: 2 });
export const day = (name: string) => date(name, { mode: 'string' });
export const created = (name = 'created_at') => timestamp(name, { withTimezone: true }).notNull().defaultNow();
export const stamp = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Who made and last changed a row users edit, and its version (optimistic concurrency). The database
 * fills them from the transaction's acting user (`jiangbu.actor`, set by the service layer's `command`):
 * an insert or update outside the service layer has no actor and is refused (migration 0003).
 */
export const tracked = () => ({
  createdBy: text('created_by').notNull().default(sql`nullif(current_setting('jiangbu.actor', true), '')`),
  createdAt: created(),
  updatedBy: text('updated_by'),
  updatedAt: stamp('updated_at'),
  version: integer('version').notNull().default(1),
});
export const KINDS = ['compound', 'scattered'] as const;
export const inList = (column: unknown, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const DECISIONS = ['requested', 'approved', 'rejected'] as const;
/** A request the housing bureau decides: who asked and when, and the decision once made. */
export const decision = () => ({
  status: text('status', { enum: DECISIONS }).notNull().default('requested'),
  requestedBy: text('requested_by').notNull(),
  requestedAt: created('requested_at'),
  decidedBy: text('decided_by'),
  decidedAt: stamp('decided_at'),
  decisionNote: text('decision_note'),
});
/** A decision's fields are set exactly when the request is no longer open. */
export const decided = (status: unknown, by: unknown, at: unknown) => sql`(${status} = 'requested') = (${by} is null and ${at} is null)`;
