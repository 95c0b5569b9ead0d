/**
 * Signing in over HTTP, on every driver, with the app's clock injected: the login answer and its
 * cookie, the same refusal for a wrong password and an unknown user, the lockout, the session's idle
 * and absolute ends, logout, one-time and expired passwords, the password rules, CSRF, the security
 * headers, the login rate limit and the Secure cookie behind a TLS proxy.
 */
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { Role } from '../service/actor.ts';
import type { AuthSettings } from '../service/auth/settings.ts';
import { createUser } from '../service/auth/users.ts';
import { testActor } from '../service/testing.ts';
import { buildApp } from './app.ts';

const PASSWORD = 'Correct-Horse-42';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** An app on `db` whose clock the test moves; accounts made at the same clock. */
async function setup(db: Db, opts: { auth?: Partial<AuthSettings>; trustProxy?: boolean } = {}) {
  let clock = new Date('2026-03-02T01:00:00Z');
  const app = await buildApp({
    database: { db } as never,
    now: () => clock,
    auth: { loginPerMinute: 1000, ...opts.auth },
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
  });
  return {
    app,
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
    account: async (username: string, role: Role = 'bureau', o: { mustChangePassword?: boolean; password?: string } = {}) => {
      await createUser(
        { db, actor: testActor(), now: () => clock },
        { username, role, password: o.password ?? PASSWORD, mustChangePassword: o.mustChangePassword ?? false },
      );
    },
  };
}

