/**
 * Import of the 2023 roster (2023年底在册无物业小区名单): each row a compound with its sealed roster
 * entry. Communities must be registered first (communities import); an import never creates one.
 *
 * The roster is a snapshot: an entry's kind, area and households are sealed the moment it is written
 * (a database trigger refuses changes); a row that differs is refused with the roster-change route
 * named. A compound's other fields (address, occupied households, category) are not sealed and are
 * updated, each change reported. Once the bureau has sealed the roster as a whole (`jiangbu roster
 * seal`), only approved roster changes add entries; and whether sealed or not, an import never puts
 * back a compound that an approved change took off the roster.
 *
 * Rosters are the large files (100,000 rows and more): rows are checked and written in chunks inside
 * the import's transaction while the file streams in; a blocking error anywhere rolls it all back.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { kindName } from '../../registry/labels.ts';
import { rosterSealedAt } from '../registry-info.ts';
import { changedFields, type Field, naturalCode, type ParsedRow, rowParser, sameDecimal, updateById } from './common.ts';
import { type CommunityRef, loadPlaces, type Places } from './places.ts';

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

/** The compound's fields that are not part of the sealed snapshot. */
const UNSEALED: Field[] = [
  { key: 'address', label: '地址' },
  { key: 'occupiedHouseholds', label: '入住户数' },
  { key: 'category', label: '同类小区类别' },
];

type Entry = typeof t.roster2023.$inferSelect;

/** What the registry holds, kept up to date as chunks are written. */
async function loadState(tx: Db) {
  const compounds = new Map(
    (await tx.select().from(t.compounds)).map((c) => [`${c.communityId}/${c.name}`, c] as [string, typeof t.compounds.$inferSelect]),
  );
  const inForce = new Map<number, Entry>();
  const latest = new Map<number, Entry>();
  const current = (await tx.execute(sql`select id from roster2023_current`)) as unknown as { rows: { id: number | string }[] };
  const currentIds = new Set(current.rows.map((r) => Number(r.id)));
  for (const e of await tx.select().from(t.roster2023)) {
    if (currentIds.has(e.id)) inForce.set(e.compoundId, e);
    const l = latest.get(e.compoundId);
    if (!l || l.id < e.id) latest.set(e.compoundId, e);
  }
  const categories = new Set((await tx.selectDistinct({ c: t.marketPrices.category }).from(t.marketPrices)).map((r) => r.c));
  return { places: await loadPlaces(tx), compounds, inForce, latest, categories, sealedAt: await rosterSealedAt(tx) };
}
type State = Awaited<ReturnType<typeof loadState>>;

const rosterChangeRoute = (code: string) => `须提交名单变更申请并经住建局审核（jiangbu roster request --compound ${code} --action …）`;

function sealedConflicts(row: number, v: RosterRow, entry: Entry, code: string, report: ImportReport): boolean {
  const differs: [string, string, string][] = [];
  if (entry.kind !== v.kind) differs.push(['类型', kindName(v.kind), kindName(entry.kind)]);
  if (!sameDecimal(entry.area, v.area)) differs.push(['管理面积（㎡）', v.area, entry.area]);
  if (entry.households !== v.households) differs.push(['户数', String(v.households), String(entry.households)]);
  for (const [column, value, registered] of differs)
    report.errors.push({
      row,
      column,
      value,
      message: `该小区已在2023年底名单中（已封存，登记值 ${registered}），不能通过导入修改；更正${rosterChangeRoute(code)}`,
    });
  return differs.length > 0;
}

interface Plan {
  newCompounds: { v: RosterRow; community: CommunityRef }[];
  entriesForExisting: { compoundId: number; v: RosterRow; communityId: number }[];
  updates: { id: number; set: Record<string, unknown> }[];
}

