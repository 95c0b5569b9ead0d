/**
 * Bulk inserts: one statement per chunk that inserts from `unnest` of one array parameter per
 * column — a handful of parameters whatever the number of rows, on PGlite and PostgreSQL alike.
 * (Building a multi-row VALUES list through the query builder costs more than the insert itself.)
 * Ids come back in input order: PostgreSQL inserts and returns the rows in the order unnest gives them.
 * `returning` names the key column to return (`seq` for the audit trail), or null for a table without one.
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';

export async function insertBatched<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  size = 10000,
  returning: string | null = 'id',
): Promise<{ id: number }[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // the columns some row gives a value; the others keep their defaults
  const keys = Object.keys(columns).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined));
  const out: { id: number }[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size) as Record<string, unknown>[];
    const names: SQL[] = [];
    const arrays: SQL[] = [];
    for (const k of keys) {
      const column = columns[k] as PgColumn;
      const values = chunk.map((r) => {
        const v = r[k];
        return v === undefined || v === null ? null : column.mapToDriverValue(v);
      });
      names.push(sql`${sql.identifier(column.name)}`);
      arrays.push(sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`);
    }
    const result = (await db.execute(
      sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})${returning ? sql` returning ${sql.identifier(returning)} as id` : sql``}`,
    )) as unknown as { rows: { id: number | string }[] };
    for (const r of result.rows) out.push({ id: Number(r.id) });
  }
  return out;
}
