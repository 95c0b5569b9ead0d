/** POST /api/whatif on both databases: the comparison on a worker thread, refusals by path, who may ask. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { compound, engagement, scenario, tier1Facts, tier2Facts } from '../rules/scenario/fixtures.ts';
import { runCalc } from '../service/calc.ts';
import { TODAY } from '../service/read/testing.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

const CITY = scenario({
  asOf: '2025-06-01',
  compounds: [compound({ id: 'X1', communityId: 'C1', area: '3000.00' }), compound({ id: 'X2', communityId: 'C2', area: '777.77' })],
  engagements: [
    engagement({ id: 'E1', compoundId: 'X1', companyId: 'P1', periods: [tier1Facts('2024H1'), tier2Facts('2024H2')] }),
    engagement({ id: 'E2', compoundId: 'X2', companyId: 'P2', entryDate: '2024-02-10', periods: [tier2Facts('2024H1')] }),
  ],
});

describeDb('POST /api/whatif', (ctx, it) => {
  let app: FastifyInstance;
  const who = {} as Record<'bureau' | 'finance' | 'community' | 'company', Signed>;
  after(() => (app as FastifyInstance | undefined)?.close());
  const post = (w: Signed, payload: object) => app.inject({ method: 'POST', url: '/api/whatif', headers: w.headers, payload });

  it('setup: two communities, tier 1 and tier 2 half-years; the server with one calculation thread', async () => {
    const db = ctx.database.db;
    await seedScenario(db, CITY, { budget: false });
    app = await buildApp({ database: ctx.database, now: () => TODAY, auth: { loginPerMinute: 1000 }, settings: { workers: 1 } });
    who.bureau = await signIn(app, db, 'bureau');
    who.finance = await signIn(app, db, 'finance');
    who.community = await signIn(app, db, 'community', { scope: 'C1' });
    who.company = await signIn(app, db, 'company', { scope: 'P1' });
  });

  it('an override: totals per programme and community, the changed lines, computed on the worker thread', async () => {
    const before = app.calcPool.counts.pooled;
    const res = await post(who.finance, { asOf: '2025-06-01', overrides: [{ id: 'T.rate.tier2', text: '0.30' }] });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(app.calcPool.counts.pooled, before + 1);
    assert.deepEqual(body.overrides, [{ id: 'T.rate.tier2', text: '0.30' }]);
    // the tier 2 half-years change, and to what the calculator gives with the same override
    const expected = runCalc(CITY, { overrides: [{ id: 'T.rate.tier2', text: '0.30' }] });
    assert.ok(expected.ok);
    assert.deepEqual(
      body.lines.map((l: { subject: string; period: string; community: string }) => `${l.subject} ${l.period} ${l.community}`),
      ['E1 2024H2 C1', 'E2 2024H1 C2'],
    );
    for (const l of body.lines) {
      assert.deepEqual([l.programme, l.baseline.tier, l.whatIf.tier], ['T', 2, 2]);
      const engine: { amount: string } | undefined = expected.value.lines.find((x) => x.subject === l.subject && x.period === l.period);
      assert.equal(l.whatIf.amount, engine?.amount);
      // why: the engine's reasons on each side, with their clauses, in the language asked
      for (const side of [l.baseline, l.whatIf])
        assert.ok(
          side.reasons.length > 0 &&
            side.reasons.every((r: { clause: string; text: string }) => r.clause && /[\u4e00-\u9fff]/.test(r.text)),
        );
    }
    const en = await app.inject({
      method: 'POST',
      url: '/api/whatif',
      headers: { ...who.finance.headers, 'accept-language': 'en' },
      payload: { asOf: '2025-06-01', overrides: [{ id: 'T.rate.tier2', text: '0.30' }], limit: 1 },
    });
    assert.doesNotMatch(JSON.stringify(en.json().lines[0].whatIf.reasons), /[\u4e00-\u9fff]/);
    const T = body.programmes.find((p: { programme: string }) => p.programme === 'T');
    assert.deepEqual([T.changedLines, T.whatIf], [body.page.total, expected.value.totals.T]);
    const sum = body.communities
      .filter((c: { programme: string }) => c.programme === 'T')
      .reduce((n: number, c: { changedLines: number }) => n + c.changedLines, 0);
    assert.equal(sum, T.changedLines);
    assert.ok(body.communities.every((c: { communityName: string }) => c.communityName.length > 0));
  });

  it('refusals: the override named by its path; a bad date; an unknown field', async () => {
    const bad = await post(who.bureau, { asOf: '2025-06-01', overrides: [{ id: 'T.rate.tier1', text: '-1' }] });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(
      bad.json().problems.map((p: { path: string; code: string }) => [p.path, p.code]),
      [['$.overrides[0].text', 'whatif.bad_value']],
    );
    const date = await post(who.bureau, { asOf: '2025-02-30' });
    assert.deepEqual([date.statusCode, date.json().problems[0].path], [400, '$.asOf']);
    const extra = await post(who.bureau, { asOf: '2025-06-01', scope: 'C1' });
    assert.equal(extra.statusCode, 400, extra.body);
  });

  it('the bureau and finance only', async () => {
    for (const w of [who.community, who.company]) assert.equal((await post(w, { asOf: '2025-06-01' })).statusCode, 403);
  });
});
