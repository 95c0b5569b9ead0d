/**
 * Money at the command line (docs/domain.md "Money"): `budget show|set`, `settle`, `batch list|show|
 * approve|bank-file|form|bank-result`. Adapters only: the service layer decides and records.
 */
import { writeFileSync } from 'node:fs';
import { formatFenGrouped, parseYuan } from '../../ledger/money.ts';
import { userError } from '../../lib/errors.ts';
import { readBankResult, writeBankFile } from '../../service/money/bank-files.ts';
import { approvalFormData, approveBatchAs, bankFileRows, listBatches, viewBatch } from '../../service/money/batches.ts';
import { budgetFigures, setAppropriation } from '../../service/money/budgets.ts';
import { settle } from '../../service/money/settle.ts';
import { renderApprovalForm } from '../../settlement/approval-form.ts';
import { chromiumPath, htmlToPdf } from '../../settlement/pdf.ts';
import { type Command, type CommandContext, printJson, UsageError, withExistingService } from '../context.ts';
import { formatTable } from '../table.ts';

const printTable = (ctx: CommandContext, head: string[], body: string[][]) => ctx.io.stdout(formatTable(head, body));

const BUDGET_USAGE = [
  '用法：jiangbu budget show [--year 年度] [--json] | jiangbu budget set --year 年度 --programme T|W|F --amount 金额 [--note 备注]',
  'usage: jiangbu budget show [--year Y] [--json] | jiangbu budget set --year Y --programme T|W|F --amount AMOUNT [--note TEXT]',
] as const;

export const yearOption = (ctx: CommandContext): number | undefined => {
  const y = ctx.options.year;
  if (y === undefined) return undefined;
  if (!/^\d{4}$/.test(y)) throw new UsageError(`--year ${y}：应为四位年份，如 2025`, `--year ${y}: expected a year such as 2025`);
  return Number(y);
};

export const budget: Command = async (ctx) => {
  const zh = ctx.lang === 'zh';
  if (ctx.args[0] === 'set' && ctx.args.length === 1) {
    const { programme, amount, note } = ctx.options;
    const year = yearOption(ctx);
    if (year === undefined || !programme || !amount) throw new UsageError(...BUDGET_USAGE);
    const r = await withExistingService(ctx, (s) => setAppropriation(s, { year, programme: programme as 'T', amount, note }));
    ctx.io.stdout(
      zh ? `${year}年 ${programme} 预算：${r.before} → ${r.after} 元\n` : `${year} ${programme} budget: ${r.before} → ${r.after}\n`,
    );
    return 0;
  }
  if (ctx.args[0] !== 'show' || ctx.args.length > 1) throw new UsageError(...BUDGET_USAGE);
  const year = yearOption(ctx);
  const rows = await withExistingService(ctx, (s) => budgetFigures(s.db, s.actor, year === undefined ? {} : { year }));
  if (ctx.options.json) {
    printJson(ctx, rows);
    return 0;
  }
  const money = (s: string) => formatFenGrouped(parseYuan(s));
  printTable(
    ctx,
    zh
      ? ['年度', '项目', '社区', '预算（额度）', '已批准未拨付', '已拨付', '可用余额']
      : ['year', 'programme', 'community', 'appropriated', 'reserved', 'paid', 'remaining'],
    rows.map((r) => [
      String(r.year),
      r.programme,
      r.community ? `${r.community.name}（${r.community.code}）` : zh ? '全市' : 'city',
      money(r.appropriated),
      money(r.reserved),
      money(r.paid),
      money(r.remaining),
    ]),
  );
  return 0;
};

const SETTLE_USAGE = [
  '用法：jiangbu settle T --period 2025H1 [--as-of 日期] [--json] | jiangbu settle W|F --year 2025 [--as-of 日期] [--json]',
  'usage: jiangbu settle T --period 2025H1 [--as-of DATE] [--json] | jiangbu settle W|F --year 2025 [--as-of DATE] [--json]',
] as const;

export const settleCommand: Command = async (ctx) => {
  const programme = ctx.args[0];
  if (ctx.args.length !== 1 || !programme || !['T', 'W', 'F'].includes(programme)) throw new UsageError(...SETTLE_USAGE);
  const period = programme === 'T' ? ctx.options.period : ctx.options.year;
  if (!period || (programme === 'T' ? ctx.options.year : ctx.options.period) !== undefined) throw new UsageError(...SETTLE_USAGE);
  const zh = ctx.lang === 'zh';
  const out = await withExistingService(ctx, async (s) => {
    const r = await settle(s, { programme: programme as 'T', period, ...(ctx.options['as-of'] ? { asOf: ctx.options['as-of'] } : {}) });
    return { r, batch: r.batchNo ? await viewBatch(s.db, s.actor, r.batchNo) : null };
  });
  for (const h of out.r.held) ctx.io.stderr(`${zh ? '暂不拨付' : 'held'} ${h.caseNo}: ${h.reason[ctx.lang]}\n`);
  if (ctx.options.json) {
    printJson(ctx, {
      batch: out.batch?.batch ?? null,
      programme,
      period,
      total: out.batch?.total ?? '0.00',
      lines: (out.batch?.lines ?? []).map((l) => ({ subject: l.subject, period: l.period, payee: l.payee, amount: l.amount })),
      held: out.r.held,
    });
    return 0;
  }
  if (!out.batch) {
    ctx.io.stdout(zh ? `没有新的可拨付事项，未生成批次\n` : `nothing new is payable: no batch made\n`);
    return 0;
  }
  ctx.io.stdout(
    zh
      ? `已生成拨付批次 ${out.batch.batch}：${out.batch.lineCount} 笔，合计 ${formatFenGrouped(parseYuan(out.batch.total))} 元（待财政局审批）\n`
      : `settlement batch ${out.batch.batch}: ${out.batch.lineCount} lines, total ${out.batch.total} (awaiting finance approval)\n`,
  );
  return 0;
};

