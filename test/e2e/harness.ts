/**
 * The browser tests' harness: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * against the app on a free port with a fresh embedded demo city. Each test file calls `browserSuite`;
 * without /usr/bin/chromium its tests are SKIPPED, loudly — and fail under JIANGBU_REQUIRE_ALL=1. Every
 * page opened through `open` is watched for CSP violations and console errors (`clean` asserts none).
 * Screenshots go to test-artifacts/NAME/ (gitignored): look at them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/client.ts';
import { freshDatabase } from '../../src/db/testing.ts';
import { DEMO_PASSWORD } from '../../src/registry/demo-accounts.ts';
import { buildApp } from '../../src/server/app.ts';
import { ensureConsole } from '../../src/server/console-build.ts';
import { SYSTEM } from '../../src/service/actor.ts';
import { seedRegistry } from '../../src/service/seed.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Opened {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** a console error matching this is expected (e.g. the browser's own log of a 401 the test provokes) */
  allow: (re: RegExp) => void;
}

export interface BrowserHarness {
  /** the demo city's database (the server's) */
  readonly database: Database;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** moves the server's clock (e.g. past the session's idle timeout) */
  skew(ms: number): void;
  /** a fresh browser context (no cookies, no storage) watching for CSP violations and errors */
  open(viewport?: { width: number; height: number }): Promise<Opened>;
  /** no CSP violation on the page, no console error so far */
  clean(page: Page, problems: string[], where: string): Promise<void>;
  /** a full-page screenshot to test-artifacts/NAME/FILE.png */
  shot(page: Page, file: string): Promise<unknown>;
  signIn(page: Page, username: string, password?: string): Promise<void>;
}

/**
 * A suite of browser tests on one server and one browser: `name` names the suite and its screenshot
 * folder; `body` declares the tests (node:test `test`) using the harness, ready inside each test.
 */
export function browserSuite(name: string, body: (h: BrowserHarness) => void): void {
  const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing: the browser tests (${name}) are SKIPPED`;
  if (missing) {
    const required = process.env.JIANGBU_REQUIRE_ALL === '1';
    console.warn(`\n!!! ${name} (browser): ${missing}${required ? ' — and JIANGBU_REQUIRE_ALL=1 makes it a failure' : ''}\n`);
    describe(`${name} in Chromium`, () => {
      if (required)
        test('Chromium is installed', () => {
          throw new Error(`${missing} (JIANGBU_REQUIRE_ALL=1)`);
        });
      else test(`${name} in Chromium`, { skip: missing }, () => {});
    });
    return;
  }
  const artifacts = fileURLToPath(new URL(`../../test-artifacts/${name}/`, import.meta.url));
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let base = '';
  let skew = 0;
  const h: BrowserHarness = {
    get database() {
      return (fresh as NonNullable<typeof fresh>).database;
    },
    get base() {
      return base;
    },
    skew(ms) {
      skew += ms;
    },
    async open(viewport = { width: 1366, height: 860 }) {
      const context = await (browser as Browser).newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const w = window as unknown as { __csp?: string[] };
          w.__csp ??= [];
          w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      page.on('console', (m) => {
        if (m.type() === 'error' && !allowed.some((re) => re.test(m.text()))) problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      return { context, page, problems, allow: (re) => allowed.push(re) };
    },
    async clean(page, problems, where) {
      const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
      assert.deepEqual(csp, [], `${where}: CSP violations`);
      assert.deepEqual(problems, [], `${where}: console errors`);
    },
    shot: (page, file) => page.screenshot({ path: `${artifacts}${file}.png`, fullPage: true, animations: 'disabled' }),
    async signIn(page, username, password = DEMO_PASSWORD) {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: /登\s*录/ }).click();
    },
  };
  describe(`${name} in Chromium`, () => {
    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      await ensureConsole({ quiet: true });
      fresh = await freshDatabase('pglite');
      await seedRegistry({ db: fresh.database.db, actor: SYSTEM }, { kind: 'demo' });
      app = await buildApp({
        database: fresh.database,
        now: () => new Date(Date.now() + skew),
        // every role signs in from 127.0.0.1 within the minute
        auth: { loginPerMinute: 1000 },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });
    after(async () => {
      await browser?.close();
      await app?.close();
      await fresh?.dispose();
    });
    body(h);
  });
}
