/** The row-level report of an import: blocking errors and warnings, each naming row, column and value. */
import type { Writable } from 'node:stream';
import ExcelJS from './exceljs.ts';
import { addTable } from './workbook.ts';

export interface ReportEntry {
  /** spreadsheet row (1-based; 1 is the header row) */
  row: number;
  column: string;
  value: string;
  message: string;
}

/** A value an import changed: what the registry held and what it holds now. */
export interface ReportChange {
  row: number;
  column: string;
  from: string;
  to: string;
}

export interface ImportReport {
  kind: string;
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ReportEntry[];
  warnings: ReportEntry[];
  /** each value an update changes (the row counts as 更新) */
  changes: ReportChange[];
  /** false: a blocking error left the registry as it was */
  applied: boolean;
}

export function newReport(kind: string, file: string): ImportReport {
  return { kind, file, rows: 0, created: 0, updated: 0, unchanged: 0, errors: [], warnings: [], changes: [], applied: false };
}

const change = (c: ReportChange) => `  第 ${c.row} 行「${c.column}」：${c.from || '（空）'} → ${c.to || '（空）'}`;
const line = (e: ReportEntry) => `  第 ${e.row} 行 ${e.column ? `「${e.column}」` : ''}${e.value ? `（${e.value}）` : ''}：${e.message}`;

/** What happened, in a sentence: imported with its counts, or refused with nothing changed. */
export function reportSummary(r: ImportReport): { zh: string; en: string } {
  return r.applied
    ? {
        zh: `导入完成：${r.rows} 行，新增 ${r.created}，更新 ${r.updated}，未变 ${r.unchanged}；警告 ${r.warnings.length} 条。`,
        en: `imported: ${r.rows} rows, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.warnings.length} warnings.`,
      }
    : {
        zh: `导入未执行：发现 ${r.errors.length} 处阻断性错误，登记数据未作任何改动。共 ${r.rows} 行，警告 ${r.warnings.length} 条。`,
        en: `not imported: ${r.errors.length} blocking errors, the registry is unchanged. ${r.rows} rows, ${r.warnings.length} warnings.`,
      };
}

/** A summary for the terminal (zh-CN), with at most `limit` entries of each kind. */
export function formatReport(r: ImportReport, limit = 50): string {
  const out = [reportSummary(r).zh];
  if (r.errors.length) out.push('错误：', ...r.errors.slice(0, limit).map(line));
  if (r.errors.length > limit) out.push(`  …… 另有 ${r.errors.length - limit} 处错误，见报告文件（--report FILE.xlsx）`);
  if (r.warnings.length) out.push('警告：', ...r.warnings.slice(0, limit).map(line));
  if (r.warnings.length > limit) out.push(`  …… 另有 ${r.warnings.length - limit} 条警告`);
  if (r.applied && r.changes.length) out.push('更新：', ...r.changes.slice(0, limit).map(change));
  if (r.applied && r.changes.length > limit) out.push(`  …… 另有 ${r.changes.length - limit} 处更新，见报告文件（--report FILE.xlsx）`);
  return `${out.join('\n')}\n`;
}

export async function writeReport(r: ImportReport, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const rows = [
    ...r.errors.map((e) => ['错误', e.row, e.column, e.value, e.message]),
    ...r.warnings.map((e) => ['警告', e.row, e.column, e.value, e.message]),
    ...(r.applied ? r.changes.map((c) => ['更新', c.row, c.column, c.to, `原为 ${c.from || '（空）'}`]) : []),
  ];
  addTable(
    wb,
    '导入报告',
    [
      { header: '级别', format: 'text', width: 8 },
      { header: '行号', format: 'integer', width: 8 },
      { header: '列', format: 'text', width: 24 },
      { header: '值', format: 'text', width: 24 },
      { header: '说明', format: 'text', width: 60 },
    ],
    rows,
  );
  addTable(
    wb,
    '汇总',
    [
      { header: '项目', format: 'text', width: 16 },
      { header: '数量', format: 'integer', width: 12 },
    ],
    [
      ['行数', r.rows],
      ['新增', r.created],
      ['更新', r.updated],
      ['未变', r.unchanged],
      ['错误', r.errors.length],
      ['警告', r.warnings.length],
      ['已导入', r.applied ? 1 : 0],
    ],
  );
  await wb.xlsx.write(out);
}
