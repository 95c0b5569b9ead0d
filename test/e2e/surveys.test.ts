/**
 * What residents tell, in a real browser (docs/domain.md "Surveys and complaints"): the community opens a
 * survey of its compound and issues household codes — listed on the page, and as the A4 sheet downloaded
 * with a QR code per household; a household answers on a 390 × 844 phone and is thanked; the same code again
 * is "already used", an unknown code and a survey not yet open have their messages. A resident files a
 * complaint on the phone; the community finds it on its workbench and in its list, acknowledges and resolves
 * it, and it leaves both; the bureau reads it with the contact hidden. zh-CN pagers; no CSP violation, no
 * console error. Screenshots go to test-artifacts/surveys/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { COMPLAINT_CATEGORIES } from '../../src/db/schema.ts';
import { mustParseDay } from '../../src/rules/dates/date.ts';
import { chinaDay } from '../../src/service/cases/numbers.ts';
import { issueCodes, openSurvey } from '../../src/service/surveys/surveys.ts';
import { as, testActor } from '../../src/service/testing.ts';
import { CATEGORIES } from '../../web/src/components/residents/labels.ts';
import { browserSuite } from './harness.ts';

const PHONE = { width: 390, height: 844 };
const COMPOUND = 'X107';

/** Nothing on the page is wider than the window (a phone scrolls down, never sideways). */
async function fits(page: Page, where: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok((scroll as number) <= (width as number), `${where}: ${scroll}px wide in a ${width}px window`);
}

/** The table's pager is antd's in zh-CN: 下一页 and 条/页. */
async function zhPager(page: Page, where: string) {
  await page.locator('.ant-pagination li[title="下一页"]').first().waitFor();
  assert.match((await page.locator('.ant-pagination .ant-select-selection-item').first().textContent()) ?? '', /条\/页/, where);
}

/** A day `n` days after `d` (YYYY-MM-DD). */
const plus = (d: string, n: number) => new Date((mustParseDay(d) + n) * 86_400_000).toISOString().slice(0, 10);

