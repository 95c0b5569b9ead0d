/**
 * The web console (web/, built by Vite into web/dist): its hashed files under /assets, and index.html
 * for `/` and every other GET outside /api (the console routes in the browser). A path under /api that
 * matches no route stays a JSON 404 (errors.ts).
 *
 * CSP: the app's policy is strict (script-src 'self', style-src 'self'). The console's scripts are files
 * from /assets, so scripts stay 'self' only. Ant Design 5 writes its styles at run time into <style>
 * tags (CSS-in-JS); rather than extract them at build (a second build pipeline that must list every
 * component and still misses styles made on the fly), each answer of index.html carries a fresh nonce:
 * the server puts it in the page (Vite's `html.cspNonce` placeholder, a <meta property="csp-nonce">
 * the console reads and hands to antd's ConfigProvider `csp`) and allows exactly that nonce in this
 * answer's style-src. A nonce is unguessable and new per answer, so an injected <style> still fails.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '../lib/errors.ts';
import { PUBLIC } from './access.ts';
import { noQuery } from './query.ts';

/** Where `npm start` (src/server/console-build.ts) puts the built console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** What web/vite.config.ts writes where the nonce goes (`html.cspNonce`); the server replaces every one. */
export const NONCE_PLACEHOLDER = 'JIANGBU_CSP_NONCE';

/**
 * The page with its nonce in, and the policy that allows that nonce's styles: the app's own policy (as
 * helmet wrote it for this answer) with the nonce added to style-src — nothing else loosened.
 */
export function consolePage(html: string, policy: string, nonce: string): { html: string; csp: string } {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const i = directives.findIndex((d) => d === 'style-src' || d.startsWith('style-src '));
  const style = `${i >= 0 ? directives[i] : "style-src 'self'"} 'nonce-${nonce}'`;
  if (i >= 0) directives[i] = style;
  else directives.push(style);
  return { html: html.replaceAll(NONCE_PLACEHOLDER, nonce), csp: directives.join(';') };
}

const notBuilt = () =>
  new UserError(
    'console.not_built',
    {
      zh: '控制台尚未构建：请用 npm start 启动（它会先构建控制台），或运行 npm run build:web',
      en: 'the console is not built: start with npm start (it builds the console first) or run npm run build:web',
    },
    { status: 503 },
  );

export interface ConsoleOptions {
  /** the built console (default web/dist) */
  dist?: string;
}

/**
 * Serves the console; returns the SPA fallback for the app's not-found handler: index.html for a GET
 * (or HEAD) outside /api, null otherwise.
 */
export async function consoleRoutes(
  app: FastifyInstance,
  o: ConsoleOptions = {},
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply | null> {
  const dist = o.dist ?? CONSOLE_DIST;
  // the plugin's reply.sendFile only (safe paths, ranges, ETags); the routes are declared here with their access
  await app.register(fastifyStatic, { root: dist, serve: false });
  let cached: { mtimeMs: number; html: string } | null = null;
  const indexHtml = (): string => {
    const file = `${dist}/index.html`;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      throw notBuilt();
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, 'utf8') };
    return cached.html;
  };
  const page = (_request: FastifyRequest, reply: FastifyReply) => {
    const policy = String(reply.getHeader('content-security-policy') ?? "default-src 'self';script-src 'self';style-src 'self'");
    const { html, csp } = consolePage(indexHtml(), policy, randomBytes(18).toString('base64'));
    return reply.header('content-security-policy', csp).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  };

  app.get('/', { config: { access: PUBLIC }, schema: { hide: true, querystring: noQuery } }, page);
  app.get(
    '/assets/*',
    { config: { access: PUBLIC }, schema: { hide: true } },
    (request: FastifyRequest<{ Params: { '*': string } }>, reply) =>
      // file names carry their content hash: a browser keeps them for good
      reply.sendFile(`assets/${request.params['*']}`, { immutable: true, maxAge: '365d' }),
  );

  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return null;
    return page(request, reply);
  };
}
