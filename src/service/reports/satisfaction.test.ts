/** Satisfaction per compound, community and city, on both databases: D-20's levels, the target, the scope. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { everyone, seedTwoCities } from '../read/testing.ts';
import { type SatisfactionReport, satisfactionReport } from './satisfaction.ts';
import { addSurvey } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

/** Compounds add up to their communities, communities to the total. */
function assertAddsUp(r: SatisfactionReport) {
  const sum = (xs: { part: number; whole: number }[]) => [xs.reduce((n, x) => n + x.part, 0), xs.reduce((n, x) => n + x.whole, 0)];
  assert.deepEqual(sum(r.communities), [r.total.part, r.total.whole]);
  for (const c of r.communities) assert.deepEqual(sum(r.compounds.filter((x) => x.communityCode === c.code)), [c.part, c.whole], c.code);
}

describeDb('reports: satisfaction', (ctx, it) => {
  it('levels 1–3 of five are satisfied; per compound, community and city; against 80 %', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    // X1: 4 of 5 satisfied (基本满意 counts); X3: 1 of 2; X2: 3 of 3; a survey of another year is not counted
    await addSurvey(db, 'X1', '2026H1', '2026-06-01', [1, 2, 3, 4, 3]);
    await addSurvey(db, 'X3', '2026', '2026-11-01', [5, 1]);
    await addSurvey(db, 'X2', '2026H2', '2027-01-05', [2, 2, 3]);
    await addSurvey(db, 'X2', '2025H2', '2025-12-01', [5, 5, 5, 5]);
    const as = await everyone(db);
    const r = await satisfactionReport(as.bureau); // goal.satisfaction.year: 2026
    assert.deepEqual([r.year, r.satisfiedLevels, r.target, r.community], [2026, 3, '80.00', null]);
    assert.deepEqual(r.total, { part: 8, whole: 10, percent: '80.00', met: true });
    assert.deepEqual(r.communities, [
      { code: 'C1', name: 'C1', part: 5, whole: 7, percent: '71.43', met: false },
      { code: 'C2', name: 'C2', part: 3, whole: 3, percent: '100.00', met: true },
    ]);
    assert.deepEqual(
      r.compounds.map((x) => [x.communityCode, x.code, x.name, x.part, x.whole, x.percent, x.met]),
      [
        ['C1', 'X1', '幸福小区', 4, 5, '80.00', true],
        ['C1', 'X3', '100%_小区', 1, 2, '50.00', false],
        ['C2', 'X2', '和平小区', 3, 3, '100.00', true],
      ],
    );
    assertAddsUp(r);
    const before = await satisfactionReport(as.auditor, { year: 2025 });
    assert.deepEqual(before.total, { part: 0, whole: 4, percent: '0.00', met: false });
    assertAddsUp(before);
  });

  it('a year without responses has no ratio, met or not', async () => {
    const as = await everyone(ctx.database.db);
    const r = await satisfactionReport(as.finance, { year: 2024 });
    assert.deepEqual([r.total, r.communities, r.compounds], [{ part: 0, whole: 0, percent: null, met: null }, [], []]);
  });

  it('a community account sees its own community; companies and committees none', async () => {
    const as = await everyone(ctx.database.db);
    const r = await satisfactionReport(as.community, { year: 2026 });
    assert.equal(r.community, 'C1');
    assert.deepEqual(r.total, { part: 5, whole: 7, percent: '71.43', met: false });
    assert.deepEqual(
      r.compounds.map((x) => x.code),
      ['X1', 'X3'],
    );
    assertAddsUp(r);
    await assert.rejects(satisfactionReport(as.company), code('auth.forbidden'));
    await assert.rejects(satisfactionReport(as.committee), code('auth.forbidden'));
  });
});