const BATCH_USAGE = [
  '用法：jiangbu batch list [--json] | show 批次号 [--json] | approve 批次号 --username 用户名（密码从标准输入读取） | bank-file 批次号 文件.xlsx | form 批次号 [文件.html|文件.pdf] | bank-result 批次号 文件.xlsx',
  'usage: jiangbu batch list [--json] | show NO [--json] | approve NO --username NAME (password on stdin) | bank-file NO FILE.xlsx | form NO [FILE.html|FILE.pdf] | bank-result NO FILE.xlsx',
] as const;

export const batch: Command = async (ctx) => {
  const [sub, no, file] = ctx.args;
  const zh = ctx.lang === 'zh';
  if (sub === 'list' && !no) {
    const rows = await withExistingService(ctx, (s) => listBatches(s.db, s.actor));
    if (ctx.options.json) printJson(ctx, rows);
    else
      printTable(
        ctx,
        zh ? ['批次号', '项目', '期间', '状态', '笔数', '合计'] : ['batch', 'programme', 'period', 'state', 'lines', 'total'],
        rows.map((b) => [b.batch, b.programme, b.period, b.state, String(b.lineCount), formatFenGrouped(parseYuan(b.total))]),
      );
    return 0;
  }
  if (!no || ctx.args.length > 3) throw new UsageError(...BATCH_USAGE);
  if (sub === 'show' && !file) {
    const b = await withExistingService(ctx, (s) => viewBatch(s.db, s.actor, no));
    if (ctx.options.json) printJson(ctx, b);
    else {
      ctx.io.stdout(`${b.batch} ${b.programme} ${b.period} ${b.state} ${zh ? '合计' : 'total'} ${formatFenGrouped(parseYuan(b.total))}\n`);
      printTable(
        ctx,
        zh
          ? ['序号', '对象', '期间', '收款单位', '金额', '结果', '原因']
          : ['no', 'subject', 'period', 'payee', 'amount', 'result', 'reason'],
        b.lines.map((l) => [String(l.seq), l.subject, l.period ?? '', l.payeeName, l.amount, l.result, l.resultReason ?? '']),
      );
    }
    return 0;
  }
  if (sub === 'approve' && !file) {
    const username = ctx.options.username;
    if (!username) throw new UsageError(...BATCH_USAGE);
    const password = ctx.io.readFile('-').split(/\r?\n/)[0] ?? '';
    const b = await withExistingService(ctx, (s) => approveBatchAs(s, username, no, password));
    ctx.io.stdout(zh ? `批次 ${b.batch} 已由 ${b.approvedBy} 审批\n` : `batch ${b.batch} approved by ${b.approvedBy}\n`);
    return 0;
  }
  if (sub === 'bank-file' && file) {
    const n = await withExistingService(ctx, async (s) => writeBankFile(file, await bankFileRows(s, no)));
    ctx.io.stdout(zh ? `已写出银行支付文件 ${file}：${n} 笔\n` : `wrote the bank payment file ${file}: ${n} lines\n`);
    return 0;
  }
  if (sub === 'form') {
    const html = await withExistingService(ctx, async (s) => renderApprovalForm(await approvalFormData(s, no), ctx.lang));
    if (!file) ctx.io.stdout(html);
    else if (file.toLowerCase().endsWith('.pdf')) {
      if (!chromiumPath())
        throw userError(
          'pdf.no_chromium',
          '本机没有 Chromium，无法生成 PDF；请改为输出 .html 后用浏览器打印',
          'no Chromium here to print a PDF; write .html and print it from a browser',
        );
      await htmlToPdf(html, file);
      ctx.io.stdout(zh ? `已写出拨付审批表 ${file}\n` : `wrote the approval form ${file}\n`);
    } else {
      writeFileSync(file, html);
      ctx.io.stdout(zh ? `已写出拨付审批表 ${file}（A4，可直接打印）\n` : `wrote the approval form ${file} (A4, ready to print)\n`);
    }
    return 0;
  }
  if (sub === 'bank-result' && file) {
    const r = await withExistingService(ctx, async (s) => readBankResult(s, no, file));
    if (r.problems.length) {
      ctx.io.stdout(
        `${zh ? `银行回单未导入：${r.problems.length} 处错误，批次未作任何改动` : `bank result not imported: ${r.problems.length} problems, the batch is unchanged`}\n${r.problems
          .map((p) => `  ${zh ? `第 ${p.row} 行` : `row ${p.row}`}「${p.column}」${p.value ? `（${p.value}）` : ''}：${p.message}`)
          .join('\n')}\n`,
      );
      return 1;
    }
    ctx.io.stdout(
      zh
        ? `银行回单已导入：成功 ${r.paid}，失败 ${r.failed}，退回 ${r.returned}${r.unchanged ? `，已导入过未变 ${r.unchanged}` : ''}${r.settled ? '；批次已结清' : ''}（失败和退回的事项回到可拨付，进入下一批次）\n`
        : `bank result imported: paid ${r.paid}, failed ${r.failed}, returned ${r.returned}${r.unchanged ? `, already recorded ${r.unchanged}` : ''}${r.settled ? '; the batch is settled' : ''} (failed and returned lines are payable again in the next batch)\n`,
    );
    return 0;
  }
  throw new UsageError(...BATCH_USAGE);
};
