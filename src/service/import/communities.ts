/**
 * Import of subdistricts (街道) and communities (社区): the places every other sheet names. The only
 * import that creates them (natural keys: subdistrict name; subdistrict + community name).
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { naturalCode, parseRows } from './common.ts';

interface CommunityRow {
  subdistrict: string;
  community: string;
  code?: string;
}

export async function importCommunities(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parsed = await parseRows<CommunityRow>(rows, SHEETS.communities, report, ['subdistrict', 'community']);
  const subdistricts = new Map((await tx.select().from(t.subdistricts)).map((s) => [s.name, s.id]));
  const communities = await tx.select().from(t.communities);
  const byKey = new Map(communities.map((c) => [`${c.subdistrictId}/${c.name}`, c]));
  const byCode = new Map(communities.map((c) => [c.code, c]));
  const fileCodes = new Map<string, number>();
  const newSubdistricts = new Set<string>();
  const creates: { v: CommunityRow; code: string }[] = [];
  for (const { row, values: v } of parsed) {
    const subId = subdistricts.get(v.subdistrict);
    const current = subId === undefined ? undefined : byKey.get(`${subId}/${v.community}`);
    if (current) {
      if (v.code !== undefined && v.code !== current.code)
        report.errors.push({ row, column: '社区编码', value: v.code, message: `该社区已登记，编码为 ${current.code}；编码登记后不能更改` });
      else report.unchanged++;
      continue;
    }
    const code = v.code ?? naturalCode('C', `${v.subdistrict}/${v.community}`);
    const taken = byCode.get(code);
    const again = fileCodes.get(code);
    if (taken || again !== undefined) {
      report.errors.push({
        row,
        column: '社区编码',
        value: code,
        message: taken ? `编码已被社区“${taken.name}”使用` : `编码与第 ${again} 行相同`,
      });
      continue;
    }
    fileCodes.set(code, row);
    if (subId === undefined) newSubdistricts.add(v.subdistrict);
    creates.push({ v, code });
  }
  report.created = creates.length;
  if (report.errors.length > 0) return;
  const subRows = [...newSubdistricts].map((name) => ({ code: naturalCode('S', name), name }));
  for (const [i, { id }] of (await insertBatched(tx, t.subdistricts, subRows)).entries())
    subdistricts.set((subRows[i] as { name: string }).name, id);
  await insertBatched(
    tx,
    t.communities,
    creates.map(({ v, code }) => ({ code, name: v.community, subdistrictId: subdistricts.get(v.subdistrict) as number })),
  );
}
