/** Communities within each role's scope, on both databases. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { getCommunity, listCommunities } from './communities.ts';
import { everyone, PAGE, seedTwoCities } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: communities', (ctx, it) => {
  it('a community its own; a company or committee those of its compounds; the city all', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    const codes = async (c: (typeof as)[keyof typeof as], f = {}) => {
      const r = await listCommunities(c, f, PAGE);
      assert.equal(r.total, r.items.length);
      return r.items.map((x) => x.code);
    };
    assert.deepEqual(await codes(as.bureau), ['C1', 'C2']);
    assert.deepEqual(await codes(as.bureau, { q: '2' }), ['C2']);
    assert.deepEqual(await codes(as.community), ['C1']);
    assert.deepEqual(await codes(as.company), ['C1']);
    assert.deepEqual(await codes(as.committee), ['C1']);
    assert.deepEqual(await getCommunity(as.community, 'C1'), { code: 'C1', name: 'C1', subdistrictCode: null, subdistrictName: null });
    for (const c of [as.community, as.company, as.committee]) await assert.rejects(getCommunity(c, 'C2'), code('community.not_found'));
    await assert.rejects(getCommunity(as.auditor, 'C1'), code('auth.forbidden'));
  });
});
