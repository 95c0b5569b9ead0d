/** `jiangbu template KIND`, `jiangbu import KIND FILE.xlsx`, `jiangbu export KIND FILE`. */
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { formatReport, writeReport } from '../../excel/report.ts';
import { IMPORT_KINDS, type ImportKind, SHEETS } from '../../excel/sheets.ts';
import { writeTemplate } from '../../excel/workbook.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { formatProblems } from '../../rules/scenario/problems.ts';
import { calcFromDb } from '../../service/calc-db.ts';
import { record } from '../../service/command.ts';
import { EXPORT_KINDS, exportLines, exportTable, type TableKind } from '../../service/export.ts';
import { importFile } from '../../service/import/index.ts';
import { exportBudgets } from '../../service/money/budget-files.ts';
import { type Command, type CommandContext, json, printJson, UsageError, withExistingService, withService } from '../context.ts';
import { checkOutputPath } from '../output.ts';
import { asOfOption, missingPriceWarning } from './calc.ts';
import { yearOption } from './money.ts';

function importKind(k: string | undefined): ImportKind {
  if (k && (IMPORT_KINDS as string[]).includes(k)) return k as ImportKind;
  throw new UsageError(
    `${k ? `没有“${k}”这种表；` : ''}应为以下之一：${IMPORT_KINDS.join('、')}`,
    `expected one of: ${IMPORT_KINDS.join(', ')}`,
  );
}

/** The file name suggested for a template, in the words users know the sheets by. */
const TEMPLATE_NAME: Record<ImportKind, string> = {
  communities: '街道和社区',
  prices: '市场参考价格',
  roster: '名单',
  companies: '企业',
  engagements: '承接',
  facts: '半年情况',
  committees: '业委会',
  facility: '设施改造',
  budgets: '年度预算',
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
    {
      format: `${ctx.lang === 'zh' ? '读取' : 'reading'} {bar} {percentage}% | {rows} ${ctx.lang === 'zh' ? '行' : 'rows'}`,
      stream: process.stderr,
    },
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
  if (!file) throw new UsageError(`jiangbu import ${k} 文件.xlsx：缺少文件`, `jiangbu import ${k} FILE.xlsx: missing file`);
  if (ctx.options.report) checkOutputPath(ctx.options.report);
  const bar = progressBar(ctx);
  let report: Awaited<ReturnType<typeof importFile>>;
  try {
    report = await withService(ctx, (s) => importFile(s, k, file, bar.update));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${file}：文件不存在`, `${file}: no such file`);
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
    ctx.io.stderr(ctx.lang === 'zh' ? `报告已写入 ${ctx.options.report}\n` : `report written to ${ctx.options.report}\n`);
  }
  return report.applied ? 0 : 2;
};

export const exportCommand: Command = async (ctx) => {
  const [kind, file] = ctx.args;
  if (kind === 'scenario') {
    const asOf = asOfOption(ctx);
    if (file) checkOutputPath(file);
    const { scenario } = await withExistingService(ctx, async (s) => {
      const built = await buildScenario(s.db, asOf);
      await record(s, { action: 'export.scenario', objectType: 'file', objectId: file ?? '-', result: 'ok', detail: { asOf } });
      return built;
    });
    if (file) writeFileSync(file, json(scenario));
    else printJson(ctx, scenario);
    return 0;
  }
  if (kind === 'budgets') {
    if (!file || ctx.args.length > 2)
      throw new UsageError(
        'jiangbu export budgets 文件.xlsx [--year 年度]：缺少文件',
        'jiangbu export budgets FILE.xlsx [--year Y]: missing file',
      );
    checkOutputPath(file);
    const year = yearOption(ctx);
    const rows = await withExistingService(ctx, (s) => exportBudgets(s, file, year === undefined ? {} : { year }));
    ctx.io.stderr(ctx.lang === 'zh' ? `已导出 ${rows} 项年度预算到 ${file}\n` : `exported ${rows} appropriations to ${file}\n`);
    return 0;
  }
  const kinds = [...EXPORT_KINDS, 'budgets', 'scenario'];
  if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`${kind ? `不能导出“${kind}”；` : ''}应为以下之一：${kinds.join('、')}`, `expected one of: ${kinds.join(', ')}`);
  if (!file) throw new UsageError(`jiangbu export ${kind} 文件.xlsx：缺少文件`, `jiangbu export ${kind} FILE.xlsx: missing file`);
  checkOutputPath(file);
  const rows = await withExistingService(ctx, async (s) => {
    if (kind !== 'lines') return exportTable(s, kind as TableKind, file, asOfOption(ctx));
    const out = await calcFromDb(
      s.db,
      asOfOption(ctx),
      { community: ctx.options.community, compound: ctx.options.compound },
      { lang: ctx.lang, overrides: ctx.overrides },
    );
    if (!out.ok) throw new UsageError(formatProblems(out.problems, 'zh'), formatProblems(out.problems, 'en'));
    ctx.io.stderr(missingPriceWarning(out.missingPrices, ctx.lang));
    return exportLines(s, out.value, file);
  });
  ctx.io.stderr(ctx.lang === 'zh' ? `已导出 ${rows} 行到 ${file}\n` : `exported ${rows} rows to ${file}\n`);
  return 0;
};
