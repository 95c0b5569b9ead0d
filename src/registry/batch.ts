/** Multi-row inserts in batches: one statement per `size` rows (PGlite and pg alike). */
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';

export async function insertBatched<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  size = 1000,
): Promise<{ id: number }[]> {
  const out: { id: number }[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    // every registry table has a serial `id`
    const ids = (await db
      .insert(table)
      .values(chunk as never)
      .returning({ id: (table as unknown as { id: never }).id })) as { id: number }[];
    out.push(...ids);
  }
  return out;
}
