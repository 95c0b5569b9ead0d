/**
 * PostgreSQL only (PGlite has one connection): the same money step asked twice at the same moment —
 * two settlements of one period make one batch; two approvals of it approve once; two imports of the
 * bank's answer pay each claim once. Skipped loudly without DATABASE_URL (a failure under
 * JIANGBU_REQUIRE_ALL=1, as src/db/testing.ts does).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/client.ts';
import { freshDatabase } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { createUser } from '../auth/users.ts';
import type { ServiceContext } from '../command.ts';
import { seedRegistry } from '../seed.ts';
import { as } from '../testing.ts';
import { allPaid, applyBankResult, approveBatch, viewBatch } from './batches.ts';
import { budgetFigures } from './budgets.ts';
import { settle } from './settle.ts';

const AS_OF = '2026-03-10';
const PASSWORD = 'Settle-Batch-2026!q';

const why = process.env.DATABASE_URL ? null : 'DATABASE_URL is not set: the PostgreSQL-only race tests of settlement are SKIPPED';
if (why) console.warn(`\n!!! money races [postgres]: ${why}\n`);
const required = process.env.JIANGBU_REQUIRE_ALL === '1';
const it = (name: string, fn: () => Promise<void>) =>
  !why
    ? test(name, fn)
    : required
      ? test(name, () => {
          throw new Error(`${why} (JIANGBU_REQUIRE_ALL=1)`);
        })
      : test(name, { skip: why }, fn);

describe('money races [postgres]', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  const finance = (): ServiceContext => ({
    db: fresh.database.db,
    actor: { username: 'fin-wang', role: 'finance', channel: 'system' },
    now: () => new Date(`${AS_OF}T02:00:00Z`),
  });
  before(async () => {
    if (why) return;
    fresh = await freshDatabase('postgres');
    await seedRegistry(as(fresh.database.db), { kind: 'demo' }, { force: true });
    await createUser(as(fresh.database.db), { username: 'fin-wang', role: 'finance', password: PASSWORD });
  });
  after(() => fresh?.dispose());

  it('two settlements of T 2025H1 at once make one batch, each claim in it once', async () => {
    const [a, b] = await Promise.all([
      settle(finance(), { programme: 'T', period: '2025H1', asOf: AS_OF }),
      settle(finance(), { programme: 'T', period: '2025H1', asOf: AS_OF }),
    ]);
    assert.deepEqual([a.batchNo, b.batchNo].sort(), ['PB-2025H1-T-001', null].sort());
    const [n] = await rawRows<{ batches: number; lines: number; claims: number }>(
      fresh.database.db,
      sql`select (select count(*)::int from settlement_batch) as batches, (select count(*)::int from settlement_batch_line) as lines,
                 (select count(distinct claim_id)::int from settlement_batch_line) as claims`,
    );
    assert.ok(n && n.batches === 1 && n.lines > 0 && n.lines === n.claims, JSON.stringify(n));
  });

  it('two approvals at once: one approves, the other finds it approved', async () => {
    const results = await Promise.allSettled([
      approveBatch(finance(), 'PB-2025H1-T-001', PASSWORD),
      approveBatch(finance(), 'PB-2025H1-T-001', PASSWORD),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as UserError).code, 'batch.state');
  });

  it('the bank’s answer imported twice at once pays each claim once', async () => {
    const { db } = fresh.database;
    const batch = await viewBatch(db, finance().actor, 'PB-2025H1-T-001');
    const rows = allPaid(batch);
    const [a, b] = await Promise.all([applyBankResult(finance(), batch.batch, rows), applyBankResult(finance(), batch.batch, rows)]);
    // one applies it; the other, queued behind it on the batch's lock, finds every line answered so already
    const applied = [a, b].filter((r) => r.paid > 0);
    assert.equal(applied.length, 1, JSON.stringify([a, b]));
    assert.equal(applied[0]?.paid, rows.length);
    assert.deepEqual(
      [a, b].map((r) => [r.problems.length, r.paid + r.unchanged]),
      [
        [0, rows.length],
        [0, rows.length],
      ],
    );
    const [pays] = await rawRows<{ n: number; claims: number }>(
      db,
      sql`select count(*)::int as n, count(distinct claim_id)::int as claims from ledger_transfer where kind = 'pay'`,
    );
    assert.deepEqual(pays, { n: rows.length, claims: rows.length });
    const t = (await budgetFigures(db, finance().actor, { year: 2025 })).find((r) => r.programme === 'T' && r.community === null);
    assert.equal(t?.paid, batch.total);
  });
});
