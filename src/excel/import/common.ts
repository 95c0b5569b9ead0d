/** What every importer shares: stable codes from natural keys, decimal comparison, the row loop. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { insertBatched } from '../../registry/batch.ts';
import { cmp, parseDecimal } from '../../rules/exact/rational.ts';
import type { ImportReport } from '../report.ts';
import { parseRow, type Sheet } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';

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
 * Parses rows one by one: cell problems go to the report as errors (the row is dropped); `key` finds
 * rows repeated in the file (an error on the later row).
 */
export function rowParser<T>(sheet: Sheet, report: ImportReport, key: (v: T) => string): (r: SheetRow) => ParsedRow<T> | null {
  const seen = new Map<string, number>();
  return (r) => {
    report.rows++;
    const { values, problems } = parseRow(sheet, r.raw);
    for (const p of problems) report.errors.push({ row: r.row, ...p });
    if (problems.length) return null;
    const k = key(values as T);
    const first = seen.get(k);
    if (first !== undefined) {
      report.errors.push({ row: r.row, column: '', value: '', message: `与第 ${first} 行重复` });
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
  key: (v: T) => string,
): Promise<ParsedRow<T>[]> {
  const parse = rowParser(sheet, report, key);
  const out: ParsedRow<T>[] = [];
  for await (const r of rows) {
    const p = parse(r);
    if (p) out.push(p);
  }
  return out;
}

/** The apply step of a simple upsert: insert the new rows, update the changed ones by id, in one transaction. */
export function upsertApply<T extends PgTable & { id: PgColumn }>(
  db: Db,
  table: T,
  creates: T['$inferInsert'][],
  updates: { id: number; set: Partial<T['$inferInsert']> }[],
): () => Promise<void> {
  return async () => {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      await insertBatched(d, table, creates);
      for (const u of updates)
        await d
          .update(table)
          .set(u.set as never)
          .where(eq(table.id, u.id));
    });
  };
}
