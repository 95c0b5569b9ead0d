/**
 * The demo's first-start step (src/service/demo-today.ts): on the day it runs, the approved W grants go into
 * a 公示 open for its full period, and the public may object to them that day.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/client.ts';
import { describeDb } from '../db/testing.ts';
import { SYSTEM } from './actor.ts';
import { publishDemoToday } from './demo-today.ts';
import { closesOn, lodgeObjection, publicNotices } from './notices.ts';
import { seedRegistry } from './seed.ts';

describeDb('the demo on its first day', (ctx, it) => {
  const today = new Date('2026-12-05T03:00:00Z');
  it('publishes the approved grants today; the notice is open and takes an objection', async () => {
    const { db } = ctx.database;
    await seedRegistry({ db, actor: SYSTEM }, { kind: 'demo' });
    const notice = await publishDemoToday(db, today);
    assert.ok(notice, 'the demo has an approved grant waiting for its 公示');
    assert.equal(notice.closesOn, closesOn('2026-12-05'));
    const states = await rawRows<{ state: string }>(
      db,
      sql`select distinct state from "case" where case_no in (${sql.join(
        notice.cases.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
    assert.deepEqual(
      states.map((s) => s.state),
      ['published'],
    );
    const publicCtx = { db, actor: { username: 'public', role: 'public' as const, channel: 'system' as const }, now: () => today };
    const listed = await publicNotices(db, '2026-12-05', { limit: 5, offset: 0 });
    assert.deepEqual(
      listed.items.filter((n) => n.open).map((n) => n.id),
      [notice.id],
      'the one open notice on the public page',
    );
    const o = await lodgeObjection(publicCtx, { caseNo: notice.cases[0] as string, name: '张三', contact: '13800000000', text: '请核实' });
    assert.ok(o.id > 0);
    // nothing left to publish: a second run (a restart) does nothing
    assert.equal(await publishDemoToday(db, today), null);
  });
});
