/**
 * Import of the 2023 roster: subdistricts, communities and compounds are created as needed
 * (natural keys: subdistrict name; subdistrict + community name; community + compound name) and
 * each compound gets its sealed roster entry. A compound already on the roster with other values
 * is a blocking error: the snapshot is sealed, corrections go through a roster change.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { insertBatched } from '../../registry/batch.ts';
import { currentRosterCompoundIds } from '../../registry/scenario-build.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { naturalCode, parseRows, sameDecimal } from './common.ts';

interface RosterRow {
  subdistrict: string;
  community: string;
  name: string;
  kind: 'compound' | 'scattered';
  address?: string;
  area: string;
  households: number;
  occupiedHouseholds?: number;
  category?: string;
}

export async function importRoster(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<RosterRow>(rows, SHEETS.roster, report, (v) => `${v.subdistrict}/${v.community}/${v.name}`);
  const subdistricts = new Map((await db.select().from(t.subdistricts)).map((s) => [s.name, s]));
  const communities = new Map((await db.select().from(t.communities)).map((c) => [`${c.subdistrictId}/${c.name}`, c]));
  const compounds = new Map((await db.select().from(t.compounds)).map((c) => [`${c.communityId}/${c.name}`, c]));
  const onRoster = await currentRosterCompoundIds(db);
  const rosterByCompound = new Map(
    (await db.select().from(t.roster2023)).filter((e) => onRoster.has(e.compoundId)).map((e) => [e.compoundId, e]),
  );

  const newSubdistricts = new Map<string, { code: string; name: string }>();
  const newCommunities = new Map<string, { code: string; name: string; subdistrict: string }>();
  const newCompounds: RosterRow[] = [];
  const rosterForExisting: { compoundId: number; v: RosterRow }[] = [];
  for (const { row, values: v } of parsed) {
    const sub = subdistricts.get(v.subdistrict);
    if (!sub && !newSubdistricts.has(v.subdistrict))
      newSubdistricts.set(v.subdistrict, { code: naturalCode('S', v.subdistrict), name: v.subdistrict });
    const community = sub ? communities.get(`${sub.id}/${v.community}`) : undefined;
    const communityKey = `${v.subdistrict}/${v.community}`;
    if (!community && !newCommunities.has(communityKey))
      newCommunities.set(communityKey, { code: naturalCode('C', communityKey), name: v.community, subdistrict: v.subdistrict });
    const compound = community ? compounds.get(`${community.id}/${v.name}`) : undefined;
    if (!compound) {
      newCompounds.push(v);
      continue;
    }
    const entry = rosterByCompound.get(compound.id);
    if (!entry) {
      rosterForExisting.push({ compoundId: compound.id, v });
      continue;
    }
    const differs = [
      entry.kind !== v.kind && '类型',
      !sameDecimal(entry.area, v.area) && '管理面积（㎡）',
      entry.households !== v.households && '户数',
    ].filter(Boolean) as string[];
    if (differs.length === 0) report.unchanged++;
    else
      for (const column of differs)
        report.errors.push({
          row,
          column,
          value: String(column === '类型' ? v.kind : column === '户数' ? v.households : v.area),
          message: `该小区已在2023年底名单中（已封存，登记值 ${column === '类型' ? entry.kind : column === '户数' ? entry.households : entry.area}），不能通过导入修改；更正须提交名单变更申请并经住建局审核`,
        });
  }
  report.created = newCompounds.length + rosterForExisting.length;

  return async () => {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      const subIds = await insertBatched(d, t.subdistricts, [...newSubdistricts.values()]);
      for (const [i, s] of [...newSubdistricts.values()].entries()) subdistricts.set(s.name, { ...s, id: subIds[i]?.id as number });
      const communityRows = [...newCommunities.values()].map((c) => ({
        code: c.code,
        name: c.name,
        subdistrictId: subdistricts.get(c.subdistrict)?.id as number,
      }));
      const communityIds = await insertBatched(d, t.communities, communityRows);
      for (const [i, c] of communityRows.entries())
        communities.set(`${c.subdistrictId}/${c.name}`, { ...c, id: communityIds[i]?.id as number });
      const communityOf = (v: RosterRow) => communities.get(`${subdistricts.get(v.subdistrict)?.id}/${v.community}`)?.id as number;
      const compoundRows = newCompounds.map((v) => ({
        code: naturalCode('X', `${v.subdistrict}/${v.community}/${v.name}`),
        name: v.name,
        address: v.address ?? null,
        communityId: communityOf(v),
        kind: v.kind,
        area: v.area,
        households: v.households,
        occupiedHouseholds: v.occupiedHouseholds ?? null,
        category: v.category ?? null,
      }));
      const compoundIds = await insertBatched(d, t.compounds, compoundRows);
      const entries = [...newCompounds.map((v, i) => ({ compoundId: compoundIds[i]?.id as number, v })), ...rosterForExisting].map(
        ({ compoundId, v }) => ({
          compoundId,
          name: v.name,
          communityId: communityOf(v),
          kind: v.kind,
          area: v.area,
          households: v.households,
          sealed: true,
        }),
      );
      await insertBatched(d, t.roster2023, entries);
    });
  };
}
