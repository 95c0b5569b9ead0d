/**
 * The committees' spending ledgers (clause 3.3), on both databases: W1's grant is paid through the
 * money flow; W1 books uses of it — each a `spend` transfer with its audit events — and never more
 * than it holds; bad input names its field and writes nothing; a correction is a reversing transfer
 * that restores the balance, once; the figures add up line by line and match the ledger's account;
 * another committee, another community and the company neither book nor read it; the public reads it
 * without names.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import { describeDb } from '../../db/testing.ts';
import * as accounts from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import type { UserError } from '../../lib/errors.ts';
import { uploadAttachment } from '../attachments.ts';
import { verifyAudit } from '../audit.ts';
import type { ServiceContext } from '../command.ts';
import { contextOf } from '../read/testing.ts';
import { MAX_PAGE, recordSpending, reverseSpending, type SpendingLedger, spendingLedger, spendingReceipt } from './spending.ts';
import { GRANT, GRANT_PAID_ON, seedPaidGrant } from './testing.ts';

const TODAY = '2025-06-20';
const now = () => new Date(`${TODAY}T02:00:00Z`);
const W1_ACCOUNT = accounts.paid(2024, 'W', 'C1', { type: 'committee', code: 'W1' }).code;

/** Refused with this code, naming this field (when given), and the message in both languages. */
const refused = (code: string, field?: string) => (e: unknown) => {
  const u = e as UserError;
  assert.equal(u.code, code, u.message);
  if (field) assert.equal(u.details?.field, field, `${code} names ${field}`);
  assert.ok(u.text?.zh && u.text?.en, 'zh and en');
  return true;
};

