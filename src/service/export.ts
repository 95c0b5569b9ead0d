/**
 * `jiangbu export KIND FILE.xlsx`: registry tables and calculation lines as workbooks with Chinese
 * headers and no internal codes users cannot read (小区/零散楼栋, facility categories by name, missing
 * facts in words). Every export is an audit event (what, how many rows, which file).
 */
import { basename } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type TableColumn, writeTablesFile } from '../excel/workbook.ts';
import { kindName, LINE_STATUS_NAMES, PROGRAMME_NAMES } from '../registry/labels.ts';
import { currentRosterCompoundIds } from '../registry/scenario-build.ts';
import { missingLabel } from '../rules/explain/missing.ts';
import type { ResultJson } from '../rules/present.ts';
import { record, type ServiceContext } from './command.ts';
import { codeVersion } from './version.ts';

export const EXPORT_KINDS = ['compounds', 'roster', 'companies', 'engagements', 'lines'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type TableKind = Exclude<ExportKind, 'lines'>;

const yes = (b: boolean) => (b ? '是' : '否');
const c = (header: string, format: TableColumn['format'], width?: number): TableColumn =>
  width ? { header, format, width } : { header, format };

async function places(db: Db) {
  const rows = await db
    .select({ id: t.communities.id, community: t.communities.name, subdistrict: t.subdistricts.name })
    .from(t.communities)
    .leftJoin(t.subdistricts, eq(t.communities.subdistrictId, t.subdistricts.id));
  const where = new Map(rows.map((r) => [r.id, r]));
  return (communityId: number) => [where.get(communityId)?.subdistrict ?? '', where.get(communityId)?.community ?? ''];
}

/** Compounds with an engagement serving on `day` (已有物业 follows the engagements). */
async function managedOn(db: Db, day: string): Promise<Set<number>> {
  const out = new Set<number>();
  for (const e of await db.select().from(t.engagements))
    if (e.entryDate <= day && (e.endDate === null || e.endDate >= day)) out.add(e.compoundId);
  return out;
}

interface Table {
  title: string;
  columns: TableColumn[];
  rows: unknown[][];
}

async function compoundsTable(db: Db, asOf: string): Promise<Table> {
  const place = await places(db);
  const roster = await currentRosterCompoundIds(db);
  const managed = await managedOn(db, asOf);
  const rows = await db.select().from(t.compounds).orderBy(asc(t.compounds.id));
  return {
    title: '小区',
    columns: [
      c('街道', 'text'),
      c('社区', 'text'),
      c('小区编号', 'text'),
      c('小区名称', 'text', 24),
      c('类型', 'text'),
      c('地址', 'text', 30),
      c('管理面积（㎡）', 'money'),
      c('户数', 'integer'),
      c('入住户数', 'integer'),
      c('同类小区类别', 'text'),
      c('在2023年底名单', 'text'),
      c(`已有物业（${asOf}）`, 'text', 18),
    ],
    rows: rows.map((x) => [
      ...place(x.communityId),
      x.code,
      x.name,
      kindName(x.kind),
      x.address,
      x.area,
      x.households,
      x.occupiedHouseholds,
      x.category,
      yes(roster.has(x.id)),
      yes(managed.has(x.id)),
    ]),
  };
}

async function rosterTable(db: Db): Promise<Table> {
  const place = await places(db);
  const rows = await db
    .select({ e: t.roster2023, code: t.compounds.code })
    .from(t.roster2023)
    .innerJoin(t.compounds, eq(t.roster2023.compoundId, t.compounds.id))
    .orderBy(asc(t.roster2023.id));
  const superseded = new Set(rows.map((r) => r.e.supersedesId).filter((x) => x !== null));
  return {
    title: '2023年底在册无物业小区名单',
    columns: [
      c('登记号', 'integer'),
      c('街道', 'text'),
      c('社区', 'text'),
      c('小区编号', 'text'),
      c('小区名称', 'text', 24),
      c('类型', 'text'),
      c('管理面积（㎡）', 'money'),
      c('户数', 'integer'),
      c('状态', 'text'),
      c('更正自', 'integer'),
      c('名单变更申请', 'integer'),
      c('登记日期', 'date'),
    ],
    rows: rows.map(({ e, code }) => [
      e.id,
      ...place(e.communityId),
      code,
      e.name,
      kindName(e.kind),
      e.area,
      e.households,
      superseded.has(e.id) ? '已被更正' : e.removed ? '已移出' : '在册',
      e.supersedesId,
      e.changeId,
      e.createdAt.toISOString().slice(0, 10),
    ]),
  };
}

async function companiesTable(db: Db): Promise<Table> {
  const rows = await db.select().from(t.companies).orderBy(asc(t.companies.id));
  return {
    title: '物业服务企业',
    columns: [
      c('企业编号', 'text'),
      c('企业名称', 'text', 32),
      c('统一社会信用代码', 'text', 22),
      c('开户银行', 'text', 24),
      c('账户名称', 'text', 32),
      c('银行账号', 'text', 24),
      c('联系人', 'text'),
      c('联系电话', 'text'),
    ],
    rows: rows.map((x) => [x.code, x.name, x.uscc, x.bankName, x.bankAccountName, x.bankAccountNo, x.contactName, x.contactPhone]),
  };
}

async function engagementsTable(db: Db): Promise<Table> {
  const place = await places(db);
  const rows = await db
    .select({ e: t.engagements, compound: t.compounds, company: t.companies })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .orderBy(asc(t.engagements.id));
  return {
    title: '企业承接',
    columns: [
      c('承接编号', 'text'),
      c('街道', 'text'),
      c('社区', 'text'),
      c('小区名称', 'text', 24),
      c('管理面积（㎡）', 'money'),
      c('企业名称', 'text', 32),
      c('统一社会信用代码', 'text', 22),
      c('进驻日期', 'date'),
      c('合同签订日期', 'date'),
      c('承诺书签订日期', 'date'),
      c('服务结束日期', 'date'),
    ],
    rows: rows.map(({ e, compound, company }) => [
      e.code,
      ...place(compound.communityId),
      compound.name,
      compound.area,
      company.name,
      company.uscc,
      e.entryDate,
      e.contractSigned,
      e.commitmentSigned,
      e.endDate,
    ]),
  };
}

/** What each line's subject is, in names: the compound, its community and, for T, the company. */
async function subjectNames(db: Db) {
  const compounds = await db
    .select({ id: t.compounds.id, code: t.compounds.code, name: t.compounds.name, community: t.communities.name })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id));
  const byId = new Map(compounds.map((x) => [x.id, x]));
  const out = new Map<string, { compound: string; community: string; company: string }>();
  const put = (key: string, compoundId: number, company = '') => {
    const x = byId.get(compoundId);
    out.set(key, { compound: x?.name ?? '', community: x?.community ?? '', company });
  };
  for (const e of await db
    .select({ code: t.engagements.code, compoundId: t.engagements.compoundId, company: t.companies.name })
    .from(t.engagements)
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id)))
    put(`T/${e.code}`, e.compoundId, e.company);
  for (const w of await db.select({ code: t.committees.code, compoundId: t.committees.compoundId }).from(t.committees))
    put(`W/${w.code}`, w.compoundId);
  for (const a of await db
    .select({ code: t.facilityApplications.code, compoundId: t.facilityProjects.compoundId })
    .from(t.facilityApplications)
    .innerJoin(t.facilityProjects, eq(t.facilityApplications.projectId, t.facilityProjects.id)))
    put(`F/${a.code}`, a.compoundId);
  return out;
}

