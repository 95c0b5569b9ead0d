/**
 * The dashboards (数据看板) and the public 通报 in a real browser, on the demo city: the bureau sees every
 * chart drawn (a canvas each) and tables whose figures are the API's, formatted (¥1,234.56, one-decimal
 * percentages), and downloads a report as xlsx; a community account sees its own community only and no
 * ranking; on a phone, the public 通报 — the praise and criticism lists, a half-year's results — and a
 * company's record. No CSP violation, no console error. Screenshots go to test-artifacts/dashboards/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import ExcelJS from '../../src/excel/exceljs.ts';
import type { Bulletin, PublicStandings } from '../../src/service/bulletin.ts';
import type { CoverageReport } from '../../src/service/reports/coverage.ts';
import type { FundsReport } from '../../src/service/reports/funds.ts';
import type { ProgressReport } from '../../src/service/reports/progress.ts';
import type { SatisfactionReport } from '../../src/service/reports/satisfaction.ts';
import { money, percent } from '../../web/src/format.ts';
import { browserSuite } from './harness.ts';

const PHONE = { width: 375, height: 812 };

/** The text of each cell of a table's body rows. */
async function cells(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const r = await request.get(url);
  assert.equal(r.status(), 200, `${url}: ${await r.text()}`);
  return (await r.json()) as T;
}

