/** The compound a row names by (街道,) 社区 and 小区名称, or an error in the report naming the column. */
import type * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import type { Places } from './places.ts';

export function findCompound(
  places: Places,
  row: number,
  v: { subdistrict?: string | undefined; community: string; compound: string },
  report: ImportReport,
): typeof t.compounds.$inferSelect | null {
  const community = places.community(v.subdistrict, v.community);
  if (!community.ok) {
    report.errors.push({
      row,
      column: community.column,
      value: community.column === '街道' ? (v.subdistrict ?? '') : v.community,
      message: community.message,
    });
    return null;
  }
  const compound = places.compound(community.value, v.compound);
  if (!compound.ok) {
    report.errors.push({ row, column: compound.column, value: v.compound, message: compound.message });
    return null;
  }
  return compound.value;
}
