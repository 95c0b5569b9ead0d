/**
 * Signing in and out, and the session behind every request. Sessions live in the database (several
 * instances share them): the cookie carries a random token, the database only its sha256. A session
 * ends on logout, after `idleMinutes` unused, or `absoluteHours` after login; a login gives a new one.
 * Failed logins count; `maxFailures` in a row lock the account for `lockMinutes`. An unknown user and a
 * wrong password get the same answer. Every login, success or failure, is in the audit trail.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { type UserError, userError } from '../../lib/errors.ts';
import { committeeName } from '../../registry/labels.ts';
import { type Actor, publicActor, type Role, type Scope } from '../actor.ts';
import { record, type ServiceContext } from '../command.ts';
import { passwordMatches, spendLikeAVerify } from './passwords.ts';
import type { AuthSettings } from './settings.ts';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/** What a request knows of its session. */
export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  /** the password is older than `maxAgeDays`: only a password change is allowed */
  passwordExpired: boolean;
  user: { username: string; displayName: string | null; role: Role; scope: Scope };
}

type UserRow = typeof t.appUsers.$inferSelect;

/** An instant as Beijing time (UTC+8, no daylight saving), to the minute: what a clerk reads. */
const chinaTime = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The organisation an account is bound to, by id and code. */
export async function scopeOf(db: Db, u: Pick<UserRow, 'communityId' | 'companyId' | 'committeeId'>): Promise<Scope> {
  const scope: Scope = {};
  if (u.communityId !== null) {
    const [c] = await db.select().from(t.communities).where(eq(t.communities.id, u.communityId));
    if (c) scope.community = { id: c.id, code: c.code, name: c.name };
  }
  if (u.companyId !== null) {
    const [c] = await db.select().from(t.companies).where(eq(t.companies.id, u.companyId));
    if (c) scope.company = { id: c.id, code: c.uscc ?? c.code, name: c.name };
  }
  if (u.committeeId !== null) {
    const [w] = await db
      .select({ id: t.committees.id, code: t.committees.code, compound: t.compounds.name })
      .from(t.committees)
      .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
      .where(eq(t.committees.id, u.committeeId));
    // a committee is named after its compound (业主委员会 of 康乐苑)
    if (w) scope.committee = { id: w.id, code: w.code, name: committeeName(w.compound) };
  }
  return scope;
}

async function info(
  db: Db,
  u: UserRow,
  csrfToken: string,
  now: Date,
  s: AuthSettings,
  where: Pick<Actor, 'ip' | 'requestId'>,
): Promise<SessionInfo> {
  const scope = await scopeOf(db, u);
  return {
    actor: { username: u.username, role: u.role, scope, userId: u.id, channel: 'http', ...where },
    csrfToken,
    mustChangePassword: u.mustChangePassword,
    passwordExpired: now.getTime() - u.passwordChangedAt.getTime() > s.maxAgeDays * 86_400_000,
    user: { username: u.username, displayName: u.displayName, role: u.role, scope },
  };
}

export interface LoginRequest {
  username: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
  /** the session cookie the request came with: a login replaces that session (no fixation) */
  previousToken?: string | undefined;
}

/** How a password check is recorded and answered (a login, or a password entered again to approve a payment). */
export interface PasswordCheck {
  /** whom the audit events are recorded under: the login attempt, or the signed-in user */
  ctx: ServiceContext;
  action: string;
  objectType: string;
  objectId: string;
  /** a wrong password's audit result: a failed login, a denied approval */
  wrongResult: 'failed' | 'denied';
  /** the answer to a wrong password */
  wrong: () => UserError;
}

/**
 * One lockout for every password an account enters — at login and again at a batch approval: a locked
 * or disabled account is refused (423) whatever is entered; a wrong password counts toward `maxFailures`
 * in a row, the last locking the account for `lockMinutes`; a right one clears the count. Each refusal
 * is audited.
 */
