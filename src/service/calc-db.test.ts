/** seed --scenario then calc --db gives exactly what calc gives, for every worked example, on every driver. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeDb } from '../db/testing.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import { runCalc } from './calc.ts';
import { calcFromDb } from './calc-db.ts';
import { seedScenario } from './testing.ts';

const dir = fileURLToPath(new URL('../../policy/erenhot-2025/examples/', import.meta.url));
const examples = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));

describeDb('the engine on the database', (ctx, it) => {
  for (const file of examples) {
    it(`${file}: seed, then calc --db equals calc`, async () => {
      const scenario = JSON.parse(readFileSync(dir + file, 'utf8')) as Scenario;
      const { db } = ctx.database;
      await seedScenario(db, scenario);
      const fromDb = await calcFromDb(db, scenario.asOf, {}, { explain: true });
      const fromFile = runCalc(scenario, { explain: true });
      assert.ok(fromDb.ok && fromFile.ok);
      assert.deepEqual(fromDb.value, fromFile.value);
    });
  }
  it('a scope keeps its own lines and totals', async () => {
    const scenario = JSON.parse(readFileSync(`${dir}03-facility-caps.json`, 'utf8')) as Scenario;
    const { db } = ctx.database;
    await seedScenario(db, scenario);
    const c1 = await calcFromDb(db, scenario.asOf, { community: 'C1' });
    assert.ok(c1.ok);
    assert.deepEqual(
      c1.value.lines.map((l) => l.subject),
      ['F1', 'F2', 'F3', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'],
    );
    assert.equal(c1.value.totals.F, '9000.00');
    const a1 = await calcFromDb(db, scenario.asOf, { compound: 'A1' });
    assert.ok(a1.ok);
    assert.deepEqual(
      a1.value.lines.map((l) => [l.subject, l.amount]),
      [
        ['F1', '1200.00'],
        ['F3', '4000.00'],
        ['F12', '0.00'],
      ],
    );
  });
});
