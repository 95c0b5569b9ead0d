/**
 * Accounts: made by the administrator with a one-time password (no default passwords anywhere),
 * bound to their organisation by its code; locked, unlocked, reset; the owner changes the password.
 */
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { requireRole } from '../access.ts';
import { ROLES, type Role } from '../actor.ts';
import { command, type ServiceContext } from '../command.ts';
import { checkNotReused, checkStrength, hashPassword, oneTimePassword, passwordMatches } from './passwords.ts';
import { endSessionsOf, type SessionInfo } from './sessions.ts';
import { type AuthSettings, DEFAULT_AUTH } from './settings.ts';

const SCOPED: Partial<Record<Role, 'community' | 'company' | 'committee'>> = {
  community: 'community',
  company: 'company',
  committee: 'committee',
};

export interface NewUser {
  username: string;
  role: Role;
  /** community code, company USCC, or committee code — for the scoped roles */
  scope?: string | undefined;
  displayName?: string | undefined;
  /** a chosen password (demo accounts); default: a one-time password that must be changed */
  password?: string | undefined;
  mustChangePassword?: boolean;
  /** how the adapter names the scope in a refusal (default `--scope`, the command line's flag) */
  scopeLabel?: ScopeLabel;
}

/**
 * How the adapter names the scope in its messages: `--scope` on the command line, the body's `scope`
 * over HTTP. A refusal also carries `field: "scope"` for machines.
 */
export type ScopeLabel = string;

const scopeError = (label: ScopeLabel, zh: string, en: string, status = 400) =>
  userError('user.scope', `${label} ${zh}`, `${label} ${en}`, { status, details: { field: 'scope' } });

async function scopeIds(tx: Db, role: Role, code: string | undefined, label: ScopeLabel): Promise<Partial<typeof t.appUsers.$inferInsert>> {
  const kind = SCOPED[role];
  if (!kind) {
    if (code !== undefined)
      throw userError('user.scope', `角色 ${role} 不绑定单位，不能带 ${label}`, `role ${role} is bound to no organisation: no ${label}`, {
        details: { field: 'scope' },
      });
    return {};
  }
  if (!code)
    throw userError(
      'user.scope',
      `角色 ${role} 须用 ${label} 绑定${{ community: '社区（社区编码）', company: '企业（统一社会信用代码）', committee: '业委会（编号）' }[kind]}`,
      `role ${role} needs ${label}: the ${kind}'s code`,
      { details: { field: 'scope' } },
    );
  if (kind === 'community') {
    const [c] = await tx.select().from(t.communities).where(eq(t.communities.code, code));
    if (!c) throw scopeError(label, `${code}：没有编码为 ${code} 的社区`, `${code}: no community with code ${code}`, 404);
    return { communityId: c.id };
  }
  if (kind === 'company') {
    const [c] = await tx
      .select()
      .from(t.companies)
      .where(sql`${t.companies.uscc} = ${code.toUpperCase()} or ${t.companies.code} = ${code}`);
    if (!c) throw scopeError(label, `${code}：没有统一社会信用代码为 ${code} 的企业`, `${code}: no company with USCC ${code}`, 404);
    return { companyId: c.id };
  }
  const [w] = await tx.select().from(t.committees).where(eq(t.committees.code, code));
  if (!w) throw scopeError(label, `${code}：没有编号为 ${code} 的业委会`, `${code}: no committee with code ${code}`, 404);
  return { committeeId: w.id };
}

