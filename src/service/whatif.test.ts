/** What-if on the registry, on both databases: what an override changes, exactly; refusals name the override. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { ProblemsError, UserError } from '../lib/errors.ts';
import { withOverrides } from '../policy/load.ts';
import { committee, compound, engagement, scenario, tier1Facts, tier2Facts } from '../rules/scenario/fixtures.ts';
import { runCalc } from './calc.ts';
import { calcFromDb } from './calc-db.ts';
import { CalcPool } from './calc-pool.ts';
import { as, seedScenario, testActor } from './testing.ts';
import { whatIf } from './whatif.ts';
import type { WhatIfSide } from './whatif-compare.ts';

const AS_OF = '2025-06-01';
const city = () =>
  scenario({
    asOf: AS_OF,
    compounds: [
      compound({ id: 'X1', name: '幸福小区', communityId: 'C1', area: '10000.50' }),
      compound({ id: 'X2', name: '和平小区', communityId: 'C2', area: '8000.00' }),
    ],
    engagements: [
      // tier 1 in 2024H1 and 2024H2, tier 2 in 2025H1 (not ended on AS_OF)
      engagement({
        id: 'E1',
        compoundId: 'X1',
        companyId: 'P1',
        entryDate: '2024-01-01',
        periods: [tier1Facts('2024H1'), tier1Facts('2024H2'), tier2Facts('2025H1')],
      }),
      // tier 2 only: a tier 1 rate does not touch it
      engagement({ id: 'E2', compoundId: 'X2', companyId: 'P2', entryDate: '2024-03-01', periods: [tier2Facts('2024H1')] }),
    ],
    committees: [committee({ id: 'W1', compoundId: 'X1', established: '2024-03-01' })],
  });

describeDb('what-if on the registry', (ctx, it) => {
  const pool = new CalcPool({ workers: 0, queue: 4 });
  after(() => pool.close());
  const bureau = () => as(ctx.database.db, testActor('bureau'));
  const run = (overrides: { id: string; text: string }[], page = { offset: 0, limit: 100 }, maxEntities = 1000) =>
    whatIf(bureau(), { asOf: AS_OF, overrides }, { pool, maxEntities, page });

  it('setup', async () => {
    await seedScenario(ctx.database.db, city(), { budget: false });
  });

  it('no override: nothing changes, and the totals are the registry calculation’s', async () => {
    const r = await run([]);
    const calc = await calcFromDb(ctx.database.db, AS_OF);
    assert.ok(calc.ok);
    assert.deepEqual(r.lines, []);
    assert.equal(r.baseline.paramsHash, r.whatIf.paramsHash);
    assert.deepEqual(
      r.programmes.map((p) => [p.programme, p.baseline, p.whatIf, p.difference, p.changedLines]),
      (['T', 'W', 'F'] as const).map((p) => [p, calc.value.totals[p], calc.value.totals[p], '0.00', 0]),
    );
  });

  it('a higher tier 1 rate changes exactly the tier 1 half-years, by rate difference × area × months', async () => {
    const r = await run([{ id: 'T.rate.tier1', text: '0.50' }]);
    assert.notEqual(r.baseline.paramsHash, r.whatIf.paramsHash);
    // E1's two tier 1 half-years, six full months each: 0.10 × 10000.50 m² × 6 = 6000.30 more each
    const tier1 = (amount: string) => ({ status: 'payable', tier: 1, amount });
    const state = (s: WhatIfSide | null) => s && { status: s.status, tier: s.tier, amount: s.amount };
    assert.deepEqual(
      r.lines.map((l) => [l.programme, l.subject, l.period, l.community, l.compoundName, state(l.baseline), state(l.whatIf)]),
      ['2024H1', '2024H2'].map((period) => ['T', 'E1', period, 'C1', '幸福小区', tier1('24001.20'), tier1('30001.50')]),
    );
    const T = r.programmes.find((p) => p.programme === 'T');
    assert.deepEqual([T?.difference, T?.changedLines], ['12000.60', 2]);
    // the what-if's figures are the engine's with the same override (the calculator's --set)
    const scenarioCalc = runCalc(city(), { overrides: [{ id: 'T.rate.tier1', text: '0.50' }] });
    assert.ok(scenarioCalc.ok);
    assert.equal(T?.whatIf, scenarioCalc.value.totals.T);
    assert.deepEqual(
      r.communities.map((c) => [c.community, c.communityName, c.programme, c.difference, c.changedLines]),
      [
        ['C1', r.communities[0]?.communityName, 'T', '12000.60', 2],
        ['C1', r.communities[0]?.communityName, 'W', '0.00', 0],
        ['C2', r.communities[2]?.communityName, 'T', '0.00', 0],
      ],
    );
    for (const p of r.programmes.filter((x) => x.programme !== 'T')) assert.deepEqual([p.difference, p.changedLines], ['0.00', 0]);
    // why: the engine's reasons on each side, the new rate among the what-if's
    assert.deepEqual(
      r.lines[0]?.whatIf?.reasons.map((x) => [x.code, x.clause]),
      [
        ['T_TIER1', '2.2.1'],
        ['T_PAYABLE', '3.2'],
      ],
    );
    assert.match(r.lines[0]?.whatIf?.reasons[0]?.text ?? '', /0\.50 元/);
    assert.match(r.lines[0]?.baseline?.reasons[0]?.text ?? '', /0\.40 元/);
  });

  it('a line whose status changes is listed: a pass mark above the score withholds it', async () => {
    const r = await run([{ id: 'T.passScore', text: '81' }]);
    assert.deepEqual(
      r.lines.map((l) => [l.subject, l.period, l.baseline?.status, l.whatIf?.status, l.whatIf?.amount]),
      [
        ['E1', '2024H1', 'payable', 'withheld', '24001.20'],
        ['E1', '2024H2', 'payable', 'withheld', '24001.20'],
        ['E2', '2024H1', 'payable', 'withheld', r.lines[2]?.baseline?.amount],
      ],
    );
    const T = r.programmes.find((p) => p.programme === 'T');
    assert.equal(T?.whatIf, '0.00');
  });

  it('paged: the first line, the total, and the flag saying more follow', async () => {
    const r = await run([{ id: 'T.rate.tier1', text: '0.50' }], { offset: 0, limit: 1 });
    assert.deepEqual([r.lines.length, r.page, r.truncated], [1, { offset: 0, limit: 1, total: 2 }, true]);
    const next = await run([{ id: 'T.rate.tier1', text: '0.50' }], { offset: 1, limit: 1 });
    assert.deepEqual([next.lines[0]?.period, next.truncated], ['2024H2', false]);
  });

  it('refused, naming the override: an unknown parameter, a bad value, one given twice', async () => {
    await assert.rejects(
      run([
        { id: 'T.rate.tier9', text: '0.50' },
        { id: 'T.rate.tier1', text: 'abc' },
        { id: 'T.passScore', text: '70' },
        { id: 'T.passScore', text: '71' },
      ]),
      (e: unknown) => {
        assert.ok(e instanceof ProblemsError);
        assert.deepEqual(
          e.problems.map((p) => [p.path, p.code]),
          [
            ['$.overrides[0].id', 'whatif.unknown_parameter'],
            ['$.overrides[1].text', 'whatif.bad_value'],
            ['$.overrides[3].id', 'whatif.duplicate'],
          ],
        );
        assert.match(e.problems[1]?.text.zh ?? '', /T\.rate\.tier1=abc/);
        return true;
      },
    );
  });

  it('bounded: a registry over the entity cap is refused before it is read', async () => {
    // 2 compounds + 2 engagements + 4 half-years + 1 committee = 9
    await assert.rejects(run([], undefined, 8), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.deepEqual([e.code, e.status, e.details], ['too_many_entities', 413, { entities: 9, cap: 8 }]);
      return true;
    });
    await run([], undefined, 9);
  });

  it('the bureau and finance only; each run is in the audit trail with its overrides', async () => {
    await assert.rejects(
      whatIf(
        as(ctx.database.db, testActor('community')),
        { asOf: AS_OF, overrides: [] },
        { pool, maxEntities: 100, page: { offset: 0, limit: 1 } },
      ),
      (e: unknown) => e instanceof UserError && e.code === 'auth.forbidden',
    );
    await whatIf(
      as(ctx.database.db, testActor('finance', 'fin-1')),
      { asOf: AS_OF, overrides: [{ id: 'T.rate.tier1', text: '0.45' }] },
      {
        pool,
        maxEntities: 100,
        page: { offset: 0, limit: 1 },
      },
    );
    const [event] = await ctx.database.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, 'whatif.run'))
      .orderBy(desc(t.auditEvents.seq))
      .limit(1);
    assert.equal(event?.username, 'fin-1');
    assert.deepEqual(event?.detail, {
      asOf: AS_OF,
      overrides: [{ id: 'T.rate.tier1', text: '0.45' }],
      paramsHash: withOverrides([{ id: 'T.rate.tier1', text: '0.45' }]).paramsHash,
      changedLines: 2,
      difference: { T: '6000.30', W: '0.00', F: '0.00' },
    });
  });
});
