/** Compounds within each role's scope, on both databases: lists, counts, filters, items and 404s. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { getCompound, listCompounds } from './compounds.ts';
import { everyone, PAGE, seedTwoCities } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: compounds', (ctx, it) => {
  it('each role sees its own compounds; totals count what the list holds', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    const codes = async (c: (typeof as)[keyof typeof as]) => {
      const r = await listCompounds(c, {}, PAGE);
      assert.equal(r.total, r.items.length);
      return r.items.map((x) => x.code);
    };
    assert.deepEqual(await codes(as.bureau), ['X1', 'X2', 'X3']);
    assert.deepEqual(await codes(as.finance), ['X1', 'X2', 'X3']);
    assert.deepEqual(await codes(as.admin), ['X1', 'X2', 'X3']);
    assert.deepEqual(await codes(as.community), ['X1', 'X3']);
    assert.deepEqual(await codes(as.company), ['X1']);
    assert.deepEqual(await codes(as.committee), ['X1']);
    await assert.rejects(listCompounds(as.auditor, {}, PAGE), code('auth.forbidden'));
  });

  it('an item: natural codes, exact area, roster in force, who serves it today', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    assert.deepEqual(await getCompound(as.community, 'X1'), {
      code: 'X1',
      name: '幸福小区',
      communityCode: 'C1',
      communityName: 'C1',
      kind: 'compound',
      address: null,
      area: '10000.50',
      households: 120,
      occupiedHouseholds: null,
      category: null,
      onRoster: true,
      coverage: 'managed',
      servedBy: { engagement: 'E1', company: 'P1' },
    });
    // E2 ended on 2025-01-31: X2 is unmanaged on 2025-06-01
    const x2 = await getCompound(as.bureau, 'X2');
    assert.deepEqual([x2.coverage, x2.servedBy, x2.onRoster], ['unmanaged', null, true]);
    assert.equal((await getCompound(as.bureau, 'X3')).onRoster, false);
  });

  it('outside the scope, or unknown: 404 alike', async () => {
    const as = await everyone(ctx.database.db);
    for (const c of [as.community, as.company, as.committee]) await assert.rejects(getCompound(c, 'X2'), code('compound.not_found'));
    await assert.rejects(getCompound(as.company, 'X3'), code('compound.not_found'));
    await assert.rejects(getCompound(as.bureau, 'NOPE'), code('compound.not_found'));
    await assert.rejects(getCompound(as.auditor, 'X1'), code('auth.forbidden'));
  });

  it('filters and paging: community, roster, coverage, a name search with wildcards taken literally', async () => {
    const as = await everyone(ctx.database.db);
    const codes = async (f: Parameters<typeof listCompounds>[1], page = PAGE) =>
      (await listCompounds(as.bureau, f, page)).items.map((x) => x.code);
    assert.deepEqual(await codes({ community: 'C1' }), ['X1', 'X3']);
    assert.deepEqual(await codes({ onRoster: false }), ['X3']);
    assert.deepEqual(await codes({ onRoster: true, coverage: 'unmanaged' }), ['X2']);
    assert.deepEqual(await codes({ coverage: 'managed' }), ['X1']);
    assert.deepEqual(await codes({ q: '%_' }), ['X3']);
    assert.deepEqual(await codes({ q: '_' }), ['X3']);
    assert.deepEqual(await codes({ q: '和平' }), ['X2']);
    assert.deepEqual(await codes({ q: '%' }), ['X3']);
    assert.deepEqual(await codes({ community: 'C2' }, { limit: 1, offset: 0 }), ['X2']);
    const page = await listCompounds(as.bureau, {}, { limit: 2, offset: 1 });
    assert.deepEqual([page.items.map((x) => x.code), page.total], [['X2', 'X3'], 3]);
    // a community's own filter cannot widen its scope
    assert.deepEqual((await listCompounds(as.community, { community: 'C2' }, PAGE)).total, 0);
  });
});
