/** `jiangbu account changes|decide`: payee account changes, decided by the housing bureau. */
import { DECISION_NAMES } from '../../registry/labels.ts';
import { decideAccountChange, listAccountChanges } from '../../service/accounts.ts';
import { type Command, type CommandContext, printJson, UsageError, withExistingService, withService } from '../context.ts';
import { formatTable } from '../table.ts';

const STATUSES = ['requested', 'approved', 'rejected'] as const;

async function changes(ctx: CommandContext): Promise<number> {
  const status = ctx.options.status;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    throw new UsageError('--status 应为 requested、approved 或 rejected', '--status must be requested, approved or rejected');
  const rows = await withExistingService(ctx, (s) => listAccountChanges(s.db, status as (typeof STATUSES)[number] | undefined));
  if (ctx.options.json) {
    printJson(ctx, rows);
    return 0;
  }
  const zh = ctx.lang === 'zh';
  if (rows.length === 0) {
    ctx.io.stdout(zh ? '没有账户变更\n' : 'no account changes\n');
    return 0;
  }
  const acct = (a: { bankName: string | null; accountName: string | null; accountNo: string | null }) =>
    [a.bankName, a.accountName, a.accountNo].filter(Boolean).join(' ');
  ctx.io.stdout(
    formatTable(
      zh
        ? ['编号', '收款单位', '原账户', '新账户', '来源', '申请人', '状态', '审核人', '说明']
        : ['id', 'payee', 'old', 'new', 'source', 'by', 'status', 'decided by', 'note'],
      rows.map((r) => [
        `#${r.id}`,
        r.payee.name,
        acct(r.old),
        acct(r.new),
        r.source ?? '',
        r.requestedBy,
        zh ? (DECISION_NAMES[r.status] ?? r.status) : r.status,
        r.decidedBy ?? '',
        r.note ?? '',
      ]),
    ),
  );
  return 0;
}

async function decide(ctx: CommandContext): Promise<number> {
  const raw = ctx.args[1] ?? '';
  const id = Number(raw.replace(/^#/, ''));
  const o = ctx.options;
  if (!/^#?\d+$/.test(raw) || o.approve === o.reject)
    throw new UsageError(
      '用法：jiangbu account decide 编号 --approve|--reject [--note 说明]',
      'usage: jiangbu account decide ID --approve|--reject [--note TEXT]',
    );
  await withService(ctx, (s) => decideAccountChange(s, id, o.approve === true, o.note));
  const zh = ctx.lang === 'zh';
  ctx.io.stderr(
    o.approve
      ? zh
        ? `账户变更 #${id} 已批准，今后按新账户拨付\n`
        : `account change #${id} approved\n`
      : zh
        ? `账户变更 #${id} 已驳回\n`
        : `account change #${id} rejected\n`,
  );
  return 0;
}

export const account: Command = async (ctx) => {
  const sub = ctx.args[0];
  if (sub === 'changes') return changes(ctx);
  if (sub === 'decide') return decide(ctx);
  throw new UsageError('用法：jiangbu account changes|decide', 'usage: jiangbu account changes|decide');
};
