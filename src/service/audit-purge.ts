/**
 * Retention of the audit trail (docs/domain.md "Audit"): events older than a date may be purged, but
 * never one younger than 184 days — the database refuses that whoever asks (migration 0004's trigger,
 * on the database's own clock). The purge keeps the chain verifiable: the head remembers the last
 * purged event and its hash, where `verifyAudit` starts; the purge itself is an event of the trail.
 */
import { desc, eq, lt, lte, sql } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { formatDay, mustParseDay, parseDay } from '../rules/dates/date.ts';
import { requireRole } from './access.ts';
import { chinaDay } from './cases/numbers.ts';
import { command, type ServiceContext } from './command.ts';

/** The shortest retention, in days (等保 2.0 level 3 asks for at least six months). */
export const AUDIT_RETENTION_DAYS = 184;

export async function purgeAudit(ctx: ServiceContext, before: string): Promise<{ purged: number; throughSeq: number | null }> {
  requireRole(ctx.actor, ['admin'], { zh: '清理审计日志', en: 'purging the audit trail' });
  const day = parseDay(before);
  if (day === null) throw userError('audit.purge.date', `日期无效：${before}（应为 YYYY-MM-DD）`, `not a date: ${before} (YYYY-MM-DD)`);
  const today = chinaDay(ctx.now?.() ?? new Date());
  const latest = formatDay(mustParseDay(today) - AUDIT_RETENTION_DAYS);
  if (before > latest)
    throw userError(
      'audit.purge.too_recent',
      `审计日志至少保留 ${AUDIT_RETENTION_DAYS} 天：--before 最晚为 ${latest}`,
      `the audit trail is kept at least ${AUDIT_RETENTION_DAYS} days: --before is at most ${latest}`,
      { details: { latest } },
    );
  return command(
    ctx,
    (r) => ({ action: 'audit.purge', objectType: 'audit_event', objectId: r.throughSeq ?? 'none', detail: { before, purged: r.purged } }),
    async (tx) => {
      await tx.select().from(t.auditHead).where(eq(t.auditHead.id, 1)).for('update');
      const [last] = await tx
        .select({ seq: t.auditEvents.seq, hash: t.auditEvents.hash })
        .from(t.auditEvents)
        .where(lt(t.auditEvents.at, `${before}T00:00:00+08:00`))
        .orderBy(desc(t.auditEvents.seq))
        .limit(1);
      if (!last) return { purged: 0, throughSeq: null };
      await tx.execute(sql`select set_config('jiangbu.audit_purge', 'on', true)`);
      const gone = await tx.delete(t.auditEvents).where(lte(t.auditEvents.seq, last.seq)).returning({ seq: t.auditEvents.seq });
      await tx.execute(sql`select set_config('jiangbu.audit_purge', 'off', true)`);
      await tx.update(t.auditHead).set({ purgedThroughSeq: last.seq, purgedHash: last.hash }).where(eq(t.auditHead.id, 1));
      return { purged: gone.length, throughSeq: last.seq };
    },
  );
}
