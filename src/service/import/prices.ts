/**
 * Import of the market reference prices of similar compounds (同类小区市场价格, docs/policy.md T.4): kept by the
 * housing bureau per category with effective dates. A price is in force from its start date until its
 * end date or, without one, until the next price of its category starts. Natural key: category + start.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { changedFields, type Field, parseRows, updateById } from './common.ts';

interface PriceRow {
  category: string;
  price: string;
  effectiveFrom: string;
  effectiveTo?: string;
  source?: string;
}

const FIELDS: Field[] = [
  { key: 'price', label: '市场参考价格（元/㎡/月）', decimal: true },
  { key: 'effectiveTo', label: '截止日期' },
  { key: 'source', label: '依据' },
];

interface Span {
  row: number | null;
  from: string;
  to: string | null;
}

/** Prices of one category, by start date: an end date must come before the next start. */
function overlaps(spans: Span[], report: ImportReport, category: string): void {
  const sorted = [...spans].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as Span;
    const b = sorted[i] as Span;
    if (a.to !== null && a.to >= b.from) {
      const row = b.row ?? a.row;
      if (row === null) continue;
      report.errors.push({
        row,
        column: '起始日期',
        value: b.from,
        message: `“${category}”的价格期间重叠：${a.from} 至 ${a.to}${a.row ? `（第 ${a.row} 行）` : '（已登记）'} 与 ${b.from} 起${b.row ? `（第 ${b.row} 行）` : '（已登记）'}`,
      });
    }
  }
}

export async function importPrices(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parsed = await parseRows<PriceRow>(rows, SHEETS.prices, report, ['category', 'effectiveFrom']);
  const existing = await tx.select().from(t.marketPrices);
  const byKey = new Map(existing.map((p) => [`${p.category}/${p.effectiveFrom}`, p]));
  const spans = new Map<string, Span[]>();
  const span = (category: string) => spans.get(category) ?? spans.set(category, []).get(category) ?? [];
  const creates: (typeof t.marketPrices.$inferInsert)[] = [];
  const updates: { id: number; set: Record<string, unknown> }[] = [];
  for (const { row, values: v } of parsed) {
    if (v.effectiveTo !== undefined && v.effectiveTo < v.effectiveFrom) {
      report.errors.push({ row, column: '截止日期', value: v.effectiveTo, message: '截止日期早于起始日期' });
      continue;
    }
    const current = byKey.get(`${v.category}/${v.effectiveFrom}`);
    span(v.category).push({ row, from: v.effectiveFrom, to: v.effectiveTo ?? current?.effectiveTo ?? null });
    if (!current) {
      creates.push({
        category: v.category,
        price: v.price,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo ?? null,
        source: v.source ?? null,
      });
      continue;
    }
    const set = changedFields(row, current, v as unknown as Record<string, unknown>, FIELDS, report);
    if (Object.keys(set).length === 0) report.unchanged++;
    else updates.push({ id: current.id, set });
  }
  for (const p of existing)
    if (!parsed.some(({ values: v }) => v.category === p.category && v.effectiveFrom === p.effectiveFrom))
      span(p.category).push({ row: null, from: p.effectiveFrom, to: p.effectiveTo });
  for (const [category, list] of spans) overlaps(list, report, category);
  report.created = creates.length;
  report.updated = updates.length;
  if (report.errors.length > 0) return;
  await insertBatched(tx, t.marketPrices, creates);
  for (const u of updates) await updateById(tx, t.marketPrices, u.id, u.set);
}