/** One row against the registry: an error, or what to write. */
function planRow(row: number, v: RosterRow, s: State, places: Places, report: ImportReport, plan: Plan): void {
  const place = places.community(v.subdistrict, v.community);
  if (!place.ok) {
    report.errors.push({ row, column: place.column, value: place.column === '街道' ? v.subdistrict : v.community, message: place.message });
    return;
  }
  if (v.category !== undefined && !s.categories.has(v.category)) {
    const known = [...s.categories].join('、');
    report.errors.push({
      row,
      column: '同类小区类别',
      value: v.category,
      message: `类别“${v.category}”没有登记市场参考价格（${known ? `已登记的类别：${known}` : '尚未登记任何类别'}；先导入：jiangbu import prices）`,
    });
    return;
  }
  const compound = s.compounds.get(`${place.value.id}/${v.name}`);
  const sealed = s.sealedAt ? `2023年底名单已于 ${s.sealedAt.slice(0, 10)} 封存：新增在册小区` : null;
  if (!compound) {
    if (sealed) report.errors.push({ row, column: '小区名称', value: v.name, message: `${sealed}须经住建局审核的名单变更（新增）` });
    else plan.newCompounds.push({ v, community: place.value });
    return;
  }
  const entry = s.inForce.get(compound.id);
  const history = s.latest.get(compound.id);
  if (entry) {
    if (sealedConflicts(row, v, entry, compound.code, report)) return;
  } else if (history) {
    report.errors.push({
      row,
      column: '小区名称',
      value: v.name,
      message: `该小区已于 ${history.createdAt.toISOString().slice(0, 10)} 经名单变更${history.changeId ? ` #${history.changeId}` : ''}移出2023年底名单，导入不能恢复；如需恢复，${rosterChangeRoute(compound.code).replace('…', 'add')}`,
    });
    return;
  } else if (sealed) {
    report.errors.push({
      row,
      column: '小区名称',
      value: v.name,
      message: `${sealed}${rosterChangeRoute(compound.code).replace('…', 'add')}`,
    });
    return;
  }
  if (v.occupiedHouseholds !== undefined && v.occupiedHouseholds > v.households) return; // reported by the row parser
  const set = changedFields(row, compound, v as unknown as Record<string, unknown>, UNSEALED, report);
  if (!entry) plan.entriesForExisting.push({ compoundId: compound.id, v, communityId: place.value.id });
  if (Object.keys(set).length > 0) plan.updates.push({ id: compound.id, set });
  if (entry) {
    if (Object.keys(set).length > 0) report.updated++;
    else report.unchanged++;
  }
}

/** Checks a chunk against the registry and, while the file has no blocking error, writes it. */
async function chunk(tx: Db, rows: ParsedRow<RosterRow>[], s: State, report: ImportReport): Promise<void> {
  const plan: Plan = { newCompounds: [], entriesForExisting: [], updates: [] };
  for (const { row, values } of rows) planRow(row, values, s, s.places, report, plan);
  report.created += plan.newCompounds.length + plan.entriesForExisting.length;
  if (report.errors.length > 0) return; // the transaction will be rolled back: stop writing, keep checking
  const ids = await insertBatched(
    tx,
    t.compounds,
    plan.newCompounds.map(({ v, community }) => ({
      code: naturalCode('X', `${community.subdistrict}/${community.name}/${v.name}`),
      name: v.name,
      address: v.address ?? null,
      communityId: community.id,
      kind: v.kind,
      area: v.area,
      households: v.households,
      occupiedHouseholds: v.occupiedHouseholds ?? null,
      category: v.category ?? null,
    })),
  );
  const entries = [
    ...plan.newCompounds.map(({ v, community }, i) => ({ compoundId: ids[i]?.id as number, v, communityId: community.id })),
    ...plan.entriesForExisting,
  ];
  await insertBatched(
    tx,
    t.roster2023,
    entries.map(({ compoundId, v, communityId }) => ({
      compoundId,
      name: v.name,
      communityId,
      kind: v.kind,
      area: v.area,
      households: v.households,
      sealed: true,
    })),
  );
  for (const u of plan.updates) await updateById(tx, t.compounds, u.id, u.set);
}

export async function importRoster(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parse = rowParser<RosterRow>(SHEETS.roster, report, ['subdistrict', 'community', 'name']);
  const state = await loadState(tx);
  let pending: ParsedRow<RosterRow>[] = [];
  // A chunk is written while the next one is read and parsed; chunks are planned one after the other.
  let writing: Promise<void> = Promise.resolve();
  for await (const r of rows) {
    const p = parse(r);
    if (p) pending.push(p);
    if (pending.length >= CHUNK) {
      await writing;
      writing = chunk(tx, pending, state, report);
      writing.catch(() => {}); // awaited below: this only keeps a failure from counting as unhandled meanwhile
      pending = [];
    }
  }
  await writing;
  await chunk(tx, pending, state, report);
}
