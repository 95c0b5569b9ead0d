/**
 * Surveys and complaints over HTTP, on both databases: a community issues codes as JSON and as the
 * printable sheet (its CSP, no script, a QR code per household, not cached); a household answers
 * without signing in, once (409 in zh-CN or English on a reuse, 404 for an unknown code); the public
 * routes need no session and are rate-limited per address; a complaint lodged without an account
 * reaches the community's to-dos and its list, masked for the bureau.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { seedTwoCities, TODAY } from '../service/read/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

describeDb('surveys and complaints over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  let community: Signed;
  let bureau: Signed;
  let survey = 0;
  let codes: { code: string; url: string }[] = [];
  after(() => (app as FastifyInstance | undefined)?.close());
  const from = (n: number) => `192.0.2.${n}`;

  it('setup: the two-community city, a community and the bureau signed in', async () => {
    const { db } = ctx.database;
    await seedTwoCities(db);
    app = await buildApp({
      database: ctx.database,
      now: () => TODAY,
      auth: { loginPerMinute: 1000 },
      publicUrl: 'https://jb.example.gov.cn',
    });
    community = await signIn(app, db, 'community', { scope: 'C1' });
    bureau = await signIn(app, db, 'bureau');
  });

  it('a community opens a survey and issues codes: JSON with the answer URLs, never cached', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/api/surveys',
      headers: community.headers,
      payload: { compound: 'X1', period: '2025H1', title: '上半年满意度调查', opensOn: '2025-06-01', closesOn: '2025-06-30' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    survey = opened.json().id;
    const res = await app.inject({
      method: 'POST',
      url: `/api/surveys/${survey}/codes`,
      headers: community.headers,
      payload: { count: 3 },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    codes = res.json().codes;
    assert.equal(codes.length, 3);
    for (const c of codes) assert.equal(c.url, `https://jb.example.gov.cn/survey/${c.code}`);
    assert.deepEqual(res.json().survey.codes, { issued: 3, used: 0 });
    const tooMany = await app.inject({
      method: 'POST',
      url: `/api/surveys/${survey}/codes`,
      headers: community.headers,
      payload: { count: 5001 },
    });
    assert.equal(tooMany.statusCode, 400);
  });

  it('the printable sheet: HTML under the form CSP, a card and a QR code per code, no script', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/surveys/${survey}/codes`,
      headers: community.headers,
      payload: { count: 14, format: 'html' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/);
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    );
    assert.equal(res.headers['cache-control'], 'no-store');
    const html = res.body;
    assert.equal((html.match(/<svg /g) ?? []).length, 14);
    assert.equal((html.match(/<section class="page">/g) ?? []).length, 2);
    assert.ok(html.includes('上半年满意度调查') && html.includes('幸福小区'));
    assert.ok(html.includes('https://jb.example.gov.cn/survey<'));
    assert.ok(!/<script/i.test(html));
    const view = await app.inject({ method: 'GET', url: `/api/surveys/${survey}`, headers: bureau.headers });
    assert.deepEqual(view.json().codes, { issued: 17, used: 0 });
  });

  it('a household answers without signing in, once; a reuse is 409 in zh-CN or English; an unknown code 404', async () => {
    const code = (codes[0] as { code: string }).code;
    const shown = await app.inject({ method: 'GET', url: `/api/public/survey/${code.toLowerCase()}`, remoteAddress: from(1) });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual([shown.json().compound, shown.json().levels.length], ['幸福小区', 5]);
    const answer = (payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/public/survey/answer', payload, headers, remoteAddress: from(1) });
    const first = await answer({ code, level: 1 });
    assert.equal(first.statusCode, 201, first.body);
    const again = await answer({ code, level: 3 });
    assert.deepEqual([again.statusCode, again.json().code], [409, 'survey.code_used']);
    assert.match(again.json().message, /已经答过卷/);
    const en = await answer({ code, level: 3 }, { 'accept-language': 'en' });
    assert.match(en.json().message, /already been used/);
    const unknown = await answer({ code: 'ZZZZZZZZ', level: 3 });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'survey.code_unknown']);
    const badLevel = await answer({ code: (codes[1] as { code: string }).code, level: 6 });
    assert.equal(badLevel.statusCode, 400);
    const report = await app.inject({ method: 'GET', url: '/api/reports/satisfaction?year=2025', headers: bureau.headers });
    assert.deepEqual([report.json().total.part, report.json().total.whole], [1, 1]);
  });

  it('the public survey routes are rate-limited per address (60 a minute); other addresses are not held', async () => {
    const get = (n: number) => app.inject({ method: 'GET', url: '/api/public/survey/nope', remoteAddress: from(n) });
    for (let i = 0; i < 60; i++) assert.equal((await get(2)).statusCode, 404);
    const limited = await get(2);
    assert.deepEqual([limited.statusCode, limited.json().code], [429, 'rate_limited']);
    assert.equal((await get(3)).statusCode, 404);
  });

  it('a complaint without signing in: in the community’s to-dos and list; masked for the bureau; 20 an hour per address', async () => {
    const lodge = (n: number, text = '电梯故障') =>
      app.inject({
        method: 'POST',
        url: '/api/public/complaints',
        payload: { compound: 'X1', category: 'repair', text, contact: '13812345678' },
        remoteAddress: from(n),
      });
    const found = await app.inject({ method: 'GET', url: `/api/public/compounds?q=${encodeURIComponent('幸福')}`, remoteAddress: from(4) });
    assert.deepEqual(found.json().items, [{ code: 'X1', name: '幸福小区', community: 'C1' }]);
    const res = await lodge(4);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().contact, '138****5678');
    const id = res.json().id;
    const todo = await app.inject({ method: 'GET', url: '/api/todos', headers: community.headers });
    assert.deepEqual(
      todo.json().complaints.items.map((x: { id: number; ageDays: number }) => [x.id, x.ageDays]),
      [[id, 0]],
    );
    const own = await app.inject({ method: 'GET', url: '/api/complaints?status=open', headers: community.headers });
    assert.equal(own.json().items[0].contact, '13812345678');
    const city = await app.inject({ method: 'GET', url: '/api/complaints', headers: bureau.headers });
    assert.equal(city.json().items[0].contact, '138****5678');
    const ack = await app.inject({
      method: 'POST',
      url: `/api/complaints/${id}/acknowledge`,
      headers: community.headers,
      payload: { note: '已转物业公司处理' },
    });
    assert.deepEqual([ack.statusCode, ack.json().status], [200, 'acknowledged']);
    for (let i = 1; i < 20; i++) assert.equal((await lodge(4, `第${i}次`)).statusCode, 201);
    const limited = await lodge(4);
    assert.deepEqual([limited.statusCode, limited.json().code], [429, 'rate_limited']);
    assert.equal((await lodge(5)).statusCode, 201);
  });
});
