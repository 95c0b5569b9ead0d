/**
 * One error shape for every status: `{code, message, problems?}` (and `requestId` on 5xx), each problem
 * `{path, code, message}` naming the parameter or JSON path; zh-CN by default, English when asked.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { userError } from '../lib/errors.ts';
import { PUBLIC } from './access.ts';
import { buildApp } from './app.ts';

const example = readFileSync(fileURLToPath(new URL('../../policy/erenhot-2025/examples/01-takeover-basic.json', import.meta.url)), 'utf8');

let app: FastifyInstance;
const logLines: string[] = [];
before(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ logger: { level: 'info', stream } });
  // Test-only routes: an internal failure and a service refusal.
  app.get('/test/boom', { config: { access: PUBLIC } }, () => {
    throw new Error('secret detail of the failure');
  });
  app.get('/test/refuse', { config: { access: PUBLIC } }, () => {
    throw userError('test.refused', '登记已锁定', 'the registry is locked', { status: 409 });
  });
  app.get('/test/unavailable', { config: { access: PUBLIC } }, () => {
    throw userError('test.unavailable', '暂不可用', 'unavailable', { status: 503 });
  });
});
after(() => app.close());

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

describe('problems name the parameter', () => {
  test('?lang=fr: lang must be zh or en', async () => {
    const res = await post('/api/calc?lang=fr', example);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      code: 'invalid_input',
      message: '输入无效（1 处）',
      problems: [{ path: 'lang', code: 'value.enum', message: '应为以下之一：zh、en' }],
    });
  });
  test('explain=yes is refused, not ignored', async () => {
    const res = await post('/api/calc?explain=yes', example);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().problems, [{ path: 'explain', code: 'value.enum', message: '应为以下之一：0、1、true、false' }]);
  });
  test('an unknown query parameter is refused, naming it and the known ones', async () => {
    const res = await post('/api/calc?explian=true', example, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().problems, [
      { path: 'explian', code: 'query.unknown', message: 'not a parameter of this route (known: explain, lang, set)' },
    ]);
    const schema = await app.inject({ url: '/api/schema?x=1' });
    assert.equal(schema.statusCode, 400);
    assert.equal(schema.json().problems[0].path, 'x');
  });
  test('a route for signed-in users answers 401 auth.required without a session', async () => {
    const res = await app.inject({ url: '/api/registry/calc?community=C1' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { code: 'auth.required', message: '请先登录' });
  });
  test('a bad date names its parameter', async () => {
    const res = await app.inject({ url: '/api/params?at=2025-02-30' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().problems, [{ path: 'at', code: 'date.invalid', message: '不是有效的日期（YYYY-MM-DD）' }]);
  });
  test('what-if overrides are reported at `set`, never as the command line flag', async () => {
    const unknown = await post('/api/calc?set=T.nothing%3D1', example);
    assert.equal(unknown.statusCode, 400);
    const [p] = unknown.json().problems;
    assert.equal(p.path, 'set');
    assert.match(p.message, /T\.nothing/);
    assert.doesNotMatch(p.message, /--set/);
    const malformed = await post('/api/calc?set=nothing', example, { 'accept-language': 'en' });
    assert.deepEqual(malformed.json().problems, [
      { path: 'set', code: 'set.format', message: 'expected PARAM=VALUE such as T.rate.tier1=0.50, got "nothing"' },
    ]);
  });
  test('the body is strict: an unknown field is named', async () => {
    const body = { ...JSON.parse(example), engagments: [] };
    const res = await post('/api/calc', JSON.stringify(body));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().problems, [{ path: '$.engagments', code: 'key.unknown', message: '未知字段' }]);
  });
});

describe('the framework refusals in the same shape', () => {
  test('malformed JSON: 400, json.syntax at $', async () => {
    const res = await post('/api/calc', '{"asOf":');
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'invalid_input');
    assert.equal(body.problems.length, 1);
    assert.equal(body.problems[0].path, '$');
    assert.equal(body.problems[0].code, 'json.syntax');
    assert.match(body.problems[0].message, /^不是有效的 JSON：/);
  });
  test('wrong content type: 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/calc',
      payload: 'asOf=2025-01-01',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.statusCode, 415);
    assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message']);
    assert.equal(res.json().code, 'unsupported_media_type');
    assert.match(res.json().message, /application\/json/);
  });
  test('unknown route: 404 not_found', async () => {
    const res = await app.inject({ url: '/api/nothing?x=1' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { code: 'not_found', message: '没有这个接口：GET /api/nothing' });
  });
  test('method not allowed: 405 in the same shape, with Allow', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calc' });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, 'POST');
    assert.deepEqual(res.json(), { code: 'method_not_allowed', message: '/api/calc 不支持 GET（可用：POST）' });
  });
  test('500: a generic message and the request id, which is in the log with the error', async () => {
    const res = await app.inject({ url: '/test/boom' });
    assert.equal(res.statusCode, 500);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'requestId']);
    assert.equal(body.code, 'internal');
    assert.doesNotMatch(res.body, /secret|at .*\.ts/);
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.reqId === body.requestId && l.level === 50);
    assert.ok(logged, 'the error is logged under the request id');
    assert.match(logged.err.message, /secret detail/);
  });
  test('a service refusal (UserError): its code, status and text in the language asked', async () => {
    const zh = await app.inject({ url: '/test/refuse' });
    assert.equal(zh.statusCode, 409);
    assert.deepEqual(zh.json(), { code: 'test.refused', message: '登记已锁定' });
    const en = await app.inject({ url: '/test/refuse', headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } });
    assert.deepEqual(en.json(), { code: 'test.refused', message: 'the registry is locked' });
  });
  test('5xx refusals carry a request id too', async () => {
    const res = await app.inject({ url: '/test/unavailable' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'test.unavailable');
    assert.match(res.json().requestId, /^[0-9a-f-]{36}$/);
  });
});

describe('language', () => {
  test('Accept-Language: en gives English problems and results; ?lang overrides it', async () => {
    const bad = JSON.stringify({ asOf: '2025-02-30', compounds: [] });
    const en = await post('/api/calc', bad, { 'accept-language': 'en' });
    assert.equal(en.json().message, 'invalid input (1 problem)');
    assert.equal(en.json().problems[0].message, 'is not a valid calendar date (YYYY-MM-DD)');
    const ok = await post('/api/calc', example, { 'accept-language': 'en-US,en;q=0.9' });
    assert.match(ok.json().lines[0].reasons[0].text, /^tier 1/);
    const zh = await post('/api/calc?lang=zh', example, { 'accept-language': 'en' });
    assert.match(zh.json().lines[0].reasons[0].text, /一档/);
    const notFound = await app.inject({ url: '/api/nowhere', headers: { 'accept-language': 'en' } });
    assert.equal(notFound.json().message, 'no such route: GET /api/nowhere');
  });
});
