/** For import tests: workbooks filled the way a person fills a template. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from '../../excel/exceljs.ts';
import { type ImportKind, SHEETS } from '../../excel/sheets.ts';

/** A row by header: header → cell value. */
export type Row = Record<string, unknown>;

export const xlsxDir = mkdtempSync(join(tmpdir(), 'jiangbu-xlsx-'));
let n = 0;

/** A workbook as a person would fill the template: headers, the notes row, then rows given by header. */
export async function sheetFile(kind: ImportKind, rows: Row[]): Promise<string> {
  const file = join(xlsxDir, `${kind}-${++n}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEETS[kind].title);
  const columns = SHEETS[kind].columns;
  ws.addRow(columns.map((c) => c.header));
  ws.addRow(columns.map((c) => c.note));
  for (const r of rows) {
    for (const k of Object.keys(r))
      assert.ok(
        columns.some((c) => c.header === k),
        `${kind} has no column ${k}`,
      );
    ws.addRow(columns.map((c) => r[c.header] ?? null));
  }
  await wb.xlsx.writeFile(file);
  return file;
}
