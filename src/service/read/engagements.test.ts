/** Engagements within each role's scope, on both databases: status by date, the period filter, 404s. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { getEngagement, listEngagements } from './engagements.ts';
import { everyone, P2_USCC, PAGE, seedTwoCities } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: engagements', (ctx, it) => {
  it('each role sees its own engagements', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    const codes = async (c: (typeof as)[keyof typeof as]) => {
      const r = await listEngagements(c, {}, PAGE);
      assert.equal(r.total, r.items.length);
      return r.items.map((x) => x.code);
    };
    assert.deepEqual(await codes(as.bureau), ['E1', 'E2']);
    assert.deepEqual(await codes(as.admin), ['E1', 'E2']);
    assert.deepEqual(await codes(as.community), ['E1']);
    assert.deepEqual(await codes(as.company), ['E1']);
    assert.deepEqual(await codes(as.committee), []);
    await assert.rejects(listEngagements(as.auditor, {}, PAGE), code('auth.forbidden'));
  });

  it('an item by its code; outside the scope 404', async () => {
    const as = await everyone(ctx.database.db);
    assert.deepEqual(await getEngagement(as.company, 'E1'), {
      code: 'E1',
      compoundCode: 'X1',
      compoundName: '幸福小区',
      communityCode: 'C1',
      companyCode: 'P1',
      companyUscc: null,
      companyName: 'P1物业',
      entryDate: '2024-01-01',
      contractSigned: '2024-01-01',
      commitmentSigned: '2024-01-01',
      endDate: null,
      status: 'active',
    });
    const e2 = await getEngagement(as.bureau, 'E2');
    assert.deepEqual([e2.status, e2.companyCode, e2.companyUscc], ['ended', 'P2', P2_USCC]);
    for (const c of [as.community, as.company, as.committee]) await assert.rejects(getEngagement(c, 'E2'), code('engagement.not_found'));
    await assert.rejects(getEngagement(as.committee, 'E1'), code('engagement.not_found'));
  });

  it('filters: status on the day, a half-year, compound, company, community', async () => {
    const as = await everyone(ctx.database.db);
    const codes = async (f: Parameters<typeof listEngagements>[1]) => (await listEngagements(as.bureau, f, PAGE)).items.map((x) => x.code);
    assert.deepEqual(await codes({ status: 'active' }), ['E1']);
    assert.deepEqual(await codes({ status: 'ended' }), ['E2']);
    assert.deepEqual(await codes({ status: 'upcoming' }), []);
    assert.deepEqual(await codes({ period: '2024H1' }), ['E1', 'E2']);
    assert.deepEqual(await codes({ period: '2025H1' }), ['E1', 'E2']);
    assert.deepEqual(await codes({ period: '2025H2' }), ['E1']);
    assert.deepEqual(await codes({ compound: 'X2' }), ['E2']);
    assert.deepEqual(await codes({ company: 'P2' }), ['E2']);
    assert.deepEqual(await codes({ company: P2_USCC }), ['E2']);
    assert.deepEqual(await codes({ community: 'C1' }), ['E1']);
    await assert.rejects(codes({ period: '2025H3' }), code('period.invalid'));
  });
});
