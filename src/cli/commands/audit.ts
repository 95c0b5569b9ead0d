/** `jiangbu audit verify`: the audit trail's hash chain, checked end to end. */
import { verifyAudit } from '../../service/audit.ts';
import { type Command, UsageError, withExistingDb } from '../context.ts';

export const audit: Command = async (ctx) => {
  if (ctx.args[0] !== 'verify' || ctx.args.length > 1) throw new UsageError('用法：jiangbu audit verify', 'usage: jiangbu audit verify');
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
