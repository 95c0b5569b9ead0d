/** Retention: only events older than 184 days can be purged, and the chain still verifies after. */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { UserError } from '../lib/errors.ts';
import { verifyAudit } from './audit.ts';
import { purgeAudit } from './audit-purge.ts';
import { record } from './command.ts';
import { as, testActor } from './testing.ts';

describeDb('audit retention', (ctx, it) => {
  it('old events are purged, the young kept; the chain verifies from the purge on; the database refuses the young', async () => {
    const { db } = ctx.database;
    const at = (day: string) => ({ ...as(db, testActor('bureau', 'li')), now: () => new Date(`${day}T02:00:00Z`) });
    await record(at('2020-01-01'), { action: 'test.old.1', result: 'ok' });
    await record(at('2020-02-01'), { action: 'test.old.2', result: 'ok' });
    await record(at('2020-06-01'), { action: 'test.kept', result: 'ok' });
    const admin = { ...as(db), now: () => new Date('2020-12-31T02:00:00Z') };
    await assert.rejects(purgeAudit(admin, '2020-07-01'), (e) => (e as UserError).code === 'audit.purge.too_recent');
    await assert.rejects(purgeAudit(as(db, testActor('auditor')), '2020-03-01'), (e) => (e as UserError).code === 'auth.forbidden');
    assert.deepEqual(await purgeAudit(admin, '2020-03-01'), { purged: 2, throughSeq: 2 });
    const left = await db.select({ action: t.auditEvents.action }).from(t.auditEvents).orderBy(t.auditEvents.seq);
    assert.deepEqual(
      left.map((e) => e.action),
      ['test.kept', 'audit.purge'],
    );
    assert.deepEqual(await verifyAudit(db), { ok: true, checked: 2 });
    // the database itself keeps what is younger than 184 days, even under the purge's setting
    await record(as(db), { action: 'test.today', result: 'ok' });
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('jiangbu.audit_purge', 'on', true)`);
        await tx.execute(sql`delete from audit_event where action = 'test.today'`);
      }),
    );
  });
});
