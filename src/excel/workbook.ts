/**
 * Reading and writing the spreadsheets: a template (headers and a notes row), a streaming reader
 * that finds the sheet and maps its columns by their Chinese headers, and a writer of tables with
 * typed columns.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import type { CellValue, Fill, Font, Row, Workbook, Worksheet } from 'exceljs';
import { UserError, userError } from '../lib/errors.ts';
import { type Cell, shown } from './cells.ts';
import ExcelJS from './exceljs.ts';
import { malformedFile, sheetNotFound } from './file-errors.ts';
import type { Sheet } from './sheets.ts';
import { type Book, openBook } from './xlsx.ts';
import { openZip, ZipProblem } from './zip.ts';

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

/** How a sheet column's cells are formatted (templates and the exports in template columns alike). */
export const columnFormat = (t: Sheet['columns'][number]['type']): ColumnFormat =>
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
    sheet.columns.map((c) => ({ header: c.header, format: columnFormat(c.type) })),
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

export const DEFAULT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const MAX_UNZIPPED_SETTING = 'JIANGBU_MAX_UNZIPPED_MB';

export interface ReadOptions {
  /** the name users know the file by (an upload's own name); default: the file's base name */
  name?: string;
  /** the most bytes the whole file may unzip to; default: JIANGBU_MAX_UNZIPPED_MB, else 200 MiB */
  maxUnzippedBytes?: number;
}

function maxUnzipped(options: ReadOptions): number {
  if (options.maxUnzippedBytes !== undefined) return options.maxUnzippedBytes;
  const setting = process.env[MAX_UNZIPPED_SETTING];
  if (setting === undefined || setting === '') return DEFAULT_MAX_UNZIPPED_BYTES;
  const mb = Number(setting);
  if (!(mb > 0))
    throw userError(
      'config.invalid',
      `${MAX_UNZIPPED_SETTING}=${setting}：应为正数（MiB）`,
      `${MAX_UNZIPPED_SETTING}=${setting}: expected a positive number of MiB`,
    );
  return Math.floor(mb * 1024 * 1024);
}

/** Headers compare without regard to full- or half-width forms and spaces: "管理面积 (m2)" is "管理面积（㎡）". */
const headerKey = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

const isBlank = (v: Cell) => v === null || v === undefined || v === '';
const cellsOf = (row: Row): Cell[] => row.values as Cell[];
const textsOf = (row: Row): string[] => Array.from(cellsOf(row), (v) => shown(v));

/** The first row with something in it, or null when the sheet has none. */
async function firstRow(rows: AsyncIterator<Row>): Promise<Row | null> {
  for (;;) {
    const next = await rows.next();
    if (next.done) return null;
    if (cellsOf(next.value).some((v) => !isBlank(v))) return next.value;
  }
}

/**
 * The sheet to read: the one named by the sheet's title, else the first whose first row holds every
 * required header (a workbook may open with an instructions sheet). Its rows continue after the
 * returned header row; null when there is no such sheet.
 */
async function findSheet(book: Book, sheet: Sheet): Promise<{ rows: AsyncIterator<Row>; header: Row | null } | null> {
  const title = headerKey(sheet.title.slice(0, 31));
  const titled = book.sheets.find((s) => s.part && headerKey(s.name) === title);
  if (titled) {
    const rows = book.rows(titled);
    return { rows, header: await firstRow(rows) };
  }
  const required = sheet.columns.filter((c) => c.required).map((c) => headerKey(c.header));
  for (const s of book.sheets) {
    if (!s.part) continue;
    const rows = book.rows(s);
    const header = await firstRow(rows);
    const headers = header ? textsOf(header).map(headerKey) : [];
    if (header && required.every((h) => headers.includes(h))) return { rows, header };
    await rows.return?.(); // closes the part
  }
  return null;
}