/** Makes an account; returns the one-time password (shown once, never stored in clear). */
export async function createUser(ctx: ServiceContext, u: NewUser, s: AuthSettings = DEFAULT_AUTH): Promise<{ password: string }> {
  requireRole(ctx.actor, [], { zh: '创建账户', en: 'creating an account' });
  if (!(ROLES as readonly string[]).includes(u.role))
    throw userError('user.role', `角色应为 ${ROLES.join('、')} 之一`, `role must be one of ${ROLES.join(', ')}`, {
      details: { field: 'role' },
    });
  if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(u.username))
    throw userError('user.username', '用户名为 3–64 位字母、数字或 _ . @ -', 'a username is 3–64 letters, digits or _ . @ -', {
      details: { field: 'username' },
    });
  const password = u.password ?? oneTimePassword(s, u.username);
  checkStrength(password, s, u.username);
  const hash = await hashPassword(password);
  const now = ctx.now?.() ?? new Date();
  await command(
    ctx,
    { action: 'user.create', objectType: 'user', objectId: u.username, detail: { role: u.role, scope: u.scope } },
    async (tx) => {
      const [taken] = await tx
        .select({ id: t.appUsers.id })
        .from(t.appUsers)
        .where(sql`lower(${t.appUsers.username}) = lower(${u.username})`);
      if (taken)
        throw userError('user.exists', `用户名 ${u.username} 已存在`, `username ${u.username} exists already`, {
          status: 409,
          details: { field: 'username' },
        });
      const [row] = await tx
        .insert(t.appUsers)
        .values({
          username: u.username,
          displayName: u.displayName ?? null,
          role: u.role,
          ...(await scopeIds(tx, u.role, u.scope, u.scopeLabel ?? '--scope')),
          passwordHash: hash,
          passwordChangedAt: now,
          mustChangePassword: u.mustChangePassword ?? u.password === undefined,
        })
        .returning({ id: t.appUsers.id });
      await tx.insert(t.passwordHistory).values({ userId: row?.id as number, hash, setAt: now });
    },
  );
  return { password };
}

async function userByName(tx: Db, username: string) {
  const [u] = await tx.select().from(t.appUsers).where(sql`lower(${t.appUsers.username}) = lower(${username})`);
  if (!u) throw userError('user.not_found', `没有用户 ${username}`, `no user ${username}`, { status: 404 });
  return u;
}

export interface UserView {
  username: string;
  displayName: string | null;
  role: Role;
  scope: string | null;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
}

export interface UserFilter {
  role?: Role | undefined;
}

/** Every account (the command line), or a page of them with the total (the console); by username. */
export async function listUsers(
  ctx: ServiceContext,
  filter: UserFilter = {},
  page?: { limit: number; offset: number },
): Promise<UserView[]> {
  requireRole(ctx.actor, [], { zh: '查看账户', en: 'listing accounts' });
  const query = ctx.db
    .select({
      u: t.appUsers,
      community: t.communities.code,
      uscc: t.companies.uscc,
      company: t.companies.code,
      committee: t.committees.code,
    })
    .from(t.appUsers)
    .leftJoin(t.communities, eq(t.appUsers.communityId, t.communities.id))
    .leftJoin(t.companies, eq(t.appUsers.companyId, t.companies.id))
    .leftJoin(t.committees, eq(t.appUsers.committeeId, t.committees.id))
    .where(filter.role ? eq(t.appUsers.role, filter.role) : undefined)
    .orderBy(t.appUsers.username)
    .$dynamic();
  const rows = await (page ? query.limit(page.limit).offset(page.offset) : query);
  const now = ctx.now?.() ?? new Date();
  return rows.map(({ u, community, uscc, company, committee }) => ({
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    scope: community ?? uscc ?? company ?? committee ?? null,
    locked: u.disabled || (u.lockedUntil !== null && u.lockedUntil > now),
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  }));
}

/** A page of accounts and how many the filter holds. */
export async function userPage(
  ctx: ServiceContext,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const items = await listUsers(ctx, filter, page);
  const [n] = await ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(t.appUsers)
    .where(filter.role ? eq(t.appUsers.role, filter.role) : undefined);
  return { items, total: Number(n?.n ?? 0) };
}

