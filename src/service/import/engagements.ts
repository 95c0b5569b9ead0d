/**
 * Import of takeovers (承接), by compound, company and entry date. One company per compound at a
 * time: a span that overlaps another engagement of the compound, registered or in the file, blocks.
 * A blank cell keeps what is stored. The area paid on is the compound's (docs/policy.md T.5, R-8), so a
 * takeover has no area of its own.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { changedFields, type Field, naturalCode, parseRows, updateById } from './common.ts';
import { findCompound } from './find.ts';
import { loadPlaces } from './places.ts';

interface EngagementRow {
  subdistrict?: string;
  community: string;
  compound: string;
  uscc: string;
  entryDate: string;
  contractSigned?: string;
  commitmentSigned?: string;
  endDate?: string;
}

const FIELDS: Field[] = [
  { key: 'contractSigned', label: '物业服务合同签订日期' },
  { key: 'commitmentSigned', label: '服务承诺书签订日期' },
  { key: 'endDate', label: '服务结束日期' },
];

type Span = { row: number | null; code: string; from: string; to: string | null };
const overlaps = (a: Span, b: Span) => a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');

/** The engagement's code from its natural key. */
export const engagementCode = (compoundCode: string, uscc: string, entryDate: string) =>
  naturalCode('E', `${compoundCode}/${uscc}/${entryDate}`);

export async function importEngagements(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parsed = await parseRows<EngagementRow>(rows, SHEETS.engagements, report, [
    'subdistrict',
    'community',
    'compound',
    'uscc',
    'entryDate',
  ]);
  const places = await loadPlaces(tx);
  const existing = new Map((await tx.select().from(t.engagements)).map((e) => [e.code, e]));
  const spans = new Map<number, Span[]>();
  for (const e of existing.values())
    spans.set(e.compoundId, [...(spans.get(e.compoundId) ?? []), { row: null, code: e.code, from: e.entryDate, to: e.endDate }]);
  const creates: (typeof t.engagements.$inferInsert)[] = [];
  const updates: { id: number; set: Record<string, unknown> }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = findCompound(places, row, v, report);
    if (!compound) continue;
    const company = places.company(v.uscc);
    if (!company) {
      report.errors.push({
        row,
        column: '企业统一社会信用代码',
        value: v.uscc,
        message: '企业未登记（请先导入企业：jiangbu import companies）',
      });
      continue;
    }
    const code = engagementCode(compound.code, v.uscc, v.entryDate);
    const current = existing.get(code);
    const endDate = v.endDate ?? current?.endDate ?? null;
    if (endDate && endDate < v.entryDate) {
      report.errors.push({ row, column: '服务结束日期', value: endDate, message: '服务结束日期早于进驻日期' });
      continue;
    }
    const span: Span = { row, code, from: v.entryDate, to: endDate };
    const others = (spans.get(compound.id) ?? []).filter((s) => s.code !== code);
    const clash = others.find((s) => overlaps(s, span));
    if (clash) {
      report.errors.push({
        row,
        column: '进驻日期',
        value: v.entryDate,
        message: `与${clash.row ? `第 ${clash.row} 行` : '已登记'}的承接（${clash.from} 至 ${clash.to ?? '今'}）重叠：同一小区同一时间只能有一家企业`,
      });
      continue;
    }
    spans.set(compound.id, [...others, span]);
    if (!(v.contractSigned ?? current?.contractSigned) || !(v.commitmentSigned ?? current?.commitmentSigned))
      report.warnings.push({
        row,
        column: '物业服务合同签订日期',
        value: '',
        message: '合同或承诺书未签订：签订前不享受企业承接奖补（D-2）',
      });
    if (!current) {
      creates.push({
        code,
        compoundId: compound.id,
        companyId: company.id,
        entryDate: v.entryDate,
        contractSigned: v.contractSigned ?? null,
        commitmentSigned: v.commitmentSigned ?? null,
        endDate: v.endDate ?? null,
      });
      continue;
    }
    const set = changedFields(row, current, v as unknown as Record<string, unknown>, FIELDS, report);
    if (Object.keys(set).length === 0) report.unchanged++;
    else updates.push({ id: current.id, set });
  }
  report.created = creates.length;
  report.updated = updates.length;
  if (report.errors.length > 0) return;
  await insertBatched(tx, t.engagements, creates);
  for (const u of updates) await updateById(tx, t.engagements, u.id, u.set);
}
