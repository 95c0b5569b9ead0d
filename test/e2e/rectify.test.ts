/**
 * Rectification and expulsion in the browser (docs/policy.md T.7; test/e2e/harness.ts): the bureau finds
 * the demo city's ordered rectification in 办件 by its type, reads its deadline and the failed year it
 * answers, and decides 整改不合格 with a comment; the case reads 整改不合格，清退, the engagement has ended
 * in 承接关系 and the company's public record shows the expulsion. The company concerned sees its case
 * read-only. No CSP violation, no console error; screenshots in test-artifacts/rectify/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import * as t from '../../src/db/schema.ts';
import { DEMO_PASSWORD } from '../../src/registry/demo-accounts.ts';
import { createUser } from '../../src/service/auth/users.ts';
import { as } from '../../src/service/testing.ts';
import { move } from './antd.ts';
import { browserSuite } from './harness.ts';

browserSuite('rectify', (h) => {
  const { open, clean, shot, signIn } = h;

  test('the bureau decides an ordered rectification failed: the company is expelled, read-only to it', async () => {
    const db = h.database.db;
    const [ordered] = await db
      .select({
        caseNo: t.cases.caseNo,
        form: t.cases.form,
        engagement: t.engagements.code,
        company: t.companies.code,
        uscc: t.companies.uscc,
        compound: t.compounds.name,
      })
      .from(t.cases)
      .innerJoin(t.engagements, eq(t.engagements.id, t.cases.engagementId))
      .innerJoin(t.companies, eq(t.companies.id, t.engagements.companyId))
      .innerJoin(t.compounds, eq(t.compounds.id, t.engagements.compoundId))
      .where(and(eq(t.cases.type, 'rectification'), eq(t.cases.state, 'ordered')));
    assert.ok(ordered, 'the demo city has an ordered rectification');
    const form = ordered.form as { year: number; deadline: string };

    // the company concerned, its own account (the demo company may be another)
    await createUser(as(db), {
      username: 'rectified-co',
      role: 'company',
      scope: ordered.uscc ?? ordered.company,
      password: DEMO_PASSWORD,
    });

    // the company concerned: its open case, read-only
    const company = await open();
    await signIn(company.page, 'rectified-co');
    await company.page.getByTestId('workbench').waitFor();
    await company.page.goto(`${h.base}/cases/${ordered.caseNo}`);
    await company.page.getByTestId('case-state').getByText('整改中', { exact: true }).waitFor();
    await company.page.getByTestId('case-actions').getByText('当前没有可由您办理的操作', { exact: false }).waitFor();
    assert.equal(await company.page.getByTestId('case-actions').getByRole('button').count(), 0);
    await shot(company.page, 'company-read-only');
    await clean(company.page, company.problems, 'the company’s case');
    await company.context.close();

    const bureau = await open();
    await signIn(bureau.page, 'demo-bureau');
    await bureau.page.getByTestId('workbench').waitFor();
    await bureau.page.getByRole('menuitem', { name: '办件' }).click();
    await bureau.page.getByTestId('cases').waitFor();
    await bureau.page.getByTestId('type-filter').click();
    await bureau.page.locator('.ant-select-item-option').getByText('整改', { exact: true }).click();
    await bureau.page.getByTestId('state-filter').click();
    await bureau.page.locator('.ant-select-item-option').getByText('整改中', { exact: true }).click();
    await bureau.page.getByRole('button', { name: /查\s*询/ }).click();
    const row = bureau.page.getByRole('row').filter({ has: bureau.page.getByRole('link', { name: ordered.caseNo }) });
    await row.waitFor();
    // the list says which year it answers and when it is due
    await row.getByRole('cell', { name: `${form.year} 年度`, exact: true }).waitFor();
    await row.getByText(form.deadline).waitFor();
    await shot(bureau.page, 'cases-rectification');
    await row.getByRole('link', { name: ordered.caseNo }).click();
    await bureau.page.getByTestId('case-page').waitFor();
    await bureau.page.getByTestId('case-state').getByText('整改中', { exact: true }).waitFor();
    const facts = bureau.page.getByTestId('facts');
    await facts.getByText('整改期限').waitFor();
    await facts.getByText(form.deadline).waitFor();
    await facts.getByText('年度').waitFor();
    await bureau.page.getByRole('cell', { name: `${form.year} 年度`, exact: true }).waitFor();
    await bureau.page.getByRole('cell', { name: ordered.compound, exact: true }).first().waitFor();
    for (const raw of ['engagementCode', 'deadline', 'year', 'ordered'])
      assert.equal(await bureau.page.getByText(raw, { exact: true }).count(), 0, raw);
    await shot(bureau.page, 'case-ordered');
    await move(bureau.page, '整改不合格', '整改不合格，清退', async () => {
      await bureau.page.getByTestId('action-comment').fill('整改期满复查，仍未达到服务标准');
    });
    await bureau.page.getByRole('cell', { name: '整改中 → 整改不合格，清退' }).waitFor();
    // the history says the comment, not the move's machine detail (outcome: failed, decidedOn: …)
    await bureau.page.getByRole('cell', { name: '整改期满复查，仍未达到服务标准', exact: true }).waitFor();
    assert.equal(await bureau.page.getByText(/outcome|decidedOn|failed/).count(), 0);
    assert.equal(await bureau.page.getByTestId('case-actions').getByRole('button').count(), 0, 'a final state offers no move');
    await shot(bureau.page, 'case-failed');

    // 承接关系: the decision day is the engagement's last day; the day after, it has ended, its status in Chinese
    const [ended] = await db
      .select({ endDate: t.engagements.endDate })
      .from(t.engagements)
      .where(eq(t.engagements.code, ordered.engagement));
    assert.ok(ended?.endDate, 'the engagement ended');
    await clean(bureau.page, bureau.problems, 'the bureau’s decision');
    await bureau.context.close();
    h.skew(24 * 3600 * 1000);
    const registry = await open();
    await signIn(registry.page, 'demo-bureau');
    await registry.page.getByTestId('workbench').waitFor();
    await registry.page.goto(`${h.base}/registry/engagements`);
    await registry.page.getByTestId('registry-engagements').waitFor();
    await registry.page.getByLabel('企业').fill(ordered.company);
    await registry.page.getByRole('button', { name: /查\s*询/ }).click();
    const en = registry.page.getByRole('row').filter({ hasText: ordered.engagement });
    await en.getByText(ended.endDate).waitFor();
    await en.getByText('已结束', { exact: true }).waitFor();
    assert.equal(await en.getByText('ended', { exact: true }).count(), 0);
    await shot(registry.page, 'engagement-ended');
    await clean(registry.page, registry.problems, 'the registry');
    await registry.context.close();

    // the public record of the company: the expulsion, the rectification's outcome
    const visitor = await open({ width: 390, height: 844 });
    await visitor.page.goto(`${h.base}/public/companies/${encodeURIComponent(ordered.company)}`);
    const expulsion = visitor.page.getByTestId('expulsion').filter({ hasText: ordered.compound });
    await expulsion.getByText('清退（整改不合格）', { exact: false }).waitFor();
    await visitor.page
      .getByTestId('record-rectification')
      .filter({ hasText: `${ordered.compound} · ${form.year}` })
      .getByText('整改不合格', { exact: false })
      .waitFor();
    await shot(visitor.page, 'public-expulsion');
    await clean(visitor.page, visitor.problems, 'the public record');
    await visitor.context.close();
  });
});
