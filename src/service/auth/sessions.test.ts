/** Sessions and logins in the service, on every driver, at exact clock readings. */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { testActor } from '../testing.ts';
import { csrfMatches, login, resolveSession, tokenHash } from './sessions.ts';
import { DEFAULT_AUTH as S } from './settings.ts';
import { createUser, resetPassword, setLocked } from './users.ts';

const PASSWORD = 'Correct-Horse-42';
const T0 = new Date('2026-03-02T01:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

describeDb('sessions', (ctx, it) => {
  const admin = () => ({ db: ctx.database.db, actor: testActor(), now: () => T0 });
  const account = (username: string) => createUser(admin(), { username, role: 'finance', password: PASSWORD, mustChangePassword: false });

  it('the cookie token is random; the database holds only its sha256, with the session times', async () => {
    await account('s-one');
    const { token, session } = await login(ctx.database.db, { username: 's-one', password: PASSWORD, ip: '192.0.2.1' }, T0, S);
    assert.match(token, /^[\w-]{43}$/);
    const [row] = await ctx.database.db
      .select()
      .from(t.sessions)
      .where(eq(t.sessions.tokenHash, tokenHash(token)));
    assert.ok(row);
    assert.notEqual(row.tokenHash, token);
    assert.deepEqual(
      [row.createdAt, row.lastSeenAt, row.expiresAt, row.ip, row.csrfToken],
      [T0, T0, at(12 * 60 * MINUTE), '192.0.2.1', session.csrfToken],
    );
    assert.deepEqual([session.actor.username, session.actor.role, session.actor.channel], ['s-one', 'finance', 'http']);
  });

  it('idle: alive at exactly 30 minutes unused, ended a moment later; absolute: ended at 12 hours', async () => {
    await account('s-two');
    const db = ctx.database.db;
    const { token } = await login(db, { username: 's-two', password: PASSWORD }, T0, S);
    assert.ok(await resolveSession(db, token, at(30 * MINUTE), S));
    assert.equal(await resolveSession(db, token, at(60 * MINUTE + 1), S), null);
    const [idle] = await db
      .select()
      .from(t.sessions)
      .where(eq(t.sessions.tokenHash, tokenHash(token)));
    assert.deepEqual([idle?.endReason, idle?.endedAt], ['idle', at(60 * MINUTE + 1)]);

    const busy = (await login(db, { username: 's-two', password: PASSWORD }, T0, S)).token;
    let m = 0;
    for (; m + 25 < 12 * 60; m += 25) assert.ok(await resolveSession(db, busy, at((m + 25) * MINUTE), S), `${m + 25} min`);
    assert.equal(await resolveSession(db, busy, at(12 * 60 * MINUTE), S), null);
    const [expired] = await db
      .select()
      .from(t.sessions)
      .where(eq(t.sessions.tokenHash, tokenHash(busy)));
    assert.equal(expired?.endReason, 'expired');
  });

  it('failures that arrive together all count: five at once lock the account', async () => {
    await account('s-three');
    const db = ctx.database.db;
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => login(db, { username: 's-three', password: 'Wrong-Horse-42' }, T0, S)),
    );
    assert.deepEqual(
      attempts.map((a) => a.status === 'rejected' && (a.reason as UserError).code),
      Array(5).fill('auth.failed'),
    );
    const [u] = await db.select().from(t.appUsers).where(eq(t.appUsers.username, 's-three'));
    assert.deepEqual([u?.lockedUntil, u?.failedLogins], [at(30 * MINUTE), 0]);
    await assert.rejects(login(db, { username: 's-three', password: PASSWORD }, at(30 * MINUTE - 1), S), { code: 'auth.locked' });
    // the administrator may lift it at once
    await setLocked(admin(), 's-three', false);
    assert.ok(await login(db, { username: 's-three', password: PASSWORD }, at(MINUTE), S));
  });

  it('unknown user and wrong password: the same refusal, status and words', async () => {
    await account('s-four');
    const db = ctx.database.db;
    const why = async (username: string) => {
      try {
        await login(db, { username, password: 'Wrong-Horse-42' }, T0, S);
      } catch (e) {
        const u = e as UserError;
        return [u.code, u.status, u.messageIn('zh'), u.messageIn('en')];
      }
      throw new Error('signed in');
    };
    assert.deepEqual(await why('s-four'), await why('s-nobody'));
    assert.deepEqual(await why('s-nobody'), ['auth.failed', 401, '用户名或密码错误', 'wrong username or password']);
  });

  it('locking an account or resetting its password ends its sessions', async () => {
    await account('s-five');
    const db = ctx.database.db;
    const a = (await login(db, { username: 's-five', password: PASSWORD }, T0, S)).token;
    await setLocked(admin(), 's-five', true);
    assert.equal(await resolveSession(db, a, at(MINUTE), S), null);
    await assert.rejects(login(db, { username: 's-five', password: PASSWORD }, at(MINUTE), S), (e) => {
      const u = e as UserError;
      return u.code === 'auth.locked' && u.status === 423 && u.messageIn('en') === 'the account is locked: ask the administrator';
    });
    await setLocked(admin(), 's-five', false);
    const b = (await login(db, { username: 's-five', password: PASSWORD }, at(MINUTE), S)).token;
    const { password } = await resetPassword(admin(), 's-five');
    assert.equal(await resolveSession(db, b, at(2 * MINUTE), S), null);
    const [row] = await db
      .select()
      .from(t.sessions)
      .where(eq(t.sessions.tokenHash, tokenHash(b)));
    assert.equal(row?.endReason, 'password reset');
    const fresh = await login(db, { username: 's-five', password }, at(2 * MINUTE), S);
    assert.equal(fresh.session.mustChangePassword, true);
  });

  it('the CSRF token must be sent exactly', async () => {
    await account('s-six');
    const { session } = await login(ctx.database.db, { username: 's-six', password: PASSWORD }, T0, S);
    assert.equal(csrfMatches(session, session.csrfToken), true);
    assert.equal(csrfMatches(session, undefined), false);
    assert.equal(csrfMatches(session, ''), false);
    assert.equal(csrfMatches(session, `${session.csrfToken}x`), false);
    const other = session.csrfToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal(csrfMatches(session, other), false, 'same length, one character off');
  });
});
