/**
 * The public pages (no login) in a real browser, on a phone (375 × 812) and a desktop: the login page's
 * link; 公示 — the notices, one notice with its results' amounts and reasons, an objection lodged, a bad one
 * refused at its field with the server's message, the rate limit's message; the committees' spending
 * ledger found by a search; the measures page and its estimator, whose amount is the one POST /api/calc
 * gives for the same scenario. On every page: no CSP violation, no console error, nothing wider than the
 * phone. Screenshots go to test-artifacts/public/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/registry/demo-accounts.ts';
import type { ResultJson } from '../../src/rules/present.ts';
import { committee, engagement, compound as fixtureCompound, scenario, tier1Facts } from '../../src/rules/scenario/fixtures.ts';
import { chinaDay } from '../../src/service/cases/numbers.ts';
import { allPaid, applyBankResult, approveBatch, viewBatch } from '../../src/service/money/batches.ts';
import { settle } from '../../src/service/money/settle.ts';
import { recordSpending } from '../../src/service/money/spending.ts';
import { publishNotice } from '../../src/service/notices.ts';
import { contextOf } from '../../src/service/read/testing.ts';
import { as, testActor } from '../../src/service/testing.ts';
import { money } from '../../web/src/format.ts';
import { browserSuite } from './harness.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1366, height: 860 };

/** A day typed into an antd DatePicker and confirmed with Enter (the calendar closes). */
async function typeDate(page: Page, input: Locator, day: string) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** Nothing on the page is wider than the window (a phone scrolls down, never sideways). */
async function fits(page: Page, where: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok((scroll as number) <= (width as number), `${where}: ${scroll}px wide in a ${width}px window`);
}

