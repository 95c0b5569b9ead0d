/** The funds report on both databases: figures that add up, the appropriation, the scope. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { everyone, seedTwoCities } from '../read/testing.ts';
import { type FundsReport, fundsReport } from './funds.ts';
import { addClaims, appropriate, reverse } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

/** Every total is the sum of its rows: per year and programme, and per year. */
function assertAddsUp(r: FundsReport) {
  for (const total of r.totals) {
    const rows = r.rows.filter((x) => x.year === total.year && (total.programme === null || x.programme === total.programme));
    const sum = (k: 'reserved' | 'paid') => rows.reduce((n, x) => n + fen(x[k]), 0n);
    assert.deepEqual(
      [total.claims, fen(total.reserved), fen(total.paid)],
      [rows.reduce((n, x) => n + x.claims, 0), sum('reserved'), sum('paid')],
      `${total.year} ${total.programme ?? 'all'}`,
    );
  }
}

describeDb('reports: funds', (ctx, it) => {
  it('claims by year, programme, community and payee; voided not counted; totals add up', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    await addClaims(db, [
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 1_234_56n, state: 'reserved' },
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 1_00n, state: 'reserved' },
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 2_000_01n, state: 'paid' },
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 9_999_99n, state: 'voided' },
      { programme: 'T', year: 2025, compound: 'X2', payeeType: 'company', payeeCode: 'P2', fen: 500_00n, state: 'paid' },
      { programme: 'W', year: 2025, compound: 'X1', payeeType: 'committee', payeeCode: 'W1', fen: 2_000_00n, state: 'paid' },
      { programme: 'F', year: 2025, compound: 'X3', payeeType: 'community', payeeCode: 'C1', fen: 20_000_00n, state: 'reserved' },
      { programme: 'T', year: 2024, compound: 'X2', payeeType: 'company', payeeCode: 'P2', fen: 300_00n, state: 'paid' },
    ]);
    const as = await everyone(db);
    const r = await fundsReport(as.finance, { year: 2025 });
    assert.deepEqual(
      r.rows.map((x) => [x.programme, x.communityCode, x.payeeType, x.payeeCode, x.payeeName, x.claims, x.reserved, x.paid]),
      [
        ['T', 'C1', 'company', 'P1', 'P1物业', 3, '1235.56', '2000.01'],
        ['T', 'C2', 'company', 'P2', 'P2物业', 1, '0.00', '500.00'],
        ['W', 'C1', 'committee', 'W1', '幸福小区业主委员会', 1, '0.00', '2000.00'],
        ['F', 'C1', 'community', 'C1', 'C1', 1, '20000.00', '0.00'],
      ],
    );
    assert.deepEqual(
      r.totals.map((x) => [x.programme, x.claims, x.reserved, x.paid, x.appropriated, x.unspent]),
      [
        ['T', 4, '1235.56', '2500.01', '0.00', '-3735.57'],
        ['W', 1, '0.00', '2000.00', '0.00', '-2000.00'],
        ['F', 1, '20000.00', '0.00', '0.00', '-20000.00'],
        [null, 6, '21235.56', '4500.01', '0.00', '-25735.57'],
      ],
    );
    assertAddsUp(r);
    const all = await fundsReport(as.auditor);
    assert.deepEqual([all.year, [...new Set(all.rows.map((x) => x.year))]], [null, [2024, 2025]]);
    assertAddsUp(all);
  });

  it('the appropriation: appropriate transfers into the budget less their reversals; unspent after claims', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    await appropriate(db, 2025, 'T', 1_500_000_00n);
    const cut = await appropriate(db, 2025, 'T', 100_000_00n);
    await reverse(db, cut);
    await appropriate(db, 2026, 'W', 100_000_00n);
    const r = await fundsReport(as.bureau, { year: 2025 });
    const t = r.totals.find((x) => x.programme === 'T');
    assert.deepEqual([t?.appropriated, t?.unspent], ['1500000.00', '1496264.43']);
    assert.deepEqual(
      r.totals.filter((x) => x.programme === null).map((x) => [x.year, x.appropriated]),
      [[2025, '1500000.00']],
    );
    // a year with a budget and no claims has its totals
    const next = await fundsReport(as.bureau, { year: 2026 });
    assert.deepEqual(
      next.totals.map((x) => [x.programme, x.claims, x.appropriated, x.unspent]),
      [
        ['W', 0, '100000.00', '100000.00'],
        [null, 0, '100000.00', '100000.00'],
      ],
    );
    assert.deepEqual(next.rows, []);
  });

  it('a community account sees its community only, without the city’s budget; companies and committees none', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    const r = await fundsReport(as.community, { year: 2025 });
    assert.equal(r.community, 'C1');
    assert.deepEqual([...new Set(r.rows.map((x) => x.communityCode))], ['C1']);
    assert.ok(r.totals.every((x) => x.appropriated === null && x.unspent === null));
    assert.deepEqual(
      r.totals.map((x) => [x.programme, x.claims, x.reserved, x.paid]),
      [
        ['T', 3, '1235.56', '2000.01'],
        ['W', 1, '0.00', '2000.00'],
        ['F', 1, '20000.00', '0.00'],
        [null, 5, '21235.56', '4000.01'],
      ],
    );
    assertAddsUp(r);
    // the community's rows are the city's rows of that community
    const city = await fundsReport(as.admin, { year: 2025 });
    assert.deepEqual(
      r.rows,
      city.rows.filter((x) => x.communityCode === 'C1'),
    );
    await assert.rejects(fundsReport(as.company), code('auth.forbidden'));
    await assert.rejects(fundsReport(as.committee), code('auth.forbidden'));
  });
});
