/**
 * The finance bureau's budget sheet (年度预算), on both databases: a template reads back empty; a good
 * file appropriates each row through the ledger with its audit event; the same file again moves nothing;
 * a changed amount moves only the difference; every kind of bad row is reported by row and column and
 * leaves every budget as it was (all or nothing), a cut below what is committed with the very refusal of
 * `jiangbu budget set`; only finance imports it; an export imports back unchanged.
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import { describeDb } from '../../db/testing.ts';
import ExcelJS from '../../excel/exceljs.ts';
import { SHEETS } from '../../excel/sheets.ts';
import { writeTemplate } from '../../excel/workbook.ts';
import { reserve } from '../../ledger/postings.ts';
import type { UserError } from '../../lib/errors.ts';
import { compound, scenario } from '../../rules/scenario/fixtures.ts';
import type { Role } from '../actor.ts';
import { verifyAudit } from '../audit.ts';
import { command } from '../command.ts';
import { post } from '../ledger.ts';
import { exportBudgets } from '../money/budget-files.ts';
import { budgetFigures, setAppropriation } from '../money/budgets.ts';
import { as, seedScenario, testActor } from '../testing.ts';
import { MAX_BUDGET_ROWS } from './budgets.ts';
import { importFile } from './index.ts';
import { type Row, sheetFile, xlsxDir } from './testing.ts';

const AMOUNT = '预算金额（元）';
const row = (年度: unknown, 项目: unknown, amount: unknown, 备注?: string): Row => ({
  年度,
  项目,
  [AMOUNT]: amount,
  ...(备注 === undefined ? {} : { 备注 }),
});

describeDb('budget import', (ctx, it) => {
  const finance = (role: Role = 'finance') => as(ctx.database.db, testActor(role, `fin-${role}`));
  const imp = async (rows: Row[], role: Role = 'finance') => importFile(finance(role), 'budgets', await sheetFile('budgets', rows));
  const errors = (r: { errors: { row: number; column: string; value: string; message: string }[] }) =>
    r.errors.map((e) => [e.row, e.column, e.value, e.message].filter((x) => x !== '').join(' '));
  /** What an import may change: the budgets, the transfers, the audit trail. */
  const state = (db: Db) =>
    rawRows<{ budgets: string | null; transfers: number; events: number }>(
      db,
      sql`select (select string_agg(year || programme || '=' || amount || '@v' || version, ',' order by year, programme) from budget) as budgets,
                 (select count(*)::int from ledger_transfer) as transfers, (select count(*)::int from audit_event) as events`,
    );
  const appropriated = async (year: number) =>
    Object.fromEntries(
      (await budgetFigures(ctx.database.db, finance().actor, { year }))
        .filter((f) => f.community === null)
        .map((f) => [f.programme, f.appropriated]),
    );

  it('the template reads back as a file of no rows', async () => {
    await seedScenario(ctx.database.db, scenario({ compounds: [compound({ id: 'X1' })] }), { budget: false });
    const file = join(xlsxDir, 'budget-template.xlsx');
    const out = createWriteStream(file);
    await writeTemplate(SHEETS.budgets, out);
    out.end();
    await finished(out);
    const r = await importFile(finance(), 'budgets', file);
    assert.deepEqual([r.applied, r.rows, r.errors, r.warnings], [true, 0, [], []]);
  });

  it('a good file: each row appropriated through the ledger, with its audit event and note', async () => {
    const { db } = ctx.database;
    const r = await imp([
      row(2025, 'T', '1500000.00', '二财预〔2025〕3号'),
      row('2025年', '业委会一次性补助', 60000),
      row(2025, 'f', '1,000,000'),
      row('２０２６', 'T（企业承接奖补）', '800000.5'),
    ]);
    assert.deepEqual([r.applied, r.created, r.updated, r.unchanged, r.errors], [true, 4, 0, 0, []]);
    assert.deepEqual(await appropriated(2025), { T: '1500000.00', W: '60000.00', F: '1000000.00' });
    assert.deepEqual(await appropriated(2026), { T: '800000.50' });
    const transfers = await rawRows<{ note: string; amount: string }>(
      db,
      sql`select note, amount::text from ledger_transfer where kind = 'appropriate' order by id`,
    );
    assert.deepEqual(
      transfers.map((x) => [x.note, x.amount]),
      [
        ['2025年T预算 0.00 → 1500000.00（二财预〔2025〕3号）', '150000000'],
        ['2025年W预算 0.00 → 60000.00', '6000000'],
        ['2025年F预算 0.00 → 1000000.00', '100000000'],
        ['2026年T预算 0.00 → 800000.50', '80000050'],
      ],
    );
    const events = await rawRows<{ action: string; object_id: string; username: string }>(
      db,
      sql`select action, object_id, username from audit_event where action in ('budget.appropriate', 'import.budgets') order by seq`,
    );
    assert.deepEqual(
      events.slice(-5).map((e) => `${e.action} ${e.object_id} ${e.username}`), // after the template's import
      [
        'budget.appropriate 2025:T fin-finance',
        'budget.appropriate 2025:W fin-finance',
        'budget.appropriate 2025:F fin-finance',
        'budget.appropriate 2026:T fin-finance',
        `import.budgets ${events.at(-1)?.object_id} fin-finance`,
      ],
    );
  });

  it('the same file again changes nothing; a changed amount moves only the difference', async () => {
    const { db } = ctx.database;
    const rows = [row(2025, 'T', '1500000.00'), row(2025, 'W', '60000'), row(2025, 'F', 1000000), row(2026, 'T', '800000.50')];
    const before = await state(db);
    const again = await imp(rows);
    assert.deepEqual([again.applied, again.created, again.updated, again.unchanged], [true, 0, 0, 4]);
    const [after] = await state(db);
    assert.deepEqual([after?.budgets, after?.transfers], [before[0]?.budgets, before[0]?.transfers]);
    const changed = await imp([row(2025, 'T', '1600000'), row(2025, 'W', '50000.00'), row(2025, 'F', 1000000)]);
    assert.deepEqual([changed.applied, changed.created, changed.updated, changed.unchanged], [true, 0, 2, 1]);
    assert.deepEqual(changed.changes, [
      { row: 3, column: AMOUNT, from: '1500000.00', to: '1600000.00' },
      { row: 4, column: AMOUNT, from: '60000.00', to: '50000.00' },
    ]);
    const moved = await rawRows<{ debit: string; credit: string; amount: string }>(
      db,
      sql`select d.code as debit, c.code as credit, tr.amount::text from ledger_transfer tr
          join ledger_account d on d.id = tr.debit_account_id join ledger_account c on c.id = tr.credit_account_id
          where tr.kind = 'appropriate' order by tr.id desc limit 2`,
    );
    assert.deepEqual(
      moved.map((m) => [m.debit, m.credit, m.amount]),
      [
        ['budget:2025:W', 'source:2025:W', '1000000'],
        ['source:2025:T', 'budget:2025:T', '10000000'],
      ],
    );
    assert.deepEqual(await appropriated(2025), { T: '1600000.00', W: '50000.00', F: '1000000.00' });
  });

  it('every bad row is reported by row and column, and nothing is written', async () => {
    const { db } = ctx.database;
    const before = await state(db);
    const r = await imp([
      row(2025, 'T', '1700000'), // good, but not applied: the file has errors
      row(2031, 'W', '1'),
      row(2023, 'W', '1'),
      row('二〇二五', 'W', '1'),
      row(2025.5, 'W', '1'),
      row(2026, 'X', '1'),
      row(2026, '物业费', '1'),
      row(2026, 'W', '1.005'),
      row(2026, 'W', -5),
      row(2026, 'F', '五万元'),
      row(2026, 'F', '1e6'),
      row(2025, 'T', '1'),
      row(null, 'W', null),
      row(2027, 'W', '1', '备'.repeat(201)),
    ]);
    assert.equal(r.applied, false);
    assert.deepEqual(errors(r), [
      '4 年度 2031 年度须在 2024–2030 之间：2031',
      '5 年度 2023 年度须在 2024–2030 之间：2023',
      '6 年度 二〇二五 年度应为四位年份，如 2025',
      '7 年度 2025.5 年度应为四位年份，如 2025',
      '8 项目 X 项目应填 T（企业承接奖补）、W（业委会一次性补助）、F（设施改造补贴） 之一',
      '9 项目 物业费 项目应填 T（企业承接奖补）、W（业委会一次性补助）、F（设施改造补贴） 之一',
      '10 预算金额（元） 1.005 最多 2 位小数',
      '11 预算金额（元） -5 不能为负数',
      '12 预算金额（元） 五万元 不是数字',
      '13 预算金额（元） 1e6 不是数字：请写出完整的数字，不要用科学计数法（如 1E+12）',
      '14 年度、项目 2025 / T 与第 3 行重复（年度、项目相同）',
      '15 年度 必填',
      '15 预算金额（元） 必填',
      `16 备注 ${'备'.repeat(201)} 备注最多 200 个字`,
    ]);
    assert.deepEqual([r.created, r.updated, r.changes], [0, 0, []]); // what would have changed did not
    assert.deepEqual(await state(db), before);
    assert.equal((await appropriated(2025)).T, '1600000.00');
  });

  it('a cut below what is reserved and paid: the refusal budget set gives, on its row; nothing of the file is kept', async () => {
    const { db } = ctx.database;
    // 1,200,000.00 of the 2025 T budget approved for a company
    await command(finance(), { action: 'test.reserve' }, (tx) =>
      post(
        tx,
        finance(),
        reserve({
          programme: 'T',
          subject: 'E1',
          period: '2025H1',
          year: 2025,
          communityCode: 'C1',
          payee: { type: 'company', code: 'P1' },
          amount: 120000000n,
        }),
      ),
    );
    const direct = await setAppropriation(finance(), { year: 2025, programme: 'T', amount: '1000000' }).then(
      () => assert.fail('the cut went through'),
      (e: UserError) => e,
    );
    assert.deepEqual(
      [direct.code, direct.messageIn('zh')],
      ['budget.below_committed', '2025年T预算不能调减到 1000000.00 元：已批准（占用）和已拨付共 1200000.00 元，超过该数'],
    );
    const before = await state(db);
    const r = await imp([row(2025, 'W', '70000'), row(2025, 'T', '1000000'), row(2025, 'F', '900000')]);
    assert.equal(r.applied, false);
    assert.deepEqual(errors(r), [`4 预算金额（元） 1000000 ${direct.messageIn('zh')}`]);
    assert.deepEqual(await state(db), before);
    // down to what is committed is allowed
    const ok = await imp([row(2025, 'T', '1200000.00')]);
    assert.deepEqual([ok.applied, ok.updated], [true, 1]);
    assert.equal((await appropriated(2025)).T, '1200000.00');
  });

  it('only finance (or the administrator at the command line) imports budgets', async () => {
    const { db } = ctx.database;
    const before = await state(db);
    for (const role of ['bureau', 'community', 'auditor', 'company'] as const)
      await assert.rejects(imp([row(2025, 'T', '1')], role), (e: UserError) => {
        assert.equal(e.code, 'auth.forbidden', role);
        assert.equal(e.messageIn('zh'), '导入年度预算须由财政局办理');
        return true;
      });
    assert.deepEqual(await state(db), before);
    const admin = await importFile(as(db), 'budgets', await sheetFile('budgets', [row(2024, 'T', '10')]));
    assert.deepEqual([admin.applied, admin.created], [true, 1]);
  });

  it('an export imports back unchanged; its second sheet is how each budget stands', async () => {
    const { db } = ctx.database;
    const file = join(xlsxDir, 'budgets-export.xlsx');
    assert.equal(await exportBudgets(finance(), file), 5);
    const before = await state(db);
    const r = await importFile(finance(), 'budgets', file);
    assert.deepEqual([r.applied, r.rows, r.unchanged, r.warnings], [true, 5, 5, []]);
    const [after] = await state(db);
    assert.deepEqual([after?.budgets, after?.transfers], [before[0]?.budgets, before[0]?.transfers]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['年度预算', '预算执行情况'],
    );
    const stands = wb.getWorksheet('预算执行情况');
    const t2025 = stands?.getRows(2, 10)?.find((x) => x.getCell(1).value === 2025 && x.getCell(2).value === 'T');
    assert.ok(t2025);
    assert.deepEqual((t2025.values as unknown[]).slice(1), [2025, 'T', '企业承接奖补', '全市', 1200000, 1200000, 0, 0]);
    await assert.rejects(exportBudgets(finance('community'), file), (e: UserError) => e.code === 'auth.forbidden');
    assert.deepEqual(await rawRows(db, sql`select count(*)::int as n from audit_event where action = 'export.budgets'`), [{ n: 1 }]);
    assert.deepEqual((await verifyAudit(db)).ok, true);
  });

  it(`a sheet of more than ${MAX_BUDGET_ROWS} rows is refused, not read to its end`, async () => {
    const rows = Array.from({ length: MAX_BUDGET_ROWS + 5 }, (_, i) => row(2024 + (i % 7), 'TWF'[Math.floor(i / 7) % 3], '1'));
    const r = await imp(rows);
    assert.equal(r.applied, false);
    assert.deepEqual(
      r.errors.filter((e) => e.message.startsWith('预算表最多')).map((e) => [e.row, e.message]),
      [[MAX_BUDGET_ROWS + 3, `预算表最多 ${MAX_BUDGET_ROWS} 行：其余各行未读`]],
    );
  });
});
