/**
 * Reading and writing the spreadsheets: a template (headers and a notes row), a streaming reader
 * that maps columns by their Chinese headers, and a writer of tables with typed columns.
 */
import { createReadStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { CellValue, Fill, Font, Row, Workbook, Worksheet } from 'exceljs';
import type { Cell } from './cells.ts';
import ExcelJS from './exceljs.ts';
import type { Sheet } from './sheets.ts';

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const NOTE_FONT: Partial<Font> = { italic: true, color: { argb: 'FF808080' }, size: 9 };

export type ColumnFormat = 'text' | 'integer' | 'money' | 'decimal' | 'date';

export interface TableColumn {
  header: string;
  format: ColumnFormat;
  width?: number;
}

const NUM_FMT: Record<ColumnFormat, string | undefined> = {
  text: '@',
  integer: '0',
  money: '#,##0.00',
  decimal: undefined,
  date: 'yyyy-mm-dd',
};

/** A value for a typed cell: dates as dates, money and decimals as numbers (display only). */
export function cellValue(format: ColumnFormat, v: unknown): CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (format === 'date') {
    const [y, m, d] = String(v).split('-').map(Number);
    return new Date(Date.UTC(y as number, (m as number) - 1, d as number));
  }
  if (format === 'money' || format === 'decimal' || format === 'integer') return Number(v);
  return String(v);
}

function styleColumns(ws: Worksheet, columns: TableColumn[]) {
  columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = c.width ?? Math.max(10, Math.min(40, c.header.length * 2 + 4));
    const fmt = NUM_FMT[c.format];
    if (fmt) column.numFmt = fmt;
  });
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

const formatOf = (t: Sheet['columns'][number]['type']): ColumnFormat =>
  t === 'date'
    ? 'date'
    : t === 'money'
      ? 'money'
      : t === 'integer'
        ? 'integer'
        : t === 'area' || t === 'price' || t === 'score'
          ? 'decimal'
          : 'text';

/** An empty import template: Chinese headers, a notes row, typed columns. */
export async function writeTemplate(sheet: Sheet, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jiangbu';
  const ws = wb.addWorksheet(sheet.title.slice(0, 31));
  ws.addRow(sheet.columns.map((c) => c.header));
  ws.addRow(sheet.columns.map((c) => c.note));
  ws.getRow(2).font = NOTE_FONT;
  styleColumns(
    ws,
    sheet.columns.map((c) => ({ header: c.header, format: formatOf(c.type) })),
  );
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  await wb.xlsx.write(out);
}

/** A table as a workbook sheet. */
export function addTable(wb: Workbook, title: string, columns: TableColumn[], rows: Iterable<unknown[]>): Worksheet {
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(columns.map((c) => c.header));
  for (const r of rows) ws.addRow(r.map((v, i) => cellValue((columns[i] as TableColumn).format, v)));
  styleColumns(ws, columns);
  return ws;
}

export interface SheetRow {
  /** the spreadsheet's row number (1-based) */
  row: number;
  raw: Record<string, Cell>;
}

export interface HeaderProblem {
  column: string;
  message: string;
}

export interface ReadProgress {
  bytes: number;
  total: number;
  rows: number;
}

/**
 * Streams the first worksheet: row 1 holds the headers, a row 2 equal to the template's notes is
 * skipped. Yields each non-empty row with its cells keyed by column.
 */
export async function* readSheet(
  file: string,
  sheet: Sheet,
  onHeaders: (problems: HeaderProblem[]) => void,
  onProgress?: (p: ReadProgress) => void,
): AsyncGenerator<SheetRow> {
  const total = statSync(file).size;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let keys: (string | undefined)[] | null = null;
  let rows = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<Row>) {
      const values = row.values as Cell[];
      if (!keys) {
        const headers = values.map((v) => (v === null || v === undefined ? '' : String(v).trim()));
        keys = headers.map((h) => sheet.columns.find((c) => c.header === h)?.key);
        const problems: HeaderProblem[] = [];
        for (const c of sheet.columns)
          if (!headers.includes(c.header) && c.required) problems.push({ column: c.header, message: '缺少必填列' });
        for (const h of headers)
          if (h && !sheet.columns.some((c) => c.header === h)) problems.push({ column: h, message: '无法识别的列，已忽略' });
        onHeaders(problems);
        continue;
      }
      const raw: Record<string, Cell> = {};
      let empty = true;
      keys.forEach((k, i) => {
        if (!k) return;
        const v = values[i];
        raw[k] = v;
        if (v !== null && v !== undefined && v !== '') empty = false;
      });
      if (empty) continue;
      if (row.number === 2 && sheet.columns.every((c) => raw[c.key] === undefined || raw[c.key] === null || raw[c.key] === c.note))
        continue;
      rows++;
      if (onProgress && rows % 1000 === 0) onProgress({ bytes, total, rows });
      yield { row: row.number, raw };
    }
    break; // the first worksheet only
  }
  onProgress?.({ bytes: total, total, rows });
}

export interface TableSheet {
  title: string;
  columns: TableColumn[];
  rows: Iterable<unknown[]>;
}

/**
 * Writes tables to an .xlsx file, one sheet each, row by row (streaming: large exports stay small in
 * memory). Returns the number of rows of the first table.
 */
export async function writeTablesFile(file: string, tables: TableSheet[]): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  let first = -1;
  for (const { title, columns, rows } of tables) {
    const ws = wb.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, Math.min(40, c.header.length * 2 + 4)),
      style: NUM_FMT[c.format] ? { numFmt: NUM_FMT[c.format] as string } : {},
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    let n = 0;
    for (const r of rows) {
      ws.addRow(r.map((v, i) => cellValue((columns[i] as TableColumn).format, v))).commit();
      n++;
    }
    ws.commit();
    if (first < 0) first = n;
  }
  await wb.commit();
  return Math.max(first, 0);
}
