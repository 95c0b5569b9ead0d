/**
 * The audit trail as the auditor reads it (the administrator too): events newest first, filtered by
 * who, what and when, and the check of the hash chain. Nobody else reads the trail; the auditor reads
 * nothing else (docs/domain.md "Audit").
 */
import { count, desc, eq, gte, lt } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { requireRole } from '../access.ts';
import { eventContent, type Verification, verifyAudit } from '../audit.ts';
import type { ServiceContext } from '../command.ts';
import { allOf, type List, type Page } from './common.ts';

export interface AuditItem {
  seq: number;
  at: string;
  username: string;
  role: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  ip: string | null;
  requestId: string | null;
  detail: unknown;
}

export interface AuditFilter {
  /** a username */
  actor?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  /** first and last day (YYYY-MM-DD, China time), inclusive */
  from?: string | undefined;
  to?: string | undefined;
}

const requireAuditor = (ctx: ServiceContext) => requireRole(ctx.actor, ['auditor'], { zh: '查阅审计日志', en: 'reading the audit trail' });

/** The instant a China day starts. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function listAudit(ctx: ServiceContext, f: AuditFilter, page: Page): Promise<List<AuditItem>> {
  requireAuditor(ctx);
  const e = t.auditEvents;
  const where = allOf(
    f.actor !== undefined && eq(e.username, f.actor),
    f.action !== undefined && eq(e.action, f.action),
    f.objectType !== undefined && eq(e.objectType, f.objectType),
    f.objectId !== undefined && eq(e.objectId, f.objectId),
    f.from !== undefined && gte(e.at, dayStart(f.from)),
    f.to !== undefined && lt(e.at, dayStart(nextDay(f.to))),
  );
  const [n] = await ctx.db.select({ n: count() }).from(e).where(where);
  const rows = await ctx.db.select().from(e).where(where).orderBy(desc(e.seq)).limit(page.limit).offset(page.offset);
  return {
    items: rows.map((r) => ({ seq: r.seq, ...eventContent(r) })),
    total: Number(n?.n ?? 0),
  };
}

/** Whether the chain holds, and where it breaks if not. */
export async function checkAudit(ctx: ServiceContext): Promise<Verification> {
  requireAuditor(ctx);
  return verifyAudit(ctx.db);
}
