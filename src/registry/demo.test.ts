/** The demo city: plausible, complete, and calculated alike from the registry and from its export. */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { describeDb } from '../db/testing.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import { runCalc } from '../service/calc.ts';
import { calcFromDb } from '../service/calc-db.ts';
import { seedRegistry } from '../service/seed.ts';
import { as } from '../service/testing.ts';
import { demoScenario } from './demo.ts';
import { buildScenario } from './scenario-build.ts';

const count = async (db: Parameters<typeof buildScenario>[0], table: string) => {
  const r = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n);
};

describeDb('demo data', (ctx, it) => {
  it('seeds a small city: 6 communities, 120 compounds, 40 companies and the rest', async () => {
    const { db } = ctx.database;
    const counts = await seedRegistry(as(db), { kind: 'demo' });
    assert.equal(counts.companies, 40); // what seed reports is what the registry holds
    assert.equal(await count(db, 'community'), 6);
    assert.equal(await count(db, 'subdistrict'), 3);
    assert.equal(await count(db, 'compound'), 120);
    assert.equal(await count(db, 'company'), 40);
    assert.ok((await count(db, 'engagement')) >= 80);
    assert.ok((await count(db, 'committee')) >= 30);
    assert.ok((await count(db, 'facility_application')) >= 30);
    assert.ok((await count(db, 'survey_response')) > 500);
    assert.equal(await count(db, 'budget'), 9);
    assert.equal(await count(db, "compound where kind = 'scattered'"), 13);
    assert.equal(await count(db, 'company where uscc is null'), 0);
  });
  it('calc --db equals calc on the registry exported as a scenario', async () => {
    const { db } = ctx.database;
    const { scenario: exported } = await buildScenario(db, '2026-03-31');
    assert.equal(validateScenario(exported).ok, true);
    const fromDb = await calcFromDb(db, '2026-03-31');
    const fromFile = runCalc(JSON.parse(JSON.stringify(exported)));
    assert.ok(fromDb.ok && fromFile.ok);
    assert.deepEqual(fromDb.value, fromFile.value);
    // without its cases (which add takeovers, verify facts, score, rectify), the registry holds the
    // demo scenario it was made from
    await seedRegistry(as(db), { kind: 'demo', cases: false });
    const bare = await calcFromDb(db, '2026-03-31');
    assert.ok(bare.ok);
    assert.deepEqual(bare.missingPrices, []);
    assert.deepEqual(runCalc(demoScenario()), { ok: true, value: bare.value });
  });
  it('has every kind of line: failing scores, a rectification, an expulsion, caps', async () => {
    const out = runCalc(demoScenario());
    assert.ok(out.ok);
    const seen = new Set(out.value.lines.flatMap((l) => [l.status, ...l.reasons.map((r) => r.code)]));
    for (const want of [
      'payable',
      'withheld',
      'pending',
      'ineligible',
      'granted',
      'capped',
      'rejected',
      'T_EXPELLED',
      'T_TIER1',
      'T_TIER2',
      'W_PAYABLE',
      'F_CATEGORY',
    ])
      assert.ok(seen.has(want), `demo has no ${want}`);
  });
});
