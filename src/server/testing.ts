/** For tests: an account of a role, signed in to an app — the headers its requests carry. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Role } from '../service/actor.ts';
import { createUser } from '../service/auth/users.ts';
import { as } from '../service/testing.ts';

export const TEST_PASSWORD = 'Correct-Horse-42';

export interface Signed {
  username: string;
  /** cookie and CSRF headers for every request */
  headers: Record<string, string>;
}

let n = 0;

/** Makes an account (password `TEST_PASSWORD`, no change required) and signs it in. */
export async function signIn(
  app: FastifyInstance,
  db: Db,
  role: Role,
  opts: { scope?: string; username?: string; mustChangePassword?: boolean } = {},
): Promise<Signed> {
  const username = opts.username ?? `${role}-${process.pid}-${++n}`;
  await createUser(as(db), {
    username,
    role,
    scope: opts.scope,
    password: TEST_PASSWORD,
    mustChangePassword: opts.mustChangePassword ?? false,
  });
  return login(app, username, TEST_PASSWORD);
}

/**
 * Signs in from an address of its own (198.18.x.y, a benchmarking range), so that tests signing in
 * many accounts on one app do not meet the per-address login rate limit.
 */
export async function login(app: FastifyInstance, username: string, password: string): Promise<Signed> {
  const k = ++n;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: `198.18.${(k >> 8) & 255}.${k & 255}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((c) => c.name === 'jb_session');
  assert.ok(cookie, 'a session cookie');
  return { username, headers: { cookie: `jb_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } };
}

/** A multipart body with one file in field `file`, as `curl -F file=@NAME` sends it. */
export function multipart(fileName: string, bytes: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----jiangbu-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
