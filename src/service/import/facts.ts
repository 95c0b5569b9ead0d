/**
 * Import of half-year facts (docs/policy.md T.4) and, when given, the half-year assessment score — by
 * engagement ((街道,) 社区, 小区, company, entry date) and period. A blank market price means "take the
 * reference price of the compound's category"; a blank score keeps the score on record.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../../rules/dates/period.ts';
import { cmp, parseDecimal } from '../../rules/exact/rational.ts';
import { changedFields, type Field, parseRows, updateById } from './common.ts';
import { engagementCode } from './engagements.ts';
import { findCompound } from './find.ts';
import { loadPlaces } from './places.ts';

interface FactsRow {
  subdistrict?: string;
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
const FIELDS: Field[] = [
  { key: 'committeeSupport', label: '协助成立或充实业委会' },
  { key: 'enhancedServices', label: '完善设施并增加保洁维修' },
  { key: 'basicServices', label: '提供基本保洁和基础维修' },
  { key: 'feesReceivableOccupied', label: '实际入住户应收物业费（元）', decimal: true },
  { key: 'feesCollected', label: '实收物业费（元）', decimal: true },
  { key: 'feeStandard', label: '收费标准（元/㎡/月）', decimal: true },
  { key: 'marketPrice', label: '同类小区市场价格（元/㎡/月）', decimal: true },
];
const SCORE: Field[] = [{ key: 'total', label: '半年考核得分', decimal: true }];

export async function importFacts(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parsed = await parseRows<FactsRow>(rows, SHEETS.facts, report, [
    'subdistrict',
    'community',
    'compound',
    'uscc',
    'entryDate',
    'period',
  ]);
  const places = await loadPlaces(tx);
  const engagements = new Map((await tx.select().from(t.engagements)).map((e) => [e.code, e]));
  const facts = new Map((await tx.select().from(t.periodFacts)).map((f) => [`${f.engagementId}/${f.period}`, f]));
  const scores = new Map((await tx.select().from(t.assessments)).map((a) => [`${a.engagementId}/${a.period}`, a]));
  const factCreates: FactsInsert[] = [];
  const scoreCreates: (typeof t.assessments.$inferInsert)[] = [];
  const updates: { table: typeof t.periodFacts | typeof t.assessments; id: number; set: Record<string, unknown> }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = findCompound(places, row, v, report);
    if (!compound) continue;
    const engagement = engagements.get(engagementCode(compound.code, v.uscc, v.entryDate));
    if (!engagement) {
      report.errors.push({
        row,
        column: '进驻日期',
        value: v.entryDate,
        message: '没有该企业在此日期进驻该小区的承接记录（请先导入承接：jiangbu import engagements）',
      });
      continue;
    }
    const p = parsePeriod(v.period);
    if (p && formatDay(periodEnd(p)) < engagement.entryDate)
      report.warnings.push({ row, column: '半年期', value: v.period, message: '该半年期早于进驻日期，计算时不予采用' });
    if (cmp(parseDecimal(v.feesCollected), parseDecimal(v.feesReceivableOccupied)) > 0)
      report.warnings.push({ row, column: '实收物业费（元）', value: v.feesCollected, message: '实收多于应收（含补缴往年欠费？）请核实' });
    const key = `${engagement.id}/${v.period}`;
    const current = facts.get(key);
    let created = false;
    let changed = false;
    if (!current) {
      factCreates.push({
        engagementId: engagement.id,
        period: v.period,
        committeeSupport: v.committeeSupport,
        enhancedServices: v.enhancedServices,
        basicServices: v.basicServices,
        feesReceivableOccupied: v.feesReceivableOccupied,
        feesCollected: v.feesCollected,
        feeStandard: v.feeStandard,
        marketPrice: v.marketPrice ?? null,
      });
      created = true;
    } else {
      const set = changedFields(row, current, v as unknown as Record<string, unknown>, FIELDS, report);
      if (Object.keys(set).length) updates.push({ table: t.periodFacts, id: current.id, set });
      changed = Object.keys(set).length > 0;
    }
    if (v.assessmentScore !== undefined) {
      const score = scores.get(key);
      if (!score) {
        scoreCreates.push({ engagementId: engagement.id, period: v.period, total: v.assessmentScore });
        changed = true;
      } else {
        const set = changedFields(row, score, { total: v.assessmentScore }, SCORE, report);
        if (Object.keys(set).length) {
          updates.push({ table: t.assessments, id: score.id, set });
          changed = true;
        }
      }
    }
    if (created) report.created++;
    else if (changed) report.updated++;
    else report.unchanged++;
  }
  if (report.errors.length > 0) return;
  await insertBatched(tx, t.periodFacts, factCreates);
  await insertBatched(tx, t.assessments, scoreCreates);
  for (const u of updates) await updateById(tx, u.table, u.id, u.set);
}