async function linesTables(db: Db, result: ResultJson): Promise<Table[]> {
  const names = await subjectNames(db);
  const columns = [
    c('项目', 'text', 18),
    c('对象编号', 'text', 18),
    c('社区', 'text'),
    c('小区', 'text', 20),
    c('物业企业', 'text', 30),
    c('半年期', 'text'),
    c('状态', 'text'),
    c('档次', 'integer'),
    c('月数', 'decimal'),
    c('标准（元/㎡/月）', 'decimal'),
    c('金额（元）', 'money', 14),
    c('补贴基数（元）', 'money', 14),
    c('可发放日', 'date'),
    c('待补事实', 'text', 30),
    c('理由', 'text', 80),
  ];
  const rows: unknown[][] = result.lines.map((l) => {
    const n = names.get(`${l.program}/${l.subject}`);
    return [
      PROGRAMME_NAMES[l.program],
      l.subject,
      n?.community ?? '',
      n?.compound ?? '',
      n?.company ?? '',
      l.period ?? '',
      LINE_STATUS_NAMES[l.status] ?? l.status,
      l.tier ?? null,
      l.months ?? null,
      l.rate ?? null,
      l.amount,
      l.base ?? null,
      l.payableFrom ?? null,
      (l.missing ?? []).map((m) => missingLabel(m, 'zh')).join('；'),
      l.reasons.map((r) => `[${r.clause}] ${r.text}`).join('；'),
    ];
  });
  const blank = (label: string, amount: string) => [label, '', '', '', '', '', '', null, null, null, amount, null, null, '', ''];
  for (const p of ['T', 'W', 'F'] as const) rows.push(blank(`合计：${PROGRAMME_NAMES[p]}（可发放/核定）`, result.totals[p]));
  const about: Table = {
    title: '说明',
    columns: [c('项目', 'text', 20), c('内容', 'text', 80)],
    rows: [
      ['政策', `${result.policy.id}（${result.policy.version}）`],
      ['参数指纹 paramsHash', result.policy.paramsHash],
      ['程序版本', codeVersion()],
      ['评估日', result.asOf],
      ['导出时间', new Date().toISOString()],
      ['说明', '暂缓发放、待定、不符合条件的金额不计入合计；理由中方括号内为政策条款编号'],
    ],
  };
  return [{ title: `奖补测算 ${result.asOf}`, columns, rows }, about];
}

const TABLES: Record<TableKind, (db: Db, asOf: string) => Promise<Table>> = {
  compounds: compoundsTable,
  roster: (db) => rosterTable(db),
  companies: (db) => companiesTable(db),
  engagements: (db) => engagementsTable(db),
};

async function written(ctx: ServiceContext, kind: ExportKind, file: string, tables: Table[], detail: Record<string, unknown> = {}) {
  const rows = await writeTablesFile(file, tables);
  await record(ctx, { action: `export.${kind}`, objectType: 'file', objectId: basename(file), result: 'ok', detail: { rows, ...detail } });
  return rows;
}

/** A registry table to a workbook; `asOf` is the day 已有物业 is judged on. */
export async function exportTable(ctx: ServiceContext, kind: TableKind, file: string, asOf: string): Promise<number> {
  return written(ctx, kind, file, [await TABLES[kind](ctx.db, asOf)]);
}

/** The lines of a calculation (docs/calc-format.md result), with names, totals and what computed them. */
export async function exportLines(ctx: ServiceContext, result: ResultJson, file: string): Promise<number> {
  return written(ctx, 'lines', file, await linesTables(ctx.db, result), {
    asOf: result.asOf,
    policy: result.policy.id,
    paramsHash: result.policy.paramsHash,
    codeVersion: codeVersion(),
  });
}
