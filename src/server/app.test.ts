/** The HTTP server: /api/calc answers exactly as `jiangbu calc` does. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { runCalc } from '../service/calc.ts';
import { buildApp } from './app.ts';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../policy/erenhot-2025/examples/${name}`, import.meta.url)), 'utf8');

let app: FastifyInstance;
before(async () => {
  app = await buildApp();
});
after(() => app.close());

const post = (url: string, payload: string) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

describe('POST /api/calc', () => {
  test('same output as the CLI for every example', async () => {
    for (const name of ['01-takeover-basic.json', '02-committee.json', '03-facility-caps.json', '04-rectification.json']) {
      const res = await post('/api/calc', example(name));
      assert.equal(res.statusCode, 200);
      const cli = runCalc(JSON.parse(example(name)));
      assert.ok(cli.ok);
      assert.deepEqual(res.json(), cli.value);
    }
  });
  test('explain, lang and what-if overrides in the query', async () => {
    const res = await post('/api/calc?explain=true&lang=en&set=T.rate.tier1%3D0.50', example('01-takeover-basic.json'));
    const body = res.json();
    assert.equal(body.lines[0].amount, '21290.32');
    assert.match(body.lines[0].reasons[0].text, /^tier 1/);
    assert.ok(body.lines[0].trace.length > 0);
    const bad = await post('/api/calc?set=nothing%3D1', example('01-takeover-basic.json'));
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().problems[0].path, 'set');
  });
  test('bad input: 400 with the same messages, naming each path', async () => {
    const res = await post('/api/calc', JSON.stringify({ asOf: '2025-02-30', compounds: [{ id: 'X1' }] }));
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'invalid_input');
    assert.deepEqual(body.problems[0], { path: '$.asOf', code: 'date.invalid', message: '不是有效的日期（YYYY-MM-DD）' });
    assert.ok(body.problems.some((p: { path: string }) => p.path === '$.compounds[0].name'));
    const en = await post('/api/calc?lang=en', JSON.stringify({ asOf: '2025-01-01', compounds: [], engagements: [{ id: 'E1' }] }));
    assert.match(en.json().problems[0].message, /required/);
  });
  test('broken JSON: 400 at $', async () => {
    const res = await post('/api/calc', '{"asOf":');
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json().problems.map((p: { path: string; code: string }) => [p.path, p.code]),
      [['$', 'json.syntax']],
    );
  });
});

describe('GET', () => {
  test('/api/params lists the parameters with dates and clauses', async () => {
    const res = await app.inject({ url: '/api/params?at=2025-01-01&lang=en' });
    const body = res.json();
    assert.match(body.policy.paramsHash, /^sha256:/);
    const share = body.parameters.find((p: { id: string }) => p.id === 'F.share');
    assert.deepEqual([share.value, share.clause, share.decision, share.from], ['0.40', '2.1.2', 'D-17', '2024-01-01']);
    // the clause's place and summary and the decision's text come with it, in the language asked
    assert.equal(share.clauseRef, '二(一)二是');
    assert.match(share.clauseSummary, /40%/);
    assert.match(share.decisionSummary, /At most 40%/);
    const zh = (await app.inject({ url: '/api/params?lang=zh' })).json();
    assert.match(zh.parameters.find((p: { id: string }) => p.id === 'F.share').clauseSummary, /补贴不超过实际投入的40%/);
    assert.equal((await app.inject({ url: '/api/params?at=2025-02-30' })).statusCode, 400);
  });
  test('the OpenAPI document describes /api/calc and /api/params', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/calc'].post);
    assert.ok(doc.paths['/api/params'].get);
    assert.equal((await app.inject({ url: '/api/docs/' })).statusCode, 200);
  });
});
