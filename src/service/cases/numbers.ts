/** Case numbers: JB-{year}-{programme letter}-{six digits}, one counter per year and letter. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export async function nextCaseNo(tx: Db, year: number, letter: 'T' | 'W' | 'F' | 'R'): Promise<string> {
  const result = (await tx.execute(
    sql`insert into case_counter (year, letter, last) values (${year}, ${letter}, 1)
        on conflict (year, letter) do update set last = case_counter.last + 1 returning last`,
  )) as unknown as { rows: { last: number | string }[] };
  const n = Number(result.rows[0]?.last);
  return `JB-${year}-${letter}-${String(n).padStart(6, '0')}`;
}

/** Today in China (UTC+8) as YYYY-MM-DD: the calendar day of dates users see. */
export const chinaDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
