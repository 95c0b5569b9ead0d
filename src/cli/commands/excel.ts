/** `jiangbu template KIND`, `jiangbu import KIND FILE.xlsx`, `jiangbu export KIND FILE`. */
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { EXPORT_KINDS, type ExportKind, exportLines, exportTable } from '../../excel/export.ts';
import { importFile } from '../../excel/import/index.ts';
import { formatReport, writeReport } from '../../excel/report.ts';
import { IMPORT_KINDS, type ImportKind, SHEETS } from '../../excel/sheets.ts';
import { writeTemplate } from '../../excel/workbook.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { parseDay } from '../../rules/dates/date.ts';
import { formatProblems } from '../../rules/scenario/problems.ts';
import { calcFromDb } from '../../service/calc-db.ts';
import { type Command, type CommandContext, json, printJson, UsageError, withDb, withExistingDb } from '../context.ts';
import { checkOutputPath } from '../output.ts';

function importKind(k: string | undefined): ImportKind {
  if (k && (IMPORT_KINDS as string[]).includes(k)) return k as ImportKind;
  throw new UsageError(`expected one of: ${IMPORT_KINDS.join(', ')}`);
}

/** The file name suggested for a template, in the words users know the sheets by. */
const TEMPLATE_NAME: Record<ImportKind, string> = {
  roster: '名单',
  companies: '企业',
  engagements: '承接',
  facts: '半年情况',
  committees: '业委会',
  facility: '设施改造',
};

export const template: Command = async (ctx) => {
  const [kind, file] = ctx.args;
  const k = importKind(kind);
  const sheet = SHEETS[k];
  // a workbook is binary: on a terminal it is garbage, and can leave the terminal in a bad state
  if (!file && ctx.io.stdoutIsTerminal) {
    const name = `${TEMPLATE_NAME[k]}模板.xlsx`;
    throw new UsageError(
      `模板是 xlsx 文件，不能写到终端：请给出文件名（jiangbu template ${k} ${name}）或重定向标准输出（jiangbu template ${k} > ${name}）`,
      `a template is an xlsx file, not for a terminal: name a file (jiangbu template ${k} ${name}) or redirect stdout (jiangbu template ${k} > ${name})`,
    );
  }
  if (file) {
    checkOutputPath(file);
    const out = createWriteStream(file);
    await writeTemplate(sheet, out);
    out.end();
    await finished(out);
  } else await writeTemplate(sheet, ctx.io.binaryStdout());
  return 0;
};

function progressBar(ctx: CommandContext) {
  if (!ctx.io.interactive) return { update: undefined, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: '读取 {bar} {percentage}% | {rows} 行', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p: { bytes: number; total: number; rows: number }) => {
      if (!started) {
        bar.start(p.total, 0, { rows: 0 });
        started = true;
      }
      bar.update(Math.min(p.bytes, p.total), { rows: p.rows });
    },
    stop: () => started && bar.stop(),
  };
}

export const importCommand: Command = async (ctx) => {
  const [kind, file] = ctx.args;
  const k = importKind(kind);
  if (!file) throw new UsageError(`jiangbu import ${k} FILE.xlsx: missing file`);
  if (ctx.options.report) checkOutputPath(ctx.options.report);
  const bar = progressBar(ctx);
  let report: Awaited<ReturnType<typeof importFile>>;
  try {
    report = await withDb(ctx, (d) => importFile(d.db, k, file, bar.update));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: 文件不存在`);
    if (/zip|central directory|signature/i.test((e as Error).message)) throw new UsageError(`${file}: 不是有效的 xlsx 文件`);
    throw e;
  } finally {
    bar.stop();
  }
  ctx.io.stderr(formatReport(report));
  if (ctx.options.report) {
    const out = createWriteStream(ctx.options.report);
    await writeReport(report, out);
    out.end();
    await finished(out);
    ctx.io.stderr(`报告已写入 ${ctx.options.report}\n`);
  }
  return report.applied ? 0 : 2;
};

export const exportCommand: Command = async (ctx) => {
  const [kind, file] = ctx.args;
  if (kind === 'scenario') {
    const asOf = ctx.options['as-of'] ?? ctx.io.today();
    if (parseDay(asOf) === null) throw new UsageError(`--as-of ${asOf}: not a date YYYY-MM-DD`);
    if (file) checkOutputPath(file);
    const scenario = await withExistingDb(ctx, (d) => buildScenario(d.db, asOf));
    if (file) writeFileSync(file, json(scenario));
    else printJson(ctx, scenario);
    return 0;
  }
  if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`expected one of: ${[...EXPORT_KINDS, 'scenario'].join(', ')}`);
  if (!file) throw new UsageError(`jiangbu export ${kind} FILE.xlsx: missing file`);
  checkOutputPath(file);
  const rows = await withExistingDb(ctx, async (d) => {
    if (kind !== 'lines') return exportTable(d.db, kind as Exclude<ExportKind, 'lines'>, file);
    const asOf = ctx.options['as-of'] ?? ctx.io.today();
    if (parseDay(asOf) === null) throw new UsageError(`--as-of ${asOf}: not a date YYYY-MM-DD`);
    const out = await calcFromDb(
      d.db,
      asOf,
      { community: ctx.options.community, compound: ctx.options.compound },
      { lang: ctx.lang, overrides: ctx.overrides },
    );
    if (!out.ok) throw new UsageError(formatProblems(out.problems, ctx.lang));
    return exportLines(out.value, file);
  });
  ctx.io.stderr(`已导出 ${rows} 行到 ${file}\n`);
  return 0;
};
