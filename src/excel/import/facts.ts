/**
 * Import of half-year facts (RULES T.4) and, when given, the half-year assessment score — by
 * engagement (community, compound, company, entry date) and period.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { insertBatched } from '../../registry/batch.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../../rules/dates/period.ts';
import { cmp, parseDecimal } from '../../rules/exact/rational.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { naturalCode, parseRows, sameDecimal } from './common.ts';
import { COMPOUND_PROBLEM, loadRegistry } from './lookup.ts';

interface FactsRow {
  community: string;
  compound: string;
  uscc: string;
  entryDate: string;
  period: string;
  committeeSupport: boolean;
  enhancedServices: boolean;
  basicServices: boolean;
  feesReceivableOccupied: string;
  feesCollected: string;
  feeStandard: string;
  marketPrice?: string;
  assessmentScore?: string;
}

type FactsInsert = typeof t.periodFacts.$inferInsert;
const FACT_FIELDS = ['committeeSupport', 'enhancedServices', 'basicServices'] as const;
const DECIMAL_FIELDS = ['feesReceivableOccupied', 'feesCollected', 'feeStandard', 'marketPrice'] as const;

export async function importFacts(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<FactsRow>(
    rows,
    SHEETS.facts,
    report,
    (v) => `${v.community}/${v.compound}/${v.uscc}/${v.entryDate}/${v.period}`,
  );
  const registry = await loadRegistry(db);
  const engagements = new Map((await db.select().from(t.engagements)).map((e) => [e.code, e]));
  const facts = new Map((await db.select().from(t.periodFacts)).map((f) => [`${f.engagementId}/${f.period}`, f]));
  const scores = new Map((await db.select().from(t.assessments)).map((a) => [`${a.engagementId}/${a.period}`, a]));
  const factCreates: FactsInsert[] = [];
  const factUpdates: { id: number; set: Partial<FactsInsert> }[] = [];
  const scoreCreates: (typeof t.assessments.$inferInsert)[] = [];
  const scoreUpdates: { id: number; total: string }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = registry.compound(v.community, v.compound);
    if (typeof compound === 'string') {
      report.errors.push({ row, column: '小区名称', value: `${v.community}/${v.compound}`, message: COMPOUND_PROBLEM[compound] });
      continue;
    }
    const engagement = engagements.get(naturalCode('E', `${compound.code}/${v.uscc}/${v.entryDate}`));
    if (!engagement) {
      report.errors.push({
        row,
        column: '进驻日期',
        value: v.entryDate,
        message: '没有该企业在此日期进驻该小区的承接记录（请先导入承接）',
      });
      continue;
    }
    const p = parsePeriod(v.period);
    if (p && formatDay(periodEnd(p)) < engagement.entryDate)
      report.warnings.push({ row, column: '半年期', value: v.period, message: '该半年期早于进驻日期，计算时不予采用' });
    if (cmp(parseDecimal(v.feesCollected), parseDecimal(v.feesReceivableOccupied)) > 0)
      report.warnings.push({ row, column: '实收物业费（元）', value: v.feesCollected, message: '实收多于应收（含补缴往年欠费？）请核实' });
    const values: Partial<FactsInsert> = {
      committeeSupport: v.committeeSupport,
      enhancedServices: v.enhancedServices,
      basicServices: v.basicServices,
      feesReceivableOccupied: v.feesReceivableOccupied,
      feesCollected: v.feesCollected,
      feeStandard: v.feeStandard,
      marketPrice: v.marketPrice ?? null,
    };
    const key = `${engagement.id}/${v.period}`;
    const current = facts.get(key);
    let changed = false;
    if (!current) {
      factCreates.push({ engagementId: engagement.id, period: v.period, ...values } as FactsInsert);
      changed = true;
    } else if (
      FACT_FIELDS.some((f) => current[f] !== values[f]) ||
      DECIMAL_FIELDS.some((f) => !sameDecimal(current[f], values[f] as string | null))
    ) {
      factUpdates.push({ id: current.id, set: values });
      changed = true;
    }
    if (v.assessmentScore !== undefined) {
      const score = scores.get(key);
      if (!score) {
        scoreCreates.push({ engagementId: engagement.id, period: v.period, total: v.assessmentScore });
        changed = true;
      } else if (!sameDecimal(score.total, v.assessmentScore)) {
        scoreUpdates.push({ id: score.id, total: v.assessmentScore });
        changed = true;
      }
    }
    if (!changed) report.unchanged++;
    else if (current) report.updated++;
    else report.created++;
  }
  return async () => {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      await insertBatched(d, t.periodFacts, factCreates);
      for (const u of factUpdates) await d.update(t.periodFacts).set(u.set).where(eq(t.periodFacts.id, u.id));
      await insertBatched(d, t.assessments, scoreCreates);
      for (const u of scoreUpdates)
        await d
          .update(t.assessments)
          .set({ total: u.total })
          .where(and(eq(t.assessments.id, u.id)));
    });
  };
}
