/** The registry routes of the server, on every driver. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeDb } from '../db/testing.ts';
import { runCalc } from '../service/calc.ts';
import { seedRegistry } from '../service/seed.ts';
import { as, seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { signIn } from './testing.ts';

const example = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../policy/erenhot-2025/examples/04-rectification.json', import.meta.url)), 'utf8'),
);

describeDb('GET /api/registry/calc', (ctx, it) => {
  it('answers what POST /api/calc answers for the scenario the registry holds, a page at a time, in the pool', async () => {
    await seedScenario(ctx.database.db, example);
    const app = await buildApp({ database: ctx.database });
    const bureau = await signIn(app, ctx.database.db, 'bureau');
    try {
      const direct = runCalc(example);
      assert.ok(direct.ok);
      const res = await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01' });
      assert.equal(res.statusCode, 200);
      const { page, ...result } = res.json();
      assert.deepEqual(result, direct.value);
      assert.deepEqual(page, { offset: 0, limit: 1000, total: 11 });

      // A page: its lines, and the totals and line count of the whole scope.
      const second = (await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01&limit=4&offset=4' })).json();
      assert.deepEqual(second.lines, direct.value.lines.slice(4, 8));
      assert.deepEqual(second.totals, direct.value.totals);
      assert.deepEqual(second.page, { offset: 4, limit: 4, total: 11 });
      const past = (await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01&offset=20' })).json();
      assert.deepEqual([past.lines, past.page.total], [[], 11]);

      const scoped = (await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01&compound=X2' })).json();
      assert.deepEqual(
        scoped.lines.map((l: { subject: string }) => l.subject),
        ['E2', 'E2'],
      );
      assert.equal(scoped.page.total, 2);
      assert.deepEqual(app.calcPool.counts, { pooled: 4, inProcess: 0 });
    } finally {
      await app.close();
    }
  });

  it('refuses a missing or bad date and a page over the maximum, naming the parameter', async () => {
    const app = await buildApp({ database: ctx.database });
    const bureau = await signIn(app, ctx.database.db, 'bureau');
    try {
      const missing = await app.inject({ headers: bureau.headers, url: '/api/registry/calc?community=C1' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().problems, [{ path: 'asOf', code: 'required', message: '缺少必填字段' }]);
      const date = await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-13-01' });
      assert.equal(date.statusCode, 400);
      assert.deepEqual(date.json().problems, [{ path: 'asOf', code: 'date.invalid', message: '不是有效的日期（YYYY-MM-DD）' }]);
      const limit = await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01&limit=1001&offset=-1' });
      assert.equal(limit.statusCode, 400);
      assert.deepEqual(limit.json().problems, [
        { path: 'limit', code: 'number.max', message: '应不大于 1000' },
        { path: 'offset', code: 'number.min', message: '应不小于 0' },
      ]);
    } finally {
      await app.close();
    }
  });

  it('an unknown community or compound is a 404 naming the code, not an empty result', async () => {
    const app = await buildApp({ database: ctx.database });
    const bureau = await signIn(app, ctx.database.db, 'bureau');
    try {
      const res = await app.inject({ headers: bureau.headers, url: '/api/registry/calc?asOf=2025-12-01&compound=NOPE' });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { code: 'scope.compound', message: '没有编号为 NOPE 的小区' });
      const en = await app.inject({
        url: '/api/registry/calc?asOf=2025-12-01&community=NOPE',
        headers: { ...bureau.headers, 'accept-language': 'en' },
      });
      assert.deepEqual(
        [en.statusCode, en.json().code, en.json().message],
        [404, 'scope.community', 'no community with code NOPE (or it has no compounds)'],
      );
    } finally {
      await app.close();
    }
  });

  it('GET /api/info says plainly whether the registry is the demo city', async () => {
    const app = await buildApp({ database: ctx.database });
    try {
      const seeded = (await app.inject({ url: '/api/info' })).json();
      assert.deepEqual([seeded.registry.seededWith, seeded.registry.demo, seeded.policy.id], ['scenario', false, 'erenhot-2025']);
      assert.match(seeded.registry.notice.zh, /不是真实数据/);
      await seedRegistry(as(ctx.database.db), { kind: 'demo' });
      const demo = (await app.inject({ url: '/api/info' })).json();
      assert.deepEqual([demo.registry.demo, demo.registry.notice.zh], [true, '这是演示城市：全部数据均为虚构，仅供试用']);
      assert.match(demo.version, /^\d+\.\d+\.\d+/);
    } finally {
      await app.close();
    }
  });
});
