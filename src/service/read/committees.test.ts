/** Committees within each role's scope, on both databases; the custodian account masked for the scoped roles. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { getCommittee, listCommittees } from './committees.ts';
import { everyone, PAGE, seedTwoCities } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: committees', (ctx, it) => {
  it('each role sees its own committees', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    const codes = async (c: (typeof as)[keyof typeof as], f = {}) => {
      const r = await listCommittees(c, f, PAGE);
      assert.equal(r.total, r.items.length);
      return r.items.map((x) => x.code);
    };
    assert.deepEqual(await codes(as.bureau), ['W1', 'W2']);
    assert.deepEqual(await codes(as.bureau, { compound: 'X2' }), ['W2']);
    assert.deepEqual(await codes(as.bureau, { community: 'C1' }), ['W1']);
    assert.deepEqual(await codes(as.community), ['W1']);
    assert.deepEqual(await codes(as.committee), ['W1']);
    assert.deepEqual(await codes(as.company), []);
    await assert.rejects(listCommittees(as.auditor, {}, PAGE), code('auth.forbidden'));
  });

  it('an item: its compound, the service contract, the account masked but for the city', async () => {
    const as = await everyone(ctx.database.db);
    const own = await getCommittee(as.committee, 'W1');
    assert.deepEqual(own, {
      code: 'W1',
      compoundCode: 'X1',
      compoundName: '幸福小区',
      communityCode: 'C1',
      established: '2024-03-01',
      filingNo: null,
      serviceContractSigned: '2024-04-01',
      operatingNormally: true,
      reviewApproved: true,
      custodianAccountName: null,
      custodianAccountNo: '************0001',
    });
    assert.equal((await getCommittee(as.finance, 'W1')).custodianAccountNo, '6217001234560001');
    assert.equal((await getCommittee(as.bureau, 'W2')).serviceContractSigned, null);
    for (const c of [as.community, as.company, as.committee]) await assert.rejects(getCommittee(c, 'W2'), code('committee.not_found'));
  });
});
