/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the app on a free
 * port with a fresh embedded demo city (test/e2e/harness.ts). Every demo role signs in and lands on its workbench; the zh-CN
 * locale is really active; a compound named like markup shows as text and runs nothing; an expired
 * session goes back to the login page with a message; a wrong password gets a clear message. On every
 * page: no CSP violation, no console error. Screenshots go to test-artifacts/console/ (gitignored).
 * Without /usr/bin/chromium the suite is SKIPPED, loudly — and fails under JIANGBU_REQUIRE_ALL=1.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, inArray, isNotNull, sql } from 'drizzle-orm';
import * as t from '../../src/db/schema.ts';
import { ROLE_LABELS, ROLES } from '../../src/service/actor.ts';
import { DEFAULT_AUTH } from '../../src/service/auth/settings.ts';
import { createUser } from '../../src/service/auth/users.ts';
import { decideRosterChange, requestRosterChange } from '../../src/service/roster.ts';
import { as, testActor } from '../../src/service/testing.ts';
import { browserSuite } from './harness.ts';

const XSS = '<img src=x onerror=window.__x=1>';

browserSuite('console', (h) => {
  const { open, clean, shot, signIn } = h;
  test('each demo role signs in and lands on its workbench, its role in the header', async () => {
    for (const role of ROLES) {
      const { context, page, problems } = await open();
      await signIn(page, `demo-${role}`);
      await page.getByTestId('workbench').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.getByTestId('user-role').textContent(), ROLE_LABELS[role]);
      if (['bureau', 'community', 'company', 'committee', 'finance'].includes(role)) await page.getByTestId('todos').waitFor();
      if (['bureau', 'finance', 'community'].includes(role)) await page.getByTestId('radar').getByText('合计').waitFor();
      // every request the workbench made has answered: no spinner left
      await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      await shot(page, `workbench-${role}`);
      await clean(page, problems, `workbench of ${role}`);
      await context.close();
    }
  });

  test('zh-CN is really active: the pager reads 下一页 and 条/页; a compound named like markup is text', async () => {
    // the roster is sealed in the demo city: the name comes as an approved roster correction, through the service
    const bureau = as(h.database.db, testActor('bureau'));
    const onRoster = (await h.database.db.execute(
      sql`select c.code from compound c join roster2023_current r on r.compound_id = c.id order by c.code limit 1`,
    )) as unknown as {
      rows: { code: string }[];
    };
    const code = onRoster.rows[0]?.code;
    assert.ok(code, 'a compound on the roster');
    const change = await requestRosterChange(bureau, {
      compoundCode: code,
      action: 'amend',
      reason: 'a name that looks like markup',
      values: { name: XSS },
      evidence: { bytes: new TextEncoder().encode('%PDF-1.4 evidence'), fileName: '情况说明.pdf', mime: 'application/pdf' },
    });
    await decideRosterChange(bureau, change, { approve: true });

    const { context, page, problems } = await open();
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '小区' }).click();
    await page.getByTestId('registry-compounds').locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-pagination li[title="下一页"]').waitFor();
    assert.match((await page.locator('.ant-pagination .ant-select-selection-item').textContent()) ?? '', /条\/页/);
    await shot(page, 'compounds');

    await page.getByLabel('名称包含').fill('onerror');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const cell = page.getByRole('cell', { name: XSS, exact: true });
    await cell.waitFor();
    assert.equal(await cell.textContent(), XSS);
    assert.equal(await page.locator('.ant-table-tbody img').count(), 0, 'no <img> element made of the name');
    assert.equal(await page.evaluate(() => (window as unknown as { __x?: unknown }).__x), undefined);
    await shot(page, 'compound-markup');
    // its record in the drawer: fields by their Chinese names and values in words, the name still text
    await page.getByTestId('registry-compounds').locator('.ant-table-row', { hasText: XSS }).getByRole('button').click();
    const drawer = page.getByTestId('detail');
    await drawer.getByText('在 2023 年底无物业小区名单').waitFor();
    const shown = (await drawer.textContent()) ?? '';
    for (const raw of ['onRoster', 'communityName', 'coverage', 'compound', 'true', 'false'])
      assert.ok(!shown.includes(raw), `no raw ${raw} in the drawer`);
    assert.ok(shown.includes(XSS));
    assert.equal(await drawer.locator('img').count(), 0);
    await shot(page, 'compound-detail');
    await clean(page, problems, 'compounds');
    await context.close();
  });

  test('cases: the list and a decided case with the engine’s reasons and clauses beside its amount', async () => {
    const { context, page, problems } = await open();
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '办件' }).click();
    await page.getByTestId('cases').locator('.ant-table-row').first().waitFor();
    await shot(page, 'cases');
    const [decided] = await h.database.db
      .select({ no: t.cases.caseNo })
      .from(t.cases)
      .where(and(isNotNull(t.cases.decision), inArray(t.cases.type, ['claim', 'grant', 'facility'])))
      .orderBy(asc(t.cases.id))
      .limit(1);
    const no = decided?.no;
    assert.ok(no, 'the demo city has a decided case');
    await page.goto(`${h.base}/cases/${no}`);
    await page.getByTestId('engine-line').first().waitFor();
    const reason = page.getByTestId('reason').first();
    assert.match((await reason.textContent()) ?? '', /条款\s*\S+/);
    assert.match((await page.getByTestId('line-amount').first().textContent()) ?? '', /^-?¥[\d,]+\.\d{2}$/);
    await page.getByTestId('case-actions').waitFor();
    await shot(page, 'case');
    await clean(page, problems, 'case page');
    await context.close();
  });

  test('the auditor verifies the audit chain; finance reads budgets and batches', async () => {
    const a = await open();
    await signIn(a.page, 'demo-auditor');
    await a.page.getByTestId('workbench').waitFor();
    await a.page.getByRole('menuitem', { name: '审计日志' }).click();
    await a.page.getByTestId('audit').locator('.ant-table-row').first().waitFor();
    await a.page.getByTestId('verify').click();
    assert.match((await a.page.getByTestId('chain').textContent()) ?? '', /哈希链完整/);
    await shot(a.page, 'audit');
    await clean(a.page, a.problems, 'audit');
    await a.context.close();

    const f = await open();
    await signIn(f.page, 'demo-finance');
    await f.page.getByTestId('workbench').waitFor();
    await f.page.getByRole('menuitem', { name: '预算' }).click();
    await f.page.getByTestId('budgets').locator('.ant-table-row').first().waitFor();
    assert.match((await f.page.getByTestId('budgets').locator('.jb-amount').first().textContent()) ?? '', /^¥[\d,]+\.\d{2}$/);
    await shot(f.page, 'budgets');
    await f.page.getByRole('menuitem', { name: '拨付批次' }).click();
    await f.page.getByTestId('batches').locator('.ant-table').waitFor();
    await f.page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await clean(f.page, f.problems, 'budgets and batches');
    await f.context.close();
  });

  test('an expired session goes back to the login page with a message', async () => {
    const { context, page, problems, allow } = await open();
    await signIn(page, 'demo-community');
    await page.getByTestId('workbench').waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    h.skew((DEFAULT_AUTH.idleMinutes + 1) * 60_000);
    // the browser logs the API's 401 as a failed resource: that answer is the point here
    allow(/status of 401/);
    await page.getByRole('menuitem', { name: '办件' }).click();
    const notice = page.getByTestId('expired');
    await notice.waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.match((await notice.textContent()) ?? '', /登录已过期/);
    await shot(page, 'expired');
    await clean(page, problems, 'expiry');
    await context.close();
  });

  test('a one-time password must be changed first; then the workbench', async () => {
    await createUser(as(h.database.db), {
      username: 'new-clerk',
      role: 'bureau',
      password: 'One-Time-Pass-2026',
      mustChangePassword: true,
    });
    const { context, page, problems, allow } = await open();
    await signIn(page, 'new-clerk', 'One-Time-Pass-2026');
    await page.getByLabel('当前密码').waitFor();
    assert.equal(new URL(page.url()).pathname, '/password');
    // the API refuses everything else until the password is changed: the workbench is out of reach
    await page.goto(`${h.base}/cases`);
    await page.getByLabel('当前密码').waitFor();
    allow(/status of 4(00|22)/);
    await page.getByLabel('当前密码').fill('One-Time-Pass-2026');
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('password-error').waitFor();
    await shot(page, 'password-change');
    await page.getByLabel('新密码', { exact: true }).fill('Brand-New-Secret-77');
    await page.getByLabel('再次输入新密码').fill('Brand-New-Secret-77');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('workbench').waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await clean(page, problems, 'password change');
    await context.close();
  });

  test('a wrong password gets a clear message in Chinese; English is a toggle that is remembered', async () => {
    const { context, page, problems, allow } = await open();
    allow(/status of 401/);
    await signIn(page, 'demo-bureau', 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /用户名或密码错误/);
    await shot(page, 'login-wrong-password');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('button', { name: /Sign in/ }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /Sign in/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await clean(page, problems, 'login');
    await context.close();
  });
});
