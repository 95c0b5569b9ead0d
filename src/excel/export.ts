/** `jiangbu export KIND FILE.xlsx`: registry tables and calculation lines with Chinese headers. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { currentRosterCompoundIds } from '../registry/scenario-build.ts';
import type { ResultJson } from '../rules/present.ts';
import { type TableColumn, writeTableFile } from './workbook.ts';

export const EXPORT_KINDS = ['compounds', 'roster', 'companies', 'engagements', 'lines'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const yes = (b: boolean) => (b ? '是' : '否');
const kindText = (k: string) => (k === 'scattered' ? '零散楼栋' : '小区');
const c = (header: string, format: TableColumn['format'], width?: number): TableColumn =>
  width ? { header, format, width } : { header, format };

const STATUS: Record<string, string> = {
  payable: '可发放',
  withheld: '暂缓发放',
  pending: '待定',
  ineligible: '不符合条件',
  granted: '核定',
  capped: '核定（受限额）',
  rejected: '不予补贴',
};
const PROGRAMME: Record<string, string> = { T: '企业承接奖补', W: '业委会一次性补助', F: '设施改造补贴' };

async function places(db: Db) {
  const rows = await db
    .select({ id: t.communities.id, community: t.communities.name, subdistrict: t.subdistricts.name })
    .from(t.communities)
    .leftJoin(t.subdistricts, eq(t.communities.subdistrictId, t.subdistricts.id));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function exportTable(db: Db, kind: Exclude<ExportKind, 'lines'>, file: string): Promise<number> {
  const where = await places(db);
  const place = (communityId: number) => [where.get(communityId)?.subdistrict ?? '', where.get(communityId)?.community ?? ''];
  if (kind === 'compounds') {
    const roster = await currentRosterCompoundIds(db);
    const rows = await db.select().from(t.compounds).orderBy(asc(t.compounds.id));
    return writeTableFile(
      file,
      '小区',
      [
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
        c('已有物业', 'text'),
      ],
      rows.map((x) => [
        ...place(x.communityId),
        x.code,
        x.name,
        kindText(x.kind),
        x.address,
        x.area,
        x.households,
        x.occupiedHouseholds,
        x.category,
        yes(roster.has(x.id)),
        yes(x.managed),
      ]),
    );
  }
  if (kind === 'roster') {
    const rows = await db
      .select({ e: t.roster2023, code: t.compounds.code })
      .from(t.roster2023)
      .innerJoin(t.compounds, eq(t.roster2023.compoundId, t.compounds.id))
      .orderBy(asc(t.roster2023.id));
    const superseded = new Set(rows.map((r) => r.e.supersedesId).filter((x) => x !== null));
    return writeTableFile(
      file,
      '2023年底在册无物业小区名单',
      [
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
        c('已封存', 'text'),
      ],
      rows.map(({ e, code }) => [
        e.id,
        ...place(e.communityId),
        code,
        e.name,
        kindText(e.kind),
        e.area,
        e.households,
        superseded.has(e.id) ? '已被更正' : e.removed ? '已移出' : '在册',
        e.supersedesId,
        yes(e.sealed),
      ]),
    );
  }
  if (kind === 'companies') {
    const rows = await db.select().from(t.companies).orderBy(asc(t.companies.id));
    return writeTableFile(
      file,
      '物业服务企业',
      [
        c('企业编号', 'text'),
        c('企业名称', 'text', 32),
        c('统一社会信用代码', 'text', 22),
        c('开户银行', 'text', 24),
        c('账户名称', 'text', 32),
        c('银行账号', 'text', 24),
        c('联系人', 'text'),
        c('联系电话', 'text'),
      ],
      rows.map((x) => [x.code, x.name, x.uscc, x.bankName, x.bankAccountName, x.bankAccountNo, x.contactName, x.contactPhone]),
    );
  }
  const rows = await db
    .select({ e: t.engagements, compound: t.compounds, company: t.companies })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .orderBy(asc(t.engagements.id));
  return writeTableFile(
    file,
    '企业承接',
    [
      c('承接编号', 'text'),
      c('街道', 'text'),
      c('社区', 'text'),
      c('小区名称', 'text', 24),
      c('企业名称', 'text', 32),
      c('统一社会信用代码', 'text', 22),
      c('进驻日期', 'date'),
      c('合同签订日期', 'date'),
      c('承诺书签订日期', 'date'),
      c('服务结束日期', 'date'),
    ],
    rows.map(({ e, compound, company }) => [
      e.code,
      ...place(compound.communityId),
      compound.name,
      company.name,
      company.uscc,
      e.entryDate,
      e.contractSigned,
      e.commitmentSigned,
      e.endDate,
    ]),
  );
}

/** The lines of a calculation (FORMAT.md result) as a sheet. */
export function exportLines(result: ResultJson, file: string): Promise<number> {
  return writeTableFile(
    file,
    `奖补测算 ${result.asOf}`,
    [
      c('项目', 'text', 18),
      c('对象', 'text', 14),
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
    ],
    result.lines.map((l) => [
      PROGRAMME[l.program],
      l.subject,
      l.period ?? '',
      STATUS[l.status] ?? l.status,
      l.tier ?? null,
      l.months ?? null,
      l.rate ?? null,
      l.amount,
      l.base ?? null,
      l.payableFrom ?? null,
      (l.missing ?? []).join('；'),
      l.reasons.map((r) => `[${r.clause}] ${r.text}`).join('；'),
    ]),
  );
}