browserSuite('public', (h) => {
  const { open, clean, shot } = h;
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows;

  test('公示 on a phone: from the login page to a notice, its amounts and reasons; an objection lodged; a bad one refused at its field', async () => {
    // the demo city's notices have closed: the bureau publishes the assessed claim today
    const [assessed] = await rows<{ case_no: string }>(
      sql`select case_no from "case" where type = 'claim' and state = 'assessed' order by id limit 1`,
    );
    assert.ok(assessed, 'an assessed claim in the demo city');
    const title = '浏览器测试公示';
    await publishNotice(as(h.database.db, testActor('bureau')), { programme: 'T', caseNos: [assessed.case_no], title });
    const [claim] = await rows<{ case_no: string; amount: string }>(
      sql`select case_no, amount::text from "case" where case_no = ${assessed.case_no} and state = 'published'`,
    );
    assert.ok(claim?.amount, 'published with its amount');

    const { context, page, problems, allow } = await open(PHONE);
    // the browser logs the refusals this test provokes
    allow(/status of (400|429)/);
    await page.goto(`${h.base}/login`);
    await page.getByTestId('public-link').click();
    await page.getByTestId('public-home-cards').waitFor();
    await fits(page, 'public home');
    await shot(page, 'phone-home');
    await page.getByRole('link', { name: '结果公示' }).first().click();
    const item = page.getByTestId('notice-item').filter({ hasText: title });
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /公示中/);
    assert.ok((await page.getByTestId('notice-item').count()) >= 2, 'the demo city’s closed notices are listed too');
    await fits(page, 'notices');
    await shot(page, 'phone-notices');
    await item.getByRole('link').click();

    const result = page.getByTestId('notice-result').filter({ hasText: claim.case_no });
    await result.waitFor();
    assert.equal(await result.getByTestId('result-amount').textContent(), money(claim.amount));
    assert.ok((await result.locator('li').count()) > 0, 'the reasons as published');
    await page.getByTestId('objection-form').waitFor();
    await fits(page, 'notice');
    await shot(page, 'phone-notice');

    // a contact of blanks passes the form and is refused by the server, at the field
    const form = page.getByTestId('objection-form');
    await form.getByLabel('姓名').fill('王某某');
    await form.getByLabel('联系方式').fill('   ');
    await form.getByLabel('异议内容').fill('收费台账与实际不符');
    await form.getByRole('button', { name: '提交异议' }).click();
    const fieldError = form.locator('.ant-form-item-explain-error', { hasText: '请填写联系方式' });
    await fieldError.waitFor();
    assert.match((await fieldError.textContent()) ?? '', /不超过 100 字/);
    // nothing typed at all: the form says so before asking the server
    await form.getByLabel('姓名').fill('');
    await form.locator('.ant-form-item-explain-error', { hasText: '请填写姓名' }).waitFor();
    await shot(page, 'phone-objection-refused');

    await form.getByLabel('姓名').fill('王某某');
    await form.getByLabel('联系方式').fill('13800000000');
    await form.getByRole('button', { name: '提交异议' }).click();
    await page.getByTestId('objection-done').waitFor();
    // the list of objections shows it, the name masked, the contact nowhere
    const objection = page.getByTestId('objection').filter({ hasText: claim.case_no });
    await objection.waitFor();
    const text = (await objection.textContent()) ?? '';
    assert.match(text, /处理中/);
    assert.ok(!text.includes('王某某') && !(await page.content()).includes('13800000000'), text);
    await shot(page, 'phone-objection-done');
    await clean(page, problems, 'notices on a phone');

    // the rate limit: 20 an hour from one address; the 21st gets its message
    await page.getByTestId('objection-again').click();
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${h.base}/api/public/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ caseNo: 'JB-2025-T-999999', name: 'x', contact: 'x', text: 'x' }),
      });
      if (res.status === 429) break;
    }
    await form.getByLabel('姓名').fill('李某');
    await form.getByLabel('联系方式').fill('13900000000');
    await form.getByLabel('异议内容').fill('再次异议');
    await form.getByRole('button', { name: '提交异议' }).click();
    const limited = page.getByTestId('objection-error');
    await limited.waitFor();
    assert.match((await limited.textContent()) ?? '', /请求过于频繁，请 \d+ 秒后再试/);
    await context.close();
  });

  test('committee spending on a phone and a desktop: found by a search, the ledger as the public API gives it', async () => {
    // a committee's grant paid through the service (finance settles, approves, the bank confirms), one use booked
    const db = h.database.db;
    const finance = { db, actor: { username: 'demo-finance', role: 'finance' as const, channel: 'system' as const } };
    // the demo city's payable grants (their money reserved for the year the committee was established)
    let batchNo: string | null = null;
    for (const period of ['2024', '2025', '2026']) batchNo ??= (await settle(finance, { programme: 'W', period })).batchNo;
    assert.ok(batchNo, 'a W batch of the demo city’s payable grants');
    await approveBatch(finance, batchNo, DEMO_PASSWORD);
    const batch = await viewBatch(db, finance.actor, batchNo);
    const bank = await applyBankResult(finance, batchNo, allPaid(batch));
    assert.ok(bank.paid > 0, JSON.stringify(bank));
    const payee = batch.lines[0]?.payee;
    const [paid] = await rows<{ code: string; compound: string }>(
      sql`select w.code, p.name as compound from committee w join compound p on p.id = w.compound_id where w.code = ${payee ?? ''}`,
    );
    assert.ok(paid, 'a paid committee grant');
    const clerk = await contextOf(db, 'committee', { committee: paid.code }, () => new Date());
    await recordSpending(clerk, { committee: paid.code, spentOn: chinaDay(new Date()), item: '打印复印', amount: '120.00' });
    const ledger = (await (await fetch(`${h.base}/api/public/committees/${paid.code}/spending`)).json()) as { balance: string };

    for (const [viewport, name] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      const { context, page, problems } = await open(viewport);
      await page.goto(`${h.base}/public/spending`);
      await page.getByTestId('committee-item').first().waitFor();
      await page.getByTestId('committee-search').locator('input').fill(paid.compound);
      await page.getByTestId('committee-search').locator('input').press('Enter');
      const found = page.getByTestId('committee-item').filter({ hasText: paid.code });
      await found.waitFor();
      await shot(page, `${name}-committees`);
      await found.getByRole('link').click();
      await page.getByTestId('ledger-lines').locator('.ant-table-row').nth(1).waitFor();
      assert.match(
        (await page.getByTestId('ledger-balance').textContent()) ?? '',
        new RegExp(money(ledger.balance).replace(/[.$¥]/g, '\\$&')),
      );
      assert.match((await page.getByTestId('ledger-lines').textContent()) ?? '', /打印复印/);
      await fits(page, `ledger (${name})`);
      await shot(page, `${name}-ledger`);
      await clean(page, problems, `spending (${name})`);
      await context.close();
    }
  });

  test('the measures and the estimator: the engine’s amount for a known case, as POST /api/calc gives it; a bad area at its field', async () => {
    const calc = async (scenario: unknown) => {
      const res = await fetch(`${h.base}/api/calc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
        body: JSON.stringify(scenario),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as ResultJson;
    };
    // the estimator's example, but for the area, households, entry date and evaluation date typed below
    const compound = fixtureCompound({ name: '—', area: '12345.67', households: 150 });
    const takeover = await calc(
      scenario({
        asOf: '2026-06-30',
        compounds: [compound],
        engagements: [engagement({ entryDate: '2024-03-15', periods: ['2024H1', '2024H2', '2025H1', '2025H2'].map((p) => tier1Facts(p)) })],
      }),
    );
    const grant = await calc(scenario({ asOf: '2026-06-30', compounds: [compound], committees: [committee()] }));
    assert.notEqual(takeover.totals.T, '0.00');

    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { context, page, problems, allow } = await open(viewport);
      allow(/status of 400/);
      await page.goto(`${h.base}/public/measures`);
      const est = page.getByTestId('estimator');
      await est.waitFor();
      assert.match((await page.getByTestId('measure-T').textContent()) ?? '', /0\.40 元/);
      await est.getByLabel('管理面积（㎡）').fill('12345.67');
      await est.getByLabel('户数').fill('150');
      // antd's date pickers, YYYY-MM-DD as typed and as shown (never the browser's mm/dd/yyyy)
      assert.equal(await est.getByLabel('测算日期').getAttribute('type'), null);
      await typeDate(page, est.getByLabel('进驻日期'), '2024-03-15');
      await typeDate(page, est.getByLabel('测算日期'), '2026-06-30');
      assert.equal(await est.getByLabel('进驻日期').inputValue(), '2024-03-15');
      await est.getByTestId('estimate-run').click();
      await page.getByTestId('estimate-result').waitFor();
      assert.equal(await page.getByTestId('estimate-total').textContent(), money(takeover.totals.T));
      assert.equal(await page.getByTestId('estimate-line').count(), takeover.lines.length);
      const reasons = await page.getByTestId('estimate-reason').allTextContents();
      assert.deepEqual(
        reasons,
        takeover.lines.flatMap((l) => l.reasons.map((r) => `条款 ${r.clause}${r.text}`)),
      );
      await fits(page, `estimator T (${name})`);
      await shot(page, `${name}-estimate-T`);

      // the committee's grant: 150 households
      await page.getByTestId('estimate-programme').getByText('业委会补助').click();
      await typeDate(page, est.getByLabel('业委会成立日期'), '2024-03-01');
      await est.getByTestId('estimate-run').click();
      await page.getByTestId('estimate-result').waitFor();
      assert.equal(await page.getByTestId('estimate-total').textContent(), money(grant.totals.W));
      await shot(page, `${name}-estimate-W`);

      // a bad area: the engine's message under the field
      await est.getByLabel('管理面积（㎡）').fill('0');
      await est.getByTestId('estimate-run').click();
      await est.locator('.ant-form-item-explain-error').first().waitFor();
      await page.getByTestId('estimate-error').waitFor();
      await shot(page, `${name}-estimate-bad`);
      if (name === 'desktop') {
        // in English: the page's texts and the engine's reasons alike
        await page.getByTestId('lang-toggle').click();
        await page.getByText('Reward estimator').waitFor();
        await est.getByLabel('Managed area (m²)').fill('2000');
        await est.getByTestId('estimate-run').click();
        await page.getByTestId('estimate-result').waitFor();
        assert.match((await page.getByTestId('estimate-reason').first().textContent()) ?? '', /^Clause [^\u4e00-\u9fff]+$/);
        await shot(page, 'desktop-estimate-en');
      }
      await clean(page, problems, `measures (${name})`);
      await context.close();
    }
  });
});
