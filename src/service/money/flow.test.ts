/**
 * Step 4's money flow on both databases, on the demo city (its payable T, W and F claims are made
 * through the case workflows, each approval reserving its amount): the budget figures add up; a T
 * settlement freezes the engine's amounts; nothing new makes no batch; approval needs the password
 * again; a bank failure voids the line's claim, which comes back in the next batch with its reason;
 * W and F settle by year. Then what the database itself refuses: a second payment, a changed or
 * deleted transfer, a balance written by hand, a budget cut below what is committed, an approval the
 * budget cannot hold.
 */
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import * as accounts from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import type { UserError } from '../../lib/errors.ts';
import { renderApprovalForm } from '../../settlement/approval-form.ts';
import type { Actor } from '../actor.ts';
import { verifyAudit } from '../audit.ts';
import { createUser } from '../auth/users.ts';
import { calcFromDb } from '../calc-db.ts';
import { moveCase } from '../cases/move.ts';
import { viewCase } from '../cases/read.ts';
import type { ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';
import { contextOf } from '../read/testing.ts';
import { seedRegistry } from '../seed.ts';
import { as } from '../testing.ts';
import { applyBankResult, approvalFormData, approveBatch, bankFileRows, viewBatch } from './batches.ts';
import { budgetFigures, setAppropriation } from './budgets.ts';
import { batchLineExplanation } from './line-explanation.ts';
import { settle } from './settle.ts';

const code = (expected: string) => (e: unknown) => {
  assert.equal((e as UserError).code, expected, (e as Error).message);
  return true;
};
/** The database refused it: the SQLSTATE (and, when given, the constraint) of the error. */
const refusedBy = (sqlstate: string, constraint?: string) => (e: unknown) => {
  const d = dbError(e);
  assert.equal(d.code, sqlstate, d.message);
  if (constraint) assert.equal(d.constraint, constraint);
  return true;
};

const AS_OF = '2026-03-10'; // the demo's first notices closed on 2026-03-08
const PASSWORD = 'Settle-Batch-2026!q';

/** appropriated = reserved + paid + remaining, for every programme row and every F quota row. */
async function assertFiguresAddUp(db: Db) {
  const rows = await budgetFigures(db, { username: 'x', role: 'finance', channel: 'system' });
  assert.ok(
    rows.some((r) => r.community !== null),
    'F quota rows are there',
  );
  for (const r of rows)
    assert.equal(
      parseYuan(r.appropriated),
      parseYuan(r.reserved) + parseYuan(r.paid) + parseYuan(r.remaining),
      `${r.year} ${r.programme} ${r.community?.code ?? ''}: ${JSON.stringify(r)}`,
    );
  return rows;
}

describeDb('money flow', (ctx, it) => {
  const now = () => new Date(`${AS_OF}T02:00:00Z`);
  const finance = (): ServiceContext => ({
    db: ctx.database.db,
    actor: { username: 'fin-zhang', role: 'finance', channel: 'system' } satisfies Actor,
    now,
  });
  let firstBatch = '';

  it('seeds the demo city: every reservation is in the ledger and the budgets add up', async () => {
    const { db } = ctx.database;
    await seedRegistry(as(db), { kind: 'demo' }, { force: true });
    await createUser(as(db), { username: 'fin-zhang', role: 'finance', password: PASSWORD, displayName: '张会计' });
    const rows = await assertFiguresAddUp(db);
    const t2025 = rows.find((r) => r.year === 2025 && r.programme === 'T' && r.community === null);
    const [reserved] = await rawRows<{ s: string }>(
      db,
      sql`select coalesce(sum(amount), 0)::text as s from payment_claim where programme = 'T' and year = 2025 and state = 'reserved'`,
    );
    assert.equal(t2025?.reserved, formatFen(BigInt(reserved?.s ?? '0')));
    assert.equal(t2025?.appropriated, '1500000.00');
    assert.equal(t2025?.paid, '0.00');
  });

  it('settle T 2025H1: a batch of the payable claims, each line the engine’s amount; the claims stay reserved, held by their lines', async () => {
    const { db } = ctx.database;
    const payable = await rawRows<{ claim_id: string; subject: string; amount: string }>(
      db,
      sql`select pc.claim_id, pc.subject, pc.amount::text from "case" c join payment_claim pc on pc.case_id = c.id
          join public_notice n on n.id = c.notice_id
          where c.type = 'claim' and c.state = 'payable' and c.period = '2025H1' and n.closes_on < ${AS_OF}::date order by c.id`,
    );
    assert.ok(payable.length >= 2, 'the demo has payable T claims of 2025H1');
    const res = await settle(finance(), { programme: 'T', period: '2025H1', asOf: AS_OF });
    assert.equal(res.batchNo, 'PB-2025H1-T-001');
    assert.deepEqual(res.held, []);
    firstBatch = res.batchNo as string;
    const batch = await viewBatch(db, finance().actor, firstBatch);
    assert.equal(batch.state, 'draft');
    assert.equal(batch.lineCount, payable.length);
    assert.deepEqual(
      batch.lines.map((l) => l.claimId),
      payable.map((p) => p.claim_id),
    );
    // the engine, asked on its own, gives each line's amount
    const calc = await calcFromDb(db, AS_OF);
    assert.ok(calc.ok);
    const engine = new Map(calc.value.lines.filter((l) => l.program === 'T').map((l) => [`${l.subject}:${l.period}`, l.amount]));
    for (const l of batch.lines) assert.equal(l.amount, engine.get(`${l.subject}:${l.period}`), l.claimId);
    assert.equal(batch.total, formatFen(batch.lines.reduce((s, l) => s + parseYuan(l.amount), 0n)));
    const states = await db.select({ id: t.paymentClaims.claimId, state: t.paymentClaims.state }).from(t.paymentClaims);
    const inBatch = new Set(batch.lines.map((l) => l.claimId));
    // held by the batch through their pending lines: the claims themselves stay reserved (schema-money.ts)
    for (const s of states) if (inBatch.has(s.id)) assert.equal(s.state, 'reserved', s.id);
    await assertFiguresAddUp(db);
  });

  it('a T line froze its decision in codes; its explanation is rebuilt in full on demand; lines come by page', async () => {
    const { db } = ctx.database;
    const batch = await viewBatch(db, finance().actor, firstBatch);
    for (const l of batch.lines) {
      const x = await batchLineExplanation(db, finance().actor, firstBatch, l.seq);
      assert.deepEqual(
        [x.subject, x.period, x.amount, (x.frozen as { path: string }).path, x.rebuiltMatches],
        [l.subject, l.period, l.amount, 'columnar', true],
      );
      assert.equal(x.explanation?.zh.amount, l.amount);
      assert.ok((x.explanation?.zh.trace?.length ?? 0) > 0, 'the trace is rebuilt');
      assert.ok(x.explanation?.en.every((r) => r.text.length > 0));
      assert.deepEqual(
        (x.frozen as { reasons: string[] }).reasons,
        x.explanation?.zh.reasons.map((r) => r.code),
      );
      assert.ok(x.caseDecision, 'the case keeps the record it was approved with');
    }
    await assert.rejects(batchLineExplanation(db, finance().actor, firstBatch, 9999), code('batch.line_not_found'));
    await assert.rejects(
      batchLineExplanation(db, { username: 'c', role: 'community', channel: 'system' }, firstBatch, 1),
      code('auth.forbidden'),
    );
    const page = await viewBatch(db, finance().actor, firstBatch, { offset: 1, limit: 1 });
    assert.deepEqual(
      page.lines.map((l) => l.seq),
      [2],
    );
    assert.equal(page.lineCount, batch.lineCount);
  });

  it('a second settlement with nothing new makes no batch', async () => {
    const res = await settle(finance(), { programme: 'T', period: '2025H1', asOf: AS_OF });
    assert.deepEqual(res, { batchNo: null, lines: 0, held: [] });
    const [n] = await rawRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from settlement_batch`);
    assert.equal(Number(n?.n), 1);
  });

  it('approval needs the password again: wrong refused, right approves; no bank file before', async () => {
    await assert.rejects(bankFileRows(finance(), firstBatch), code('batch.not_approved'));
    await assert.rejects(approveBatch(finance(), firstBatch, 'wrong-password'), code('batch.password'));
    assert.equal((await viewBatch(ctx.database.db, finance().actor, firstBatch)).state, 'draft');
    const ok = await approveBatch(finance(), firstBatch, PASSWORD);
    assert.deepEqual([ok.state, ok.approvedBy], ['approved', 'fin-zhang']);
    await assert.rejects(approveBatch(finance(), firstBatch, PASSWORD), code('batch.state'));
  });

  it('the 拨付审批表 lists each line of a small batch; a large one sums its lines by payee account, adding up', async () => {
    const batch = await viewBatch(ctx.database.db, finance().actor, firstBatch);
    const each = await approvalFormData(finance(), firstBatch);
    assert.deepEqual(
      each.lines.map((l) => [l.subject, l.amount]),
      batch.lines.map((l) => [l.subject, l.amount]),
    );
    const payees = new Set(batch.lines.map((l) => l.payee));
    assert.ok(payees.size < batch.lineCount, 'the demo batch pays some payee more than once');
    const grouped = await approvalFormData(finance(), firstBatch, payees.size);
    assert.equal(grouped.lineCount, batch.lineCount);
    assert.deepEqual(grouped.lines.map((l) => l.payee).sort(), [...payees].sort());
    assert.equal(
      grouped.lines.reduce((n, l) => n + (l.lines ?? 0), 0),
      batch.lineCount,
    );
    assert.equal(formatFen(grouped.lines.reduce((s, l) => s + parseYuan(l.amount), 0n)), batch.total);
    for (const p of grouped.lines) {
      const mine = batch.lines.filter((l) => l.payee === p.payee);
      assert.equal(p.lines, mine.length);
      assert.equal(p.amount, formatFen(mine.reduce((s, l) => s + parseYuan(l.amount), 0n)));
    }
    const html = renderApprovalForm(grouped);
    assert.ok(html.includes(`${batch.lineCount} 笔`) && html.includes('逐笔明细见银行支付文件'));
  });

  it('bank result with one failure: paid lines paid, the failed claim voided and back in the next batch, reason kept', async () => {
    const { db } = ctx.database;
    const file = await bankFileRows(finance(), firstBatch);
    const rows: unknown[][] = [];
    for await (const r of file.rows) rows.push(r);
    const batch = await viewBatch(db, finance().actor, firstBatch);
    assert.equal(rows.length, batch.lineCount);
    assert.deepEqual(
      rows.map((r) => [r[0], r[3], r[5]]),
      batch.lines.map((l) => [l.seq, l.accountNo, l.amount]),
      'the bank file holds every line, in order, with its account and amount',
    );
    const failed = batch.lines[0];
    assert.ok(failed);
    const answer = batch.lines.map((l, i) => ({
      row: i + 2,
      seq: l.seq,
      accountNo: l.accountNo,
      amount: l.amount,
      outcome: l.seq === failed.seq ? ('failed' as const) : ('paid' as const),
      reason: l.seq === failed.seq ? '账户已销户' : null,
    }));
    const result = await applyBankResult(finance(), firstBatch, answer);
    assert.deepEqual(result, { paid: batch.lineCount - 1, failed: 1, returned: 0, unchanged: 0, problems: [], settled: true });
    const transfers = sql`select count(*)::int as n from ledger_transfer`;
    const before = await rawRows(db, transfers);
    // the same answer again (a clerk imports the file twice) changes nothing; a different one is refused
    assert.deepEqual(await applyBankResult(finance(), firstBatch, answer), {
      paid: 0,
      failed: 0,
      returned: 0,
      unchanged: batch.lineCount,
      problems: [],
      settled: true,
    });
    const changed = await applyBankResult(finance(), firstBatch, [{ ...(answer[0] as (typeof answer)[0]), outcome: 'paid', reason: null }]);
    assert.deepEqual(
      changed.problems.map((p) => [p.row, p.column]),
      [[2, '处理结果']],
    );
    assert.deepEqual(await rawRows(db, transfers), before);
    const [claim] = await db.select().from(t.paymentClaims).where(eq(t.paymentClaims.claimId, failed.claimId));
    assert.deepEqual([claim?.state, claim?.lastFailure], ['voided', '账户已销户']);
    // the cases stay payable (no workflow state for money); their view says where the money is
    const caseNoOf = async (claimId: string) => {
      const [c] = await rawRows<{ case_no: string }>(
        db,
        sql`select c.case_no from "case" c join payment_claim pc on pc.case_id = c.id where pc.claim_id = ${claimId}`,
      );
      return c?.case_no as string;
    };
    const paidLine = batch.lines.find((l) => l !== failed);
    assert.ok(paidLine);
    const paidView = await viewCase(db, finance(), await caseNoOf(paidLine.claimId));
    assert.equal(paidView.state, 'payable');
    assert.deepEqual(paidView.payment, {
      claimId: paidLine.claimId,
      budgetYear: 2025,
      amount: paidLine.amount,
      status: 'paid',
      batch: { batchNo: firstBatch, seq: paidLine.seq, state: 'settled' },
      paidOn: '2026-03-10',
      failure: null,
      text: {
        zh: `已于 2026-03-10 拨付 ${paidLine.amount} 元（${firstBatch} 第 ${paidLine.seq} 笔）`,
        en: `paid ${paidLine.amount} on 2026-03-10 (${firstBatch}, line ${paidLine.seq})`,
      },
    });
    const failedCase = await caseNoOf(failed.claimId);
    const bankFailed = (await viewCase(db, finance(), failedCase)).payment;
    assert.deepEqual(
      [bankFailed?.status, bankFailed?.batch, bankFailed?.paidOn, bankFailed?.failure, bankFailed?.text.zh],
      [
        'bank_failed',
        { batchNo: firstBatch, seq: failed.seq, state: 'settled' },
        null,
        { result: 'failed', reason: '账户已销户', batchNo: firstBatch, seq: failed.seq, on: '2026-03-10' },
        `银行支付失败（账户已销户，${firstBatch} 第 ${failed.seq} 笔）：将在下一拨付批次中重新拨付`,
      ],
    );
    const figures = await assertFiguresAddUp(db);
    const t2025 = figures.find((r) => r.year === 2025 && r.programme === 'T' && r.community === null);
    const paid = batch.lines.filter((l) => l !== failed).reduce((s, l) => s + parseYuan(l.amount), 0n);
    assert.equal(t2025?.paid, formatFen(paid));
    // the next settlement takes it again (reserving it anew), and the claim keeps why it failed
    const next = await settle(finance(), { programme: 'T', period: '2025H1', asOf: AS_OF });
    assert.equal(next.batchNo, 'PB-2025H1-T-002');
    const again = await viewBatch(db, finance().actor, next.batchNo as string);
    assert.deepEqual(
      again.lines.map((l) => [l.claimId, l.amount]),
      [[failed.claimId, failed.amount]],
    );
    const [claim2] = await db.select().from(t.paymentClaims).where(eq(t.paymentClaims.claimId, failed.claimId));
    assert.deepEqual([claim2?.state, claim2?.lastFailure], ['reserved', '账户已销户']);
    const batchedAgain = (await viewCase(db, finance(), failedCase)).payment;
    assert.deepEqual(
      [batchedAgain?.status, batchedAgain?.batch, batchedAgain?.failure?.batchNo, batchedAgain?.text.zh],
      [
        'batched',
        { batchNo: 'PB-2025H1-T-002', seq: 1, state: 'draft' },
        firstBatch,
        `已列入拨付批次 PB-2025H1-T-002 第 1 笔（待财政局审批）；上次银行支付失败：账户已销户`,
      ],
    );
    // a result approved and published, in no batch yet: its amount reserved in the budget
    const [published] = await rawRows<{ case_no: string; amount: string; year: number }>(
      db,
      sql`select c.case_no, pc.amount::text as amount, pc.year from "case" c join payment_claim pc on pc.case_id = c.id
          where c.state = 'published' and pc.state = 'reserved' order by c.id limit 1`,
    );
    assert.ok(published, 'the demo has a published result');
    const reserved = (await viewCase(db, finance(), published.case_no)).payment;
    const yuan = formatFen(BigInt(published.amount));
    assert.deepEqual(
      [reserved?.status, reserved?.batch, reserved?.text],
      [
        'reserved',
        null,
        {
          zh: `已批准，${published.year}年预算已占用 ${yuan} 元，待列入拨付批次`,
          en: `approved: ${yuan} reserved in the ${published.year} budget, not in a batch yet`,
        },
      ],
    );
    await assertFiguresAddUp(db);
  });

  it('W and F settle by year (the claim’s budget year, D-22)', async () => {
    const { db } = ctx.database;
    const w = await settle(finance(), { programme: 'W', period: '2024', asOf: AS_OF });
    assert.equal(w.batchNo, 'PB-2024-W-001');
    const wb = await viewBatch(db, finance().actor, w.batchNo as string);
    assert.ok(wb.lines.length > 0 && wb.lines.every((l) => l.claimId.startsWith('W:') && l.period === null && l.payeeType === 'committee'));
    const [wYears] = await rawRows<{ years: string }>(
      db,
      sql`select string_agg(distinct year::text, ',') as years from payment_claim where claim_id in (select claim_id from settlement_batch_line where batch_id = (select id from settlement_batch where batch_no = ${w.batchNo}))`,
    );
    assert.equal(wYears?.years, '2024');
    assert.deepEqual(await settle(finance(), { programme: 'W', period: '2025', asOf: AS_OF }), { batchNo: null, lines: 0, held: [] });
    const f = await settle(finance(), { programme: 'F', period: '2026', asOf: AS_OF });
    assert.equal(f.batchNo, 'PB-2026-F-001');
    const fb = await viewBatch(db, finance().actor, f.batchNo as string);
    assert.ok(fb.lines.length > 0 && fb.lines.every((l) => l.claimId.startsWith('F:') && l.payeeType === 'community'));
    await assertFiguresAddUp(db);
  });

  it('F paid, then a community’s quota corrected (part of its allotment reversed, then topped up): every figure adds up', async () => {
    const { db } = ctx.database;
    const [batch] = await db.select().from(t.settlementBatches).where(eq(t.settlementBatches.batchNo, 'PB-2026-F-001'));
    assert.ok(batch);
    await approveBatch(finance(), batch.batchNo, PASSWORD);
    const lines = (await viewBatch(db, finance().actor, batch.batchNo)).lines;
    await applyBankResult(
      finance(),
      batch.batchNo,
      lines.map((l, i) => ({ row: i + 2, seq: l.seq, accountNo: l.accountNo, amount: l.amount, outcome: 'paid' as const, reason: null })),
    );
    const quotaRow = async (community: string) => {
      const r = (await assertFiguresAddUp(db)).find((x) => x.year === 2026 && x.community?.code === community);
      assert.ok(r, community);
      return r;
    };
    const [paid] = await rawRows<{ community: string }>(
      db,
      sql`select cm.code as community from payment_claim pc join community cm on cm.id = pc.community_id
          where pc.programme = 'F' and pc.year = 2026 and pc.state = 'paid' order by pc.claim_id limit 1`,
    );
    assert.ok(paid, 'an F claim of 2026 is paid');
    const before = await quotaRow(paid.community);
    assert.ok(parseYuan(before.paid) > 0n && parseYuan(before.remaining) > 100n, JSON.stringify(before));
    const [allot] = await rawRows<{ id: number }>(
      db,
      sql`select tr.id from ledger_transfer tr join ledger_account a on a.id = tr.credit_account_id
          where tr.kind = 'allot' and a.code = ${accounts.quota(2026, paid.community).code}`,
    );
    const correct = (postings: Parameters<typeof post>[2], reversesId?: number) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('jiangbu.actor', 'fin-zhang', true)`);
        await post(tx, finance(), postings, reversesId === undefined ? {} : { reversesId });
      });
    // a correction is a new transfer: 1.00 of the allotment back to the quota source …
    await correct(
      [{ kind: 'reverse', debit: accounts.quota(2026, paid.community), credit: accounts.quotaSource(2026), amount: 100n }],
      Number(allot?.id),
    );
    const cut = await quotaRow(paid.community);
    assert.deepEqual(
      [cut.appropriated, cut.remaining, cut.reserved, cut.paid],
      [formatFen(parseYuan(before.appropriated) - 100n), formatFen(parseYuan(before.remaining) - 100n), before.reserved, before.paid],
    );
    // … and 2.50 more allotted
    await correct([{ kind: 'allot', debit: accounts.quotaSource(2026), credit: accounts.quota(2026, paid.community), amount: 250n }]);
    const topped = await quotaRow(paid.community);
    assert.equal(topped.appropriated, formatFen(parseYuan(before.appropriated) + 150n));
  });

  it('a second payment of a claim is refused by the database, through post and by raw SQL', async () => {
    const { db } = ctx.database;
    const [paid] = await db.select().from(t.paymentClaims).where(eq(t.paymentClaims.state, 'paid')).limit(1);
    assert.ok(paid);
    // through the writer: a pay transfer for the same claim, from an account that holds money
    await assert.rejects(
      db.transaction(async (tx) => {
        // what command() does first: the transaction's actor
        await tx.execute(sql`select set_config('jiangbu.actor', 'fin-zhang', true)`);
        return post(
          tx,
          finance(),
          [{ kind: 'pay', debit: accounts.budget(paid.year, 'T'), credit: accounts.source(paid.year, 'T'), amount: 1n }],
          {
            claimId: paid.claimId,
          },
        );
      }),
      code('ledger.paid_twice'),
    );
    // by hand
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('jiangbu.actor', 'intruder', true)`);
        await tx.execute(sql`insert into ledger_transfer (kind, debit_account_id, credit_account_id, amount, claim_id)
          select 'pay', b.id, s.id, 1, ${paid.claimId} from ledger_account b, ledger_account s
          where b.code = ${accounts.budget(paid.year, 'T').code} and s.code = ${accounts.source(paid.year, 'T').code}`);
      }),
      refusedBy('23505', 'ledger_transfer_pay_once'),
    );
  });

  it('transfers cannot be changed, deleted or truncated; balances cannot be written by hand', async () => {
    const { db } = ctx.database;
    const before = await rawRows<{ n: number; s: string }>(db, sql`select count(*)::int as n, sum(amount)::text as s from ledger_transfer`);
    for (const stmt of [
      sql`update ledger_transfer set amount = amount + 100 where id = (select min(id) from ledger_transfer)`,
      sql`delete from ledger_transfer where id = (select max(id) from ledger_transfer)`,
      sql`truncate ledger_transfer cascade`,
      sql`update ledger_account set credits_posted = credits_posted + 100000000 where code = 'budget:2025:T'`,
      sql`update ledger_account set no_overdraft = false where code = 'budget:2025:T'`,
    ])
      await assert.rejects(db.execute(stmt), refusedBy('23000'));
    assert.deepEqual(
      await rawRows<{ n: number; s: string }>(db, sql`select count(*)::int as n, sum(amount)::text as s from ledger_transfer`),
      before,
    );
    await assertFiguresAddUp(db);
  });

  it('a budget cut below what is reserved and paid is refused; down to it is allowed', async () => {
    const { db } = ctx.database;
    const row = (await budgetFigures(db, finance().actor, { year: 2025 })).find((r) => r.programme === 'T' && r.community === null);
    assert.ok(row);
    const committed = parseYuan(row.reserved) + parseYuan(row.paid);
    assert.ok(committed > 0n);
    await assert.rejects(
      setAppropriation(finance(), { year: 2025, programme: 'T', amount: formatFen(committed - 1n) }),
      code('budget.below_committed'),
    );
    assert.equal(
      (await budgetFigures(db, finance().actor, { year: 2025 })).find((r) => r.programme === 'T')?.appropriated,
      row.appropriated,
    );
    await setAppropriation(finance(), { year: 2025, programme: 'T', amount: formatFen(committed) });
    await setAppropriation(finance(), { year: 2025, programme: 'T', amount: row.appropriated });
    await assertFiguresAddUp(db);
  });

  it('an approval the budget cannot hold is refused, and nothing is written', async () => {
    const { db } = ctx.database;
    // a W grant waiting for the bureau's approval
    const [c] = await rawRows<{ case_no: string; code: string }>(
      db,
      sql`select c.case_no, w.code from "case" c join committee w on w.id = c.committee_id
          where c.type = 'grant' and c.state = 'community_reviewed' order by c.id limit 1`,
    );
    assert.ok(c, 'the demo has a grant to approve');
    const bureau = await contextOf(db, 'bureau', undefined, now);
    const calc = await calcFromDb(db, AS_OF);
    assert.ok(calc.ok);
    const line = calc.value.lines.find((l) => l.program === 'W' && l.subject === c.code) as { payableFrom?: string } | undefined;
    const year = Number(line?.payableFrom?.slice(0, 4));
    assert.ok(year >= 2024, JSON.stringify(line));
    const row = (await budgetFigures(db, finance().actor, { year })).find((r) => r.programme === 'W');
    assert.ok(row);
    const committed = parseYuan(row.reserved) + parseYuan(row.paid);
    await setAppropriation(finance(), { year, programme: 'W', amount: formatFen(committed) }); // nothing left
    const count = async () =>
      rawRows(
        db,
        sql`select (select count(*)::int from ledger_transfer) as transfers, (select count(*)::int from payment_claim) as claims`,
      );
    const before = await count();
    await assert.rejects(moveCase(bureau, c.case_no, 'approve'), (e: unknown) => {
      code('budget.insufficient')(e);
      // the programme by its one name (src/registry/labels.ts, docs/glossary.md)
      assert.match((e as UserError).messageIn('zh'), new RegExp(`^${year}年业委会一次性补助预算余额不足`));
      assert.match((e as UserError).messageIn('en'), /the committee grant \(W\) is short/);
      return true;
    });
    const [after] = await db.select({ state: t.cases.state }).from(t.cases).where(eq(t.cases.caseNo, c.case_no));
    assert.equal(after?.state, 'community_reviewed');
    assert.deepEqual(await count(), before);
    // with the budget back, the same approval goes through and reserves
    await setAppropriation(finance(), { year, programme: 'W', amount: row.appropriated });
    const approved = await moveCase(bureau, c.case_no, 'approve');
    assert.equal(approved.state, 'bureau_approved');
    await assertFiguresAddUp(db);
  });

  it('every money step is in the audit trail, and the chain holds', async () => {
    const { db } = ctx.database;
    const [n] = await rawRows<{ transfers: number; events: number }>(
      db,
      sql`select (select count(*)::int from ledger_transfer) as transfers,
                 (select count(*)::int from audit_event where action like 'ledger.%' and object_id in (select id::text from ledger_transfer)) as events`,
    );
    assert.equal(n?.events, n?.transfers);
    assert.equal((await verifyAudit(db)).ok, true);
  });

  it('a seed replaces the ledger as a whole (the one TRUNCATE it allows): the budgets start again from the appropriations', async () => {
    const { db } = ctx.database;
    await seedRegistry(as(db), { kind: 'demo' }, { force: true });
    const [n] = await rawRows<{ batches: number; pays: number }>(
      db,
      sql`select (select count(*)::int from settlement_batch) as batches, (select count(*)::int from ledger_transfer where kind = 'pay') as pays`,
    );
    assert.deepEqual(n, { batches: 0, pays: 0 });
    const rows = await assertFiguresAddUp(db);
    assert.deepEqual(
      rows.filter((r) => r.community === null).map((r) => `${r.year}${r.programme}:${r.appropriated}:${r.paid}`),
      [2024, 2025, 2026].flatMap((y) => [`${y}F:1000000.00:0.00`, `${y}T:1500000.00:0.00`, `${y}W:100000.00:0.00`]),
    );
  });
});
