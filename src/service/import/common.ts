/** What every importer shares: stable codes from natural keys, decimal comparison, the row loop, updates. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { ImportReport } from '../../excel/report.ts';
import { parseRow, type Sheet } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { cmp, parseDecimal } from '../../rules/exact/rational.ts';

/** A stable code for a record made from a natural key: the same key gives the same code anywhere. */
export const naturalCode = (prefix: string, key: string): string =>
  `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 12).toUpperCase()}`;

/** Equal as decimals ("1000.5" = "1000.50"); null equals only null. */
export function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return cmp(parseDecimal(a), parseDecimal(b)) === 0;
}

export interface ParsedRow<T> {
  row: number;
  values: T;
}

/**
 * Parses rows one by one: cell problems go to the report as errors (the row is dropped); the natural
 * key (the columns `keys`) finds rows repeated in the file — an error on the later row, naming them.
 */
export function rowParser<T>(sheet: Sheet, report: ImportReport, keys: readonly string[]): (r: SheetRow) => ParsedRow<T> | null {
  const seen = new Map<string, number>();
  const columns = keys.map((k) => sheet.columns.find((c) => c.key === k)?.header ?? k);
  return (r) => {
    report.rows++;
    const { values, problems } = parseRow(sheet, r.raw);
    for (const p of problems) report.errors.push({ row: r.row, ...p });
    if (problems.length) return null;
    const parts = keys.map((k) => String(values[k] ?? ''));
    const k = parts.join('\u0000');
    const first = seen.get(k);
    if (first !== undefined) {
      report.errors.push({
        row: r.row,
        column: columns.join('、'),
        value: parts.filter(Boolean).join(' / '),
        message: `与第 ${first} 行重复（${columns.join('、')}相同）`,
      });
      return null;
    }
    seen.set(k, r.row);
    return { row: r.row, values: values as T };
  };
}

/** Every row parsed (see `rowParser`); the rows without problems. */
export async function parseRows<T>(
  rows: AsyncIterable<SheetRow>,
  sheet: Sheet,
  report: ImportReport,
  keys: readonly string[],
): Promise<ParsedRow<T>[]> {
  const parse = rowParser<T>(sheet, report, keys);
  const out: ParsedRow<T>[] = [];
  for await (const r of rows) {
    const p = parse(r);
    if (p) out.push(p);
  }
  return out;
}

/** A stored field a row may update, with its column header and how a value is shown in the report. */
export interface Field {
  key: string;
  label: string;
  decimal?: boolean;
  show?: (v: unknown) => string;
}

const shown = (f: Field, v: unknown): string =>
  v === null || v === undefined ? '' : f.show ? f.show(v) : typeof v === 'boolean' ? (v ? '是' : '否') : String(v);

/**
 * The fields a row changes, each reported as (row, column, from, to). A blank cell changes nothing:
 * the stored value stays (a blank is never read as "erase").
 */
export function changedFields(
  row: number,
  current: Record<string, unknown>,
  incoming: Record<string, unknown>,
  fields: readonly Field[],
  report: ImportReport,
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const f of fields) {
    const next = incoming[f.key];
    if (next === undefined || next === null) continue;
    const now = current[f.key];
    if (f.decimal ? sameDecimal(now as string | null, next as string) : now === next) continue;
    set[f.key] = next;
    report.changes.push({ row, column: f.label, from: shown(f, now), to: shown(f, next) });
  }
  return set;
}

/**
 * A value as an export shows it masked (src/lib/mask.ts) — the stored value's own mask — read back as
 * "keep what is stored" (undefined): a sheet exported and imported again changes no personal data.
 */
export const unmasked = (incoming: string | undefined, stored: string | null, mask: (s: string) => string): string | undefined =>
  incoming !== undefined && stored !== null && incoming !== stored && incoming === mask(stored) ? undefined : incoming;

/** Updates one row by id (the database stamps who and when, and the version). */
export async function updateById<T extends PgTable & { id: PgColumn }>(tx: Db, table: T, id: number, set: Record<string, unknown>) {
  if (Object.keys(set).length > 0)
    await tx
      .update(table)
      .set(set as never)
      .where(eq(table.id, id));
}
