/**
 * The demo's first-start step (src/service/demo-today.ts), on a fixed day: the approved W grants go into a
 * 公示 open that day, which takes an objection; the payable W grants are paid, the first committee paid has
 * booked two uses of its grant (the public ledger shows them) and an account to go on; a restart adds nothing.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/client.ts';
import { describeDb } from '../db/testing.ts';
import { SYSTEM } from './actor.ts';
import { demoToday, PAID_COMMITTEE_ACCOUNT } from './demo-today.ts';
import { spendingLedger } from './money/spending.ts';
import { closesOn, lodgeObjection, publicNotices } from './notices.ts';
import { seedRegistry } from './seed.ts';

describeDb('the demo on its first day', (ctx, it) => {
  const today = new Date('2026-12-05T03:00:00Z');
  const publicCtx = () => ({
    db: ctx.database.db,
    actor: { username: 'public', role: 'public' as const, channel: 'system' as const },
    now: () => today,
  });
  let done: Awaited<ReturnType<typeof demoToday>>;

  it('publishes the approved grants today: the one open notice, and it takes an objection', async () => {
    const { db } = ctx.database;
    await seedRegistry({ db, actor: SYSTEM }, { kind: 'demo' });
    done = await demoToday(db, today);
    const notice = done.notice;
    assert.ok(notice, 'the demo has an approved grant waiting for its 公示');
    assert.equal(notice.closesOn, closesOn('2026-12-05'));
    const states = await rawRows<{ state: string }>(
      db,
      sql`select distinct state from "case" where case_no in (${sql.join(
        notice.cases.map((c: string) => sql`${c}`),
        sql`, `,
      )})`,
    );
    assert.deepEqual(
      states.map((s) => s.state),
      ['published'],
    );
    const listed = await publicNotices(db, '2026-12-05', { limit: 5, offset: 0 });
    assert.deepEqual(
      listed.items.filter((n) => n.open).map((n) => n.id),
      [notice.id],
    );
    const o = await lodgeObjection(publicCtx(), {
      caseNo: notice.cases[0] as string,
      name: '张三',
      contact: '13800000000',
      text: '请核实',
    });
    assert.ok(o.id > 0);
  });

  it('pays the payable W grants; the first committee paid has booked its spending and may sign in', async () => {
    const { db } = ctx.database;
    assert.ok(done.paid, 'the demo has payable grants');
    assert.equal(done.paid.batchNo, 'PB-2024-W-001');
    const [batch] = await rawRows<{ state: string; n: number; paid: number }>(
      db,
      sql`select b.state, count(*)::int as n, count(*) filter (where l.result = 'paid')::int as paid
          from settlement_batch b join settlement_batch_line l on l.batch_id = b.id where b.batch_no = ${done.paid.batchNo} group by b.id`,
    );
    assert.equal(batch?.state, 'settled');
    assert.equal(batch?.paid, batch?.n);
    const ledger = await spendingLedger(db, null, done.paid.committee);
    assert.deepEqual(
      ledger.lines.filter((l) => l.kind === 'spent').map((l) => [l.item, l.amount, l.receipt]),
      [
        ['业主大会会议场地租用及资料印制', '860.00', true],
        ['业委会办公用品', '325.50', true],
      ],
    );
    const [account] = await rawRows<{ role: string; committee: string; must_change: boolean }>(
      db,
      sql`select u.role, w.code as committee, u.must_change_password as must_change from app_user u
          join committee w on w.id = u.committee_id where u.username = ${PAID_COMMITTEE_ACCOUNT}`,
    );
    assert.deepEqual(account, { role: 'committee', committee: done.paid.committee, must_change: false });
  });

  it('a restart adds nothing', async () => {
    const { db } = ctx.database;
    assert.deepEqual(await demoToday(db, today), { notice: null, paid: null });
  });
});
