/**
 * Import of the 2023 roster: subdistricts, communities and compounds are created as needed
 * (natural keys: subdistrict name; subdistrict + community name; community + compound name) and
 * each compound gets its sealed roster entry. A compound already on the roster with other values
 * is a blocking error: the snapshot is sealed, corrections go through a roster change.
 *
 * Rosters are the large files (100,000 rows and more): rows are checked and written in chunks
 * inside one transaction while the file streams in, and the transaction is rolled back if any row
 * has a blocking error — all or nothing, without holding the whole file in memory.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { insertBatched } from '../../registry/batch.ts';
import { currentRosterCompoundIds } from '../../registry/scenario-build.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { naturalCode, type ParsedRow, rowParser, sameDecimal } from './common.ts';

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

const CHUNK = 2000;

/** What the registry holds, kept up to date as chunks are written. */
async function loadState(db: Db) {
  const onRoster = await currentRosterCompoundIds(db);
  return {
    subdistricts: new Map(
      (await db.select({ id: t.subdistricts.id, name: t.subdistricts.name }).from(t.subdistricts)).map((s) => [s.name, s.id]),
    ),
    communities: new Map(
      (await db.select({ id: t.communities.id, name: t.communities.name, sub: t.communities.subdistrictId }).from(t.communities)).map(
        (c) => [`${c.sub}/${c.name}`, c.id],
      ),
    ),
    compounds: new Map(
      (await db.select({ id: t.compounds.id, name: t.compounds.name, community: t.compounds.communityId }).from(t.compounds)).map((c) => [
        `${c.community}/${c.name}`,
        c.id,
      ]),
    ),
    roster: new Map((await db.select().from(t.roster2023)).filter((e) => onRoster.has(e.compoundId)).map((e) => [e.compoundId, e])),
  };
}
type State = Awaited<ReturnType<typeof loadState>>;

function sealedConflicts(row: number, v: RosterRow, entry: typeof t.roster2023.$inferSelect, report: ImportReport): boolean {
  const differs: [string, string, string][] = [];
  if (entry.kind !== v.kind) differs.push(['类型', v.kind, entry.kind]);
  if (!sameDecimal(entry.area, v.area)) differs.push(['管理面积（㎡）', v.area, entry.area]);
  if (entry.households !== v.households) differs.push(['户数', String(v.households), String(entry.households)]);
  for (const [column, value, registered] of differs)
    report.errors.push({
      row,
      column,
      value,
      message: `该小区已在2023年底名单中（已封存，登记值 ${registered}），不能通过导入修改；更正须提交名单变更申请并经住建局审核`,
    });
  return differs.length > 0;
}

/** Checks a chunk against the registry and, while the file has no blocking error, writes it. */
async function chunk(d: Db, rows: ParsedRow<RosterRow>[], s: State, report: ImportReport): Promise<void> {
  const subs = new Map<string, string>();
  const communities = new Map<string, { name: string; subdistrict: string }>();
  const newCompounds: RosterRow[] = [];
  const rosterForExisting: { compoundId: number; v: RosterRow }[] = [];
  for (const { row, values: v } of rows) {
    const sub = s.subdistricts.get(v.subdistrict);
    if (sub === undefined) subs.set(v.subdistrict, naturalCode('S', v.subdistrict));
    const community = sub === undefined ? undefined : s.communities.get(`${sub}/${v.community}`);
    if (community === undefined) communities.set(`${v.subdistrict}/${v.community}`, { name: v.community, subdistrict: v.subdistrict });
    const compound = community === undefined ? undefined : s.compounds.get(`${community}/${v.name}`);
    if (compound === undefined) newCompounds.push(v);
    else {
      const entry = s.roster.get(compound);
      if (!entry) rosterForExisting.push({ compoundId: compound, v });
      else if (!sealedConflicts(row, v, entry, report)) report.unchanged++;
    }
  }
  report.created += newCompounds.length + rosterForExisting.length;
  if (report.errors.length > 0) return; // the transaction will be rolled back: stop writing, keep checking
  const subRows = [...subs].map(([name, code]) => ({ code, name }));
  for (const [i, id] of (await insertBatched(d, t.subdistricts, subRows)).entries())
    s.subdistricts.set((subRows[i] as { name: string }).name, id.id);
  const communityRows = [...communities].map(([key, c]) => ({
    code: naturalCode('C', key),
    name: c.name,
    subdistrictId: s.subdistricts.get(c.subdistrict) as number,
  }));
  for (const [i, id] of (await insertBatched(d, t.communities, communityRows)).entries()) {
    const c = communityRows[i] as { name: string; subdistrictId: number };
    s.communities.set(`${c.subdistrictId}/${c.name}`, id.id);
  }
  const communityOf = (v: RosterRow) => s.communities.get(`${s.subdistricts.get(v.subdistrict)}/${v.community}`) as number;
  const compoundIds = await insertBatched(
    d,
    t.compounds,
    newCompounds.map((v) => ({
      code: naturalCode('X', `${v.subdistrict}/${v.community}/${v.name}`),
      name: v.name,
      address: v.address ?? null,
      communityId: communityOf(v),
      kind: v.kind,
      area: v.area,
      households: v.households,
      occupiedHouseholds: v.occupiedHouseholds ?? null,
      category: v.category ?? null,
    })),
  );
  const entries = [...newCompounds.map((v, i) => ({ compoundId: compoundIds[i]?.id as number, v })), ...rosterForExisting];
  for (const { compoundId, v } of entries) s.compounds.set(`${communityOf(v)}/${v.name}`, compoundId);
  await insertBatched(
    d,
    t.roster2023,
    entries.map(({ compoundId, v }) => ({
      compoundId,
      name: v.name,
      communityId: communityOf(v),
      kind: v.kind,
      area: v.area,
      households: v.households,
      sealed: true,
    })),
  );
}

class Rollback extends Error {}

export async function importRoster(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parse = rowParser<RosterRow>(SHEETS.roster, report, (v) => `${v.subdistrict}/${v.community}/${v.name}`);
  const state = await loadState(db);
  try {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      let pending: ParsedRow<RosterRow>[] = [];
      // A chunk is written while the next one is read and parsed; chunks are planned one after the
      // other (a chunk may create the community the next one names).
      let writing: Promise<void> = Promise.resolve();
      for await (const r of rows) {
        const p = parse(r);
        if (p) pending.push(p);
        if (pending.length >= CHUNK) {
          await writing;
          writing = chunk(d, pending, state, report);
          writing.catch(() => {}); // awaited below: this only keeps a failure from counting as unhandled meanwhile
          pending = [];
        }
      }
      await writing;
      await chunk(d, pending, state, report);
      if (report.errors.length > 0) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return async () => {}; // committed above, or rolled back
}
