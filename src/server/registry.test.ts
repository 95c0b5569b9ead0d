/** The registry routes of the server, on every driver. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeDb } from '../db/testing.ts';
import { runCalc } from '../service/calc.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';

const example = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../policy/erenhot-2025/examples/04-rectification.json', import.meta.url)), 'utf8'),
);

describeDb('GET /api/registry/calc', (ctx, it) => {
  it('answers what POST /api/calc answers for the scenario the registry holds', async () => {
    await seedScenario(ctx.database.db, example);
    const app = await buildApp({ database: ctx.database });
    try {
      const res = await app.inject({ url: '/api/registry/calc?asOf=2025-12-01' });
      assert.equal(res.statusCode, 200);
      const direct = runCalc(example);
      assert.ok(direct.ok);
      assert.deepEqual(res.json(), direct.value);
      const scoped = (await app.inject({ url: '/api/registry/calc?asOf=2025-12-01&compound=X2' })).json();
      assert.deepEqual(
        scoped.lines.map((l: { subject: string }) => l.subject),
        ['E2', 'E2'],
      );
      assert.equal((await app.inject({ url: '/api/registry/calc?asOf=2025-13-01' })).statusCode, 400);
    } finally {
      await app.close();
    }
  });
});
