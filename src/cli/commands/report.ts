/**
 * `jiangbu report funds|coverage|satisfaction [--year Y | --as-of DATE] [--json] [--xlsx FILE]`: the
 * reports of src/service/reports/ — as the tables of the workbook on the terminal, as JSON, or as the
 * workbook itself (an audited export), acting as the operator (the whole city).
 */
import { buildReport, exportReport, REPORT_KINDS, type ReportKind, type ReportQuery, reportTables } from '../../service/reports/xlsx.ts';
import { type Command, type CommandContext, printJson, UsageError, withExistingService } from '../context.ts';
import { checkOutputPath, writeFileWhole } from '../output.ts';
import { formatTable } from '../table.ts';
import { asOfOption } from './calc.ts';

const USAGE = [
  '用法：jiangbu report funds|satisfaction [--year 年度] | jiangbu report coverage [--as-of 日期]，可加 [--json] [--xlsx 文件.xlsx]',
  'usage: jiangbu report funds|satisfaction [--year YEAR] | jiangbu report coverage [--as-of DATE], with [--json] [--xlsx FILE.xlsx]',
] as const;

function yearOption(ctx: CommandContext): number | undefined {
  const y = ctx.options.year;
  if (y === undefined) return undefined;
  if (!/^\d{4}$/.test(y)) throw new UsageError(`--year ${y}：应为四位年份，如 2025`, `--year ${y}: expected a four-digit year, e.g. 2025`);
  return Number(y);
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export const report: Command = async (ctx) => {
  const [kind, ...rest] = ctx.args;
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind) || rest.length > 0) throw new UsageError(...USAGE);
  const k = kind as ReportKind;
  const q: ReportQuery = k === 'coverage' ? { asOf: asOfOption(ctx) } : { year: yearOption(ctx) };
  const file = ctx.options.xlsx;
  if (file) {
    checkOutputPath(file);
    const out = await withExistingService(ctx, (s) => exportReport(s, k, q));
    writeFileWhole(file, out.bytes);
    ctx.io.stderr(ctx.lang === 'zh' ? `已写入 ${file}（${out.rows} 行）\n` : `written to ${file} (${out.rows} rows)\n`);
    if (!ctx.options.json) return 0;
  }
  await withExistingService(ctx, async (s) => {
    const r = await buildReport(s, k, q);
    if (ctx.options.json) return printJson(ctx, r);
    for (const t of reportTables(s, k, r))
      ctx.io.stdout(
        `${t.title}\n${formatTable(
          t.columns.map((c) => c.header),
          [...t.rows].map((row) => row.map(cell)),
        )}\n`,
      );
  });
  return 0;
};