browserSuite('surveys', (h) => {
  const { open, clean, shot } = h;
  const one = async <T>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows[0] as T;
  let compoundName = '';
  /** codes the community issued through the page */
  let codes: string[] = [];
  let surveyId = 0;

  test('the community opens a survey of its compound and issues codes: listed once, and the A4 sheet with QR codes', async () => {
    compoundName = (await one<{ name: string }>(sql`select name from compound where code = ${COMPOUND}`)).name;
    const { context, page, problems } = await open();
    await h.signIn(page, 'demo-community');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '满意度调查' }).click();
    const openCard = page.getByTestId('survey-open');
    await openCard.waitFor();
    await page.getByTestId('survey-compound').click();
    await page.keyboard.type(compoundName);
    await page.locator('.ant-select-item-option', { hasText: `（${COMPOUND}）` }).click();
    // the title, the half-year and the days come filled in: today for 30 days
    assert.equal(await page.getByTestId('survey-title').inputValue(), '物业服务满意度调查');
    assert.match(await page.getByTestId('survey-period').inputValue(), /^\d{4}H[12]$/);
    const [opened] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/surveys' && r.request().method() === 'POST'),
      page.getByTestId('survey-open-submit').click(),
    ]);
    assert.equal(opened.status(), 201);
    surveyId = ((await opened.json()) as { id: number }).id;
    const row = page.locator(`.ant-table-row[data-row-key="${surveyId}"]`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /进行中/);
    await zhPager(page, 'surveys');
    await shot(page, 'surveys-opened');

    // three codes listed on the page (shown this once)
    await row.getByTestId('issue-codes').click();
    const dialog = page.getByTestId('issue-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('issue-count').fill('3');
    await dialog.getByTestId('format-json').click();
    await page.getByTestId('issue-submit').click();
    await page.getByTestId('issued-codes').waitFor();
    codes = (await page.getByTestId('issued-code').allTextContents()).map((c) => c.replace(/\s/g, ''));
    assert.equal(codes.length, 3);
    for (const c of codes) assert.match(c, /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    assert.match((await page.getByTestId('issued-codes').textContent()) ?? '', new RegExp(`/survey/${codes[0]}`));
    await shot(page, 'codes-listed');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('issue-dialog').waitFor({ state: 'detached' });

    // twelve more as the A4 sheet: a file with a QR code and the printed code per household
    await row.getByTestId('issue-codes').click();
    await page.getByTestId('issue-dialog').getByTestId('issue-count').fill('12');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('issue-submit').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^调查编码-${COMPOUND}-\\d+\\.html$`));
    const sheet = readFileSync((await download.path()) as string, 'utf8');
    assert.equal(sheet.match(/<svg/g)?.length, 12, 'a QR code per household');
    assert.equal(sheet.match(/class="code"/g)?.length, 12);
    assert.ok(sheet.includes(compoundName));
    await page.getByTestId('issue-dialog').waitFor({ state: 'detached' });
    // the counts: 15 issued, none answered yet
    await row.filter({ hasText: /进行中1500\.0%/ }).waitFor();
    await shot(page, 'surveys-issued');
    await clean(page, problems, 'survey management');
    await context.close();
  });

  test('a household answers on its phone, once: the thank-you; the same code again, an unknown code, a survey not open', async () => {
    assert.equal(codes.length, 3, 'the codes of the first test');
    const [code, second] = codes as [string, string];
    const { context, page, problems, allow } = await open(PHONE);
    // the browser logs the refusals this test provokes
    allow(/status of (404|409)/);
    await page.goto(`${h.base}/survey/${code}`);
    await page.getByTestId('survey-form').waitFor();
    assert.equal(await page.getByTestId('survey-compound').textContent(), compoundName);
    const levels = await page.getByTestId('survey-levels').locator('label').allTextContents();
    assert.deepEqual(levels, ['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await fits(page, 'survey');
    await shot(page, 'phone-survey');
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('survey-thanks').waitFor();
    assert.match((await page.getByTestId('survey-thanks').textContent()) ?? '', /感谢您的参与/);
    await shot(page, 'phone-thanks');
    const [answer] = (
      (await h.database.db.execute(
        sql`select r.level from survey_response r join survey s on s.id = r.survey_id join compound c on c.id = s.compound_id where c.code = ${COMPOUND}`,
      )) as unknown as { rows: { level: number }[] }
    ).rows;
    assert.equal(answer?.level, 2, 'one answer stored: 满意');

    // the same code again: already used, one answer per household
    await page.goto(`${h.base}/survey/${code}`);
    await page.getByTestId('survey-refused-code_used').waitFor();
    assert.match((await page.getByTestId('survey-refused-code_used').textContent()) ?? '', /该编码已经答过卷.*每户只能作答一次/);
    await shot(page, 'phone-used');

    // typed by hand on /survey: an unknown code, then a real one in lower case with a space
    await page.goto(`${h.base}/survey`);
    await page.getByTestId('survey-enter').waitFor();
    await fits(page, 'enter code');
    await shot(page, 'phone-enter');
    await page.getByLabel('调查编码').fill('ABCD EFGH');
    await page.getByRole('button', { name: /开始作答/ }).click();
    await page.getByTestId('survey-refused-code_unknown').waitFor();
    assert.match((await page.getByTestId('survey-refused-code_unknown').textContent()) ?? '', /调查编码不存在/);
    await shot(page, 'phone-unknown');
    await page.getByRole('button', { name: /重新输入编码/ }).click();
    await page.getByLabel('调查编码').fill(`${second.slice(0, 4).toLowerCase()} ${second.slice(4).toLowerCase()}`);
    await page.getByRole('button', { name: /开始作答/ }).click();
    await page.getByTestId('survey-form').waitFor();
    assert.equal(new URL(page.url()).pathname, `/survey/${second}`);
    // in English: the server's levels in English
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('survey-levels').getByText('very satisfied', { exact: true }).waitFor();
    await shot(page, 'phone-survey-en');
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('survey-levels').getByText('非常满意', { exact: true }).waitFor();

    // a survey that opens in ten days
    const today = chinaDay(new Date());
    const bureau = as(h.database.db, testActor('bureau'));
    const later = await openSurvey(bureau, {
      compound: COMPOUND,
      period: today.slice(0, 4),
      title: '下期调查',
      opensOn: plus(today, 10),
      closesOn: plus(today, 40),
    });
    const [early] = (await issueCodes(bureau, later.id, 1)).codes;
    await page.goto(`${h.base}/survey/${early}`);
    await page.getByTestId('survey-refused-not_open').waitFor();
    assert.match((await page.getByTestId('survey-refused-not_open').textContent()) ?? '', /调查尚未开始.*调查将于 \d{4}-\d{2}-\d{2} 开始/);
    await fits(page, 'not open');
    await shot(page, 'phone-not-open');
    await clean(page, problems, 'survey on a phone');
    await context.close();

    // the management list counts the answer: 1 of 15
    const manage = await open();
    await h.signIn(manage.page, 'demo-community');
    await manage.page.getByTestId('workbench').waitFor();
    await manage.page.goto(`${h.base}/surveys`);
    const row = manage.page.locator(`.ant-table-row[data-row-key="${surveyId}"]`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /进行中1516\.7%/, 'issued 15, answered 1: 6.7 %');
    await shot(manage.page, 'surveys-answered');
    await clean(manage.page, manage.problems, 'surveys after the answer');
    await manage.context.close();
  });

  test('a resident files a complaint on the phone; the community sees it on its workbench and list, acknowledges and resolves it', async () => {
    assert.deepEqual([...CATEGORIES], [...COMPLAINT_CATEGORIES], 'the form offers the server’s categories');
    const resident = await open(PHONE);
    await resident.page.goto(`${h.base}/public`);
    await resident.page.getByRole('link', { name: '我要报事' }).click();
    const form = resident.page.getByTestId('complaint-form');
    await form.waitFor();
    await resident.page.getByTestId('complaint-compound').click();
    await resident.page.keyboard.type(compoundName);
    await resident.page.locator('.ant-select-item-option', { hasText: compoundName }).first().click();
    await resident.page.getByTestId('complaint-category').click();
    await resident.page.locator('.ant-select-item-option', { hasText: '设施维修' }).click();
    await form.getByLabel('反映的问题').fill('3号楼电梯停运两天');
    await form.getByLabel('联系方式（选填）').fill('13912345678');
    await fits(resident.page, 'complaint form');
    await shot(resident.page, 'phone-complaint');
    await form.getByRole('button', { name: /提交报事/ }).click();
    const receipt = resident.page.getByTestId('complaint-receipt');
    await receipt.waitFor();
    const id = /回执编号 (\d+)/.exec((await receipt.textContent()) ?? '')?.[1];
    assert.ok(id, 'a receipt number');
    await shot(resident.page, 'phone-complaint-done');
    await clean(resident.page, resident.problems, 'complaint on a phone');
    await resident.context.close();

    const { context, page, problems } = await open();
    await h.signIn(page, 'demo-community');
    const todo = page.getByTestId('complaint-todos').locator('.ant-list-item', { hasText: `#${id}` });
    await todo.waitFor();
    assert.match((await todo.textContent()) ?? '', /设施维修.*待处理/);
    await shot(page, 'workbench-complaint');
    const onWorkbench = Number(await page.getByTestId('complaint-todos-total').textContent());
    await page.getByRole('link', { name: /全部报事/ }).click();
    const list = page.getByTestId('complaints');
    const row = list.locator('.ant-table-row', { hasText: '3号楼电梯停运两天' });
    await row.waitFor();
    // the same list as the workbench's: unresolved, as many
    assert.match((await list.locator('.ant-pagination-total-text').textContent()) ?? '', new RegExp(`合计 ${onWorkbench}$`));
    assert.match((await row.textContent()) ?? '', /13912345678/, 'the community reads the contact in clear');
    await zhPager(page, 'complaints');
    await shot(page, 'complaints-open');

    await row.getByTestId('acknowledge').click();
    await page.getByTestId('note').fill('已派维修人员');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^受\s*理$/ })
      .click();
    await row.filter({ hasText: '已受理' }).waitFor();
    assert.equal(await row.getByTestId('acknowledge').count(), 0);
    await row.getByTestId('resolve').click();
    // a blank note is refused before asking the server
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^办\s*结$/ })
      .click();
    await page.locator('.ant-form-item-explain-error', { hasText: '请填写处理说明' }).waitFor();
    await page.getByTestId('note').fill('电梯已修复，住户确认');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^办\s*结$/ })
      .click();
    // resolved: it leaves the unresolved list, and shows under 已办结 with its notes
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('complaint-status').click();
    await page.locator('.ant-select-item-option', { hasText: '已办结' }).click();
    const done = list.locator('.ant-table-row', { hasText: '3号楼电梯停运两天' });
    await done.waitFor();
    assert.match((await done.textContent()) ?? '', /已办结.*已派维修人员.*电梯已修复，住户确认/);
    await shot(page, 'complaints-resolved');
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/todos'),
      page.getByRole('menuitem', { name: '工作台' }).click(),
    ]);
    await page.getByTestId('todos').locator('.ant-table').waitFor();
    assert.equal(
      await page
        .getByTestId('complaint-todos')
        .locator('.ant-list-item', { hasText: `#${id}` })
        .count(),
      0,
    );
    await clean(page, problems, 'complaints of the community');
    await context.close();

    // the bureau reads it, the contact hidden, nothing to do
    const bureau = await open();
    await h.signIn(bureau.page, 'demo-bureau');
    await bureau.page.getByTestId('workbench').waitFor();
    await bureau.page.getByRole('menuitem', { name: '报事处理' }).click();
    await bureau.page.getByTestId('complaint-status').click();
    await bureau.page.locator('.ant-select-item-option', { hasText: '已办结' }).click();
    const seen = bureau.page.locator('.ant-table-row', { hasText: '3号楼电梯停运两天' });
    await seen.waitFor();
    const text = (await seen.textContent()) ?? '';
    assert.ok(text.includes('139****5678') && !text.includes('13912345678'), text);
    assert.equal(await seen.getByTestId('resolve').count(), 0);
    await shot(bureau.page, 'complaints-bureau');
    await clean(bureau.page, bureau.problems, 'complaints of the bureau');
    await bureau.context.close();
  });
});
