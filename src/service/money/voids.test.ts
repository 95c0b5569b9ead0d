/**
 * Reservations given back, on both databases (demo city): a rejection after approval (W, F — F's
 * community quota too), an upheld objection (T); the bank's answer refused whole when a line does not
 * match, a returned line voided; a claim the budget can no longer hold is held out of the next batch
 * — and nothing of its attempt is left — until the budget is raised.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Db, rawRows } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import * as accounts from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import type { UserError } from '../../lib/errors.ts';
import { publicActor } from '../actor.ts';
import { verifyAudit } from '../audit.ts';
import { createUser } from '../auth/users.ts';
import { moveCase } from '../cases/move.ts';
import { viewCase } from '../cases/read.ts';
import type { ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';
import { lodgeObjection, resolveObjection } from '../notices.ts';
import { contextOf } from '../read/testing.ts';
import { seedRegistry } from '../seed.ts';
import { as } from '../testing.ts';
import { readBankResult, writeBankFile } from './bank-files.ts';
import { applyBankResult, approveBatch, bankFileRows, viewBatch } from './batches.ts';
import { type BudgetFigures, budgetFigures, setAppropriation } from './budgets.ts';
import { voidCaseClaim } from './claims.ts';
import { settle } from './settle.ts';

const AS_OF = '2026-03-10';
const PASSWORD = 'Settle-Batch-2026!q';
const code = (expected: string) => (e: unknown) => {
  assert.equal((e as UserError).code, expected, (e as Error).message);
  return true;
};

const claimOfCase = async (db: Db, caseNo: string) => {
  const [r] = await rawRows<{ claim_id: string; state: string; amount: string; year: number; community: string; programme: string }>(
    db,
    sql`select pc.claim_id, pc.state, pc.amount::text, pc.year, cm.code as community, pc.programme from payment_claim pc
        join "case" c on c.id = pc.case_id join community cm on cm.id = pc.community_id where c.case_no = ${caseNo}`,
  );
  assert.ok(r, `${caseNo} has a claim`);
  return r;
};

describeDb('reservations given back', (ctx, it) => {
  const now = () => new Date(`${AS_OF}T02:00:00Z`);
  const finance = (): ServiceContext => ({ db: ctx.database.db, actor: { username: 'fin-li', role: 'finance', channel: 'system' }, now });
  const figures = async (year: number, programme: string, community: string | null = null): Promise<BudgetFigures> => {
    const rows = await budgetFigures(ctx.database.db, finance().actor, { year });
    const r = rows.find((x) => x.programme === programme && (x.community?.code ?? null) === community);
    assert.ok(r, `${year} ${programme} ${community}`);
    assert.equal(parseYuan(r.appropriated), parseYuan(r.reserved) + parseYuan(r.paid) + parseYuan(r.remaining), JSON.stringify(r));
    return r;
  };
  const caseIn = async (type: string, state: string) => {
    const [r] = await rawRows<{ case_no: string }>(
      ctx.database.db,
      sql`select c.case_no from "case" c join payment_claim pc on pc.case_id = c.id
          where c.type = ${type} and c.state = ${state} and pc.state = 'reserved' order by c.id limit 1`,
    );
    assert.ok(r, `the demo has a reserved ${type} in ${state}`);
    return r.case_no;
  };

  it('seeds the demo city', async () => {
    const { db } = ctx.database;
    await seedRegistry(as(db), { kind: 'demo' }, { force: true });
    await createUser(as(db), { username: 'fin-li', role: 'finance', password: PASSWORD });
  });

  it('W rejected after approval: the reservation goes back to the budget', async () => {
    const { db } = ctx.database;
    const caseNo = await caseIn('grant', 'bureau_approved');
    const c = await claimOfCase(db, caseNo);
    const before = await figures(c.year, 'W');
    const bureau = await contextOf(db, 'bureau', undefined, now);
    await moveCase(bureau, caseNo, 'reject', { comment: '业委会未正常运行' });
    assert.equal((await claimOfCase(db, caseNo)).state, 'voided');
    const payment = (await viewCase(db, bureau, caseNo)).payment;
    assert.deepEqual(
      [payment?.status, payment?.batch, payment?.text.zh],
      ['voided', null, `预算占用已撤销（${formatFen(BigInt(c.amount))} 元已退回${c.year}年预算）`],
    );
    const after = await figures(c.year, 'W');
    assert.equal(parseYuan(after.reserved), parseYuan(before.reserved) - BigInt(c.amount));
    assert.equal(parseYuan(after.remaining), parseYuan(before.remaining) + BigInt(c.amount));
  });

  it('F rejected after publication: the budget and the community’s quota both get it back', async () => {
    const { db } = ctx.database;
    const caseNo = await caseIn('facility', 'published');
    const c = await claimOfCase(db, caseNo);
    const [budgetBefore, quotaBefore] = [await figures(c.year, 'F'), await figures(c.year, 'F', c.community)];
    await moveCase(await contextOf(db, 'bureau', undefined, now), caseNo, 'reject', { comment: '发票不符' });
    assert.equal((await claimOfCase(db, caseNo)).state, 'voided');
    const [budgetAfter, quotaAfter] = [await figures(c.year, 'F'), await figures(c.year, 'F', c.community)];
    assert.equal(parseYuan(budgetAfter.remaining) - parseYuan(budgetBefore.remaining), BigInt(c.amount));
    assert.equal(parseYuan(quotaAfter.remaining) - parseYuan(quotaBefore.remaining), BigInt(c.amount));
    assert.equal(parseYuan(quotaBefore.reserved) - parseYuan(quotaAfter.reserved), BigInt(c.amount));
    assert.equal(quotaAfter.appropriated, quotaBefore.appropriated);
  });

  it('T: an upheld objection voids the reservation and the case goes back to review', async () => {
    const { db } = ctx.database;
    const caseNo = await caseIn('claim', 'published');
    const c = await claimOfCase(db, caseNo);
    const before = await figures(c.year, 'T');
    const o = await lodgeObjection(
      { db, actor: publicActor('10.0.0.9'), now },
      { caseNo, name: '王五', contact: '13700000000', text: '服务未达标' },
    );
    const moved = await resolveObjection(await contextOf(db, 'bureau', undefined, now), o.id, 'upheld', '核实属实');
    assert.equal(moved.state, 'community_verified');
    assert.equal((await claimOfCase(db, caseNo)).state, 'voided');
    assert.equal(parseYuan((await figures(c.year, 'T')).remaining) - parseYuan(before.remaining), BigInt(c.amount));
  });

  it('W: upheld, then approved again — the same claim reserved anew, the ledger showing reserve, void, reserve', async () => {
    const { db } = ctx.database;
    const caseNo = await caseIn('grant', 'published');
    const c = await claimOfCase(db, caseNo);
    const before = await figures(c.year, 'W');
    const bureau = await contextOf(db, 'bureau', undefined, now);
    const o = await lodgeObjection(
      { db, actor: publicActor('10.0.0.8'), now },
      { caseNo, name: '赵六', contact: '13600000000', text: '备案不全' },
    );
    assert.equal((await resolveObjection(bureau, o.id, 'upheld', '备案材料缺失')).state, 'community_reviewed');
    assert.equal((await claimOfCase(db, caseNo)).state, 'voided');
    assert.equal(parseYuan((await figures(c.year, 'W')).remaining) - parseYuan(before.remaining), BigInt(c.amount));
    const again = await moveCase(bureau, caseNo, 'approve');
    assert.equal(again.state, 'bureau_approved');
    const claim = await claimOfCase(db, caseNo);
    assert.deepEqual([claim.claim_id, claim.state, claim.amount], [c.claim_id, 'reserved', c.amount]);
    assert.deepEqual(await figures(c.year, 'W'), before);
    const kinds = await rawRows<{ kind: string }>(db, sql`select kind from ledger_transfer where claim_id = ${c.claim_id} order by id`);
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['reserve', 'void', 'reserve'],
    );
  });

  it('a bank answer with a wrong amount is refused whole; a returned line voids its claim', async () => {
    const { db } = ctx.database;
    const made = await settle(finance(), { programme: 'W', period: '2024', asOf: AS_OF });
    assert.ok(made.batchNo);
    await approveBatch(finance(), made.batchNo, PASSWORD);
    const batch = await viewBatch(db, finance().actor, made.batchNo);
    assert.ok(batch.lines.length >= 2);
    const transfers = async () => (await rawRows<{ n: number }>(db, sql`select count(*)::int as n from ledger_transfer`))[0]?.n;
    const n0 = await transfers();
    const rows = batch.lines.map((l, i) => ({
      row: i + 2,
      seq: l.seq,
      accountNo: l.accountNo,
      amount: l.amount,
      outcome: 'paid' as const,
      reason: null as string | null,
    }));
    const bad = await applyBankResult(finance(), made.batchNo, [
      ...rows.slice(0, -1),
      { ...(rows.at(-1) as (typeof rows)[0]), amount: formatFen(parseYuan(rows.at(-1)?.amount ?? '0') + 1n) },
    ]);
    assert.equal(bad.problems.length, 1);
    assert.equal(bad.problems[0]?.column, '金额');
    assert.deepEqual([bad.paid, bad.settled], [0, false]);
    assert.equal(await transfers(), n0, 'nothing written');
    assert.ok((await viewBatch(db, finance().actor, made.batchNo)).lines.every((l) => l.result === 'pending'));
    // returned without a reason is refused; with one, applied
    const returned = { ...(rows[0] as (typeof rows)[0]), outcome: 'returned' as const };
    assert.equal((await applyBankResult(finance(), made.batchNo, [returned])).problems[0]?.column, '失败原因');
    const ok = await applyBankResult(finance(), made.batchNo, [{ ...returned, reason: '户名不符' }, ...rows.slice(1)]);
    assert.deepEqual([ok.paid, ok.returned, ok.settled, ok.problems], [rows.length - 1, 1, true, []]);
    const line = batch.lines[0];
    const [claim] = await db
      .select()
      .from(t.paymentClaims)
      .where(eq(t.paymentClaims.claimId, line?.claimId as string));
    assert.deepEqual([claim?.state, claim?.lastFailure], ['voided', '户名不符']);
    await figures(2024, 'W');
  });

  it('a returned claim the budget can no longer hold is held out of the next batch, nothing of the attempt kept; raised, it goes', async () => {
    const { db } = ctx.database;
    const before = await figures(2024, 'W');
    const committed = parseYuan(before.reserved) + parseYuan(before.paid);
    await setAppropriation(finance(), { year: 2024, programme: 'W', amount: formatFen(committed) });
    const [n0] = await rawRows<{ n: number; a: number }>(
      db,
      sql`select (select count(*)::int from ledger_transfer) as n, (select count(*)::int from audit_event) as a`,
    );
    const res = await settle(finance(), { programme: 'W', period: '2024', asOf: AS_OF });
    assert.equal(res.batchNo, null);
    assert.deepEqual(
      res.held.map((h) => h.code),
      ['budget.insufficient'],
    );
    const [claim] = await rawRows<{ state: string; last_failure: string }>(
      db,
      sql`select state, last_failure from payment_claim where state = 'voided' and last_failure = '户名不符'`,
    );
    assert.deepEqual(claim, { state: 'voided', last_failure: '户名不符' });
    const [n1] = await rawRows<{ n: number; a: number }>(
      db,
      sql`select (select count(*)::int from ledger_transfer) as n, (select count(*)::int from audit_event) as a`,
    );
    assert.equal(n1?.n, n0?.n, 'no transfer of the held attempt');
    assert.equal(n1?.a, (n0?.a ?? 0) + 1, 'only the settlement’s own audit event');
    await figures(2024, 'W');
    await setAppropriation(finance(), { year: 2024, programme: 'W', amount: before.appropriated });
    const again = await settle(finance(), { programme: 'W', period: '2024', asOf: AS_OF });
    assert.equal(again.batchNo, 'PB-2024-W-002');
    assert.deepEqual(again.held, []);
    // held by the new batch's pending line (the claim itself is reserved again): it cannot be voided; nor a paid one
    const held = (await viewBatch(db, finance().actor, 'PB-2024-W-002')).lines[0];
    const [heldCase] = await db
      .select({ id: t.paymentClaims.caseId, state: t.paymentClaims.state })
      .from(t.paymentClaims)
      .where(eq(t.paymentClaims.claimId, held?.claimId as string));
    assert.equal(heldCase?.state, 'reserved');
    const tryVoid = (caseId: number) => db.transaction((tx) => voidCaseClaim(tx as unknown as Db, finance(), caseId, 'test'));
    await assert.rejects(tryVoid(heldCase?.id as number), (e: UserError) => {
      assert.equal(e.code, 'claim.in_batch');
      assert.match(e.message, /已列入拨付批次 PB-2024-W-002 第 1 笔/);
      return true;
    });
    const [paid] = await db.select({ id: t.paymentClaims.caseId }).from(t.paymentClaims).where(eq(t.paymentClaims.state, 'paid')).limit(1);
    await assert.rejects(tryVoid(paid?.id as number), (e: UserError) => e.code === 'claim.in_batch' && /已拨付/.test(e.message));
    await figures(2024, 'W');
    await assert.rejects(setAppropriation(finance(), { year: 2024, programme: 'W', amount: '0.00' }), code('budget.below_committed'));
  });

  it('the bank’s answer read from its spreadsheet: amounts as numbers, 失败 with a reason; an unknown result refuses the file', async () => {
    const { db } = ctx.database;
    const batchNo = 'PB-2024-W-002';
    await approveBatch(finance(), batchNo, PASSWORD);
    const dir = mkdtempSync(join(tmpdir(), 'jiangbu-bank-'));
    try {
      const file = join(dir, 'bank.xlsx');
      await writeBankFile(file, await bankFileRows(finance(), batchNo));
      const batch = await viewBatch(db, finance().actor, batchNo);
      assert.ok(batch.lines.length > 0);
      const answer = async (outcome: string, reason: string | null) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        const ws = wb.worksheets[0] as ExcelJS.Worksheet;
        ws.eachRow((row, n) => {
          if (n === 1) return;
          row.getCell(6).value = Number(String(row.getCell(6).value)); // the bank's sheet holds numbers
          row.getCell(8).value = outcome;
          row.getCell(9).value = reason;
        });
        const out = join(dir, `answer-${outcome}.xlsx`);
        await wb.xlsx.writeFile(out);
        return out;
      };
      const unknown = await readBankResult(finance(), batchNo, await answer('处理中', null));
      assert.deepEqual(
        unknown.problems.map((p) => p.column),
        batch.lines.map(() => '处理结果'),
      );
      const res = await readBankResult(finance(), batchNo, await answer('失败', '账号不存在'));
      assert.deepEqual([res.failed, res.paid, res.problems, res.settled], [batch.lines.length, 0, [], true]);
      const [claim] = await db
        .select()
        .from(t.paymentClaims)
        .where(eq(t.paymentClaims.claimId, batch.lines[0]?.claimId as string));
      assert.deepEqual([claim?.state, claim?.lastFailure], ['voided', '账号不存在']);
      await figures(2024, 'W');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('F: an approval the community’s quota cannot hold is refused, though the F budget could, and nothing is written', async () => {
    const { db } = ctx.database;
    const [c] = await rawRows<{ case_no: string; community: string }>(
      db,
      sql`select c.case_no, cm.code as community from "case" c join community cm on cm.id = c.community_id
          where c.type = 'facility' and c.state = 'community_vetted' order by c.id limit 1`,
    );
    assert.ok(c, 'the demo has a facility subsidy to approve');
    const year = Number(AS_OF.slice(0, 4)); // D-22: the year of its submission
    const quota = await figures(year, 'F', c.community); // allotted at the community's first F approval of the year
    assert.ok(parseYuan(quota.remaining) > 0n);
    // what is left of the community's quota goes back to the year's quota source (as a correction would)
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('jiangbu.actor', 'fin-li', true)`);
      await post(tx, finance(), [
        {
          kind: 'allot',
          debit: accounts.quota(year, c.community),
          credit: accounts.quotaSource(year),
          amount: parseYuan(quota.remaining),
        },
      ]);
    });
    const budgetBefore = await figures(year, 'F');
    assert.ok(parseYuan(budgetBefore.remaining) > 0n);
    const count = async () =>
      rawRows(
        db,
        sql`select (select count(*)::int from ledger_transfer) as transfers, (select count(*)::int from payment_claim) as claims`,
      );
    const before = await count();
    await assert.rejects(moveCase(await contextOf(db, 'bureau', undefined, now), c.case_no, 'approve'), code('quota.insufficient'));
    assert.deepEqual(await count(), before);
    const [after] = await db.select({ state: t.cases.state }).from(t.cases).where(eq(t.cases.caseNo, c.case_no));
    assert.equal(after?.state, 'community_vetted');
    assert.deepEqual(await figures(year, 'F'), budgetBefore);
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
});
