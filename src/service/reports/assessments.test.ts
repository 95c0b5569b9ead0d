/**
 * Assessment results on both databases: the dashboard's counts per half-year, community and company; the
 * progress ranking and its rule; the public bulletin (final results only) and a company's public record.
 */
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import { UserError } from '../../lib/errors.ts';
import { assessmentBulletin, companyRecord } from '../bulletin.ts';
import { contextOf } from '../read/testing.ts';
import { seedScenario } from '../testing.ts';
import { assessmentsReport } from './assessments.ts';
import { PROGRESS_RULE, progressReport } from './progress.ts';
import { ASSESSED_AS_OF, addSurvey, assessedCity, claimCase, moveCase } from './testing.ts';

const AS_OF = ASSESSED_AS_OF;

describeDb('assessment results, the ranking and the bulletin', (ctx, it) => {
  it('setup: three compounds, two companies, claims payable and still assessed, surveys', async () => {
    const db = ctx.database.db;
    await seedScenario(db, assessedCity(), { budget: false });
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
      await tx
        .update(t.companies)
        .set({ contactName: '张三丰', contactPhone: '13812345678', bankAccountNo: '6222021234567890' })
        .where(eq(t.companies.code, 'P2'));
    });
    await claimCase(db, 'E1', '2024H1', 'payable', 1);
    await claimCase(db, 'E1', '2024H2', 'assessed', 2); // its result may still change
    await claimCase(db, 'E2', '2024H1', 'rejected', 3);
    await addSurvey(db, 'X1', '2025H1', '2025-05-01', [1, 1, 2, 3, 4]); // 4 of 5 satisfied: 80%
    await addSurvey(db, 'X2', '2025H1', '2025-05-01', [1, 5, 5, 5, 5]); // 20%
  });

  it('the dashboard: each half-year’s to be assessed, passed, failed, not assessed, not final', async () => {
    const r = await assessmentsReport(await contextOf(ctx.database.db, 'bureau'), { asOf: AS_OF });
    const counts = (c: { expected: number; passed: number; failed: number; notAssessed: number; provisional: number }) => [
      c.expected,
      c.passed,
      c.failed,
      c.notAssessed,
      c.provisional,
    ];
    // 2025H1 has not ended on 2025-06-01
    assert.deepEqual(
      r.periods.map((p) => [p.period, p.passScore, counts(p.total)]),
      [
        ['2024H1', '60', [2, 1, 1, 0, 0]],
        ['2024H2', '60', [3, 0, 1, 2, 1]],
      ],
    );
    assert.deepEqual(
      r.periods.map((p) => p.communities.map((c) => [c.code, ...counts(c)])),
      [
        [
          ['C1', 1, 1, 0, 0, 0],
          ['C2', 1, 0, 1, 0, 0],
        ],
        [
          ['C1', 2, 0, 1, 1, 1],
          ['C2', 1, 0, 0, 1, 0],
        ],
      ],
    );
    assert.deepEqual(
      r.periods[1]?.companies.map((c) => [c.code, ...counts(c)]),
      [
        ['P1', 2, 0, 1, 1, 1],
        ['P2', 1, 0, 0, 1, 0],
      ],
    );
    // a community account: its own community only
    const own = await assessmentsReport(await contextOf(ctx.database.db, 'community', { community: 'C2' }), {
      asOf: AS_OF,
      period: '2024H1',
    });
    assert.deepEqual([own.community, own.periods.map((p) => p.communities.map((c) => c.code))], ['C2', [['C2']]]);
    await assert.rejects(
      assessmentsReport(await contextOf(ctx.database.db, 'company', { company: 'P1' })),
      (e: unknown) => e instanceof UserError && e.status === 403,
    );
  });

  it('the ranking: shares, the mean, 通报表扬 when every target is met, 通报批评 below the line', async () => {
    const r = await progressReport(await contextOf(ctx.database.db, 'bureau'), { asOf: AS_OF, year: 2025 });
    assert.deepEqual(
      [r.rule.coverageTarget, r.rule.satisfactionTarget, r.rule.assessmentTarget, r.rule.criticismBelow],
      ['100.00', '80.00', '100.00', '60.00'],
    );
    assert.equal(PROGRESS_RULE.criticismBelow, '0.60');
    // C1: X1 and X3 served (100%), 80% satisfied, its one final result passed (E1 2024H2 is not final): 100%
    // C2: X2 served (100%), 20% satisfied, its one final result failed: 0% → (1 + 0.2 + 0) ÷ 3 = 40%
    // C3: only coverage has data (0 of 1) → 0%; C4: no data at all → no score, last, neither
    assert.deepEqual(
      r.communities.map((c) => [
        c.rank,
        c.code,
        c.coverage.percent,
        c.satisfaction.percent,
        c.assessments.percent,
        c.score,
        c.targetsMet,
        c.standing,
      ]),
      [
        [1, 'C1', '100.00', '80.00', '100.00', '93.33', 3, 'praise'],
        [2, 'C2', '100.00', '20.00', '0.00', '40.00', 1, 'criticism'],
        [3, 'C3', '0.00', null, null, '0.00', 0, 'criticism'],
        [4, 'C4', null, null, null, null, 0, 'none'],
      ],
    );
    await assert.rejects(
      progressReport(await contextOf(ctx.database.db, 'community', { community: 'C1' })),
      (e: unknown) => e instanceof UserError && e.status === 403,
    );
  });

  it('the bulletin: final results only; one becomes public when its claim reaches its end', async () => {
    const db = ctx.database.db;
    const h1 = await assessmentBulletin(db, { period: '2024H1', limit: 100, offset: 0 });
    assert.deepEqual(
      h1.items.map((i) => [i.community, i.compoundName, i.company, i.score, i.result]),
      [
        ['C1', '幸福小区', 'P1', '80.00', 'passed'],
        ['C2', '和平小区', 'P2', '59.50', 'failed'],
      ],
    );
    assert.deepEqual([h1.passScore, h1.page.total], ['60', 2]);
    const paged = await assessmentBulletin(db, { period: '2024H1', limit: 1, offset: 1 });
    assert.deepEqual([paged.items.map((i) => i.compound), paged.page.total], [['X2'], 2]);
    assert.deepEqual((await assessmentBulletin(db, { period: '2024H2', limit: 100, offset: 0 })).items, []);
    await moveCase(db, 2, 'payable');
    const h2 = await assessmentBulletin(db, { period: '2024H2', limit: 100, offset: 0 });
    assert.deepEqual(
      h2.items.map((i) => [i.compound, i.score, i.result]),
      [['X1', '50.00', 'failed']],
    );
    await moveCase(db, 2, 'community_verified'); // back in the workflow (an upheld objection): no longer final
    assert.equal((await assessmentBulletin(db, { period: '2024H2', limit: 100, offset: 0 })).page.total, 0);
    await assert.rejects(
      assessmentBulletin(db, { period: '2024H3', limit: 1, offset: 0 }),
      (e: unknown) => e instanceof UserError && e.code === 'period.invalid',
    );
  });

  it('a company’s public record: engagements, final results, rectification and expulsion; nothing personal', async () => {
    const db = ctx.database.db;
    const p2 = await companyRecord(db, 'P2');
    assert.deepEqual(
      p2.engagements.map((e) => [e.engagement, e.compoundName, e.entryDate]),
      [['E2', '和平小区', '2024-03-01']],
    );
    assert.deepEqual(p2.assessments, [{ engagement: 'E2', compoundName: '和平小区', period: '2024H1', score: '59.50', result: 'failed' }]);
    assert.deepEqual(
      p2.rectifications.map((r) => [r.year, r.outcome, r.decidedOn]),
      [[2024, 'failed', '2025-02-01']],
    );
    assert.deepEqual(p2.expulsions, [{ engagement: 'E2', compoundName: '和平小区', on: '2025-02-01', outcome: 'failed' }]);
    const text = JSON.stringify(p2);
    for (const secret of ['6222021234567890', '13812345678', '张三丰']) assert.ok(!text.includes(secret), secret);
    const p1 = await companyRecord(db, 'P1');
    assert.deepEqual(
      [p1.engagements.map((e) => e.engagement), p1.assessments.map((a) => `${a.engagement} ${a.period}`), p1.expulsions],
      [['E1', 'E3'], ['E1 2024H1'], []],
    );
    await assert.rejects(companyRecord(db, 'NOPE'), (e: unknown) => e instanceof UserError && e.status === 404);
  });
});
