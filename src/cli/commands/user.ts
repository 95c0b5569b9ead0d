/**
 * `jiangbu user create|list|lock|unlock|reset-password`: the accounts, kept by the operator at the
 * server's shell (who acts as the administrator). A new or reset account gets a one-time password,
 * printed once — alone on the last line of stdout, so a script can take it with `tail -n 1` — and to
 * be changed at the first login. There are no default passwords.
 */
import { ROLES, type Role } from '../../service/actor.ts';
import { createUser, listUsers, resetPassword, setLocked } from '../../service/auth/users.ts';
import { type Command, type CommandContext, printJson, UsageError, withExistingService, withService } from '../context.ts';
import { formatTable } from '../table.ts';

const USAGE = {
  zh: '用法：jiangbu user create --username 用户名 --role 角色 [--scope 编码] | list [--json] | lock 用户名 | unlock 用户名 | reset-password 用户名',
  en: 'usage: jiangbu user create --username NAME --role ROLE [--scope CODE] | list [--json] | lock NAME | unlock NAME | reset-password NAME',
};

const usage = () => new UsageError(USAGE.zh, USAGE.en);

/** The one-time password, after what it is for: the password alone on the last line. */
function printPassword(ctx: CommandContext, what: { zh: string; en: string }, password: string): void {
  const zh = ctx.lang === 'zh';
  ctx.io.stdout(
    `${zh ? what.zh : what.en}\n${
      zh ? '一次性密码（只显示这一次，首次登录后须修改）：' : 'one-time password (shown this once; it must be changed at the first login):'
    }\n${password}\n`,
  );
}

async function create(ctx: CommandContext): Promise<number> {
  const { username, role, scope } = ctx.options;
  if (ctx.args.length > 1) throw usage();
  if (!username) throw new UsageError('user create 需要 --username 用户名', 'user create needs --username NAME');
  if (!role) throw new UsageError(`user create 需要 --role（${ROLES.join('、')}）`, `user create needs --role (${ROLES.join(', ')})`);
  if (!(ROLES as readonly string[]).includes(role))
    throw new UsageError(
      `--role ${role}：角色应为 ${ROLES.join('、')} 之一`,
      `--role ${role}: the role must be one of ${ROLES.join(', ')}`,
    );
  const { password } = await withService(ctx, (s) => createUser(s, { username, role: role as Role, scope }));
  const where = scope ? `${role} ${scope}` : role;
  printPassword(ctx, { zh: `已创建账户 ${username}（${where}）`, en: `account ${username} created (${where})` }, password);
  return 0;
}

async function list(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 1) throw usage();
  const rows = await withExistingService(ctx, (s) => listUsers(s));
  if (ctx.options.json) {
    printJson(ctx, rows);
    return 0;
  }
  const zh = ctx.lang === 'zh';
  if (rows.length === 0) {
    ctx.io.stdout(zh ? '没有账户\n' : 'no accounts\n');
    return 0;
  }
  const yes = zh ? '是' : 'yes';
  ctx.io.stdout(
    formatTable(
      zh
        ? ['用户名', '姓名', '角色', '范围', '锁定', '须改密码', '最近登录']
        : ['username', 'name', 'role', 'scope', 'locked', 'must change password', 'last login'],
      rows.map((u) => [
        u.username,
        u.displayName ?? '',
        u.role,
        u.scope ?? '',
        u.locked ? (u.lockedUntil ?? yes) : '',
        u.mustChangePassword ? yes : '',
        u.lastLoginAt ?? '',
      ]),
    ),
  );
  return 0;
}

/** The NAME of `user lock|unlock|reset-password NAME`. */
function named(ctx: CommandContext): string {
  const name = ctx.args[1];
  if (!name || ctx.args.length > 2) throw usage();
  return name;
}

async function lock(ctx: CommandContext, locked: boolean): Promise<number> {
  const name = named(ctx);
  await withExistingService(ctx, (s) => setLocked(s, name, locked));
  const zh = ctx.lang === 'zh';
  ctx.io.stderr(
    locked
      ? zh
        ? `账户 ${name} 已锁定，其会话已结束\n`
        : `account ${name} locked; its sessions have ended\n`
      : zh
        ? `账户 ${name} 已解锁\n`
        : `account ${name} unlocked\n`,
  );
  return 0;
}

async function reset(ctx: CommandContext): Promise<number> {
  const name = named(ctx);
  const { password } = await withExistingService(ctx, (s) => resetPassword(s, name));
  printPassword(
    ctx,
    { zh: `账户 ${name} 的密码已重置，其会话已结束`, en: `the password of ${name} was reset; its sessions have ended` },
    password,
  );
  return 0;
}

export const user: Command = async (ctx) => {
  switch (ctx.args[0]) {
    case 'create':
      return create(ctx);
    case 'list':
      return list(ctx);
    case 'lock':
      return lock(ctx, true);
    case 'unlock':
      return lock(ctx, false);
    case 'reset-password':
      return reset(ctx);
    default:
      throw usage();
  }
};