const login = (app: FastifyInstance, username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

/** The cookie and CSRF headers of a successful login. */
function signed(res: LightMyRequestResponse): Record<string, string> {
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((c) => c.name === 'jb_session');
  assert.ok(cookie);
  return { cookie: `jb_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}

const me = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ url: '/api/auth/me', headers });
const cases = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ url: '/api/cases', headers });

describeDb('signing in over HTTP', (ctx, it) => {
  it('a login answers the user, whether a password change is due and the CSRF token, with a strict HttpOnly cookie', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('ann');
      const res = await login(app, 'ANN');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(
        { ...body, csrfToken: typeof body.csrfToken },
        {
          user: { username: 'ann', displayName: null, role: 'bureau', scope: null, organisation: null },
          mustChangePassword: false,
          csrfToken: 'string',
        },
      );
      assert.match(body.csrfToken, /^[\w-]{43}$/);
      const cookie = res.cookies.find((c) => c.name === 'jb_session');
      assert.deepEqual([cookie?.httpOnly, cookie?.sameSite, cookie?.secure, cookie?.path], [true, 'Strict', undefined, '/']);
      const who = await me(app, signed(res));
      assert.equal(who.json().user.username, 'ann');
    } finally {
      await app.close();
    }
  });

  it('a wrong password and an unknown user get the same answer, both audited', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('ben');
      const wrong = await login(app, 'ben', 'Wrong-Horse-42');
      const unknown = await login(app, 'nobody-here', 'Wrong-Horse-42');
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual([unknown.statusCode, unknown.json()], [wrong.statusCode, wrong.json()]);
      assert.deepEqual(wrong.json(), { code: 'auth.failed', message: '用户名或密码错误' });
      assert.equal(wrong.cookies.length, 0);
      const events = await ctx.database.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.action, 'auth.login'), eq(t.auditEvents.result, 'failed')));
      assert.deepEqual(
        events.map((e) => [e.username, (e.detail as { reason: string }).reason]),
        [
          ['ben', 'wrong password'],
          ['nobody-here', 'unknown user'],
        ],
      );
    } finally {
      await app.close();
    }
  });

  it('five failed logins lock the account for 30 minutes (423), whatever the password; then it opens again', async () => {
    const { app, account, advance } = await setup(ctx.database.db);
    try {
      await account('cat');
      for (let i = 0; i < 5; i++) assert.equal((await login(app, 'cat', 'Wrong-Horse-42')).statusCode, 401);
      const locked = await login(app, 'cat');
      assert.equal(locked.statusCode, 423);
      assert.equal(locked.json().code, 'auth.locked');
      assert.match(locked.json().message, /密码输错次数过多（登录或审批时），账户已锁定至 2026-03-02 09:30（北京时间）/);
      const en = await login(app, 'cat', PASSWORD, { 'accept-language': 'en' });
      assert.match(en.json().message, /too many wrong passwords \(at login or approval\): the account is locked until/);
      advance(29 * MINUTE);
      assert.equal((await login(app, 'cat')).statusCode, 423);
      advance(2 * MINUTE);
      signed(await login(app, 'cat'));
      // a success starts the count afresh: four failures do not lock
      for (let i = 0; i < 4; i++) assert.equal((await login(app, 'cat', 'Wrong-Horse-42')).statusCode, 401);
      signed(await login(app, 'cat'));
    } finally {
      await app.close();
    }
  });

  it('a session ends after 30 idle minutes and 12 hours after login, however busy (401 auth.required)', async () => {
    const { app, account, advance } = await setup(ctx.database.db);
    try {
      await account('dan');
      const idle = signed(await login(app, 'dan'));
      advance(29 * MINUTE);
      assert.equal((await me(app, idle)).statusCode, 200);
      advance(29 * MINUTE); // 58 minutes after login, 29 after the last use
      assert.equal((await me(app, idle)).statusCode, 200);
      advance(31 * MINUTE);
      const ended = await me(app, idle);
      assert.deepEqual([ended.statusCode, ended.json().code], [401, 'auth.required']);
      assert.equal((await me(app, idle)).statusCode, 401, 'an ended session stays ended');

      const busy = signed(await login(app, 'dan'));
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        advance(20 * MINUTE);
        assert.equal((await me(app, busy)).statusCode, 200, `${minutes} minutes`);
      }
      advance(20 * MINUTE);
      assert.equal((await me(app, busy)).statusCode, 401);
      const [row] = await ctx.database.db.select().from(t.sessions).where(eq(t.sessions.endReason, 'expired'));
      assert.ok(row);
    } finally {
      await app.close();
    }
  });

  it('every login is a new session id; a login replaces the session it came with; logout ends it', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('eve');
      const first = signed(await login(app, 'eve'));
      const second = signed(await login(app, 'eve'));
      assert.notEqual(first.cookie, second.cookie);
      assert.notEqual(first['x-csrf-token'], second['x-csrf-token']);
      assert.equal((await me(app, first)).statusCode, 200, 'another device keeps its session');
      const third = signed(await login(app, 'eve', PASSWORD, { cookie: first.cookie as string }));
      assert.equal((await me(app, first)).statusCode, 401, 'the session the login came with is replaced');

      const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: third });
      assert.deepEqual([out.statusCode, out.json()], [200, { ok: true }]);
      assert.equal(out.cookies.find((c) => c.name === 'jb_session')?.value, '');
      assert.equal((await me(app, third)).statusCode, 401);
      assert.equal((await me(app, second)).statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('a one-time password: every route but me, password and logout answers 403 until it is changed', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('fay', 'bureau', { mustChangePassword: true });
      const res = await login(app, 'fay');
      assert.equal(res.json().mustChangePassword, true);
      const h = signed(res);
      const elsewhere = signed(await login(app, 'fay')); // another device, before the change
      const blocked = await cases(app, h);
      assert.deepEqual(blocked.json(), { code: 'auth.password_change_required', message: '请先修改一次性密码' });
      assert.equal(blocked.statusCode, 403);
      assert.equal((await me(app, h)).json().mustChangePassword, true);
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: h,
        payload: { current: PASSWORD, next: 'A-Better-Secret-7' },
      });
      assert.deepEqual([changed.statusCode, changed.json()], [200, { ok: true, mustChangePassword: false }]);
      assert.equal((await cases(app, h)).statusCode, 200);
      assert.equal((await me(app, h)).json().mustChangePassword, false);
      assert.equal((await me(app, elsewhere)).statusCode, 401, 'other sessions end with the old password');
      assert.equal((await login(app, 'fay')).statusCode, 401, 'the old password is gone');
      signed(await login(app, 'fay', 'A-Better-Secret-7'));
    } finally {
      await app.close();
    }
  });

  it('a password change names the rule it breaks (zh-CN, English); the last five passwords may not return', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('gus');
      const h = signed(await login(app, 'gus'));
      let current = PASSWORD;
      const change = (next: string, lang = 'zh') =>
        app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: { ...h, 'accept-language': lang },
          payload: { current, next },
        });
      const refusals: [string, string, object][] = [
        ['Sh0rt-Pass', 'zh', { code: 'password.weak', rule: 'length', message: '密码太短：至少 12 个字符（现为 10 个）' }],
        [
          'onlylowercaseletters',
          'en',
          {
            code: 'password.weak',
            rule: 'classes',
            message:
              'the password needs characters of at least 3 of the four kinds: lower case, upper case, digits, other symbols (it has 1)',
          },
        ],
        ['My-Name-Is-GUS-1', 'en', { code: 'password.weak', rule: 'username', message: 'the password must not contain the username' }],
        [PASSWORD, 'zh', { code: 'password.reused', rule: 'history', message: '不能使用最近 5 次用过的密码（含当前密码）' }],
      ];
      for (const [next, lang, body] of refusals) {
        const res = await change(next, lang);
        assert.deepEqual([res.statusCode, res.json()], [400, body], next);
      }
      const wrongCurrent = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: h,
        payload: { current: 'Not-My-Password-1', next: 'Fine-Password-99' },
      });
      assert.deepEqual([wrongCurrent.statusCode, wrongCurrent.json().code], [400, 'password.current']);

      // five passwords later the first may return, not before
      const used = ['Second-Pass-0002', 'Third-Pass-00003', 'Fourth-Pass-0004', 'Fifth-Pass-00005'];
      for (const next of used) {
        assert.equal((await change(next)).statusCode, 200);
        current = next;
      }
      for (const old of [PASSWORD, ...used]) assert.equal((await change(old)).json().code, 'password.reused', old);
      assert.equal((await change('Sixth-Pass-00006')).statusCode, 200);
      current = 'Sixth-Pass-00006';
      assert.equal((await change(PASSWORD)).statusCode, 200, 'six passwords ago: allowed again');
    } finally {
      await app.close();
    }
  });

  it('a password older than 90 days must be changed first (403), and the change clears it', async () => {
    const { app, account, advance } = await setup(ctx.database.db);
    try {
      await account('hal');
      advance(90 * DAY);
      assert.equal((await login(app, 'hal')).json().mustChangePassword, false, 'exactly 90 days: still valid');
      advance(1 * DAY);
      const res = await login(app, 'hal');
      assert.equal(res.json().mustChangePassword, true);
      const h = signed(res);
      const blocked = await cases(app, { ...h, 'accept-language': 'en' });
      assert.deepEqual(
        [blocked.statusCode, blocked.json()],
        [403, { code: 'auth.password_change_required', message: 'the password has expired: change it first' }],
      );
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: h,
        payload: { current: PASSWORD, next: 'Ninety-Days-On-1' },
      });
      assert.equal(changed.statusCode, 200);
      assert.equal((await cases(app, h)).statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('a state-changing request without the CSRF token, or with another, is refused (403) and audited', async () => {
    const { app, account } = await setup(ctx.database.db);
    try {
      await account('ivy');
      const h = signed(await login(app, 'ivy'));
      const { 'x-csrf-token': token, ...cookieOnly } = h;
      const missing = await app.inject({ method: 'POST', url: '/api/notices/1/close', headers: cookieOnly });
      assert.deepEqual([missing.statusCode, missing.json()], [403, { code: 'auth.csrf', message: '缺少或错误的 x-csrf-token 请求头' }]);
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...cookieOnly, 'x-csrf-token': `${token?.slice(1)}x` },
      });
      assert.deepEqual([wrong.statusCode, wrong.json().code], [403, 'auth.csrf']);
      assert.equal((await me(app, h)).statusCode, 200, 'the refused logout ended nothing');
      const denied = await ctx.database.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.action, 'access.denied'), eq(t.auditEvents.username, 'ivy')));
      assert.deepEqual(
        denied.map((e) => [e.objectId, e.result, (e.detail as { code: string }).code]),
        [
          ['POST /api/notices/:id/close', 'denied', 'auth.csrf'],
          ['POST /api/auth/logout', 'denied', 'auth.csrf'],
        ],
      );
    } finally {
      await app.close();
    }
  });

  it('without a session every non-public route is 401 auth.required; public ones answer', async () => {
    const { app } = await setup(ctx.database.db);
    try {
      for (const { method, url, access } of app.accessTable) {
        if ('public' in access) continue;
        const res = await app.inject({ method: method as 'GET', url: url.replace(/:\w+/g, '1') });
        assert.deepEqual([res.statusCode, res.json().code], [401, 'auth.required'], `${method} ${url}`);
      }
      const stale = await app.inject({ url: '/api/auth/me', headers: { cookie: 'jb_session=not-a-session' } });
      assert.equal(stale.statusCode, 401);
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('security headers and a strict CSP on every answer: 200, 400, 401, 403, 404, 429', async () => {
    const { app, account } = await setup(ctx.database.db, { auth: { loginPerMinute: 2 } });
    try {
      await account('jon');
      const h = signed(await login(app, 'jon'));
      await login(app, 'jon', 'x'); // the second login of the minute: the third is refused
      const answers = {
        200: await app.inject({ url: '/healthz' }),
        401: await app.inject({ url: '/api/auth/me' }),
        403: await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: h.cookie as string } }),
        400: await app.inject({ method: 'POST', url: '/api/calc', payload: '{', headers: { 'content-type': 'application/json' } }),
        404: await app.inject({ url: '/api/no/such/route' }),
        429: await login(app, 'jon', 'x'),
      };
      for (const [status, res] of Object.entries(answers)) {
        assert.equal(res.statusCode, Number(status), res.body);
        const csp = res.headers['content-security-policy'] as string;
        assert.match(csp, /default-src 'self'/, status);
        assert.match(csp, /script-src 'self'(;|$)/, status);
        assert.match(csp, /object-src 'none'/, status);
        assert.match(csp, /frame-ancestors 'none'/, status);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, status);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', status);
        assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', status);
        assert.match(res.headers['strict-transport-security'] as string, /max-age=\d+/, status);
        assert.equal(res.headers['referrer-policy'], 'no-referrer', status);
        assert.equal(res.headers['x-powered-by'], undefined, status);
      }
    } finally {
      await app.close();
    }
  });

  it('logins are rate limited per address: 429 in the one error shape, other addresses unaffected', async () => {
    const { app, account } = await setup(ctx.database.db, { auth: { loginPerMinute: 3 } });
    try {
      await account('kim');
      for (let i = 0; i < 3; i++) assert.notEqual((await login(app, 'kim', 'Wrong-1')).statusCode, 429);
      const limited = await login(app, 'kim');
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(Object.keys(limited.json()), ['code', 'message']);
      assert.equal(limited.json().code, 'auth.rate_limited');
      assert.match(limited.json().message, /^登录尝试过于频繁，请 \d+ 秒后再试$/);
      assert.match(limited.headers['retry-after'] as string, /^\d+$/);
      const elsewhere = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'kim', password: PASSWORD },
        remoteAddress: '10.0.0.9',
      });
      assert.equal(elsewhere.statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('the cookie is Secure behind a TLS proxy when trustProxy is set, and only then', async () => {
    const trusting = await setup(ctx.database.db, { trustProxy: true });
    const plain = await setup(ctx.database.db);
    try {
      await trusting.account('lea');
      const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
      const secure = await login(trusting.app, 'lea', PASSWORD, viaProxy);
      assert.equal(secure.cookies.find((c) => c.name === 'jb_session')?.secure, true);
      const [session] = await ctx.database.db
        .select()
        .from(t.sessions)
        .innerJoin(t.appUsers, eq(t.sessions.userId, t.appUsers.id))
        .where(eq(t.appUsers.username, 'lea'));
      assert.equal(session?.session.ip, '203.0.113.7', 'the client address is the proxy’s X-Forwarded-For');
      const spoofed = await login(plain.app, 'lea', PASSWORD, viaProxy);
      assert.equal(spoofed.cookies.find((c) => c.name === 'jb_session')?.secure, undefined, 'no proxy trusted: the header is ignored');
    } finally {
      await trusting.app.close();
      await plain.app.close();
    }
  });
});
