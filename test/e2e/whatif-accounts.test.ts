/**
 * The what-if simulator and account administration in a real browser (test/e2e/harness.ts: the demo city
 * on a fresh embedded database). Finance changes T's tier 1 rate and sees the change per community and the
 * results that change, with their reasons; a bad value is refused under its input. The administrator
 * creates a community account, whose one-time password signs in once and must be changed; locked, the
 * account is refused at sign-in with a clear message. Screenshots go to test-artifacts/whatif-accounts/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { browserSuite } from './harness.ts';

/** A part of a long page, to look at closely (beside the harness's full-page shots). */
const part = (l: Locator, file: string) =>
  l.screenshot({
    path: fileURLToPath(new URL(`../../test-artifacts/whatif-accounts/${file}.png`, import.meta.url)),
    animations: 'disabled',
  });

/** Picks `option` in the antd Select under `testId` (typing first, for a searchable one). */
async function pick(page: Page, testId: string, option: string, search?: string) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

browserSuite('whatif-accounts', (h) => {
  const { open, clean, shot, signIn } = h;

  test('finance raises T’s tier 1 rate: the change per programme and community, and the results that change with why', async () => {
    const { context, page, problems } = await open({ width: 1366, height: 900 });
    await signIn(page, 'demo-finance');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '参数模拟测算' }).click();
    await page.getByTestId('whatif').waitFor();
    assert.match((await page.getByTestId('whatif-nothing-saved').textContent()) ?? '', /不保存任何内容/);
    const input = page.getByTestId('param-T.rate.tier1').getByTestId('param-input');
    await input.waitFor();
    const current = await input.inputValue();
    assert.match(current, /^\d+\.\d+$/, 'the rate in force, as a decimal string');
    await input.fill('0.80');
    // the changed parameter is marked before the run
    await page.getByTestId('whatif-changed').waitFor();
    assert.equal(await page.locator('tr.jb-changed').count(), 1);
    await page.getByTestId('whatif-run').click();
    await page.getByTestId('whatif-result').waitFor();
    const T = page.getByTestId('whatif-programmes').locator('tbody tr').filter({ hasText: '企业承接' });
    const cells = await T.locator('td').allTextContents();
    assert.match(cells[3] ?? '', /^¥[1-9][\d,]*\.\d{2}$/, `T rises: ${cells.join(' | ')}`);
    assert.ok(Number(cells[4]) > 0, 'T lines change');
    // per community: a row with a difference, the chart beside it
    const changedCommunities = page.getByTestId('whatif-communities').locator('tbody tr.jb-changed');
    assert.ok((await changedCommunities.count()) > 0);
    assert.match((await changedCommunities.first().textContent()) ?? '', /社区.*¥/);
    await page.getByTestId('whatif-chart').locator('canvas').first().waitFor();
    // the results that change: before and after, and why, with the clause
    const lines = page.getByTestId('whatif-lines').locator('tbody tr.ant-table-row');
    assert.ok((await lines.count()) > 0);
    const first = lines.first();
    assert.match((await first.textContent()) ?? '', /可发放/);
    assert.match((await first.getByTestId('reason').first().textContent()) ?? '', /条款 2\.2\.1.*0\.80 元/);
    await shot(page, 'whatif-result');
    await part(page.getByTestId('whatif-chart'), 'whatif-chart');
    await part(page.getByTestId('whatif-lines'), 'whatif-lines');
    // the rate in force is untouched: a what-if saves nothing
    const params = await (await page.request.get(`${h.base}/api/params`)).json();
    assert.equal(params.parameters.find((p: { id: string }) => p.id === 'T.rate.tier1').value, current);
    await clean(page, problems, 'what-if');
    await context.close();
  });

  test('a bad value shows the server’s message under its input', async () => {
    const { context, page, problems, allow } = await open();
    allow(/status of 400/);
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.goto(`${h.base}/whatif`);
    const row = page.getByTestId('param-T.rate.tier1');
    await row.getByTestId('param-input').fill('abc');
    await page.getByTestId('whatif-run').click();
    const error = row.getByTestId('param-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /T\.rate\.tier1=abc：值应为/);
    assert.equal(await page.getByTestId('whatif-result').count(), 0);
    await shot(page, 'whatif-bad-value');
    await clean(page, problems, 'what-if bad value');
    await context.close();
  });

  test('the administrator creates a community account; its one-time password must be changed; locked, it is refused', async () => {
    const admin = await open();
    await signIn(admin.page, 'demo-admin');
    await admin.page.getByTestId('workbench').waitFor();
    await admin.page.getByRole('menuitem', { name: '账户管理' }).click();
    await admin.page.getByTestId('accounts-table').locator('tbody tr.ant-table-row').first().waitFor();
    await admin.page.getByTestId('account-new').click();
    const form = admin.page.getByTestId('account-form');
    await form.getByLabel('用户名').fill('youyi-clerk');
    await form.getByLabel('姓名').fill('王小丽');
    await pick(admin.page, 'account-role', '社区');
    await pick(admin.page, 'account-scope', '友谊社区', 'C05');
    await shot(admin.page, 'account-create');
    await admin.page.getByTestId('account-save').click();
    const password = (await admin.page.getByTestId('onetime-password').textContent())?.trim() ?? '';
    assert.ok(password.length >= 12, password);
    assert.match((await admin.page.getByTestId('onetime-warning').textContent()) ?? '', /只显示这一次/);
    assert.equal(await admin.page.getByTestId('onetime').locator('.ant-typography-copy').count(), 1, 'a copy button');
    await shot(admin.page, 'account-one-time-password');
    await admin.page.getByTestId('onetime-close').click();
    await admin.page.getByTestId('onetime').waitFor({ state: 'detached' });
    const row = admin.page.getByTestId('accounts-table').locator('tbody tr').filter({ hasText: 'youyi-clerk' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /C05.*正常.*须修改密码/);

    // the new user: the one-time password signs in and must be changed first
    const user = await open();
    user.allow(/status of 4(00|03)/);
    await signIn(user.page, 'youyi-clerk', password);
    await user.page.getByLabel('当前密码').waitFor();
    assert.equal(new URL(user.page.url()).pathname, '/password');
    await user.page.getByLabel('当前密码').fill(password);
    await user.page.getByLabel('新密码', { exact: true }).fill('Quiet-Harbour-Lamp-52');
    await user.page.getByLabel('再次输入新密码').fill('Quiet-Harbour-Lamp-52');
    await user.page.getByRole('button', { name: /保\s*存/ }).click();
    await user.page.getByTestId('workbench').waitFor();
    assert.match((await user.page.getByTestId('user').textContent()) ?? '', /王小丽.*社区.*友谊社区/);
    await clean(user.page, user.problems, 'new user');
    await user.context.close();

    // locked by the administrator: refused at sign-in, with the reason
    await row.getByTestId('account-lock').click();
    await admin.page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await row.filter({ hasText: '已锁定' }).waitFor();
    await shot(admin.page, 'account-locked');
    const again = await open();
    again.allow(/status of 423/);
    await signIn(again.page, 'youyi-clerk', 'Quiet-Harbour-Lamp-52');
    const refused = again.page.getByTestId('login-error');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /账户已被锁定，请联系系统管理员/);
    await shot(again.page, 'login-locked');
    await clean(again.page, again.problems, 'locked sign-in');
    await again.context.close();
    // a reset: a new one-time password, shown once with its warning
    await row.getByTestId('account-reset').click();
    await admin.page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    const reset = (await admin.page.getByTestId('onetime-password').textContent())?.trim() ?? '';
    assert.ok(reset.length >= 12 && reset !== password, `${reset} after ${password}`);
    await admin.page.getByTestId('onetime-close').click();
    await admin.page.getByTestId('onetime').waitFor({ state: 'detached' });
    await clean(admin.page, admin.problems, 'accounts');
    await admin.context.close();
  });
});
