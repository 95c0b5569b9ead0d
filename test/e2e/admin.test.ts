/**
 * The registry sheets, 公示 management, the committee spending ledger and the policy parameters in a real
 * browser (test/e2e/harness.ts: the demo city on a fresh embedded database). An import with a bad row shows
 * that row's error and writes nothing; a good one is written; a committee books a use of its grant and sees
 * its balance fall, which the bureau reads without the booking form; every role reads the parameters with
 * their clauses; the bureau publishes a notice, closes it after its period and resolves an objection.
 * Screenshots go to test-artifacts/admin/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import * as t from '../../src/db/schema.ts';
import ExcelJS from '../../src/excel/exceljs.ts';
import { SHEETS } from '../../src/excel/sheets.ts';
import { formatFen, parseYuan } from '../../src/ledger/money.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { DEMO_PASSWORD } from '../../src/registry/demo-accounts.ts';
import { createUser } from '../../src/service/auth/users.ts';
import { chinaDay } from '../../src/service/cases/numbers.ts';
import { applyBankResult, approveBatch, viewBatch } from '../../src/service/money/batches.ts';
import { settle } from '../../src/service/money/settle.ts';
import { spendingLedger } from '../../src/service/money/spending.ts';
import { as } from '../../src/service/testing.ts';
import { money } from '../../web/src/format.ts';
import { browserSuite } from './harness.ts';

const DAY_MS = 86_400_000;

browserSuite('admin', (h) => {
  const { open, clean, shot, signIn } = h;
  const rows = async <R>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: R[] }).rows;

  test('an import with a bad row shows that row’s error and writes nothing; a good one is written', async () => {
    const { context, page, problems, allow } = await open();
    allow(/status of 422/);
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.goto(`${h.base}/registry/communities`);
    const sheet = page.getByTestId('sheet-communities');
    // the template as the clerk downloads it, filled under its notes row
    const [download] = await Promise.all([page.waitForEvent('download'), sheet.getByTestId('sheet-template').click()]);
    assert.equal(download.suggestedFilename(), '街道和社区模板.xlsx');
    const template = await download.path();
    const [sub] = await rows<{ name: string }>(sql`select name from subdistrict order by id limit 1`);
    assert.ok(sub);
    const dir = mkdtempSync(join(tmpdir(), 'jiangbu-admin-'));
    const fill = async (name: string, data: (string | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(template);
      const ws = wb.getWorksheet(SHEETS.communities.title);
      assert.ok(ws);
      for (const r of data) ws.addRow(r);
      const file = join(dir, name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const communities = async () => (await h.database.db.select().from(t.communities)).length;
    const before = await communities();
    // row 3 is right, row 4 has no community: all or nothing
    const bad = await fill('bad.xlsx', [
      [sub.name, '测试新社区', null],
      [sub.name, null, null],
    ]);
    await sheet.locator('input[type=file]').setInputFiles(bad);
    await sheet.getByTestId('import-refused').waitFor();
    const errors = sheet.getByTestId('import-errors').locator('.ant-table-tbody tr');
    assert.equal(await errors.count(), 1);
    const cells = await errors.first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 3), ['错误', '4', '社区']);
    assert.match(cells[4] ?? '', /\S/);
    assert.match((await sheet.getByTestId('import-refused').textContent()) ?? '', /未作任何改动/);
    await shot(page, 'import-refused');
    assert.equal(await communities(), before, 'nothing written');
    // the same sheet with the good row only
    const good = await fill('good.xlsx', [[sub.name, '测试新社区', null]]);
    await sheet.locator('input[type=file]').setInputFiles(good);
    await sheet.getByTestId('import-done').waitFor();
    assert.match((await sheet.getByTestId('import-done').textContent()) ?? '', /新增 1/);
    assert.equal(await communities(), before + 1);
    assert.equal((await h.database.db.select().from(t.communities).where(eq(t.communities.name, '测试新社区'))).length, 1);
    await shot(page, 'import-done');
    await clean(page, problems, 'registry import');
    await context.close();

    // a community exports but does not import; a company sees no sheets at all
    for (const [who, exports, imports] of [
      ['demo-community', 1, 0],
      ['demo-company', 0, 0],
    ] as const) {
      const o = await open();
      await signIn(o.page, who);
      await o.page.getByTestId('workbench').waitFor();
      await o.page.goto(`${h.base}/registry/communities`);
      await o.page.getByTestId('registry-communities').locator('.ant-table-tbody tr').first().waitFor();
      assert.equal(await o.page.getByTestId('sheet-export').count(), exports, who);
      assert.equal(await o.page.getByTestId('sheet-import').count(), imports, who);
      await clean(o.page, o.problems, `registry of ${who}`);
      await o.context.close();
    }
  });

  test('a committee books a use of its grant with a receipt and sees its balance fall; the bureau reads it', async () => {
    // the demo city pays no grant: finance settles the payable ones and the bank confirms them, through the service
    const db = h.database.db;
    const today = chinaDay(new Date());
    const finance = { db, actor: { username: 'demo-finance', role: 'finance' as const, channel: 'system' as const } };
    // a grant's budget year is the year it became payable (D-22): settle each year up to this one
    const made: string[] = [];
    for (let year = 2024; year <= Number(today.slice(0, 4)); year++) {
      const r = await settle(finance, { programme: 'W', period: String(year) });
      if (r.batchNo) made.push(r.batchNo);
    }
    assert.ok(made.length > 0, 'a W batch');
    for (const no of made) {
      await approveBatch(finance, no, DEMO_PASSWORD);
      const batch = await viewBatch(db, finance.actor, no);
      const paid = batch.lines.map((l, i) => ({
        row: i + 2,
        seq: l.seq,
        accountNo: l.accountNo,
        amount: l.amount,
        outcome: 'paid' as const,
        reason: null,
      }));
      await applyBankResult(finance, no, paid);
    }
    const [w] = await rows<{ code: string }>(sql`select code from committee order by code`).then(async (all) => {
      for (const c of all) if ((await spendingLedger(db, null, c.code)).paid) return [c];
      return [];
    });
    assert.ok(w, 'a committee with its grant paid');
    await createUser(as(db), { username: 'paid-committee', role: 'committee', scope: w.code, password: DEMO_PASSWORD });
    const before = await spendingLedger(db, null, w.code);

    const { context, page, problems } = await open();
    await signIn(page, 'paid-committee');
    await page.getByTestId('workbench').waitFor();
    await page.goto(`${h.base}/spending`);
    const balance = page.getByTestId('balance');
    await balance.getByText(money(before.balance)).waitFor();
    const form = page.getByTestId('record-use');
    await form.getByPlaceholder('请选择日期').fill(today);
    await form.getByPlaceholder('请选择日期').press('Enter');
    await form.getByTestId('spent-item').fill('购买办公用品');
    await form.getByTestId('spent-amount').fill('120.50');
    await form.locator('input[type=file]').setInputFiles({
      name: '收据.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 receipt'),
    });
    await form.getByTestId('record').click();
    const after = formatFen(parseYuan(before.balance) - parseYuan('120.50'));
    await balance.getByText(money(after)).waitFor();
    const line = page.getByTestId('ledger').locator('tr', { hasText: '购买办公用品' });
    assert.match((await line.textContent()) ?? '', /-¥120\.50/);
    assert.equal(await line.getByRole('link', { name: /下\s*载/ }).count(), 1, 'the receipt');
    await shot(page, 'spending-committee');
    await clean(page, problems, 'spending (committee)');
    await context.close();
    const [spent] = await db.select().from(t.committeeSpending).where(eq(t.committeeSpending.item, '购买办公用品'));
    assert.equal(spent?.amount, 12050n); // fen

    // the bureau reads the same ledger, without the booking form
    const b = await open();
    await signIn(b.page, 'demo-bureau');
    await b.page.getByTestId('workbench').waitFor();
    await b.page.goto(`${h.base}/spending`);
    await b.page.getByTestId('committee-select').click();
    await b.page.keyboard.type(w.code);
    await b.page.keyboard.press('Enter');
    await b.page.getByTestId('balance').getByText(money(after)).waitFor();
    assert.equal(await b.page.getByTestId('record-use').count(), 0);
    await shot(b.page, 'spending-bureau');
    await clean(b.page, b.problems, 'spending (bureau)');
    await b.context.close();
  });

  test('every role reads the parameters: T’s rates with their clause and its gist', async () => {
    const policy = loadPolicy();
    const gist = policy.clauses.get('2.2.1')?.zh;
    assert.ok(gist);
    for (const who of ['demo-company', 'demo-auditor']) {
      const { context, page, problems } = await open();
      await signIn(page, who);
      await page.getByTestId('workbench').waitFor();
      await page.getByRole('menuitem', { name: '政策参数' }).click();
      const row = page.getByTestId('params').locator('tr', { hasText: 'T.rate.tier1' });
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      assert.match(text, /一档奖补标准/);
      assert.match(text, /0\.40/);
      assert.match(text, /2\.2\.1/);
      assert.ok(text.includes(gist), text);
      assert.match((await page.getByTestId('params').locator('tr', { hasText: 'T.rate.tier2' }).textContent()) ?? '', /2\.2\.2/);
      if (who === 'demo-company') await shot(page, 'params');
      await clean(page, problems, `params (${who})`);
      await context.close();
    }
  });

  test('the bureau publishes a notice, closes it after its period and resolves an objection', async () => {
    const db = h.database.db;
    const [claim] = await db
      .select()
      .from(t.cases)
      .where(and(eq(t.cases.type, 'claim'), eq(t.cases.state, 'assessed')));
    assert.ok(claim, 'an assessed claim in the demo city');
    const { context, page, problems } = await open();
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '公示管理' }).click();
    await page.getByTestId('notices').locator('.ant-table-tbody tr').first().waitFor();
    await page.getByTestId('publish').click();
    const candidates = page.getByTestId('publish-candidates');
    await candidates.locator('tr', { hasText: claim.caseNo }).locator('input[type=checkbox]').check();
    await shot(page, 'notice-publish');
    await page.getByTestId('publish-ok').click();
    await page.getByTestId('publish-candidates').waitFor({ state: 'hidden' });
    const [published] = await db.select().from(t.cases).where(eq(t.cases.caseNo, claim.caseNo));
    assert.equal(published?.state, 'published');
    const id = published?.noticeId as number;
    const row = page.getByTestId('notices').locator('tr', { has: page.getByTestId(`notice-detail-${id}`) });
    await row.getByText('公示中').waitFor();
    assert.equal(await page.getByTestId(`close-${id}`).count(), 0, 'not closable while open');
    await shot(page, 'notices');
    await clean(page, problems, 'publish');
    await context.close();

    // eight days later (notice.days = 7, counting the first): the bureau closes it
    h.skew(8 * DAY_MS);
    const later = await open();
    await signIn(later.page, 'demo-bureau');
    await later.page.getByTestId('workbench').waitFor();
    await later.page.goto(`${h.base}/notices`);
    await later.page.getByTestId(`close-${id}`).click();
    await later.page.getByTestId('close-ok').click();
    const closedRow = later.page.getByTestId('notices').locator('tr', { has: later.page.getByTestId(`notice-detail-${id}`) });
    await closedRow.getByText('已结束').waitFor();
    const [payable] = await db.select().from(t.cases).where(eq(t.cases.caseNo, claim.caseNo));
    assert.equal(payable?.state, 'payable');

    // an open objection (the demo's): read in full, dismissed with a published reason
    const [objection] = await db.select().from(t.objections).where(eq(t.objections.status, 'open'));
    assert.ok(objection, 'an open objection in the demo city');
    await later.page.getByTestId(`notice-detail-${objection.noticeId}`).click();
    const drawer = later.page.getByTestId('notice-detail');
    const line = drawer.getByTestId('objections').locator('tr', { has: later.page.getByTestId(`resolve-${objection.id}`) });
    assert.ok(((await line.textContent()) ?? '').includes(objection.text));
    await shot(later.page, 'notice-detail');
    await later.page.getByTestId(`resolve-${objection.id}`).click();
    await later.page.getByTestId('resolve-reason').fill('经核实，该业委会运行正常');
    await later.page.getByTestId('resolve-ok').click();
    await drawer.getByTestId('objections').locator('tr', { hasText: '经核实，该业委会运行正常' }).getByText('不成立').waitFor();
    const [resolved] = await db.select().from(t.objections).where(eq(t.objections.id, objection.id));
    assert.deepEqual([resolved?.status, resolved?.resolution], ['dismissed', '经核实，该业委会运行正常']);
    await clean(later.page, later.problems, 'close and resolve');
    await later.context.close();
  });
});