/** Checks the header row and maps each column index to a column key. */
function mapHeaders(sheet: Sheet, header: Row | null, onHeaders: (problems: HeaderProblem[]) => void): (string | undefined)[] {
  const headers = header ? textsOf(header) : [];
  const byKey = new Map(sheet.columns.map((c) => [headerKey(c.header), c]));
  const keys = headers.map((h) => byKey.get(headerKey(h))?.key);
  const problems: HeaderProblem[] = [];
  for (const c of sheet.columns) if (c.required && !keys.includes(c.key)) problems.push({ column: c.header, message: '缺少必填列' });
  headers.forEach((h, i) => {
    if (h && !keys[i]) problems.push({ column: h, message: '无法识别的列，已忽略' });
  });
  onHeaders(problems);
  return keys;
}

/**
 * Streams the sheet's rows (see `findSheet`): the first row holds the headers, a next row equal to
 * the template's notes is skipped. Yields each non-empty row with its cells keyed by column.
 * A file that cannot be read as such a workbook — empty, cut off, not an .xlsx, damaged, unzipping
 * beyond the limit, without the sheet — is one UserError `excel.malformed` naming the file; nothing
 * the file does escapes as a stream error.
 */
export async function* readSheet(
  file: string,
  sheet: Sheet,
  onHeaders: (problems: HeaderProblem[]) => void,
  onProgress?: (p: ReadProgress) => void,
  options: ReadOptions = {},
): AsyncGenerator<SheetRow> {
  const name = options.name ?? basename(file);
  const limit = maxUnzipped(options);
  /** Runs a reading step; whatever the file makes it throw becomes the file's one message. */
  const reading = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (e) {
      if (e instanceof UserError) throw e;
      const reason = e instanceof ZipProblem ? e.reason : 'damaged';
      throw malformedFile(name, reason, limit, e instanceof Error ? e.message : String(e));
    }
  };
  const fh = await open(file, 'r');
  let rows: AsyncIterator<Row> | undefined;
  try {
    const total = (await fh.stat()).size;
    const zip = await reading(() => openZip(fh, total, limit));
    const book = await reading(() => openBook(zip));
    if (!book) throw malformedFile(name, 'not-workbook', limit);
    const found = await reading(() => findSheet(book, sheet));
    if (!found)
      throw sheetNotFound(
        name,
        sheet.title,
        sheet.columns.filter((c) => c.required).map((c) => c.header),
        book.sheets.map((s) => s.name),
      );
    rows = found.rows;
    const keys = mapHeaders(sheet, found.header, onHeaders);
    const notesRow = (found.header?.number ?? 0) + 1;
    let count = 0;
    for (;;) {
      const next = await reading(() => (rows as AsyncIterator<Row>).next());
      if (next.done) break;
      const values = cellsOf(next.value);
      const raw: Record<string, Cell> = {};
      let empty = true;
      keys.forEach((k, i) => {
        if (!k) return;
        raw[k] = values[i];
        if (!isBlank(values[i])) empty = false;
      });
      if (empty) continue;
      if (next.value.number === notesRow && sheet.columns.every((c) => isBlank(raw[c.key]) || shown(raw[c.key]) === c.note)) continue;
      count++;
      if (onProgress && count % 1000 === 0) onProgress({ bytes: zip.bytesRead, total, rows: count });
      yield { row: next.value.number, raw };
    }
    onProgress?.({ bytes: total, total, rows: count });
  } finally {
    await rows?.return?.().catch(() => {}); // an early stop closes the part; its stream's last error is no news
    await fh.close();
  }
}

export interface TableSheet {
  title: string;
  columns: TableColumn[];
  rows: Iterable<unknown[]>;
}

/** A table whose rows may come from an async source (a batch's lines read page by page), drawn as the file is written. */
export type StreamedTable = Omit<TableSheet, 'rows'> & { rows: Iterable<unknown[]> | AsyncIterable<unknown[]> };

/**
 * Writes tables to an .xlsx file, one sheet each, row by row (streaming: large exports stay small in
 * memory). Returns the number of rows of the first table.
 */
export async function writeTablesFile(file: string, tables: StreamedTable[]): Promise<number> {
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
    for await (const r of rows) {
      ws.addRow(r.map((v, i) => cellValue((columns[i] as TableColumn).format, v))).commit();
      n++;
    }
    ws.commit();
    if (first < 0) first = n;
  }
  await wb.commit();
  return Math.max(first, 0);
}
