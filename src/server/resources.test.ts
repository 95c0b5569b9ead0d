/** The registry's resource routes over HTTP, on both databases: strict parameters, paging bounds, presented items. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { seedTwoCities, TODAY } from '../service/read/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

describeDb('registry resources over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  let bureau: Signed;
  let auditor: Signed;
  after(() => (app as FastifyInstance | undefined)?.close());
  const get = (url: string, who: Signed = bureau) => app.inject({ method: 'GET', url, headers: who.headers });

  it('lists and items answer with natural codes and exact areas', async () => {
    await seedTwoCities(ctx.database.db);
    app = await buildApp({ database: ctx.database, now: () => TODAY });
    bureau = await signIn(app, ctx.database.db, 'bureau');
    auditor = await signIn(app, ctx.database.db, 'auditor');
    const list = await get('/api/compounds?community=C1&onRoster=true');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((c: { code: string; communityCode: string; area: string }) => [c.code, c.communityCode, c.area]),
      [['X1', 'C1', '10000.50']],
    );
    assert.equal(list.json().total, 1);
    assert.equal((await get('/api/compounds/X2')).json().coverage, 'unmanaged');
    assert.equal((await get('/api/engagements?status=ended')).json().items[0].code, 'E2');
    assert.equal((await get('/api/committees?compound=X2')).json().items[0].code, 'W2');
    const missing = await get('/api/compounds/NOPE');
    assert.deepEqual([missing.statusCode, missing.json().code], [404, 'compound.not_found']);
  });

  it('parameters are strict: unknown ones, paging out of bounds, malformed values answer 400 naming them', async () => {
    const problem = async (url: string, who: Signed = bureau) => {
      const res = await get(url, who);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      return res.json().problems.map((p: { path: string; code: string }) => `${p.path}:${p.code}`);
    };
    assert.deepEqual(await problem('/api/compounds?colour=red'), ['colour:query.unknown']);
    assert.deepEqual(await problem('/api/compounds?limit=0'), ['limit:number.min']);
    assert.deepEqual(await problem('/api/companies?limit=201'), ['limit:number.max']);
    assert.deepEqual(await problem('/api/engagements?offset=-1'), ['offset:number.min']);
    assert.deepEqual(await problem('/api/engagements?period=2025H3'), ['period:period.invalid']);
    assert.deepEqual(await problem('/api/compounds?onRoster=yes'), ['onRoster:value.enum']);
    assert.deepEqual(await problem('/api/compounds/X1?q=x'), ['q:query.unknown']);
    assert.deepEqual(await problem('/api/audit?from=2025-02-30', auditor), ['from:date.invalid']);
  });

  it('the auditor reads the trail newest first; a page holds at most limit events', async () => {
    const res = await get('/api/audit?limit=2', auditor);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.items.length, 2);
    assert.ok(body.total > 2);
    assert.ok(body.items[0].seq > body.items[1].seq);
    assert.deepEqual((await get('/api/audit/verify', auditor)).json().ok, true);
  });
});
