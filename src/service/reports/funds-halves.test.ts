/** The funds report by half-year on both databases: T by its period, W and F by approval or payment (Beijing days). */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import { everyone, seedTwoCities } from '../read/testing.ts';
import { fundsReport } from './funds.ts';
import { addClaims } from './testing.ts';

const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

describeDb('reports: funds by half-year', (ctx, it) => {
  it('T by its period; W and F paid by the payment, else by the last approval; the halves add up to the totals', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    await addClaims(db, [
      {
        programme: 'T',
        year: 2025,
        period: '2025H1',
        compound: 'X1',
        payeeType: 'company',
        payeeCode: 'P1',
        fen: 100_00n,
        state: 'reserved',
        reservedAt: '2025-09-01T02:00:00Z',
      },
      {
        programme: 'T',
        year: 2025,
        period: '2025H2',
        compound: 'X1',
        payeeType: 'company',
        payeeCode: 'P1',
        fen: 200_00n,
        state: 'paid',
        paidAt: '2026-02-01T02:00:00Z',
      },
      {
        programme: 'T',
        year: 2025,
        period: '2025H2',
        compound: 'X2',
        payeeType: 'company',
        payeeCode: 'P2',
        fen: 999_00n,
        state: 'voided',
      },
      // approved 2025-06-30 17:00 UTC = 2025-07-01 01:00 in Beijing: the second half
      {
        programme: 'W',
        year: 2025,
        compound: 'X1',
        payeeType: 'committee',
        payeeCode: 'W1',
        fen: 2_000_00n,
        state: 'reserved',
        reservedAt: '2025-06-30T17:00:00Z',
      },
      // approved in H1, paid in H2: counted where it was paid
      {
        programme: 'F',
        year: 2025,
        compound: 'X3',
        payeeType: 'community',
        payeeCode: 'C1',
        fen: 3_000_00n,
        state: 'paid',
        reservedAt: '2025-03-01T02:00:00Z',
        paidAt: '2025-08-01T02:00:00Z',
      },
      // still placed by its approval (15:59 UTC on 30 June = 23:59 in Beijing: the first half)
      {
        programme: 'F',
        year: 2025,
        compound: 'X3',
        payeeType: 'community',
        payeeCode: 'C1',
        fen: 50_00n,
        state: 'reserved',
        reservedAt: '2025-06-30T15:59:00Z',
      },
    ]);
    const as = await everyone(db);
    const r = await fundsReport(as.finance, { year: 2025 });
    assert.deepEqual(
      r.halves.map((x) => [x.half, x.programme, x.communityCode, x.claims, x.reserved, x.paid]),
      [
        ['2025H1', 'T', 'C1', 1, '100.00', '0.00'],
        ['2025H1', 'F', 'C1', 1, '50.00', '0.00'],
        ['2025H2', 'T', 'C1', 1, '0.00', '200.00'],
        ['2025H2', 'W', 'C1', 1, '2000.00', '0.00'],
        ['2025H2', 'F', 'C1', 1, '0.00', '3000.00'],
      ],
    );
    // every claim the report counts by year is in exactly one half-year
    for (const k of ['reserved', 'paid'] as const) {
      const all = r.totals.find((x) => x.programme === null);
      assert.equal(
        r.halves.reduce((n, x) => n + fen(x[k]), 0n),
        fen(all?.[k] ?? '0'),
        k,
      );
    }
    // a community sees the halves of its own community only
    const own = await fundsReport(as.community, { year: 2025 });
    assert.deepEqual(
      own.halves,
      r.halves.filter((x) => x.communityCode === 'C1'),
    );
    const other = await fundsReport({ ...as.community, actor: { ...as.community.actor, scope: { community: { id: -1, code: 'NONE' } } } });
    assert.deepEqual(other.halves, []);
  });
});
