/**
 * Cases in the browser (test/e2e/harness.ts): a company registers a takeover, attaches its contract and
 * commitment letter and submits; the community confirms — after a rejection without a reason is refused
 * with the message beside the reason field; the bureau approves — every step through the UI, the states
 * and actions named in Chinese. The facility form's preview follows the investment as it is typed. The
 * case list filters by state. No CSP violation, no console error; screenshots in test-artifacts/cases/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { demoOrganisations } from '../../src/registry/demo-accounts.ts';
import { ok, pickDate } from './antd.ts';
import { browserSuite } from './harness.ts';

const rows = async <T>(h: { database: { db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> } } }, q: ReturnType<typeof sql>) =>
  ((await h.database.db.execute(q)) as { rows: T[] }).rows;

browserSuite('cases', (h) => {
  const { open, clean, shot, signIn } = h;

  test('a takeover: the company registers and submits, the community confirms, the bureau approves', async () => {
    const orgs = demoOrganisations();
    // a compound of the demo community that no company has ever served
    const [free] = await rows<{ code: string }>(
      h,
      sql`select c.code from compound c join community m on m.id = c.community_id
          where m.code = ${orgs.community} and not exists (select 1 from engagement e where e.compound_id = c.id) order by c.code limit 1`,
    );
    assert.ok(free, 'an unserved compound in the demo community');

    const company = await open();
    company.allow(/status of 4\d\d/);
    await signIn(company.page, 'demo-company');
    await company.page.getByTestId('workbench').waitFor();
    await company.page.getByRole('menuitem', { name: '办件' }).click();
    await company.page.getByTestId('new-takeover').click();
    await company.page.getByTestId('case-apply').waitFor();
    await company.page.locator('[data-testid="f-compoundCode"] input, input[data-testid="f-compoundCode"]').first().fill(free.code);
    await pickDate(company.page, 'f-entryDate', '2026-11-01');
    await pickDate(company.page, 'f-contractSigned', '2026-10-20');
    await pickDate(company.page, 'f-commitmentSigned', '2026-10-20');
    await shot(company.page, 'apply-takeover');
    await company.page.getByTestId('apply-save').click();
    await company.page.getByTestId('case-page').waitFor();
    const caseNo = new URL(company.page.url()).pathname.split('/').pop() as string;
    assert.match(caseNo, /^JB-\d{4}-T-\d{6}$/);
    await company.page.getByTestId('case-state').getByText('草稿').waitFor();
    // facts by their names, not their keys
    const facts = company.page.getByTestId('facts');
    await facts.getByText('进驻日期').waitFor();
    assert.equal(await facts.getByText('entryDate').count(), 0);
    // the contract, then the commitment letter
    for (const [kind, name] of [
      ['contract', '物业服务合同'],
      ['commitment', '服务承诺书'],
    ] as const) {
      await company.page.getByTestId('attach-kind').click();
      await company.page.locator('.ant-select-item-option').getByText(name, { exact: true }).click();
      await company.page
        .getByTestId('attach')
        .locator('input[type=file]')
        .setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${kind}`) });
      await company.page.getByRole('link', { name: `${kind}.pdf` }).waitFor();
    }
    await company.page
      .getByTestId('case-actions')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await ok(company.page).click();
    await company.page.getByTestId('case-state').getByText('已提交').waitFor();
    await shot(company.page, 'case-submitted');
    await clean(company.page, company.problems, 'the company’s takeover');
    await company.context.close();

    // the community: a rejection needs a reason, said beside the field; then it confirms
    const community = await open();
    community.allow(/status of 4\d\d/);
    await signIn(community.page, 'demo-community');
    await community.page.getByTestId('workbench').waitFor();
    await community.page.goto(`${h.base}/cases/${caseNo}`);
    await community.page.getByTestId('case-actions').getByRole('button', { name: '不予批准' }).click();
    await ok(community.page).click();
    const fieldError = community.page.getByTestId('field-error');
    await fieldError.waitFor();
    assert.equal(await fieldError.textContent(), '不予批准须写明理由');
    await shot(community.page, 'action-bad-input');
    await community.page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await community.page.getByTestId('case-actions').getByRole('button', { name: '社区确认' }).click();
    await ok(community.page).click();
    await community.page.getByTestId('case-state').getByText('社区已确认').waitFor();
    await clean(community.page, community.problems, 'the community’s confirmation');
    await community.context.close();

    // the bureau approves: the engagement exists, the engine's lines are frozen; the history reads in Chinese
    const bureau = await open();
    await signIn(bureau.page, 'demo-bureau');
    await bureau.page.getByTestId('workbench').waitFor();
    await bureau.page.goto(`${h.base}/cases/${caseNo}`);
    await bureau.page.getByTestId('case-actions').getByRole('button', { name: '住建局批准' }).click();
    await ok(bureau.page).click();
    await bureau.page.getByTestId('case-state').getByText('已批准（承接中）').waitFor();
    await bureau.page.getByTestId('engine-line').first().waitFor();
    await bureau.page.getByRole('cell', { name: '社区已确认 → 已批准（承接中）' }).waitFor();
    assert.equal(await bureau.page.getByRole('cell', { name: /community_confirmed|approve$/ }).count(), 0);
    await shot(bureau.page, 'case-approved');
    // the case list filtered by state finds it
    await bureau.page.goto(`${h.base}/cases`);
    await bureau.page.getByTestId('state-filter').click();
    await bureau.page.locator('.ant-select-item-option').getByText('已批准（承接中）', { exact: true }).click();
    await bureau.page.getByRole('button', { name: /查\s*询/ }).click();
    await bureau.page.getByRole('link', { name: caseNo }).waitFor();
    await shot(bureau.page, 'cases-by-state');
    await clean(bureau.page, bureau.problems, 'the bureau’s approval');
    await bureau.context.close();
  });

  test('the facility form previews 40%, the compound cap and the quota as the investment is typed', async () => {
    const orgs = demoOrganisations();
    const { context, page, problems } = await open();
    await signIn(page, 'demo-community');
    await page.getByTestId('workbench').waitFor();
    await page.goto(`${h.base}/cases/new/facility`);
    await page.getByTestId('case-apply').waitFor();
    await page.locator('[data-testid="f-compoundCode"] input, input[data-testid="f-compoundCode"]').first().fill(orgs.compound);
    await page.getByTestId('f-category').click();
    await page.locator('.ant-select-item-option').getByText('消除安全隐患', { exact: true }).click();
    await pickDate(page, 'f-acceptedOn', '2026-11-20');
    await page.getByTestId('f-collectionRate').fill('0.80');
    await page.getByTestId('f-feeRatio').fill('0.90');
    const preview = page.getByTestId('facility-preview');
    await preview.getByText('实际投入').waitFor(); // the one field still missing is named
    await page.getByTestId('f-investment').fill('10000');
    await preview.getByTestId('preview-base').getByText('¥4,000.00').waitFor();
    await preview.getByTestId('preview-quota').waitFor();
    await preview.getByTestId('preview-compound').getByText('¥20,000.00').first().waitFor();
    await shot(page, 'facility-preview-10000');
    // typed on: the base follows, the compound cap cuts the amount
    await page.getByTestId('f-investment').fill('80000');
    await preview.getByTestId('preview-base').getByText('¥32,000.00').waitFor();
    const amount = (await preview.getByTestId('preview-amount').textContent()) ?? '';
    assert.match(amount, /^¥[\d,]+\.\d{2}$/);
    assert.notEqual(amount, '¥32,000.00', 'cut by a cap');
    await preview.getByText('受小区累计上限限制', { exact: false }).waitFor();
    await shot(page, 'facility-preview-80000');
    await clean(page, problems, 'the facility preview');
    await context.close();
  });
});