const pdf = (name: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${name}\n`), fileName: `${name}.pdf` });
const docx = () => ({ bytes: new TextEncoder().encode('PK\u0003\u0004 word/document.xml'), fileName: 'receipt.docx' });

const counts = async (db: Db) =>
  (
    await rawRows<{ transfers: number; rows: number }>(
      db,
      sql`select (select count(*)::int from ledger_transfer) as transfers, (select count(*)::int from committee_spending) as rows`,
    )
  )[0];

const accountBalance = async (db: Db) =>
  formatFen(
    BigInt(
      (
        await rawRows<{ b: string }>(
          db,
          sql`select (credits_posted - debits_posted)::text as b from ledger_account where code = ${W1_ACCOUNT}`,
        )
      )[0]?.b ?? '0',
    ),
  );

/** received − spent = balance; each line's balance is the one before it ± its amount; the last is the account's. */
async function assertAddsUp(db: Db, l: SpendingLedger) {
  assert.equal(parseYuan(l.received) - parseYuan(l.spent), parseYuan(l.balance), JSON.stringify(l));
  let running = 0n;
  let received = 0n;
  let spent = 0n;
  for (const x of l.lines) {
    const a = parseYuan(x.amount);
    assert.ok(a > 0n);
    running += x.kind === 'spent' ? -a : a;
    if (x.kind === 'received') received += a;
    else spent += x.kind === 'spent' ? a : -a;
    assert.equal(x.balance, formatFen(running), `line ${x.seq}`);
    assert.ok(running >= 0n, 'never below zero');
  }
  assert.deepEqual([formatFen(received), formatFen(spent), formatFen(running)], [l.received, l.spent, l.balance]);
  assert.equal(l.balance, await accountBalance(db));
  assert.equal(l.page.total, l.lines.length);
}

describeDb('committee spending ledgers', (ctx, it) => {
  let w1: ServiceContext;
  const receipts: number[] = [];

  it('setup: W1’s grant is paid through the money flow; its ledger shows it received', async () => {
    const { db } = ctx.database;
    await seedPaidGrant(db);
    w1 = await contextOf(db, 'committee', { committee: 'W1' }, now);
    const l = await spendingLedger(db, w1.actor, 'W1');
    assert.deepEqual(
      [l.paid, l.received, l.spent, l.balance, l.committee.name, l.committee.communityCode],
      [true, GRANT, '0.00', GRANT, '幸福小区业主委员会', 'C1'],
    );
    assert.deepEqual(
      l.lines.map((x) => [x.kind, x.date, x.amount, x.balance]),
      [['received', GRANT_PAID_ON, GRANT, GRANT]],
    );
  });

  it('W1 books a use with its receipt: the row, the spend transfer and their audit events; the balance falls', async () => {
    const { db } = ctx.database;
    const receipt = await uploadAttachment(w1, pdf('receipt-1'));
    const before = await counts(db);
    const r = await recordSpending(w1, {
      committee: 'W1',
      spentOn: '2025-06-12',
      item: '  办公用品（纸、笔）  ',
      amount: '350.5',
      receiptAttachmentId: receipt.id,
    });
    assert.deepEqual(
      { ...r, id: 0 },
      { id: 0, committee: 'W1', spentOn: '2025-06-12', item: '办公用品（纸、笔）', amount: '350.50', receipt: true, balance: '2649.50' },
    );
    receipts.push(receipt.id);
    assert.deepEqual(await counts(db), { transfers: (before?.transfers ?? 0) + 1, rows: (before?.rows ?? 0) + 1 });
    const events = await rawRows<{ action: string; object_id: string; detail: { amount?: string } }>(
      db,
      sql`select action, object_id, detail from audit_event where action in ('spending.record', 'ledger.spend') order by seq`,
    );
    assert.deepEqual(
      events.map((e) => [e.action, e.detail.amount]),
      [
        ['ledger.spend', '350.50'],
        ['spending.record', '350.50'],
      ],
    );
    assert.equal(events[1]?.object_id, String(r.id));
    const [transfer] = await rawRows<{ kind: string; claim_id: string; debit: string; credit: string }>(
      db,
      sql`select tr.kind, tr.claim_id, d.code as debit, c.code as credit from committee_spending s join ledger_transfer tr on tr.id = s.transfer_id
          join ledger_account d on d.id = tr.debit_account_id join ledger_account c on c.id = tr.credit_account_id where s.id = ${r.id}`,
    );
    assert.deepEqual(transfer, { kind: 'spend', claim_id: 'W:W1', debit: W1_ACCOUNT, credit: 'spent:W:C1:committee:W1' });
    // a use without a receipt is booked too (the ledger says so)
    const cash = await recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: '会议茶水', amount: '49.50' });
    assert.deepEqual([cash.receipt, cash.balance], [false, '2600.00']);
  });

  it('bad input is refused naming its field, in zh and en, and nothing is written', async () => {
    const { db } = ctx.database;
    const ok = { committee: 'W1', spentOn: '2025-06-15', item: '打印', amount: '10.00' };
    const before = await counts(db);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ spentOn: '2025-6-15' }, 'spending.date', 'spentOn'],
      [{ spentOn: '2025-02-30' }, 'spending.date', 'spentOn'],
      [{ spentOn: '2025-06-21' }, 'spending.date_future', 'spentOn'],
      [{ spentOn: '2025-06-09' }, 'spending.before_grant', 'spentOn'],
      [{ item: '   ' }, 'spending.item', 'item'],
      [{ item: '字'.repeat(201) }, 'spending.item', 'item'],
      [{ amount: '1.005' }, 'spending.amount', 'amount'],
      [{ amount: '-5.00' }, 'spending.amount', 'amount'],
      [{ amount: '0.00' }, 'spending.amount', 'amount'],
      [{ amount: '1,200.00' }, 'spending.amount', 'amount'],
      [{ amount: '12元' }, 'spending.amount', 'amount'],
      [{ amount: '' }, 'spending.amount', 'amount'],
      [{ receiptAttachmentId: 999999 }, 'attachment.not_found', 'receiptAttachmentId'],
    ];
    for (const [patch, code, field] of cases)
      await assert.rejects(recordSpending(w1, { ...ok, ...patch } as never), refused(code, field), JSON.stringify(patch));
    // someone else's upload, a file that is not a PDF or an image, a receipt used already
    const community = await contextOf(db, 'community', { community: 'C1' }, now);
    const theirs = await uploadAttachment(community, pdf('not-yours'));
    await assert.rejects(
      recordSpending(w1, { ...ok, receiptAttachmentId: theirs.id }),
      refused('attachment.not_found', 'receiptAttachmentId'),
    );
    const word = await uploadAttachment(w1, docx());
    await assert.rejects(
      recordSpending(w1, { ...ok, receiptAttachmentId: word.id }),
      refused('spending.receipt_type', 'receiptAttachmentId'),
    );
    await assert.rejects(
      recordSpending(w1, { ...ok, receiptAttachmentId: receipts[0] as number }),
      refused('spending.receipt_used', 'receiptAttachmentId'),
    );
    assert.deepEqual(await counts(db), before);
  });

  it('the balance never goes below zero: more than it holds is refused naming amount and balance; all of it is allowed', async () => {
    const { db } = ctx.database;
    const before = await counts(db);
    await assert.rejects(recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: '购置桌椅', amount: '2600.01' }), (e: unknown) => {
      refused('spending.insufficient', 'amount')(e);
      const u = e as UserError;
      assert.match(u.text.zh, /2600\.01.*2600\.00/);
      assert.match(u.text.en, /2600\.01.*2600\.00/);
      assert.deepEqual([u.details?.amount, u.details?.balance, u.status], ['2600.01', '2600.00', 409]);
      return true;
    });
    assert.deepEqual(await counts(db), before);
    const all = await recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: '购置桌椅', amount: '2600.00' });
    assert.equal(all.balance, '0.00');
    await assert.rejects(
      recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: '打印', amount: '0.01' }),
      refused('spending.insufficient', 'amount'),
    );
    assert.equal(await accountBalance(db), '0.00');
  });

  it('the database itself refuses a spend transfer the grant cannot hold (ledger_account_no_overdraft)', async () => {
    const { db } = ctx.database;
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('jiangbu.actor', 'intruder', true)`);
        await tx.execute(sql`insert into ledger_transfer (kind, debit_account_id, credit_account_id, amount, claim_id)
          select 'spend', p.id, s.id, 1, 'W:W1' from ledger_account p, ledger_account s
          where p.code = ${W1_ACCOUNT} and s.code = 'spent:W:C1:committee:W1'`);
      }),
      (e: unknown) => {
        const d = dbError(e);
        assert.deepEqual([d.code, d.constraint], ['23514', 'ledger_account_no_overdraft'], d.message);
        return true;
      },
    );
  });

  it('a correction is a reversing transfer with its reason: the balance is restored, once; the entry stays', async () => {
    const { db } = ctx.database;
    const [big] = await rawRows<{ id: number }>(db, sql`select id from committee_spending where item = '购置桌椅'`);
    const id = big?.id as number;
    await assert.rejects(reverseSpending(w1, 'W1', id, '  '), refused('spending.reason', 'reason'));
    await assert.rejects(reverseSpending(w1, 'W1', 999999, '录入错误'), refused('spending.not_found'));
    const r = await reverseSpending(w1, 'W1', id, '金额录入错误，应为 260.00 元');
    assert.deepEqual(r, { id, committee: 'W1', reversed: '2600.00', balance: '2600.00' });
    await assert.rejects(reverseSpending(w1, 'W1', id, '再次冲正'), refused('spending.reversed'));
    const again = await recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: '购置桌椅', amount: '260.00' });
    assert.equal(again.balance, '2340.00');
    const [rev] = await rawRows<{ kind: string; note: string; debit: string; credit: string }>(
      db,
      sql`select tr.kind, tr.note, d.code as debit, c.code as credit from ledger_transfer tr join committee_spending s on s.transfer_id = tr.reverses_id
          join ledger_account d on d.id = tr.debit_account_id join ledger_account c on c.id = tr.credit_account_id where s.id = ${id}`,
    );
    assert.deepEqual(rev, { kind: 'reverse', note: '金额录入错误，应为 260.00 元', debit: 'spent:W:C1:committee:W1', credit: W1_ACCOUNT });
    const [events] = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_event where action in ('spending.reverse', 'ledger.reverse')`,
    );
    assert.equal(events?.n, 2);
  });

  it('the database refuses to edit, delete or empty a spending entry: a correction is a reversal, never an edit', async () => {
    const { db } = ctx.database;
    const rows = sql`select id, item, amount::text as amount from committee_spending order by id`;
    const before = await rawRows(db, rows);
    for (const stmt of [
      sql`update committee_spending set amount = 1 where id = (select min(id) from committee_spending)`,
      sql`update committee_spending set item = '改过的用途'`,
      sql`delete from committee_spending where id = (select max(id) from committee_spending)`,
      sql`truncate committee_spending`,
    ])
      await assert.rejects(db.execute(stmt), (e: unknown) => {
        const d = dbError(e);
        assert.equal(d.code, '23000', d.message);
        assert.match(d.message, /committee_spending is immutable/);
        return true;
      });
    assert.deepEqual(await rawRows(db, rows), before);
  });

  it('the ledger: every line in booking order with its running balance; the figures add up and match the account', async () => {
    const { db } = ctx.database;
    const l = await spendingLedger(db, w1.actor, 'W1');
    assert.deepEqual(
      l.lines.map((x) => [
        x.kind,
        x.date === TODAY || x.kind !== 'reversal' ? x.date : 'booked',
        x.item,
        x.amount,
        x.receipt,
        x.reversed,
        x.balance,
      ]),
      [
        ['received', GRANT_PAID_ON, null, '3000.00', false, false, '3000.00'],
        ['spent', '2025-06-12', '办公用品（纸、笔）', '350.50', true, false, '2649.50'],
        ['spent', TODAY, '会议茶水', '49.50', false, false, '2600.00'],
        ['spent', TODAY, '购置桌椅', '2600.00', false, true, '0.00'],
        ['reversal', 'booked', '购置桌椅', '2600.00', false, false, '2600.00'],
        ['spent', TODAY, '购置桌椅', '260.00', false, false, '2340.00'],
      ],
    );
    assert.deepEqual([l.received, l.spent, l.balance], ['3000.00', '660.00', '2340.00']);
    assert.equal(l.lines[4]?.reason, '金额录入错误，应为 260.00 元');
    assert.equal(l.lines[4]?.spendingId, l.lines[3]?.spendingId);
    assert.equal(l.lines[1]?.receiptAttachmentId, receipts[0]);
    assert.equal(l.lines[1]?.recordedBy, w1.actor.username);
    await assertAddsUp(db, l);
    // a page of it: the balances are those of the whole ledger
    const p = await spendingLedger(db, w1.actor, 'W1', { limit: 2, offset: 2 });
    assert.deepEqual([p.lines.map((x) => x.balance), p.page], [['2600.00', '0.00'], { total: 6, limit: 2, offset: 2 }]);
    // the public: the same lines, no receipt file and no name of whoever booked them
    const pub = await spendingLedger(db, null, 'W1');
    assert.deepEqual(
      pub.lines.map((x) => [x.kind, x.amount, x.receipt, x.balance]),
      l.lines.map((x) => [x.kind, x.amount, x.receipt, x.balance]),
    );
    for (const x of pub.lines) assert.ok(!('recordedBy' in x) && !('receiptAttachmentId' in x), JSON.stringify(x));
    assert.ok(!JSON.stringify(pub).includes(w1.actor.username));
  });

  it('scope: only W1 books its ledger; its community and the city read it; another committee or community finds nothing', async () => {
    const { db } = ctx.database;
    const one = { committee: 'W1', spentOn: TODAY, item: '打印', amount: '1.00' };
    const w2 = await contextOf(db, 'committee', { committee: 'W2' }, now);
    const c1 = await contextOf(db, 'community', { community: 'C1' }, now);
    const c2 = await contextOf(db, 'community', { community: 'C2' }, now);
    const bureau = await contextOf(db, 'bureau', undefined, now);
    const company = await contextOf(db, 'company', { company: 'P1' }, now);
    const before = await counts(db);
    await assert.rejects(recordSpending(w2, one), refused('committee.not_found'));
    await assert.rejects(recordSpending(c1, one), refused('auth.forbidden'));
    await assert.rejects(recordSpending(bureau, one), refused('auth.forbidden'));
    await assert.rejects(recordSpending(w1, { ...one, committee: 'W9' }), refused('committee.not_found'));
    await assert.rejects(reverseSpending(w2, 'W1', 1, '无'), refused('committee.not_found'));
    // W2 has no grant paid: a clear refusal, nothing written
    await assert.rejects(recordSpending(w2, { ...one, committee: 'W2' }), refused('spending.no_grant'));
    assert.deepEqual(await counts(db), before);
    for (const c of [w2, c2]) await assert.rejects(spendingLedger(db, c.actor, 'W1'), refused('committee.not_found'));
    await assert.rejects(spendingLedger(db, company.actor, 'W1'), refused('auth.forbidden'));
    for (const role of ['bureau', 'finance', 'auditor'] as const) {
      const l = await spendingLedger(db, (await contextOf(db, role, undefined, now)).actor, 'W1');
      assert.equal(l.balance, '2340.00', role);
    }
    assert.equal((await spendingLedger(db, c1.actor, 'W1')).balance, '2340.00');
    // W2's own ledger: nothing paid, nothing spent
    const empty = await spendingLedger(db, w2.actor, 'W2');
    assert.deepEqual([empty.paid, empty.received, empty.balance, empty.lines], [false, '0.00', '0.00', []]);
    // the receipt: to those who read the ledger (audited), not to others
    const [s] = await rawRows<{ id: number }>(db, sql`select id from committee_spending where receipt_attachment_id is not null`);
    const file = await spendingReceipt(c1, 'W1', s?.id as number);
    assert.deepEqual([file.mime, new TextDecoder().decode(file.bytes).startsWith('%PDF')], ['application/pdf', true]);
    await assert.rejects(spendingReceipt(c2, 'W1', s?.id as number), refused('committee.not_found'));
    const [noReceipt] = await rawRows<{ id: number }>(
      db,
      sql`select id from committee_spending where receipt_attachment_id is null limit 1`,
    );
    await assert.rejects(spendingReceipt(c1, 'W1', noReceipt?.id as number), refused('spending.receipt_not_found'));
    const [read] = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_event where action = 'attachment.read' and username = ${c1.actor.username}`,
    );
    assert.equal(read?.n, 1);
  });

  it('spends at the same moment (concurrent on PostgreSQL) never overdraw: exactly those the balance holds go through', async () => {
    const { db } = ctx.database;
    const use = (amount: string, i: number) => recordSpending(w1, { committee: 'W1', spentOn: TODAY, item: `并发支出 ${i}`, amount });
    const outcome = async (all: Promise<unknown>[]) => {
      const results = await Promise.allSettled(all);
      for (const r of results) if (r.status === 'rejected') refused('spending.insufficient', 'amount')(r.reason);
      return results.filter((r) => r.status === 'fulfilled').length;
    };
    // two that together exceed the 2340.00 left: exactly one
    assert.equal(await outcome([use('1200.00', 1), use('1200.00', 2)]), 1);
    assert.equal(await accountBalance(db), '1140.00');
    // twenty of 100.00 against 1140.00: exactly eleven
    assert.equal(await outcome(Array.from({ length: 20 }, (_, i) => use('100.00', i + 3))), 11);
    assert.equal(await accountBalance(db), '40.00');
    const [rows] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from committee_spending where item like '并发支出%'`);
    assert.equal(rows?.n, 12);
    await assertAddsUp(db, await spendingLedger(db, w1.actor, 'W1', { limit: MAX_PAGE }));
    // corrections and uses at once take the grant's account in one order: all go through, none deadlocks
    const hundreds = await rawRows<{ id: number }>(
      db,
      sql`select id from committee_spending where item like '并发支出%' and amount = 10000 order by id limit 5`,
    );
    assert.equal(hundreds.length, 5);
    const mixed = await Promise.allSettled([
      ...hundreds.map((h) => reverseSpending(w1, 'W1', h.id, '重复录入')),
      ...Array.from({ length: 5 }, (_, i) => use('8.00', 100 + i)),
    ]);
    assert.deepEqual(
      mixed.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    assert.equal(await accountBalance(db), '500.00');
    await assertAddsUp(db, await spendingLedger(db, w1.actor, 'W1', { limit: MAX_PAGE }));
  });

  it('every transfer has its audit event, and the chain holds', async () => {
    const { db } = ctx.database;
    const [n] = await rawRows<{ transfers: number; events: number; spendings: number; records: number }>(
      db,
      sql`select (select count(*)::int from ledger_transfer) as transfers,
                 (select count(*)::int from audit_event where action like 'ledger.%') as events,
                 (select count(*)::int from committee_spending) as spendings,
                 (select count(*)::int from audit_event where action = 'spending.record') as records`,
    );
    assert.equal(n?.events, n?.transfers);
    assert.equal(n?.records, n?.spendings);
    assert.equal((await verifyAudit(db)).ok, true);
  });
});