/** Chooses `label` in the antd Select with this test id. */
async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-item-option[title="${label}"]`).click();
}

const drawn = (page: Page, chart: string) => page.getByTestId(chart).locator('canvas').first().waitFor();

browserSuite('dashboards', (h) => {
  const { open, clean, shot, signIn } = h;
  const rows = async <R>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: R[] }).rows;

  test('the bureau: every chart drawn, tables that agree with the API, a report downloaded as xlsx', async () => {
    const { context, page, problems } = await open();
    await signIn(page, 'demo-bureau');
    await page.getByTestId('workbench').waitFor();
    await page.getByRole('menuitem', { name: '数据看板' }).click();
    await page.getByTestId('dashboards').waitFor();
    for (const chart of ['chart-coverage', 'chart-funds-half', 'chart-funds-year', 'chart-assessments', 'chart-progress'])
      await drawn(page, chart);

    // coverage: the latest day first, the city's share with one decimal
    const coverage = await json<CoverageReport>(context.request, `${h.base}/api/reports/coverage`);
    const last = coverage.points.at(-1);
    assert.ok(last);
    const [first] = await cells(page.getByTestId('table-coverage'));
    assert.deepEqual(first?.slice(0, 4), [last.day, String(last.total.whole), String(last.total.part), percent(last.total.percent)]);

    // satisfaction of 2025 (the demo city's surveys): each community's share, and the city's
    await choose(page, 'year-satisfaction', '2025');
    await drawn(page, 'chart-satisfaction');
    const sat = await json<SatisfactionReport>(context.request, `${h.base}/api/reports/satisfaction?year=2025`);
    assert.ok(sat.communities.length > 0, 'the demo city has answers in 2025');
    await page
      .getByTestId('table-satisfaction')
      .getByText(sat.communities[0]?.name ?? '')
      .waitFor();
    assert.deepEqual(
      (await cells(page.getByTestId('table-satisfaction'))).map((r) => r.slice(0, 4)),
      [
        ...sat.communities.map((c) => [c.name, String(c.whole), String(c.part), percent(c.percent)]),
        ['全市', String(sat.total.whole), String(sat.total.part), percent(sat.total.percent)],
      ],
    );

    // money by year and programme: appropriated, reserved, paid, unspent as ¥1,234.56
    const funds = await json<FundsReport>(context.request, `${h.base}/api/reports/funds`);
    const years = await cells(page.getByTestId('table-funds-year'));
    assert.deepEqual(
      years.map((r) => [r[0], r[3], r[4], r[5], r[6]]),
      funds.totals.slice(0, 12).map((x) => [String(x.year), money(x.appropriated), money(x.reserved), money(x.paid), money(x.unspent)]),
    );
    assert.ok(funds.halves.length > 0, 'the demo city has money by half-year');
    const halves = await cells(page.getByTestId('table-funds-half'));
    assert.deepEqual(
      halves.map((r) => [r[0], r[2], r[3], r[4], r[5]]),
      funds.halves.slice(0, 10).map((x) => [x.half, x.communityName, String(x.claims), money(x.reserved), money(x.paid)]),
    );

    // the ranking: rank, community, score and standing
    const progress = await json<ProgressReport>(context.request, `${h.base}/api/reports/progress`);
    const ranked = await cells(page.getByTestId('table-progress'));
    assert.deepEqual(
      ranked.map((r) => [r[0], r[1], r[5], r[7]]),
      progress.communities.map((c) => [
        String(c.rank),
        c.name,
        percent(c.score),
        { praise: '通报表扬', criticism: '通报批评', none: '—' }[c.standing],
      ]),
    );
    await shot(page, 'bureau-dashboards');

    // the funds report as a workbook, through the server (an audited export)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-funds').click()]);
    assert.equal(download.suggestedFilename(), '奖补资金报表-全部年度.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['资金明细', '资金合计', '资金（分半年）', '说明'],
    );
    assert.equal(wb.getWorksheet('资金（分半年）')?.rowCount, funds.halves.length + 1);
    const [exported] = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit_event where action = 'export.report.funds' and username = 'demo-bureau'`,
    );
    assert.equal(exported?.n, 1);
    await clean(page, problems, 'bureau dashboards');
    await context.close();
  });

  test('a community account: its own community in every report, no ranking', async () => {
    const { context, page, problems } = await open();
    await signIn(page, 'demo-community');
    await page.getByTestId('workbench').waitFor();
    await page.goto(`${h.base}/dashboards`);
    await drawn(page, 'chart-coverage');
    await drawn(page, 'chart-assessments');
    assert.equal(await page.getByTestId('dash-progress').count(), 0, 'the ranking compares communities: not a community’s');
    const coverage = await json<CoverageReport>(context.request, `${h.base}/api/reports/coverage`);
    assert.equal(coverage.community, 'C05');
    const own = coverage.points.at(-1)?.communities ?? [];
    assert.deepEqual(
      own.map((c) => c.code),
      ['C05'],
    );
    const heads = await page
      .getByTestId('table-coverage')
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()));
    assert.deepEqual(heads, ['日期', '名单小区数', '已有物业', '本社区 覆盖率', own[0]?.name]);

    await choose(page, 'year-satisfaction', '2025');
    await drawn(page, 'chart-satisfaction');
    const sat = await json<SatisfactionReport>(context.request, `${h.base}/api/reports/satisfaction?year=2025`);
    await page.getByTestId('table-satisfaction').getByText('本社区').waitFor();
    assert.deepEqual(
      (await cells(page.getByTestId('table-satisfaction'))).map((r) => r[0]),
      [...sat.communities.map((c) => c.name), '本社区'],
    );
    assert.deepEqual(
      sat.communities.map((c) => c.code),
      ['C05'],
    );
    // money: the community's claims only, without the city's budget columns
    const funds = await json<FundsReport>(context.request, `${h.base}/api/reports/funds`);
    assert.ok(funds.halves.every((x) => x.communityCode === 'C05'));
    const heads2 = await page
      .getByTestId('table-funds-year')
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()));
    assert.ok(!heads2.includes('预算') && !heads2.includes('未使用'), heads2.join(','));
    await shot(page, 'community-dashboards');
    await clean(page, problems, 'community dashboards');
    await context.close();
  });

  test('the public 通报 on a phone: praise and criticism, a half-year’s results, a company’s record', async () => {
    const { context, page, problems } = await open(PHONE);
    await page.goto(`${h.base}/public`);
    await page.getByRole('link', { name: '考核通报' }).first().click();
    await page.getByTestId('bulletin-item').first().waitFor();
    const standings = await json<PublicStandings>(context.request, `${h.base}/api/public/standings`);
    assert.ok(standings.period, 'the demo city has published results');
    const bulletin = await json<Bulletin>(context.request, `${h.base}/api/public/assessments?period=${standings.period}&limit=20&offset=0`);
    assert.equal(await page.getByTestId('bulletin-item').count(), Math.min(20, bulletin.items.length));
    const firstItem = bulletin.items[0];
    assert.ok(firstItem);
    assert.match((await page.getByTestId('bulletin-item').first().textContent()) ?? '', new RegExp(firstItem.compoundName));
    for (const kind of ['praise', 'criticism'] as const) {
      const list = page.getByTestId(`standing-${kind}`);
      const names = standings[kind].map((c) => c.name);
      const text = (await list.textContent()) ?? '';
      if (names.length === 0) assert.match(text, /本期无/);
      for (const n of names) assert.ok(text.includes(n), `${kind}: ${n}`);
    }
    await shot(page, 'phone-bulletin');

    // the first half-year: roster coverage was low then, so the demo city's ranking criticises some communities
    const early = await json<PublicStandings>(context.request, `${h.base}/api/public/standings?period=2024H1`);
    assert.ok(early.criticism.length > 0, 'the demo city has communities criticised in 2024H1');
    await choose(page, 'period-select', '2024H1');
    const criticised = page.getByTestId('standing-criticism');
    await criticised.getByText(early.criticism[0]?.name ?? '').waitFor();
    assert.deepEqual(
      await criticised.locator('.ant-list-item strong').allTextContents(),
      early.criticism.map((c) => c.name),
    );
    assert.match((await criticised.textContent()) ?? '', new RegExp(`得分 ${percent(early.criticism[0]?.score).replace('.', '\\.')}`));
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok((scroll as number) <= (width as number), `the bulletin is ${scroll}px wide on a ${width}px phone`);
    await shot(page, 'phone-bulletin-2024H1');

    // a company with an expulsion when the demo city has one, else the first of the bulletin
    const [expelled] = await rows<{ code: string }>(
      sql`select co.code from rectification r join engagement e on e.id = r.engagement_id join company co on co.id = e.company_id
          where r.outcome in ('failed', 'refused') and r.decided_on is not null order by co.code limit 1`,
    );
    const code = expelled?.code ?? firstItem.company;
    await page.goto(`${h.base}/public/companies/${code}`);
    await page.getByTestId('record-engagement').first().waitFor();
    const record = await json<{ name: string; engagements: unknown[]; expulsions: unknown[]; assessments: unknown[] }>(
      context.request,
      `${h.base}/api/public/companies/${code}/record`,
    );
    assert.equal(await page.getByTestId('record-engagement').count(), record.engagements.length);
    assert.equal(await page.getByTestId('expulsion').count(), record.expulsions.length);
    await page.getByRole('heading', { name: record.name }).waitFor();
    const [scroll2, width2] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok((scroll2 as number) <= (width2 as number), `the record is ${scroll2}px wide on a ${width2}px phone`);
    await shot(page, 'phone-company');
    await clean(page, problems, 'public 通报');
    await context.close();
  });
});
