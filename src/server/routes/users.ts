/**
 * Account administration over HTTP (admin only), through the same service as `jiangbu user …`
 * (src/service/auth/users.ts): the list, a new account, lock and unlock, a password reset. A new or reset
 * account's one-time password is in this answer alone — never stored in clear, never shown again — and
 * must be changed at the next sign-in. The service writes each change's audit event.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { ROLES } from '../../service/actor.ts';
import type { AuthSettings } from '../../service/auth/settings.ts';
import { createUser, resetPassword, setLocked, userPage } from '../../service/auth/users.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';

const ADMIN: Access = { roles: ['admin'], scope: 'none' };
/** A username as the service allows it; the path's own bound. */
const username = z.strictObject({ username: z.string().min(1).max(64) });
const role = z.enum(ROLES);

export function userRoutes(app: FastifyInstance, database: Database | undefined, auth: AuthSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/users',
    {
      config: { access: ADMIN },
      schema: {
        summary: 'Accounts by username: {items, total}; each with role, scope (the organisation’s code), locked, mustChangePassword',
        querystring: query({
          role: role.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
        }),
      },
    },
    async (request) => {
      const { role: wanted, limit, offset } = request.query;
      return userPage(ctx(request), { role: wanted }, { limit, offset });
    },
  );

  r.post(
    '/api/users',
    {
      config: { access: ADMIN },
      schema: {
        summary: 'A new account with a one-time password, answered this once (201 {username, role, scope, password})',
        description:
          'community, company and committee accounts are bound by `scope` to a community’s code, a company’s USCC or a ' +
          'committee’s code (an unknown one: 404 `user.scope`, `field: "scope"`); the other roles take none. A username in ' +
          'use (whatever its case) is 409 `user.exists`.',
        querystring: noQuery,
        body: z.strictObject({
          username: z.string().min(1).max(64).describe('3–64 letters, digits or _ . @ -'),
          role,
          scope: z.string().min(1).max(64).optional().describe('community code, company USCC or committee code'),
          displayName: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { password } = await createUser(
        ctx(request),
        { username: b.username, role: b.role, scope: b.scope, displayName: b.displayName, scopeLabel: 'scope' },
        auth,
      );
      return reply.code(201).send({ username: b.username, role: b.role, scope: b.scope ?? null, password, mustChangePassword: true });
    },
  );

  for (const [action, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const)
    r.post(
      `/api/users/:username/${action}`,
      {
        config: { access: ADMIN },
        schema: {
          summary: locked ? 'Lock an account until unlocked: its sessions end' : 'Unlock an account (and clear its failed sign-ins)',
          params: username,
          querystring: noQuery,
        },
      },
      async (request) => {
        await setLocked(ctx(request), request.params.username, locked);
        return { username: request.params.username, locked };
      },
    );

  r.post(
    '/api/users/:username/reset-password',
    {
      config: { access: ADMIN },
      schema: {
        summary: 'A new one-time password, answered this once; it must be changed at the next sign-in; the sessions end',
        params: username,
        querystring: noQuery,
      },
    },
    async (request) => {
      const { password } = await resetPassword(ctx(request), request.params.username, auth);
      return { username: request.params.username, password, mustChangePassword: true };
    },
  );
}