/** Locks (until unlocked) or unlocks an account; locking ends its sessions. */
export async function setLocked(ctx: ServiceContext, username: string, locked: boolean): Promise<void> {
  requireRole(ctx.actor, [], { zh: '锁定或解锁账户', en: 'locking or unlocking an account' });
  // an administrator who locked their own account would lose the only way back in but the shell
  if (locked && username.toLowerCase() === ctx.actor.username.toLowerCase())
    throw userError('user.self_lock', '不能锁定自己的账户', 'you cannot lock your own account', { status: 409 });
  const now = ctx.now?.() ?? new Date();
  await command(ctx, { action: locked ? 'user.lock' : 'user.unlock', objectType: 'user', objectId: username }, async (tx) => {
    const u = await userByName(tx, username);
    await tx
      .update(t.appUsers)
      .set(locked ? { disabled: true } : { disabled: false, lockedUntil: null, failedLogins: 0 })
      .where(eq(t.appUsers.id, u.id));
    if (locked) await endSessionsOf(tx, u.id, now, 'locked');
  });
}

/** A new one-time password for an account (it must be changed at the next login); its sessions end. */
export async function resetPassword(ctx: ServiceContext, username: string, s: AuthSettings = DEFAULT_AUTH): Promise<{ password: string }> {
  requireRole(ctx.actor, [], { zh: '重置密码', en: 'resetting a password' });
  const password = oneTimePassword(s, username);
  const hash = await hashPassword(password);
  const now = ctx.now?.() ?? new Date();
  await command(ctx, { action: 'user.reset_password', objectType: 'user', objectId: username }, async (tx) => {
    const u = await userByName(tx, username);
    await tx
      .update(t.appUsers)
      .set({ passwordHash: hash, passwordChangedAt: now, mustChangePassword: true, failedLogins: 0, lockedUntil: null })
      .where(eq(t.appUsers.id, u.id));
    await tx.insert(t.passwordHistory).values({ userId: u.id, hash, setAt: now });
    await endSessionsOf(tx, u.id, now, 'password reset');
  });
  return { password };
}

/** The signed-in user changes their password: the current one, the strength rule, no reuse. */
export async function changePassword(
  ctx: ServiceContext,
  session: SessionInfo,
  current: string,
  next: string,
  s: AuthSettings = DEFAULT_AUTH,
) {
  const now = ctx.now?.() ?? new Date();
  const u = await userByName(ctx.db, session.actor.username);
  if (!(await passwordMatches(u.passwordHash, current)))
    throw userError('password.current', '当前密码不正确', 'the current password is wrong', { status: 400 });
  checkStrength(next, s, u.username);
  const recent = await ctx.db
    .select({ hash: t.passwordHistory.hash })
    .from(t.passwordHistory)
    .where(eq(t.passwordHistory.userId, u.id))
    .orderBy(desc(t.passwordHistory.setAt), desc(t.passwordHistory.id))
    .limit(s.historySize);
  // the history holds every password set, the current one first: the last `historySize` of them
  const hashes = recent.map((r) => r.hash);
  await checkNotReused(next, hashes.includes(u.passwordHash) ? hashes : [u.passwordHash, ...hashes].slice(0, s.historySize), s);
  const hash = await hashPassword(next);
  await command(ctx, { action: 'user.change_password', objectType: 'user', objectId: u.username }, async (tx) => {
    await tx
      .update(t.appUsers)
      .set({ passwordHash: hash, passwordChangedAt: now, mustChangePassword: false })
      .where(eq(t.appUsers.id, u.id));
    await tx.insert(t.passwordHistory).values({ userId: u.id, hash, setAt: now });
    // the account's other sessions end with the old password (ASVS 3.3.3); this one goes on
    await tx
      .update(t.sessions)
      .set({ endedAt: now, endReason: 'password changed' })
      .where(and(eq(t.sessions.userId, u.id), isNull(t.sessions.endedAt), ne(t.sessions.csrfToken, session.csrfToken)));
  });
}
