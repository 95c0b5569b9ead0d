/**
 * `jiangbu spending show CODE [--json]`: an owners' committee's spending ledger (clause 3.3) — the grant
 * received, each use and correction with the balance after it, the totals. An adapter: the service reads.
 */
import { formatFenGrouped, parseYuan } from '../../ledger/money.ts';
import { type LedgerLine, MAX_PAGE, type SpendingLedger, spendingLedger } from '../../service/money/spending.ts';
import { type Command, printJson, UsageError, withExistingService } from '../context.ts';
import { formatTable } from '../table.ts';

const USAGE = ['用法：jiangbu spending show 业委会编号 [--json]', 'usage: jiangbu spending show COMMITTEE [--json]'] as const;

/** What a line says, in words. */
function summary(l: LedgerLine, zh: boolean): string {
  if (l.kind === 'received') return zh ? '一次性补助到账' : 'grant received';
  if (l.kind === 'reversal') return zh ? `冲正：${l.item}（${l.reason}）` : `correction: ${l.item} (${l.reason})`;
  return l.reversed ? `${l.item}${zh ? '（已冲正）' : ' (corrected)'}` : (l.item ?? '');
}

export const spending: Command = async (ctx) => {
  const [sub, code, ...rest] = ctx.args;
  if (sub !== 'show' || !code || rest.length) throw new UsageError(...USAGE);
  const zh = ctx.lang === 'zh';
  const ledger: SpendingLedger = await withExistingService(ctx, async (s) => {
    const first = await spendingLedger(s.db, s.actor, code, { limit: MAX_PAGE });
    while (first.lines.length < first.page.total) {
      const next = await spendingLedger(s.db, s.actor, code, { limit: MAX_PAGE, offset: first.lines.length });
      if (next.lines.length === 0) break;
      first.lines.push(...next.lines);
    }
    return { ...first, page: { ...first.page, limit: first.lines.length } };
  });
  if (ctx.options.json) {
    printJson(ctx, ledger);
    return 0;
  }
  const money = (s: string) => formatFenGrouped(parseYuan(s));
  const w = ledger.committee;
  ctx.io.stdout(
    zh
      ? `${w.name}（${w.code}，${w.communityName}）补助收支台账：收到 ${money(ledger.received)} 元，支出 ${money(ledger.spent)} 元，余额 ${money(ledger.balance)} 元\n`
      : `${w.name} (${w.code}, ${w.communityName}) spending ledger: received ${ledger.received}, spent ${ledger.spent}, balance ${ledger.balance}\n`,
  );
  if (!ledger.paid) {
    ctx.io.stdout(zh ? '补助尚未拨付到账。\n' : 'the grant has not been paid yet.\n');
    return 0;
  }
  ctx.io.stdout(
    formatTable(
      zh ? ['日期', '摘要', '收入', '支出', '余额', '票据'] : ['date', 'item', 'in', 'out', 'balance', 'receipt'],
      ledger.lines.map((l) => [
        l.date,
        summary(l, zh),
        l.kind === 'spent' ? '' : money(l.amount),
        l.kind === 'spent' ? money(l.amount) : '',
        money(l.balance),
        l.kind !== 'spent' ? '' : l.receipt ? (zh ? '有' : 'yes') : zh ? '无' : 'no',
      ]),
    ),
  );
  return 0;
};
