/**
 * The password entered again to approve a batch counts like a login's (src/service/auth/sessions.ts): a
 * wrong one is a failure toward the same lockout, audited as denied; a locked account approves nothing
 * and signs in nowhere until the lock ends; a right one clears the count. A stolen finance session
 * cannot guess its way to an approval.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { login } from '../auth/sessions.ts';
import { DEFAULT_AUTH as S } from '../auth/settings.ts';
import { createUser } from '../auth/users.ts';
import type { ServiceContext } from '../command.ts';
import { testActor } from '../testing.ts';
import { approveBatch } from './batches.ts';

const PASSWORD = 'Approve-Batch-2026!q';
const T0 = new Date('2026-03-10T02:00:00Z');
const MINUTE = 60_000;
const code = (expected: string) => (e: unknown) => {
  assert.equal((e as UserError).code, expected, (e as Error).message);
  return true;
};

describeDb('the password at batch approval', (ctx, it) => {
  const admin = () => ({ db: ctx.database.db, actor: testActor(), now: () => T0 });
  const finance = (username: string, at = T0): ServiceContext => ({
    db: ctx.database.db,
    actor: { username, role: 'finance', channel: 'http' },
    now: () => at,
  });
  const account = async (username: string) => {
    await createUser(admin(), { username, role: 'finance', password: PASSWORD, mustChangePassword: false });
  };
  const user = async (username: string) => {
    const [u] = await ctx.database.db.select().from(t.appUsers).where(eq(t.appUsers.username, username));
    assert.ok(u);
    return u;
  };
  const events = async (username: string) =>
    (await ctx.database.db.select().from(t.auditEvents).where(eq(t.auditEvents.username, username))).map((e) => [
      e.action,
      e.result,
      (e.detail as { reason?: string } | null)?.reason ?? null,
    ]);

  it('wrong passwords lock the account as failed logins do; locked, even the right one approves nothing, nor signs in', async () => {
    await account('fin-a');
    for (let i = 1; i < S.maxFailures; i++) {
      await assert.rejects(approveBatch(finance('fin-a'), 'PB-2025H1-T-001', `guess-${i}`), code('batch.password'));
      assert.equal((await user('fin-a')).failedLogins, i);
    }
    await assert.rejects(approveBatch(finance('fin-a'), 'PB-2025H1-T-001', 'guess-last'), code('batch.password'));
    const locked = await user('fin-a');
    assert.deepEqual([locked.failedLogins, locked.lockedUntil], [0, new Date(T0.getTime() + S.lockMinutes * MINUTE)]);
    await assert.rejects(approveBatch(finance('fin-a'), 'PB-2025H1-T-001', PASSWORD), code('auth.locked'));
    await assert.rejects(login(ctx.database.db, { username: 'fin-a', password: PASSWORD }, T0, S), code('auth.locked'));
    assert.deepEqual(await events('fin-a'), [
      ...Array.from({ length: S.maxFailures }, () => ['batch.approve', 'denied', 'wrong password']),
      ['batch.approve', 'denied', 'locked'],
      ['auth.login', 'denied', 'locked'],
    ]);
    // when the lock has run out, the right password gets as far as the batch (there is none here)
    const later = new Date(T0.getTime() + S.lockMinutes * MINUTE + 1);
    await assert.rejects(approveBatch(finance('fin-a', later), 'PB-2025H1-T-001', PASSWORD), code('batch.not_found'));
  });

  it('failed logins and wrong approval passwords count together; a right password clears the count', async () => {
    await account('fin-b');
    for (let i = 0; i < S.maxFailures - 2; i++)
      await assert.rejects(login(ctx.database.db, { username: 'fin-b', password: 'nope' }, T0, S), code('auth.failed'));
    await assert.rejects(approveBatch(finance('fin-b'), 'PB-2025H1-T-001', 'nope'), code('batch.password'));
    assert.equal((await user('fin-b')).failedLogins, S.maxFailures - 1);
    await assert.rejects(approveBatch(finance('fin-b'), 'PB-2025H1-T-001', PASSWORD), code('batch.not_found'));
    assert.deepEqual([(await user('fin-b')).failedLogins, (await user('fin-b')).lockedUntil], [0, null]);
  });
});