export async function checkPassword(db: Db, u: UserRow, password: string, now: Date, s: AuthSettings, c: PasswordCheck): Promise<void> {
  const event = { action: c.action, objectType: c.objectType, objectId: c.objectId };
  if (u.disabled || (u.lockedUntil && u.lockedUntil > now)) {
    await record(c.ctx, { ...event, result: 'denied', detail: { reason: 'locked' } });
    throw userError(
      'auth.locked',
      u.disabled
        ? '账户已被锁定，请联系系统管理员'
        : `密码输错次数过多（登录或审批时），账户已锁定至 ${chinaTime(u.lockedUntil as Date)}（北京时间）`,
      u.disabled
        ? 'the account is locked: ask the administrator'
        : `too many wrong passwords (at login or approval): the account is locked until ${u.lockedUntil?.toISOString()}`,
      { status: 423 },
    );
  }
  const matches = await passwordMatches(u.passwordHash, password);
  if (matches && u.failedLogins === 0) return;
  // counted in the database, not from the row read above: concurrent failures all count
  const until = new Date(now.getTime() + s.lockMinutes * 60_000);
  const next = sql`${t.appUsers.failedLogins} + 1`;
  const reached = sql`${next} >= ${s.maxFailures}`;
  const [after] = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'system', true)`);
    return tx
      .update(t.appUsers)
      .set(
        matches
          ? { failedLogins: 0 }
          : {
              failedLogins: sql`case when ${reached} then 0 else ${next} end`,
              lockedUntil: sql`case when ${reached} then ${until.toISOString()}::timestamptz else ${t.appUsers.lockedUntil} end`,
            },
      )
      .where(eq(t.appUsers.id, u.id))
      .returning({ failedLogins: t.appUsers.failedLogins, lockedUntil: t.appUsers.lockedUntil });
  });
  if (matches) return;
  const locked = after?.lockedUntil?.getTime() === until.getTime();
  await record(c.ctx, {
    ...event,
    result: c.wrongResult,
    detail: { reason: 'wrong password', failures: locked ? s.maxFailures : (after?.failedLogins ?? 0), locked },
  });
  throw c.wrong();
}

const failed = () => userError('auth.failed', '用户名或密码错误', 'wrong username or password', { status: 401 });

export async function login(db: Db, r: LoginRequest, now: Date, s: AuthSettings): Promise<{ token: string; session: SessionInfo }> {
  const anon = { db, actor: { ...publicActor(r.ip, r.requestId), username: r.username.slice(0, 64) }, now: () => now };
  const [u] = await db.select().from(t.appUsers).where(sql`lower(${t.appUsers.username}) = lower(${r.username})`);
  if (!u) {
    await spendLikeAVerify(r.password);
    await record(anon, { action: 'auth.login', result: 'failed', detail: { reason: 'unknown user' } });
    throw failed();
  }
  await checkPassword(db, u, r.password, now, s, {
    ctx: anon,
    action: 'auth.login',
    objectType: 'user',
    objectId: u.username,
    wrongResult: 'failed',
    wrong: failed,
  });
  const tok = token();
  const csrf = token();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', ${u.username}, true)`);
    await tx.update(t.appUsers).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(t.appUsers.id, u.id));
    await tx.insert(t.sessions).values({
      tokenHash: tokenHash(tok),
      userId: u.id,
      csrfToken: csrf,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + s.absoluteHours * 3_600_000),
      ip: r.ip ?? null,
      userAgent: r.userAgent?.slice(0, 300) ?? null,
    });
  });
  if (r.previousToken) await endSession(db, tokenHash(r.previousToken), now, 'replaced');
  const session = await info(db, u, csrf, now, s, { ip: r.ip, requestId: r.requestId });
  await record(
    { db, actor: session.actor, now: () => now },
    { action: 'auth.login', objectType: 'user', objectId: u.username, result: 'ok' },
  );
  return { token: tok, session };
}

/** The session a cookie names, if it is still alive (its last use is recorded); null otherwise. */
export async function resolveSession(
  db: Db,
  cookieToken: string,
  now: Date,
  s: AuthSettings,
  where: Pick<Actor, 'ip' | 'requestId'> = {},
): Promise<SessionInfo | null> {
  const h = tokenHash(cookieToken);
  const [row] = await db
    .select({ session: t.sessions, user: t.appUsers })
    .from(t.sessions)
    .innerJoin(t.appUsers, eq(t.sessions.userId, t.appUsers.id))
    .where(and(eq(t.sessions.tokenHash, h), isNull(t.sessions.endedAt)));
  if (!row) return null;
  const { session, user } = row;
  const idle = now.getTime() - session.lastSeenAt.getTime() > s.idleMinutes * 60_000;
  const expired = now >= session.expiresAt;
  const locked = user.disabled || (user.lockedUntil !== null && user.lockedUntil > now);
  if (idle || expired || locked) {
    await endSession(db, h, now, idle ? 'idle' : expired ? 'expired' : 'locked');
    return null;
  }
  await db.update(t.sessions).set({ lastSeenAt: now }).where(eq(t.sessions.tokenHash, h));
  return info(db, user, session.csrfToken, now, s, where);
}

export async function endSession(db: Db, hash: string, now: Date, reason: string): Promise<void> {
  await db
    .update(t.sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(t.sessions.tokenHash, hash), isNull(t.sessions.endedAt)));
}

/** Ends every open session of an account (locked, password reset). */
export async function endSessionsOf(db: Db, userId: number, now: Date, reason: string): Promise<void> {
  await db
    .update(t.sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(t.sessions.userId, userId), isNull(t.sessions.endedAt)));
}

export async function logout(db: Db, session: SessionInfo, cookieToken: string, now: Date): Promise<void> {
  await endSession(db, tokenHash(cookieToken), now, 'logout');
  await record(
    { db, actor: session.actor, now: () => now },
    { action: 'auth.logout', objectType: 'user', objectId: session.actor.username, result: 'ok' },
  );
}

/** The CSRF header must equal the session's token (compared in constant time). */
export function csrfMatches(session: SessionInfo, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
