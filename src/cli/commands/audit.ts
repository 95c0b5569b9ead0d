/** `jiangbu audit verify`: the audit trail's hash chain, checked end to end; `audit purge`: retention. */
import { verifyAudit } from '../../service/audit.ts';
import { purgeAudit } from '../../service/audit-purge.ts';
import { type Command, type CommandContext, UsageError, withExistingDb, withExistingService } from '../context.ts';

const USAGE = [
  '用法：jiangbu audit verify | jiangbu audit purge --before 日期',
  'usage: jiangbu audit verify | jiangbu audit purge --before DATE',
] as const;

async function purge(ctx: CommandContext): Promise<number> {
  const before = ctx.options.before;
  if (!before) throw new UsageError(...USAGE);
  const r = await withExistingService(ctx, (s) => purgeAudit(s, before));
  ctx.io.stdout(
    ctx.lang === 'zh'
      ? `已清理 ${before} 之前的审计记录 ${r.purged} 条${r.throughSeq ? `（至 #${r.throughSeq}）` : ''}\n`
      : `purged ${r.purged} audit events before ${before}${r.throughSeq ? ` (through #${r.throughSeq})` : ''}\n`,
  );
  return 0;
}

export const audit: Command = async (ctx) => {
  if (ctx.args[0] === 'purge' && ctx.args.length === 1) return purge(ctx);
  if (ctx.args[0] !== 'verify' || ctx.args.length > 1) throw new UsageError(...USAGE);
  const v = await withExistingDb(ctx, (d) => verifyAudit(d.db));
  const zh = ctx.lang === 'zh';
  if (v.ok) {
    ctx.io.stdout(zh ? `审计日志完好：已校验 ${v.checked} 条\n` : `audit trail intact: ${v.checked} events checked\n`);
    return 0;
  }
  const why =
    v.why === 'hash'
      ? zh
        ? '内容与哈希不符'
        : 'its content does not match its hash'
      : zh
        ? '与前一条的链接断开'
        : 'its link to the previous event is broken';
  ctx.io.stdout(
    zh
      ? `审计日志被篡改：第一条断裂的记录 #${v.brokenAt}（${why}）；此前 ${v.checked} 条完好\n`
      : `audit trail broken: first broken event #${v.brokenAt} (${why}); ${v.checked} events before it are intact\n`,
  );
  return 1;
};
