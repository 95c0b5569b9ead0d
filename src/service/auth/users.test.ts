/** Accounts in the service, on every driver: creation, scopes, who may, the audit trail, listing. */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { committee, compound, engagement, scenario } from '../../rules/scenario/fixtures.ts';
import { as, seedScenario, testActor } from '../testing.ts';
import { passwordMatches } from './passwords.ts';
import { login } from './sessions.ts';
import { DEFAULT_AUTH } from './settings.ts';
import { changePassword, createUser, listUsers, setLocked } from './users.ts';

const T0 = new Date('2026-03-02T01:00:00Z');
const code = (c: string) => (e: unknown) => (e as UserError).code === c;

describeDb('accounts', (ctx, it) => {
  const admin = () => ({ db: ctx.database.db, actor: testActor(), now: () => T0 });

  it('a new account gets a one-time password: hashed, in the history, to be changed; the audit trail has no password', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound()], engagements: [engagement()], committees: [committee()] }));
    const { password } = await createUser(admin(), { username: 'u-clerk', role: 'community', scope: 'C1', displayName: '张三' });
    const [u] = await db.select().from(t.appUsers).where(eq(t.appUsers.username, 'u-clerk'));
    assert.ok(u);
    assert.notEqual(u.passwordHash, password);
    assert.equal(await passwordMatches(u.passwordHash, password), true);
    assert.deepEqual([u.mustChangePassword, u.passwordChangedAt, u.communityId !== null, u.createdBy], [true, T0, true, 'test-admin']);
    const history = await db.select().from(t.passwordHistory).where(eq(t.passwordHistory.userId, u.id));
    assert.deepEqual(
      history.map((h) => h.hash),
      [u.passwordHash],
    );
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'user.create'));
    assert.deepEqual([event?.objectId, event?.detail], ['u-clerk', { role: 'community', scope: 'C1' }]);
    assert.doesNotMatch(JSON.stringify(await db.select().from(t.auditEvents)), new RegExp(password.replace(/[^\w]/g, '\\$&')));
  });

  it('scopes: a community by code, a company by USCC or code, a committee by code; each role its own kind', async () => {
    const ok = [
      { username: 'u-company', role: 'company', scope: 'P1' },
      { username: 'u-committee', role: 'committee', scope: 'W1' },
      { username: 'u-bureau', role: 'bureau' },
    ] as const;
    for (const u of ok) await createUser(admin(), u);
    const refused = [
      [{ username: 'u-x1', role: 'community' }, 'user.scope'],
      [{ username: 'u-x2', role: 'community', scope: 'W1' }, 'user.scope'],
      [{ username: 'u-x3', role: 'auditor', scope: 'C1' }, 'user.scope'],
      [{ username: 'u-x4', role: 'mayor' }, 'user.role'],
      [{ username: 'no spaces', role: 'admin' }, 'user.username'],
      [{ username: 'U-Company', role: 'admin' }, 'user.exists'],
      [{ username: 'u-x5', role: 'admin', password: 'too-weak' }, 'password.weak'],
    ] as const;
    for (const [u, c] of refused) await assert.rejects(createUser(admin(), u as never), code(c), u.username);
    const users = await listUsers(admin());
    assert.deepEqual(
      users.map((u) => [u.username, u.role, u.scope]),
      [
        ['u-bureau', 'bureau', null],
        ['u-clerk', 'community', 'C1'],
        ['u-committee', 'committee', 'W1'],
        ['u-company', 'company', 'P1'],
      ],
    );
  });

  it('only the administrator keeps accounts', async () => {
    const bureau = as(ctx.database.db, testActor('bureau'));
    await assert.rejects(createUser(bureau, { username: 'u-y', role: 'admin' }), code('auth.forbidden'));
    await assert.rejects(listUsers(bureau), code('auth.forbidden'));
    await assert.rejects(setLocked(bureau, 'u-bureau', true), code('auth.forbidden'));
  });

  it('a lockout shows in the list until it ends or the administrator lifts it', async () => {
    const { db } = ctx.database;
    await createUser(admin(), { username: 'u-lock', role: 'finance', password: 'Correct-Horse-42', mustChangePassword: false });
    for (let i = 0; i < DEFAULT_AUTH.maxFailures; i++)
      await assert.rejects(login(db, { username: 'u-lock', password: 'nope' }, T0, DEFAULT_AUTH), code('auth.failed'));
    const listed = async (at: Date) => (await listUsers({ ...admin(), now: () => at })).find((u) => u.username === 'u-lock');
    assert.deepEqual([(await listed(T0))?.locked, (await listed(T0))?.lockedUntil], [true, '2026-03-02T01:30:00.000Z']);
    assert.equal((await listed(new Date('2026-03-02T01:30:00.001Z')))?.locked, false);
    await setLocked(admin(), 'u-lock', false);
    assert.deepEqual([(await listed(T0))?.locked, (await listed(T0))?.lockedUntil], [false, null]);
  });

  it('a password change needs the current password; the history keeps each one set', async () => {
    const { db } = ctx.database;
    await createUser(admin(), { username: 'u-change', role: 'finance', password: 'Correct-Horse-42', mustChangePassword: true });
    const { session } = await login(db, { username: 'u-change', password: 'Correct-Horse-42' }, T0, DEFAULT_AUTH);
    const mine = { db, actor: session.actor, now: () => new Date('2026-04-01T00:00:00Z') };
    await assert.rejects(changePassword(mine, session, 'Wrong-Horse-42', 'Brand-New-Pass-1'), code('password.current'));
    await changePassword(mine, session, 'Correct-Horse-42', 'Brand-New-Pass-1');
    const [u] = await db.select().from(t.appUsers).where(eq(t.appUsers.username, 'u-change'));
    assert.deepEqual([u?.mustChangePassword, u?.passwordChangedAt], [false, new Date('2026-04-01T00:00:00Z')]);
    assert.equal(
      (
        await db
          .select()
          .from(t.passwordHistory)
          .where(eq(t.passwordHistory.userId, u?.id as number))
      ).length,
      2,
    );
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'user.change_password'));
    assert.deepEqual([event?.username, event?.objectId], ['u-change', 'u-change']);
  });
});
