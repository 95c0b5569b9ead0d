/**
 * Import of takeovers (承接), by compound, company and entry date. One company per compound at a
 * time: a span that overlaps another engagement of the compound, registered or in the file, blocks.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { naturalCode, parseRows, sameDecimal, upsertApply } from './common.ts';
import { COMPOUND_PROBLEM, loadRegistry } from './lookup.ts';

interface EngagementRow {
  community: string;
  compound: string;
  uscc: string;
  entryDate: string;
  contractSigned?: string;
  commitmentSigned?: string;
  endDate?: string;
  area?: string;
}

type Span = { row: number | null; code: string; from: string; to: string | null };
const overlaps = (a: Span, b: Span) => a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');

export async function importEngagements(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<EngagementRow>(
    rows,
    SHEETS.engagements,
    report,
    (v) => `${v.community}/${v.compound}/${v.uscc}/${v.entryDate}`,
  );
  const registry = await loadRegistry(db);
  const existing = new Map((await db.select().from(t.engagements)).map((e) => [e.code, e]));
  const spans = new Map<number, Span[]>();
  for (const e of existing.values())
    spans.set(e.compoundId, [...(spans.get(e.compoundId) ?? []), { row: null, code: e.code, from: e.entryDate, to: e.endDate }]);
  const creates: (typeof t.engagements.$inferInsert)[] = [];
  const updates: { id: number; set: Partial<typeof t.engagements.$inferInsert> }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = registry.compound(v.community, v.compound);
    if (typeof compound === 'string') {
      report.errors.push({ row, column: '小区名称', value: `${v.community}/${v.compound}`, message: COMPOUND_PROBLEM[compound] });
      continue;
    }
    const company = registry.company(v.uscc);
    if (!company) {
      report.errors.push({ row, column: '企业统一社会信用代码', value: v.uscc, message: '企业未登记（请先导入企业）' });
      continue;
    }
    if (v.endDate && v.endDate < v.entryDate) {
      report.errors.push({ row, column: '服务结束日期', value: v.endDate, message: '服务结束日期早于进驻日期' });
      continue;
    }
    const code = naturalCode('E', `${compound.code}/${v.uscc}/${v.entryDate}`);
    const span: Span = { row, code, from: v.entryDate, to: v.endDate ?? null };
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
    const values = {
      contractSigned: v.contractSigned ?? null,
      commitmentSigned: v.commitmentSigned ?? null,
      endDate: v.endDate ?? null,
      area: v.area ?? null,
    };
    if (!v.contractSigned || !v.commitmentSigned)
      report.warnings.push({ row, column: '', value: '', message: '合同或承诺书未签订：签订前不享受企业承接奖补（D-2）' });
    const current = existing.get(code);
    if (!current) creates.push({ code, compoundId: compound.id, companyId: company.id, entryDate: v.entryDate, ...values });
    else {
      const same =
        current.contractSigned === values.contractSigned &&
        current.commitmentSigned === values.commitmentSigned &&
        current.endDate === values.endDate &&
        sameDecimal(current.area, values.area);
      if (same) report.unchanged++;
      else updates.push({ id: current.id, set: values });
    }
  }
  report.created = creates.length;
  report.updated = updates.length;
  return upsertApply(db, t.engagements, creates, updates);
}
