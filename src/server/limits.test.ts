/**
 * The server's limits: a small body limit, a cap on the entities of one scenario, large calculations in
 * the worker pool. (That small requests keep being answered while a large one runs is a matter of speed:
 * `npm run bench:server` shows it; here the pool's counters show where each calculation ran.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateBatch } from '../rules/scenario/generate.ts';
import { runCalc } from '../service/calc.ts';
import { buildApp } from './app.ts';
import { defaultSettings, MiB } from './settings.ts';

const example = readFileSync(fileURLToPath(new URL('../../policy/erenhot-2025/examples/01-takeover-basic.json', import.meta.url)), 'utf8');
const json = { 'content-type': 'application/json' };

/** n engagements of 4 half-years each: 6·n entities. Scores rounded to 2 decimals (the generator's may carry float noise). */
function scenario(n: number) {
  const s = generateBatch(n);
  for (const e of s.engagements ?? [])
    for (const p of e.periods ?? [])
      if (typeof p.assessmentScore === 'number') p.assessmentScore = Math.round(p.assessmentScore * 100) / 100;
  return s;
}

describe('limits', () => {
  test('the defaults: a 2 MiB body, 20,000 entities', () => {
    assert.equal(defaultSettings.bodyLimit, 2 * MiB);
    assert.equal(defaultSettings.maxEntities, 20_000);
  });

  test('a body over the limit: 413 naming the limit, in the error shape', async () => {
    const app = await buildApp();
    try {
      const payload = JSON.stringify({ asOf: '2025-01-01', padding: 'x'.repeat(2 * MiB) });
      const res = await app.inject({ method: 'POST', url: '/api/calc', payload, headers: json });
      assert.equal(res.statusCode, 413);
      assert.deepEqual(res.json(), { code: 'payload_too_large', message: '请求体超过上限 2 MiB' });
      const en = await app.inject({ method: 'POST', url: '/api/calc', payload, headers: { ...json, 'accept-language': 'en' } });
      assert.equal(en.json().message, 'the request body exceeds the limit of 2 MiB');
    } finally {
      await app.close();
    }
  });

  test('a scenario over the entity cap: 413 naming the cap and the count, on the event loop and in the pool alike', async () => {
    for (const poolThreshold of [defaultSettings.poolThreshold, 100]) {
      const app = await buildApp({ settings: { maxEntities: 10, poolThreshold } });
      try {
        const res = await app.inject({ method: 'POST', url: '/api/calc', payload: JSON.stringify(scenario(2)), headers: json });
        assert.equal(res.statusCode, 413);
        assert.deepEqual(res.json(), {
          code: 'too_many_entities',
          message: '场景含 12 个实体，超过上限 10（小区、承接、半年期、业委会、设施改造申请合计）',
          entities: 12,
          cap: 10,
        });
        const atCap = await app.inject({ method: 'POST', url: '/api/calc', payload: example, headers: json }); // 1 + 1 + 4 entities
        assert.equal(atCap.statusCode, 200);
        assert.deepEqual(app.calcPool.counts, poolThreshold === 100 ? { pooled: 2, inProcess: 0 } : { pooled: 0, inProcess: 1 });
      } finally {
        await app.close();
      }
    }
  });

  test('a body over the pool threshold is parsed and calculated in a worker, with the same answers', async () => {
    const app = await buildApp({ settings: { poolThreshold: 2000, workers: 1 } });
    try {
      const big = scenario(3); // 18 entities, about 3.4 kB
      const res = await app.inject({ method: 'POST', url: '/api/calc?lang=en', payload: JSON.stringify(big), headers: json });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const direct = runCalc(big, { lang: 'en' });
      assert.ok(direct.ok);
      assert.deepEqual(res.json(), direct.value);
      assert.deepEqual(app.calcPool.counts, { pooled: 1, inProcess: 0 });

      const small = await app.inject({ method: 'POST', url: '/api/calc', payload: example, headers: json }); // 1,517 bytes
      assert.equal(small.statusCode, 200);
      assert.deepEqual(app.calcPool.counts, { pooled: 1, inProcess: 1 });

      const bad = { ...big, asOf: '2025-02-30' };
      const refused = await app.inject({ method: 'POST', url: '/api/calc', payload: JSON.stringify(bad), headers: json });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(refused.json().problems[0], { path: '$.asOf', code: 'date.invalid', message: '不是有效的日期（YYYY-MM-DD）' });
      assert.deepEqual(app.calcPool.counts, { pooled: 2, inProcess: 1 });

      const broken = `${JSON.stringify(big).slice(0, -1)},`;
      const syntax = await app.inject({ method: 'POST', url: '/api/calc', payload: broken, headers: json });
      assert.equal(syntax.statusCode, 400);
      assert.deepEqual(
        syntax.json().problems.map((p: { path: string; code: string }) => [p.path, p.code]),
        [['$', 'json.syntax']],
      );
      const poisoned = `{"__proto__":{"polluted":true},${JSON.stringify(big).slice(1)}`;
      const proto = await app.inject({ method: 'POST', url: '/api/calc', payload: poisoned, headers: json });
      assert.equal(proto.statusCode, 400);
      assert.deepEqual(proto.json().problems, [{ path: '$.__proto__', code: 'key.unknown', message: '未知字段' }]);
      assert.deepEqual(app.calcPool.counts, { pooled: 4, inProcess: 1 });
    } finally {
      await app.close();
    }
  });

  test('workers: 0 calculates everything on the event loop', async () => {
    const app = await buildApp({ settings: { poolThreshold: 100, workers: 0 } });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/calc', payload: JSON.stringify(scenario(3)), headers: json });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(app.calcPool.counts, { pooled: 0, inProcess: 1 });
    } finally {
      await app.close();
    }
  });
});
