/**
 * Account administration over HTTP on both databases: the administrator lists, creates (with the one-time
 * password answered once), locks, unlocks and resets; each refusal names its field; nobody else may.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { seedTwoCities, TODAY } from '../service/read/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

describeDb('account administration over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  let admin: Signed;
  let bureau: Signed;
  after(() => (app as FastifyInstance | undefined)?.close());
  const post = (w: Signed, url: string, payload: object = {}) => app.inject({ method: 'POST', url, headers: w.headers, payload });
  const get = (w: Signed, url: string) => app.inject({ method: 'GET', url, headers: w.headers });
  const signInWith = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: '198.51.100.7' });

  it('setup: two communities, an administrator and a bureau account', async () => {
    await seedTwoCities(ctx.database.db);
    app = await buildApp({ database: ctx.database, now: () => TODAY, auth: { loginPerMinute: 1000 } });
    admin = await signIn(app, ctx.database.db, 'admin', { username: 'root-admin' });
    bureau = await signIn(app, ctx.database.db, 'bureau', { username: 'clerk-bureau' });
  });

  it('a community account: the one-time password once, a sign-in that must change it first', async () => {
    const made = await post(admin, '/api/users', { username: 'c1-clerk', role: 'community', scope: 'C1' });
    assert.equal(made.statusCode, 201, made.body);
    const { password, ...rest } = made.json();
    assert.deepEqual(rest, { username: 'c1-clerk', role: 'community', scope: 'C1', mustChangePassword: true });
    assert.ok(password.length >= 12);
    const login = await signInWith('c1-clerk', password);
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().mustChangePassword, true);
    assert.equal(login.json().user.scope, 'C1');
    // the list shows it, never a password
    const list = await get(admin, '/api/users?role=community');
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json();
    assert.ok(body.items.every((u: { role: string }) => u.role === 'community'));
    const clerk = body.items.find((u: { username: string }) => u.username === 'c1-clerk');
    assert.deepEqual([clerk.scope, clerk.mustChangePassword, clerk.locked], ['C1', true, false]);
    assert.doesNotMatch(list.body, /"password"|hash/i);
    assert.equal(body.total, body.items.length);
    const page = (await get(admin, '/api/users?limit=1&offset=1')).json();
    assert.equal(page.items.length, 1);
    assert.ok(page.total >= 3);
    // audited by the service, with who did it
    const trail = (await get(admin, '/api/audit?action=user.create&objectId=c1-clerk')).json();
    assert.deepEqual([trail.total, trail.items[0].username], [1, 'root-admin']);
  });

  it('refusals name the field: a bad role, an unknown scope code, a scope the role does not take, a taken username', async () => {
    const role = await post(admin, '/api/users', { username: 'mayor-1', role: 'mayor' });
    assert.equal(role.statusCode, 400, role.body);
    assert.deepEqual(
      role.json().problems.map((p: { path: string }) => p.path),
      ['$.role'],
    );
    for (const [r, code, what] of [
      ['community', 'NOPE', '社区'],
      ['company', '91150000NOPE', '企业'],
      ['committee', 'W999', '业委会'],
    ] as const) {
      const res = await post(admin, '/api/users', { username: `bad-${r}`, role: r, scope: code });
      assert.equal(res.statusCode, 404, res.body);
      const b = res.json();
      assert.deepEqual([b.code, b.field], ['user.scope', 'scope']);
      assert.match(b.message, new RegExp(`^scope ${code}：没有.*${what}$`));
    }
    const missing = await post(admin, '/api/users', { username: 'no-scope', role: 'company' });
    assert.deepEqual([missing.statusCode, missing.json().field], [400, 'scope']);
    const extra = await post(admin, '/api/users', { username: 'bureau-2', role: 'bureau', scope: 'C1' });
    assert.deepEqual([extra.statusCode, extra.json().field], [400, 'scope']);
    const name = await post(admin, '/api/users', { username: 'a b', role: 'bureau' });
    assert.deepEqual([name.statusCode, name.json().field], [400, 'username']);
    const taken = await post(admin, '/api/users', { username: 'C1-CLERK', role: 'bureau' });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.deepEqual([taken.json().code, taken.json().field], ['user.exists', 'username']);
    const unknown = await post(admin, '/api/users', { username: 'x-1', role: 'bureau', password: 'Chosen-By-Me-77' });
    assert.equal(unknown.statusCode, 400, unknown.body);
    // nothing half-made
    const list = (await get(admin, '/api/users?limit=200')).json();
    assert.deepEqual(
      list.items.filter((u: { username: string }) => /^(bad-|no-scope|bureau-2|mayor|x-1)/.test(u.username)),
      [],
    );
  });

  it('lock refuses the sign-in with a clear message and ends the sessions; unlock lets it in again', async () => {
    const made = (await post(admin, '/api/users', { username: 'f-clerk', role: 'finance' })).json();
    const session = await signInWith('f-clerk', made.password);
    assert.equal(session.statusCode, 200);
    const locked = await post(admin, '/api/users/f-clerk/lock');
    assert.deepEqual([locked.statusCode, locked.json()], [200, { username: 'f-clerk', locked: true }]);
    const refused = await signInWith('f-clerk', made.password);
    assert.equal(refused.statusCode, 423, refused.body);
    assert.deepEqual([refused.json().code, refused.json().message], ['auth.locked', '账户已被锁定，请联系系统管理员']);
    const listed = (await get(admin, '/api/users?role=finance')).json();
    assert.equal(listed.items.find((u: { username: string }) => u.username === 'f-clerk').locked, true);
    const unlocked = await post(admin, '/api/users/f-clerk/unlock');
    assert.deepEqual([unlocked.statusCode, unlocked.json().locked], [200, false]);
    assert.equal((await signInWith('f-clerk', made.password)).statusCode, 200);
    const self = await post(admin, '/api/users/ROOT-admin/lock');
    assert.deepEqual([self.statusCode, self.json().code], [409, 'user.self_lock']);
    const nobody = await post(admin, '/api/users/nobody-here/lock');
    assert.deepEqual([nobody.statusCode, nobody.json().code], [404, 'user.not_found']);
  });

  it('reset: a new one-time password once; the old one no longer signs in; the new one must be changed', async () => {
    const made = (await post(admin, '/api/users', { username: 'w-clerk', role: 'committee', scope: 'W1' })).json();
    const reset = await post(admin, '/api/users/w-clerk/reset-password');
    assert.equal(reset.statusCode, 200, reset.body);
    const { password, ...rest } = reset.json();
    assert.deepEqual(rest, { username: 'w-clerk', mustChangePassword: true });
    assert.notEqual(password, made.password);
    assert.equal((await signInWith('w-clerk', made.password)).statusCode, 401);
    const again = await signInWith('w-clerk', password);
    assert.deepEqual([again.statusCode, again.json().mustChangePassword], [200, true]);
    const trail = (await get(admin, '/api/audit?action=user.reset_password&objectId=w-clerk')).json();
    assert.equal(trail.total, 1);
  });

  it('the administrator only', async () => {
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['POST', '/api/users/w-clerk/lock'],
      ['POST', '/api/users/w-clerk/unlock'],
      ['POST', '/api/users/w-clerk/reset-password'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: bureau.headers,
        ...(method === 'POST' ? { payload: { username: 'sneaky', role: 'admin' } } : {}),
      });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    }
  });
});
