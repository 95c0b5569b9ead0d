import assert from 'node:assert/strict';
import { describeDb } from '../db/testing.ts';
import { calcFromDb } from '../service/calc-db.ts';
import { seedRegistry } from '../service/seed.ts';
import { as } from '../service/testing.ts';

describeDb('synthetic registry', (ctx, it) => {
  it('seeds N roster compounds with takeovers and facts, and they calculate', async () => {
    const counts = await seedRegistry(as(ctx.database.db), { kind: 'synthetic', compounds: 6000 });
    assert.deepEqual([counts.compounds, counts.roster, counts.engagements, counts.periodFacts], [6000, 6000, 6000, 24000]);
    const out = await calcFromDb(ctx.database.db, '2026-03-31');
    assert.ok(out.ok);
    assert.ok(out.value.lines.filter((l) => l.status === 'payable').length > 10000);
  });
});
