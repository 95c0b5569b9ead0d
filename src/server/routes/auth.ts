/**
 * Signing in and out: POST /api/auth/login (rate limited per IP), POST /api/auth/logout, GET /api/auth/me,
 * POST /api/auth/password. The session is an HttpOnly, SameSite=Strict cookie (Secure behind TLS); the
 * CSRF token comes back in the login answer and must accompany every state-changing request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { UserError } from '../../lib/errors.ts';
import { login, logout, type SessionInfo } from '../../service/auth/sessions.ts';
import type { AuthSettings } from '../../service/auth/settings.ts';
import { changePassword } from '../../service/auth/users.ts';
import { PUBLIC } from '../access.ts';
import { noQuery } from '../query.ts';

const SIGNED_IN = { roles: 'any', beforePasswordChange: true, scope: 'none' } as const;

/** What the client learns of its session: who, which role and organisation, what it must do first. */
export const presentSession = (s: SessionInfo) => ({
  user: {
    username: s.user.username,
    displayName: s.user.displayName,
    role: s.user.role,
    scope: s.user.scope.community?.code ?? s.user.scope.company?.code ?? s.user.scope.committee?.code ?? null,
    organisation: s.user.scope.community?.name ?? s.user.scope.company?.name ?? s.user.scope.committee?.name ?? null,
  },
  mustChangePassword: s.mustChangePassword || s.passwordExpired,
  csrfToken: s.csrfToken,
});

/** Too many logins from one address (per IP, `loginPerMinute`): 429 in the one error shape. */
const loginRateLimited = (_: unknown, c: { ttl: number }) => {
  const seconds = Math.max(1, Math.ceil(c.ttl / 1000));
  return new UserError(
    'auth.rate_limited',
    { zh: `登录尝试过于频繁，请 ${seconds} 秒后再试`, en: `too many login attempts: try again in ${seconds} s` },
    { status: 429 },
  );
};

const requireDb = (database: Database | undefined) => {
  if (!database)
    throw new UserError('no_registry', { zh: '本服务器未连接登记库', en: 'this server runs without a registry' }, { status: 503 });
  return database.db;
};

export function authRoutes(app: FastifyInstance, database: Database | undefined, auth: AuthSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
    maxAge: auth.absoluteHours * 3600,
  });

  r.post(
    '/api/auth/login',
    {
      config: { access: PUBLIC, rateLimit: { max: auth.loginPerMinute, timeWindow: 60_000, errorResponseBuilder: loginRateLimited } },
      schema: {
        summary: 'Sign in: the session cookie, the user, and the CSRF token for state-changing requests',
        querystring: noQuery,
        body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      },
    },
    async (request, reply) => {
      const { token, session } = await login(
        requireDb(database),
        {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
          requestId: request.id,
          previousToken: request.cookies[auth.cookie],
        },
        request.now,
        auth,
      );
      reply.setCookie(auth.cookie, token, cookie(request));
      return presentSession(session);
    },
  );

  r.post(
    '/api/auth/logout',
    { config: { access: SIGNED_IN }, schema: { summary: 'Sign out', querystring: noQuery } },
    async (request, reply) => {
      await logout(requireDb(database), request.session as SessionInfo, request.cookies[auth.cookie] as string, request.now);
      reply.clearCookie(auth.cookie, { path: '/' });
      return { ok: true };
    },
  );

  r.get('/api/auth/me', { config: { access: SIGNED_IN }, schema: { summary: 'Who is signed in', querystring: noQuery } }, async (request) =>
    presentSession(request.session as SessionInfo),
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: 'Change one’s password (the current one, then the new one: ≥ 12 characters of 3 kinds, none of the last 5)',
        querystring: noQuery,
        body: z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }),
      },
    },
    async (request) => {
      const session = request.session as SessionInfo;
      await changePassword(
        { db: requireDb(database), actor: request.actor, now: () => request.now },
        session,
        request.body.current,
        request.body.next,
        auth,
      );
      return { ok: true, mustChangePassword: false };
    },
  );
}
