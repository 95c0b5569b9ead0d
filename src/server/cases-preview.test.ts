/**
 * The facility form's live preview (POST /api/cases/preview/facility): the engine's base, the compound's
 * cap and the community's quota with what is left, the amount — as the form stands, nothing saved; the
 * fields still missing named; another community's compound not found; finance refused.
 */
import assert from 'node:assert/strict';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { application, committee, compound, scenario } from '../rules/scenario/fixtures.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { signIn } from './testing.ts';

describeDb('the facility preview over HTTP', (ctx, it) => {
  it('shows 40%, the compound cap and the community quota left, as the engine reckons them', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({
        compounds: [compound({ id: 'X1', area: '10000.00' }), compound({ id: 'X2', communityId: 'C2', area: '5000.00' })],
        committees: [committee({ id: 'W1', compoundId: 'X1', established: '2024-01-10' })],
        // granted before: 40% of 10,000 = 4,000 of the compound's 20,000
        facilityApplications: [application({ id: 'F0', compoundId: 'X1', submitted: '2025-01-05', accepted: '2025-01-02' })],
      }),
    );
    const app: FastifyInstance = await buildApp({ database: ctx.database, now: () => new Date('2025-01-15T02:00:00Z') });
    try {
      const community = await signIn(app, db, 'community', { scope: 'C1' });
      const other = await signIn(app, db, 'community', { scope: 'C2' });
      const finance = await signIn(app, db, 'finance');
      const preview = async (who: typeof community, form: Record<string, unknown>, lang = 'zh') => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/cases/preview/facility',
          headers: { ...who.headers, 'accept-language': lang },
          payload: { form },
        });
        return { status: res.statusCode, body: res.json() };
      };
      const form = { compoundCode: 'X1', category: 'safety', acceptedOn: '2025-01-10', collectionRate: '0.70', feeRatio: '0.80' };

      const empty = await preview(community, { compoundCode: 'X1' });
      assert.equal(empty.status, 200, JSON.stringify(empty.body));
      assert.deepEqual(
        empty.body.missing.map((m: { field: string }) => m.field),
        ['category', 'investment', 'collectionRate', 'feeRatio'],
      );
      assert.equal(empty.body.missing[1].name, '实际投入');
      assert.equal(empty.body.amount, null);

      const small = await preview(community, { ...form, investment: '30000.00' });
      assert.equal(small.status, 200, JSON.stringify(small.body));
      assert.deepEqual(
        [small.body.status, small.body.base, small.body.amount, small.body.compound],
        ['granted', '12000.00', '12000.00', { limit: '20000.00', used: '4000.00', remaining: '16000.00' }],
      );
      // the city's 1,000,000 shared by roster area: C1 has 10,000 of 15,000 m², 4,000 used
      assert.deepEqual(small.body.community, { limit: '666666.66', used: '4000.00', remaining: '662666.66', year: 2025 });

      const big = await preview(community, { ...form, investment: '50000.00' }, 'en');
      assert.deepEqual([big.body.status, big.body.base, big.body.amount], ['capped', '20000.00', '16000.00']);
      assert.ok(big.body.reasons.some((r: { code: string; text: string }) => r.code === 'F_CAP_COMPOUND' && /compound cap/.test(r.text)));
      assert.equal(big.body.missing.length, 0);

      // a failed check: the engine's reason, nothing granted
      const low = await preview(community, { ...form, investment: '30000.00', collectionRate: '0.10' });
      assert.deepEqual([low.body.status, low.body.amount, low.body.reasons[0].code], ['rejected', '0.00', 'F_COLLECTION_LOW']);

      // nothing was saved
      assert.equal((await db.select({ n: count() }).from(t.cases))[0]?.n, 0);
      // a malformed amount names its field; another community's compound is not found; finance may not
      const bad = await preview(community, { ...form, investment: '12,000' });
      assert.deepEqual([bad.status, bad.body.problems[0].path], [400, 'form.investment']);
      assert.equal((await preview(other, { ...form, investment: '1.00' })).status, 404);
      assert.equal((await preview(finance, { ...form, investment: '1.00' })).status, 403);
    } finally {
      await app.close();
    }
  });
});
