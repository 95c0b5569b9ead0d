/** Coverage of the 2023 roster over time, on both databases: the series, the goal, the scope. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { everyone, seedTwoCities } from '../read/testing.ts';
import { type CoverageReport, coverageDays, coverageReport } from './coverage.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

test('the days of the series: month ends from January 2024, the goal’s day, the as-of date', () => {
  assert.deepEqual(coverageDays('2024-03-31', '2025-12-31'), ['2024-01-31', '2024-02-29', '2024-03-31']);
  assert.deepEqual(coverageDays('2024-03-05', '2025-12-31'), ['2024-01-31', '2024-02-29', '2024-03-05']);
  assert.deepEqual(coverageDays('2024-01-15', '2025-12-31'), ['2024-01-15']);
  assert.deepEqual(coverageDays('2023-06-30', '2025-12-31'), ['2023-06-30']);
  assert.deepEqual(coverageDays('2024-03-10', '2024-02-15'), ['2024-01-31', '2024-02-15', '2024-02-29', '2024-03-10']);
  assert.equal(coverageDays('2026-01-01', '2025-12-31').length, 25);
});

/** Each day's communities add up to its total. */
function assertAddsUp(r: CoverageReport) {
  for (const p of r.points) {
    const sum = (k: 'part' | 'whole') => p.communities.reduce((n, c) => n + c[k], 0);
    assert.deepEqual([sum('part'), sum('whole')], [p.total.part, p.total.whole], p.day);
  }
}

describeDb('reports: coverage', (ctx, it) => {
  it('roster compounds served at each month end, per community, against the target', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    // X1 (C1) served from 2024-01-01; X2 (C2) from 2024-03-01 to 2025-01-31; X3 (C1) is not on the roster
    const r = await coverageReport(as.bureau); // today: 2025-06-01
    assert.equal(r.asOf, '2025-06-01');
    assert.deepEqual(r.goal, { target: '100.00', by: '2025-12-31', met: null });
    assert.equal(r.points.length, 18);
    const at = (day: string) => r.points.find((p) => p.day === day);
    assert.deepEqual(at('2024-01-31'), {
      day: '2024-01-31',
      total: { part: 1, whole: 2, percent: '50.00', met: false },
      communities: [
        { code: 'C1', name: 'C1', part: 1, whole: 1, percent: '100.00', met: true },
        { code: 'C2', name: 'C2', part: 0, whole: 1, percent: '0.00', met: false },
      ],
    });
    assert.deepEqual(
      r.points.map((p) => p.total.part),
      [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1],
    );
    // the end date is the last day served
    assert.deepEqual([at('2025-01-31')?.total.percent, at('2025-02-28')?.total.percent], ['100.00', '50.00']);
    assert.equal(r.points.at(-1)?.day, '2025-06-01');
    assertAddsUp(r);
  });

  it('the goal is judged on its day, once the report reaches it', async () => {
    const as = await everyone(ctx.database.db);
    const r = await coverageReport(as.finance, { asOf: '2026-01-15' });
    assert.deepEqual(r.goal, { target: '100.00', by: '2025-12-31', met: false });
    assert.deepEqual(r.points.find((p) => p.day === '2025-12-31')?.total, { part: 1, whole: 2, percent: '50.00', met: false });
    assertAddsUp(r);
  });

  it('a community account sees its own community; companies and committees none', async () => {
    const as = await everyone(ctx.database.db);
    const r = await coverageReport(as.community, { asOf: '2024-02-15' });
    assert.equal(r.community, 'C1');
    assert.deepEqual(
      r.points.map((p) => [p.day, p.total.percent, p.communities.map((c) => c.code)]),
      [
        ['2024-01-31', '100.00', ['C1']],
        ['2024-02-15', '100.00', ['C1']],
      ],
    );
    await assert.rejects(coverageReport(as.community, { asOf: '2025-02-30' }), code('date.invalid'));
    await assert.rejects(coverageReport(as.company), code('auth.forbidden'));
    await assert.rejects(coverageReport(as.committee), code('auth.forbidden'));
  });
});
