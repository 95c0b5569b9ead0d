/**
 * Authorization in one place. Every route declares its access in `config.access`: public, or the
 * roles that may use it (and whether it is allowed before a one-time password is changed); the app
 * refuses to start when a route declares none. For every request: the session from its cookie, then
 * 401 without one, 403 until a one-time or expired password is changed, 403 for another role, 403
 * without the CSRF header on a state-changing request. Data scopes are applied by the service layer in
 * every query (an object outside the caller's scope is 404 there). Every denial is audited.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { type Actor, publicActor, type Role } from '../service/actor.ts';
import { csrfMatches, resolveSession, type SessionInfo } from '../service/auth/sessions.ts';
import type { AuthSettings } from '../service/auth/settings.ts';
import { record } from '../service/command.ts';

export type Access =
  /** anyone, signed in or not (the calculator, parameters, 公示, objections, login) */
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
      /** usable while a one-time or expired password waits to be changed (me, password, logout) */
      beforePasswordChange?: true;
      /** which data scope the route's objects fall in, for the access matrix (documentation and tests) */
      scope?: 'community' | 'company' | 'committee' | 'owned' | 'none';
    };

/** Anyone, signed in or not. */
export const PUBLIC: Access = { public: true };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** the signed-in session, or null */
    session: SessionInfo | null;
    /** who acts: the session's user, or the public */
    actor: Actor;
    /** the request's clock reading (injected in tests) */
    now: Date;
  }
  interface FastifyInstance {
    /** every route with its declared access: what the access-matrix test walks */
    accessTable: { method: string; url: string; access: Access }[];
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The documentation's own routes (the OpenAPI UI) are public. */
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

export interface AccessOptions {
  db: Db | undefined;
  auth: AuthSettings;
  now: () => Date;
}

const deny = (code: string, zh: string, en: string, status: number) => new UserError(code, { zh, en }, { status });

export function installAccess(app: FastifyInstance, o: AccessOptions): void {
  app.decorate('accessTable', []);
  app.decorateRequest('session', null);
  app.decorateRequest('actor', undefined as unknown as Actor);
  app.decorateRequest('now', undefined as unknown as Date);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (isDocs(route.url) || methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.access): refusing to start`);
    for (const method of methods) if (method !== 'HEAD') app.accessTable.push({ method, url: route.url, access });
  });

  const denied = async (request: FastifyRequest, e: UserError): Promise<never> => {
    if (o.db)
      await record(
        { db: o.db, actor: request.actor, now: () => request.now },
        {
          action: 'access.denied',
          objectType: 'route',
          objectId: `${request.method} ${request.routeOptions.url}`,
          result: 'denied',
          detail: { code: e.code },
        },
      );
    throw e;
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.now = o.now();
    request.actor = publicActor(request.ip, request.id);
    const access = request.routeOptions.config?.access;
    const cookie = request.cookies?.[o.auth.cookie];
    if (cookie && o.db) {
      request.session = await resolveSession(o.db, cookie, request.now, o.auth, { ip: request.ip, requestId: request.id });
      if (request.session) request.actor = request.session.actor;
      else reply.clearCookie(o.auth.cookie, { path: '/' });
    }
    if (!access || 'public' in access) return;
    const s = request.session;
    if (!s) throw deny('auth.required', '请先登录', 'sign in first', 401);
    if ((s.mustChangePassword || s.passwordExpired) && !access.beforePasswordChange)
      return denied(
        request,
        deny(
          'auth.password_change_required',
          s.mustChangePassword ? '请先修改一次性密码' : '密码已超过有效期，请先修改密码',
          s.mustChangePassword ? 'change the one-time password first' : 'the password has expired: change it first',
          403,
        ),
      );
    if (access.roles !== 'any' && (s.actor.role === 'public' || !access.roles.includes(s.actor.role)))
      return denied(request, deny('auth.forbidden', '无权访问', 'not allowed for this role', 403));
    if (STATE_CHANGING.has(request.method) && !csrfMatches(s, request.headers['x-csrf-token'] as string | undefined))
      return denied(request, deny('auth.csrf', '缺少或错误的 x-csrf-token 请求头', 'missing or wrong x-csrf-token header', 403));
  });
}
