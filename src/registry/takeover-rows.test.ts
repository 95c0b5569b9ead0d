/**
 * The T columns read from the registry give the engine's lines on the registry's scenario, line for
 * line — the demo city with its cases (assessments, rectifications, roster corrections, reference
 * prices) and a generated batch (facts without a price, engagements without facts).
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/client.ts';
import { describeDb } from '../db/testing.ts';
import { loadPolicy } from '../policy/load.ts';
import { settleT } from '../rules/columnar/index.ts';
import { asLines, engineLines } from '../rules/columnar/testing.ts';
import { generateBatch } from '../rules/scenario/generate.ts';
import { seedRegistry } from '../service/seed.ts';
import { as, seedScenario } from '../service/testing.ts';
import { buildScenario } from './scenario-build.ts';
import { takeoverColumns } from './takeover-rows.ts';

const policy = loadPolicy();

describeDb('T columns from the registry', (ctx, it) => {
  async function assertSameAsEngine(asOf: string) {
    const db = ctx.database.db;
    const ids = (await rawRows<{ id: number }>(db, sql`select id from engagement order by id`)).map((r) => Number(r.id));
    assert.ok(ids.length > 0);
    const columns = await takeoverColumns(db, asOf, ids);
    const { scenario } = await buildScenario(db, asOf);
    assert.deepEqual(asLines(settleT(columns, policy), columns.engagementId), engineLines(scenario, policy));
    return ids;
  }

  it('the demo city, cases and all, on two days', async () => {
    await seedRegistry(as(ctx.database.db), { kind: 'demo' }, { force: true });
    await assertSameAsEngine('2026-03-31');
    await assertSameAsEngine('2025-08-15');
  });

  it('a generated batch, and a subset of engagements gives the subset of lines', async () => {
    const batch = generateBatch(120, 0);
    // some facts without a price (the category's reference price, else unknown) and an engagement without facts
    for (const [i, e] of (batch.engagements ?? []).entries()) {
      if (i % 7 === 0) for (const p of e.periods ?? []) p.marketPrice = null;
      if (i === 5) e.periods = [];
    }
    await seedScenario(ctx.database.db, batch, { budget: false });
    const ids = await assertSameAsEngine('2026-01-31');
    const some = ids.filter((_, i) => i % 3 === 1);
    const columns = await takeoverColumns(ctx.database.db, '2026-01-31', some);
    assert.equal(columns.engagements, some.length);
    const { scenario } = await buildScenario(ctx.database.db, '2026-01-31');
    const wanted = new Set(columns.engagementId);
    assert.deepEqual(
      asLines(settleT(columns, policy), columns.engagementId),
      engineLines(scenario, policy).filter((l) => wanted.has(l.subject)),
    );
  });
});
