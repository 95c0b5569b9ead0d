/**
 * The HTTP server. Step 1 serves the rules engine; later steps grow the same app.
 * A route is a pipeline: validate → authorize (access.ts: the route's declared access, the session) →
 * command (the service layer, which applies data scopes) → presenter; every refusal is answered by
 * errors.ts in one shape.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { loadPolicy } from '../policy/load.ts';
import { MAX_ATTACHMENT_BYTES } from '../registry/attachments.ts';
import { type AuthSettings, DEFAULT_AUTH } from '../service/auth/settings.ts';
import { CalcPool } from '../service/calc-pool.ts';
import { installAccess } from './access.ts';
import { consoleRoutes } from './console.ts';
import { installErrorAnswers, type NotFoundFallback } from './errors.ts';
import { authRoutes } from './routes/auth.ts';
import { bulletinRoutes } from './routes/bulletin.ts';
import { calcRoutes } from './routes/calc.ts';
import { caseRoutes } from './routes/cases.ts';
import { committeeRoutes } from './routes/committees.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { infoRoutes } from './routes/info.ts';
import { moneyRoutes } from './routes/money.ts';
import { noticeRoutes } from './routes/notices.ts';
import { registryRoutes } from './routes/registry.ts';
import { reportRoutes } from './routes/reports.ts';
import { resourceRoutes } from './routes/resources.ts';
import { sheetRoutes } from './routes/sheets.ts';
import { spendingRoutes } from './routes/spending.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { userRoutes } from './routes/users.ts';
import { whatIfRoutes } from './routes/whatif.ts';
import { defaultSettings, type ServerSettings } from './settings.ts';
import { installJsonParser, validatorCompiler } from './validation.ts';

export interface AppOptions {
  /** fastify's logger: false (default), true, or its options (tests pass a stream) */
  logger?: FastifyServerOptions['logger'];
  /** the registry; without it the registry routes answer 503 */
  database?: Database;
  /** limits; each defaults to `defaultSettings` */
  settings?: Partial<ServerSettings>;
  /** account rules (password, lockout, session timeouts); each defaults to DEFAULT_AUTH */
  auth?: Partial<AuthSettings>;
  /** the built console to serve (default web/dist) */
  consoleDist?: string;
  /** the clock (tests inject one) */
  now?: () => Date;
  /**
   * whether to believe X-Forwarded-For/-Proto (fastify's `trustProxy`: true, hops, or addresses) — only
   * behind a reverse proxy that sets them; it decides the client address (login rate limit) and https
   * (the Secure cookie). Default false.
   */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * the address residents reach the server at (JIANGBU_PUBLIC_URL, e.g. https://jiangbu.example.gov.cn):
   * what the survey sheets' QR codes point to; default: the address the request came to
   */
  publicUrl?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** where calculations run (its counts show which ran in a worker) */
    calcPool: CalcPool;
  }
}

/** A rate-limited route's refusal, in the one error shape (a route may name its own code). */
const rateLimited = (_: unknown, c: { ttl: number }) => {
  const seconds = Math.max(1, Math.ceil(c.ttl / 1000));
  return new UserError(
    'rate_limited',
    { zh: `请求过于频繁，请 ${seconds} 秒后再试`, en: `too many requests: try again in ${seconds} s` },
    { status: 429 },
  );
};

/** The Content-Security-Policy of every answer (helmet's directive names). */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  // helmet adds upgrade-insecure-requests by default: a browser would then fetch the console's scripts
  // over https from a server that speaks plain http on the LAN (http://192.168.x.x:3000), and the page
  // stays blank. TLS, where wanted, is a reverse proxy's job (trustProxy); over http nothing is upgraded.
  upgradeInsecureRequests: null,
} as const;

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const settings: ServerSettings = { ...defaultSettings, ...opts.settings };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: settings.bodyLimit,
    genReqId: () => randomUUID(),
    trustProxy: opts.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installJsonParser(app, settings.poolThreshold);
  const spa: { fallback?: NotFoundFallback } = {};
  installErrorAnswers(app, spa);
  const auth: AuthSettings = { ...DEFAULT_AUTH, ...opts.auth };
  await app.register(cookie);
  await app.register(helmet, {
    // a strict policy: no inline scripts or styles, nothing from elsewhere; the API documentation's own
    // page sets its own (swagger-ui's staticCSP), the console's page adds a per-answer style nonce
    // (console.ts)
    contentSecurityPolicy: { directives: CSP },
  });
  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimited });
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 } });
  installAccess(app, { db: opts.database?.db, auth, now: opts.now ?? (() => new Date()) });
  const policy = loadPolicy();
  const pool = new CalcPool({ workers: settings.workers, queue: settings.poolQueue });
  app.decorate('calcPool', pool);
  // The worker threads would keep the process alive: they stop with the app.
  app.addHook('onClose', () => pool.close());

  await app.register(swagger, {
    openapi: {
      info: { title: 'jiangbu 奖补 API', version: '0.1.0', description: `${policy.title.zh} — ${policy.title.en}` },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  authRoutes(app, opts.database, auth);
  infoRoutes(app, policy, opts.database);
  calcRoutes(app, pool, settings);
  registryRoutes(app, pool, settings, opts.database);
  caseRoutes(app, opts.database);
  committeeRoutes(app, opts.database);
  moneyRoutes(app, opts.database, auth);
  noticeRoutes(app, opts.database, 20);
  spendingRoutes(app, opts.database, 60);
  resourceRoutes(app, opts.database);
  reportRoutes(app, opts.database);
  sheetRoutes(app, opts.database);
  whatIfRoutes(app, pool, settings, opts.database);
  userRoutes(app, opts.database, auth);
  bulletinRoutes(app, opts.database, 60);
  surveyRoutes(app, opts.database, { publicUrl: opts.publicUrl, publicPerMinute: 60 });
  complaintRoutes(app, opts.database, { lodgePerHour: 20, lookupPerMinute: 60 });
  spa.fallback = await consoleRoutes(app, opts.consoleDist ? { dist: opts.consoleDist } : {});
  return app;
}
