/**
 * The journeys of the three programmes and of the money, through the console only (test/e2e/harness.ts):
 * W — a committee applies, submits, its community reviews, the bureau approves and the amount shows with
 * its reasons; F — a community applies watching the preview follow the investment, vets, the bureau
 * approves within the quotas; T — a claim sent back for 补正 is corrected in the console and resubmitted,
 * verified, scored by each scorer, assessed and published from 公示管理; the company files a half-year claim;
 * the demo committee submits its draft from its to-dos; the administrator reads what it may; money — finance
 * makes a batch, approves it with its password, downloads the bank file, prints the 拨付审批表, imports
 * the bank's answer with a failed line and finds that line in the next batch. No CSP violation, no
 * console error; screenshots in test-artifacts/journeys/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import * as t from '../../src/db/schema.ts';
import ExcelJS from '../../src/excel/exceljs.ts';
import { formatFen } from '../../src/ledger/money.ts';
import { DEMO_PASSWORD, demoOrganisations } from '../../src/registry/demo-accounts.ts';
import { createUser } from '../../src/service/auth/users.ts';
import { DEFAULT_SHEET } from '../../src/service/cases/assessment.ts';
import { radar } from '../../src/service/cases/radar.ts';
import { as, testActor } from '../../src/service/testing.ts';
import { amountInWords } from '../../src/settlement/capitals.ts';
import { money } from '../../web/src/format.ts';
import { choose, field, move, ok, pickDate } from './antd.ts';
import { browserSuite, type Opened } from './harness.ts';

browserSuite('journeys', (h) => {
  const { open, clean, shot, signIn } = h;
  const rows = async <R>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: R[] }).rows;
  /** A page signed in as `who`, on its workbench. */
  const as_ = async (who: string) => {
    const o = await open();
    o.allow(/status of 4\d\d/);
    await signIn(o.page, who);
    await o.page.getByTestId('workbench').waitFor();
    return o;
  };
  /** The last screenshot of a page, its check (no CSP violation, no console error), and its context closed. */
  const finish = async (o: Opened, file: string | null, where: string) => {
    if (file) await shot(o.page, file);
    await clean(o.page, o.problems, where);
    await o.context.close();
  };
  const caseNoOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);

  test('W: a committee applies and submits, its community reviews, the bureau approves; the amount with its reasons', async () => {
    // a committee the engine would pay, with no case yet: its own clerk and its community's
    const found = await radar(as(h.database.db, testActor('bureau')));
    const item = found.communities.flatMap((c) => c.items.map((i) => ({ ...i, community: c.community }))).find((i) => i.kind === 'grant');
    assert.ok(item, 'a payable grant with no case in the demo city');
    await createUser(as(h.database.db), { username: 'w-committee', role: 'committee', scope: item.subject, password: DEMO_PASSWORD });
    await createUser(as(h.database.db), { username: 'w-community', role: 'community', scope: item.community, password: DEMO_PASSWORD });

    const w = await as_('w-committee');
    await w.page.getByRole('menuitem', { name: '办件' }).click();
    await w.page.getByTestId('new-grant').click();
    await w.page.getByTestId('case-apply').waitFor();
    await choose(w.page, 'f-committeeCode', item.subject);
    await w.page.getByTestId('f-note').fill('业委会日常工作经费');
    await shot(w.page, 'w-1-apply');
    await w.page.getByTestId('apply-save').click();
    await w.page.getByTestId('case-page').waitFor();
    const caseNo = caseNoOf(w.page);
    assert.match(caseNo, /^JB-\d{4}-W-\d{6}$/);
    await w.page.getByTestId('case-state').getByText('草稿').waitFor();
    await move(w.page, '提交', '已提交');
    await finish(w, 'w-2-submitted', 'W: the committee');

    const c = await as_('w-community');
    await c.page.goto(`${h.base}/cases/${caseNo}`);
    await move(c.page, '社区初审', '社区已初审', async () => {
      await c.page.getByTestId('action-dialog').getByText('是', { exact: true }).click();
      await c.page.getByTestId('action-comment').fill('业委会运行正常');
    });
    await finish(c, 'w-3-reviewed', 'W: the community');

    const b = await as_('demo-bureau');
    await b.page.goto(`${h.base}/cases/${caseNo}`);
    await move(b.page, '住建局审批', '住建局已审批');
    const line = b.page.getByTestId('engine-line').first();
    await line.waitFor();
    const [saved] = await h.database.db.select().from(t.cases).where(eq(t.cases.caseNo, caseNo));
    assert.ok(saved?.amount, 'the approval fixed an amount');
    assert.equal(await line.getByTestId('line-amount').textContent(), money(saved.amount));
    assert.equal(money(saved.amount), money(item.amount), 'the radar’s amount');
    assert.match((await line.getByTestId('reason').first().textContent()) ?? '', /条款\s*\S+/);
    await finish(b, 'w-4-approved', 'W: the bureau');
  });

  test('F: a community applies watching the preview follow the investment; it vets; the bureau approves within the quotas', async () => {
    const orgs = demoOrganisations();
    const c = await as_('demo-community');
    await c.page.getByRole('menuitem', { name: '办件' }).click();
    await c.page.getByTestId('new-facility').click();
    await c.page.getByTestId('case-apply').waitFor();
    const preview = c.page.getByTestId('facility-preview');
    await c.page.locator('[data-testid="f-compoundCode"] input, input[data-testid="f-compoundCode"]').first().fill(orgs.compound);
    await choose(c.page, 'f-category', '消除安全隐患');
    await c.page.getByTestId('f-description').fill('更换消防栓与应急照明');
    await pickDate(c.page, 'f-acceptedOn', '2026-11-20');
    await c.page.getByTestId('f-collectionRate').fill('0.80');
    await c.page.getByTestId('f-feeRatio').fill('0.90');
    // typed digit by digit: the base is 40% of what stands in the field each time
    const investment = c.page.getByTestId('f-investment');
    await investment.pressSequentially('5000');
    await preview.getByTestId('preview-base').getByText('¥2,000.00').waitFor();
    const quota = (await preview.getByTestId('preview-quota').textContent()) ?? '';
    const compound = (await preview.getByTestId('preview-compound').textContent()) ?? '';
    await shot(c.page, 'f-1-preview-5000');
    await investment.pressSequentially('0');
    await preview.getByTestId('preview-base').getByText('¥20,000.00').waitFor();
    await preview
      .getByTestId('preview-amount')
      .getByText(/^¥[\d,]+\.\d{2}$/)
      .waitFor();
    const amount = (await preview.getByTestId('preview-amount').textContent()) ?? '';
    assert.match(compound, /剩余/);
    assert.match(quota, /剩余/);
    await shot(c.page, 'f-2-preview-50000');
    await c.page.getByTestId('f-invoiceNo').fill('FP-2026-0001');
    await c.page.getByTestId('f-invoiceAmount').fill('50000');
    await c.page.getByTestId('apply-save').click();
    await c.page.getByTestId('case-page').waitFor();
    const caseNo = caseNoOf(c.page);
    for (const [kind, name] of [
      ['invoice', '发票'],
      ['photo', '照片'],
    ] as const) {
      await choose(c.page, 'attach-kind', name);
      await c.page
        .getByTestId('attach')
        .locator('input[type=file]')
        .setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${kind}`) });
      await c.page.getByRole('link', { name: `${kind}.pdf` }).waitFor();
    }
    await move(c.page, '提交', '已提交');
    await move(c.page, '社区把关', '社区已把关');
    await finish(c, 'f-3-vetted', 'F: the community');

    const b = await as_('demo-bureau');
    await b.page.goto(`${h.base}/cases/${caseNo}`);
    await move(b.page, '住建局审批', '住建局已审批（额度已核定）');
    const line = b.page.getByTestId('engine-line').first();
    await line.waitFor();
    // the amount approved is the one previewed: no other application took the quota meanwhile
    assert.equal(await line.getByTestId('line-amount').textContent(), amount);
    assert.match((await line.textContent()) ?? '', /条款/);
    await finish(b, 'f-4-approved', 'F: the bureau');
  });

  test('T: a claim returned for 补正 is corrected in the console and resubmitted; verified, scored by each scorer, assessed, published', async () => {
    const orgs = demoOrganisations();
    const [returned] = await rows<{ case_no: string; form: Record<string, string> }>(
      sql`select c.case_no, c.form from "case" c join engagement e on e.id = c.engagement_id
          where c.type = 'claim' and c.state = 'returned' and e.code = ${orgs.engagement} order by c.id limit 1`,
    );
    assert.ok(returned, 'the demo company’s claim returned for 补正');
    const caseNo = returned.case_no;
    // the company: the form opens with the community's comment under its field; corrected, saved, submitted
    const co = await as_('demo-company');
    await co.page.goto(`${h.base}/cases/${caseNo}`);
    const edit = co.page.getByTestId('edit-case');
    await edit.getByTestId('comment-feesCollected').getByText('实收物业费与收费台账不一致', { exact: false }).waitFor();
    await shot(co.page, 't-1-returned');
    const fen = (x: string) => Math.round(Number(x) * 100);
    const [collected, receivable] = [fen(returned.form.feesCollected ?? '0'), fen(returned.form.feesReceivableOccupied ?? '0')];
    const corrected = formatFen(BigInt(collected + 100 <= receivable ? collected + 100 : collected - 100));
    await edit.getByTestId('f-feesCollected').fill(corrected);
    // the subject is fixed: the engagement and half-year cannot be changed here
    assert.equal(await edit.getByTestId('f-period').isDisabled(), true);
    await edit.getByTestId('edit-save').click();
    await co.page.getByText('已保存修改').waitFor();
    const [saved] = await h.database.db.select().from(t.cases).where(eq(t.cases.caseNo, caseNo));
    assert.equal((saved?.form as { feesCollected?: string } | undefined)?.feesCollected, corrected);
    await move(co.page, '提交', '已提交');
    assert.equal(await co.page.getByTestId('edit-case').count(), 0, 'no edit once submitted');
    // answered: the comment leaves the field and stays in the history, with the field it was about
    assert.equal(await co.page.getByTestId('facts').getByText('补正意见', { exact: false }).count(), 0);
    await co.page.getByRole('cell', { name: /实收物业费：实收物业费与收费台账不一致/ }).waitFor();
    await finish(co, 't-2-resubmitted', 'T: the company');

    // each scorer scores its items of the 100-point sheet: the community verifies first
    const score = async (page: Page, role: 'community' | 'committee' | 'bureau') => {
      await move(page, '考核评分', '社区已核实', async () => {
        for (const item of DEFAULT_SHEET.filter((i) => i.scorer === role))
          await field(page, `score-${item.key}`).fill(String(item.max * 0.9));
      });
    };
    const cm = await as_('demo-community');
    await cm.page.goto(`${h.base}/cases/${caseNo}`);
    await move(cm.page, '社区核实', '社区已核实');
    await score(cm.page, 'community');
    await cm.page.getByTestId('score-sheet').getByText('demo-community').first().waitFor();
    await finish(cm, null, 'T: the community');
    const w = await as_('demo-committee');
    await w.page.goto(`${h.base}/cases/${caseNo}`);
    await score(w.page, 'committee');
    await finish(w, null, 'T: the committee');

    const b = await as_('demo-bureau');
    await b.page.goto(`${h.base}/cases/${caseNo}`);
    await score(b.page, 'bureau');
    await b.page.getByTestId('score-total').getByText('90.00', { exact: false }).waitFor();
    await move(b.page, '考核完成', '已考核');
    await b.page.getByTestId('score-total').getByText('考核已完成', { exact: false }).waitFor();
    await b.page.getByTestId('sheet-complaints').waitFor();
    await shot(b.page, 't-3-assessed');
    // approval is publication in a notice: the case's button opens 公示管理 with this case chosen
    await b.page
      .getByTestId('case-actions')
      .getByRole('button', { name: /审批并公示/ })
      .click();
    const candidates = b.page.getByTestId('publish-candidates');
    await candidates.waitFor();
    assert.equal(await candidates.locator('tr', { hasText: caseNo }).locator('input[type=checkbox]').isChecked(), true);
    await shot(b.page, 't-4-publish');
    await b.page.getByTestId('publish-ok').click();
    await candidates.waitFor({ state: 'hidden' });
    await b.page.goto(`${h.base}/cases/${caseNo}`);
    await b.page.getByTestId('case-state').getByText('公示中', { exact: true }).waitFor();
    await b.page.getByTestId('engine-line').first().waitFor();
    await finish(b, 't-5-published', 'T: the bureau');
  });

  test('the company files a half-year claim: its facts typed, the evidence attached, submitted', async () => {
    const orgs = demoOrganisations();
    // a half-year of the demo company's engagement with its facts on record and no claim yet
    const [facts] = await rows<Record<string, string>>(
      sql`select f.period, f.fees_receivable_occupied::text as receivable, f.fees_collected::text as collected, f.fee_standard::text as standard
          from period_facts f join engagement e on e.id = f.engagement_id
          where e.code = ${orgs.engagement}
            and not exists (select 1 from "case" c where c.engagement_id = e.id and c.type = 'claim' and c.period = f.period)
          order by f.period limit 1`,
    );
    const item = { subject: orgs.engagement, period: facts?.period as string };
    assert.ok(facts, 'the half-year’s facts on record');

    const co = await as_('demo-company');
    await co.page.getByRole('menuitem', { name: '办件' }).click();
    await co.page.getByTestId('new-claim').click();
    await co.page.getByTestId('case-apply').waitFor();
    await choose(co.page, 'f-engagementCode', item.subject);
    await co.page.getByTestId('f-period').fill(item.period);
    for (const b of ['basicServices', 'enhancedServices']) await field(co.page, `f-${b}`).check();
    await co.page.getByTestId('f-feesReceivableOccupied').fill(facts.receivable as string);
    await co.page.getByTestId('f-feesCollected').fill(facts.collected as string);
    await co.page.getByTestId('f-feeStandard').fill(facts.standard as string);
    await shot(co.page, 'claim-1-apply');
    await co.page.getByTestId('apply-save').click();
    await co.page.getByTestId('case-page').waitFor();
    const caseNo = caseNoOf(co.page);
    assert.match(caseNo, /^JB-\d{4}-T-\d{6}$/);
    await co.page
      .getByTestId('attach')
      .locator('input[type=file]')
      .setInputFiles({ name: 'ledger.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 ledger') });
    await co.page.getByRole('link', { name: 'ledger.pdf' }).waitFor();
    await move(co.page, '提交', '已提交');
    await finish(co, 'claim-2-submitted', 'the company’s claim');
  });

  test('roles: the demo committee submits its draft grant from its to-dos; the administrator reads the registry and the parameters', async () => {
    const w = await as_('demo-committee');
    const todo = w.page.getByTestId('todos').locator('.ant-table-row', { hasText: '草稿' }).first();
    await todo.waitFor();
    await todo.getByRole('link').click();
    await w.page.getByTestId('case-page').waitFor();
    assert.match(caseNoOf(w.page), /^JB-\d{4}-W-\d{6}$/);
    await w.page.getByTestId('edit-case').waitFor(); // a draft may still be corrected
    await move(w.page, '提交', '已提交');
    await w.page.getByTestId('case-state').getByText('已提交', { exact: true }).waitFor();
    await finish(w, 'roles-committee-submitted', 'the demo committee');

    const a = await as_('demo-admin');
    assert.equal(await a.page.getByRole('menuitem', { name: '办件' }).count(), 0, 'no cases for the administrator');
    await a.page.getByRole('menuitem', { name: '小区' }).click();
    await a.page.getByTestId('registry-compounds').locator('.ant-table-row').first().waitFor();
    await a.page.getByRole('menuitem', { name: '政策参数' }).click();
    await a.page.getByTestId('params').locator('tr', { hasText: 'T.rate.tier1' }).waitFor();
    await finish(a, 'roles-admin', 'the administrator');
  });

  test('money: finance makes a batch, approves it, downloads the bank file, prints the form; a failed line comes back in the next batch', async () => {
    const f = await as_('demo-finance');
    await f.page.getByRole('menuitem', { name: '拨付批次' }).click();
    await f.page.getByTestId('batches').waitFor();
    // the demo's facility subsidies submitted in 2026 are payable: their budget year
    await choose(f.page, 'settle-programme', '设施改造补贴');
    await f.page.getByTestId('settle-period').fill('2026');
    await f.page.getByTestId('settle').click();
    await f.page.getByTestId('batch-page').waitFor();
    const batchNo = caseNoOf(f.page);
    const [batch] = await h.database.db.select().from(t.settlementBatches).where(eq(t.settlementBatches.batchNo, batchNo));
    assert.ok(batch, batchNo);
    const lines = f.page.getByTestId('batch-lines').locator('.ant-table-row');
    await lines.first().waitFor();
    const n = await lines.count();
    assert.ok(n >= 2, `${n} lines: one to fail, one to pay`);
    await f.page.getByTestId('batch-state').getByText('待审批').waitFor();
    await shot(f.page, 'money-1-batch');

    // approval asks for the password again: a wrong one is refused, the right one approves
    f.allow(/status of 4\d\d/);
    await f.page.getByTestId('approve').click();
    await f.page.getByTestId('approve-password').fill('not-my-password');
    await ok(f.page).click();
    await f.page.locator('.ant-modal').getByTestId('error').waitFor();
    await f.page.getByTestId('approve-password').fill(DEMO_PASSWORD);
    await ok(f.page).click();
    await f.page.getByTestId('batch-state').getByText('已审批').waitFor();
    await shot(f.page, 'money-2-approved');

    // the bank file: an xlsx with one row a line
    const [download] = await Promise.all([f.page.waitForEvent('download'), f.page.getByTestId('bank-file').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^${batchNo}.*\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.worksheets[0];
    assert.ok(ws, 'a sheet');
    assert.equal(ws.getRow(1).getCell(8).value, '处理结果');
    assert.equal(ws.actualRowCount - 1, n, 'a row per line');

    // the 拨付审批表 opens in its own tab, the total in capitals
    const [form] = await Promise.all([f.context.waitForEvent('page'), f.page.getByTestId('approval-form').click()]);
    await form.waitForLoadState();
    const text = (await form.textContent('body')) ?? '';
    const [sum] = await rows<{ fen: string }>(sql`select sum(amount)::text as fen from settlement_batch_line where batch_id = ${batch.id}`);
    const total = formatFen(BigInt(sum?.fen ?? '0'));
    assert.ok(text.includes(amountInWords(total)), `${amountInWords(total)} in the form`);
    assert.ok(text.includes(money(total).slice(1)), `${total} in figures`);
    await shot(form, 'money-3-form');
    await form.close();

    // the bank's answer: the first line failed, the rest paid
    const failed = String(ws.getRow(2).getCell(1).value);
    ws.eachRow((row: { getCell: (n: number) => { value: unknown } }, r: number) => {
      if (r === 1) return;
      row.getCell(8).value = r === 2 ? '失败' : '成功';
      row.getCell(9).value = r === 2 ? '账户已销户' : null;
    });
    const dir = mkdtempSync(join(tmpdir(), 'jiangbu-journeys-'));
    const answer = join(dir, 'answer.xlsx');
    await wb.xlsx.writeFile(answer);
    await f.page.getByTestId('bank-result').locator('input[type=file]').setInputFiles(answer);
    await f.page.getByTestId('batch-state').getByText('已结算').waitFor();
    const failedRow = f.page.getByTestId('batch-lines').locator('.ant-table-row').filter({ hasText: '账户已销户' });
    await failedRow.getByText('失败').waitFor();
    assert.equal(await failedRow.locator('td').first().textContent(), failed);
    await shot(f.page, 'money-4-bank-result');

    // the failed line is payable again: the next batch of the year holds it alone
    await f.page.getByRole('menuitem', { name: '拨付批次' }).click();
    await choose(f.page, 'settle-programme', '设施改造补贴');
    await f.page.getByTestId('settle-period').fill('2026');
    await f.page.getByTestId('settle').click();
    await f.page.getByTestId('batch-page').waitFor();
    assert.notEqual(caseNoOf(f.page), batchNo);
    await f.page.getByTestId('batch-lines').locator('.ant-table-row').first().waitFor();
    assert.equal(await f.page.getByTestId('batch-lines').locator('.ant-table-row').count(), 1);
    await shot(f.page, 'money-5-next-batch');
    // once more: nothing new is payable — said so, no batch made; a period of the wrong shape is refused at its field
    await f.page.getByRole('menuitem', { name: '拨付批次' }).click();
    await choose(f.page, 'settle-programme', '设施改造补贴');
    await f.page.getByTestId('settle-period').fill('2026');
    await f.page.getByTestId('settle').click();
    await f.page.getByTestId('settle-none').getByText('没有新的可拨付内容', { exact: false }).waitFor();
    await f.page.getByTestId('settle-period').fill('2026H1');
    await f.page.getByTestId('settle').click();
    await f.page.getByTestId('settle-form').locator('.ant-form-item-explain-error').waitFor();
    // the list: the first batch settled, with the day it was approved
    const listed = f.page.getByTestId('batches').locator('.ant-table-row', { hasText: batchNo });
    await listed.getByText('已结算').waitFor();
    assert.match((await listed.locator('td').last().textContent()) ?? '', /^\d{4}-\d{2}-\d{2}$/);
    await finish(f, 'money-6-nothing-new', 'money');
  });
});
