/**
 * Serving the console: index.html at / and for any GET outside /api (the browser's routes), each answer
 * with a fresh nonce in the page and in style-src only; /api stays JSON; the hashed assets are cached for
 * good; a missing build is a clear 503. A stand-in build (a temporary web/dist) keeps this test fast.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { consolePage, NONCE_PLACEHOLDER } from './console.ts';

const PAGE = `<!doctype html><html><head><meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>`;

describe('the console', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'jiangbu-console-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), PAGE);
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    app = await buildApp({ consoleDist: dist });
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const nonceOf = (csp: string) => /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

  test('/ and a console route answer the page, a fresh nonce in it and in style-src only', async () => {
    const one = await app.inject({ url: '/' });
    const two = await app.inject({ url: '/cases/JB-2025-T-000001?x=1' });
    for (const res of [one, two]) {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const csp = String(res.headers['content-security-policy']);
      const nonce = nonceOf(csp);
      assert.ok(nonce, csp);
      assert.ok(res.body.includes(`nonce="${nonce}"`));
      assert.ok(!res.body.includes(NONCE_PLACEHOLDER));
      assert.match(csp, /script-src 'self'(;|$)/, 'scripts stay self only');
      assert.ok(!csp.includes('upgrade-insecure-requests'), 'plain http on the LAN works');
      assert.ok(!csp.includes('unsafe-inline'));
    }
    assert.notEqual(nonceOf(String(one.headers['content-security-policy'])), nonceOf(String(two.headers['content-security-policy'])));
  });

  test('the API keeps its JSON answers: an unknown /api path is 404, a POST outside /api too', async () => {
    const api = await app.inject({ url: '/api/no-such-thing' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'not_found');
    const post = await app.inject({ method: 'POST', url: '/cases', payload: {} });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().code, 'not_found');
    const info = await app.inject({ url: '/api/info' });
    assert.equal(info.statusCode, 200);
    assert.ok(!String(info.headers['content-security-policy']).includes('upgrade-insecure-requests'));
  });

  test('assets are served with a long cache; a missing one is a 404, not the page', async () => {
    const js = await app.inject({ url: '/assets/index-abc.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /immutable/);
    assert.equal(js.body, 'console.log(1)');
    const gone = await app.inject({ url: '/assets/nothing.js' });
    assert.equal(gone.statusCode, 404);
    const outside = await app.inject({ url: '/assets/..%2f..%2fpackage.json' });
    assert.notEqual(outside.statusCode, 200, 'no path out of the build');
  });

  test('without a build: 503 naming how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jiangbu-console-none-'));
    const bare = await buildApp({ consoleDist: empty });
    try {
      const res = await bare.inject({ url: '/', headers: { 'accept-language': 'zh' } });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'console.not_built');
      assert.match(res.json().message, /npm start/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('consolePage adds the nonce to style-src of the given policy and nothing else', () => {
    const { html, csp } = consolePage(PAGE, "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self'", 'N0NCE');
    assert.equal(csp, "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'nonce-N0NCE'");
    assert.ok(html.includes('nonce="N0NCE"'));
  });
});
