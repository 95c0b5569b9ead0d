/**
 * The half-year assessment sheet (考核评分表, 3.2): 100 points in items, each scored by the bureau, the
 * community or the owners' committee. The sheet in force on the period's last day applies; without one
 * in the registry, this default (a setting, to be replaced by the bureau's own sheet).
 */
import { desc, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';

export interface SheetItem {
  key: string;
  label: string;
  max: number;
  scorer: 'bureau' | 'community' | 'committee';
}

export const DEFAULT_SHEET: SheetItem[] = [
  { key: 'cleaning', label: '环境卫生与保洁', max: 20, scorer: 'community' },
  { key: 'repair', label: '共用设施设备维修养护', max: 20, scorer: 'bureau' },
  { key: 'security', label: '秩序维护与安全防范', max: 15, scorer: 'bureau' },
  { key: 'service', label: '服务态度与投诉处理', max: 15, scorer: 'committee' },
  { key: 'fees', label: '收费公示与规范', max: 10, scorer: 'bureau' },
  { key: 'records', label: '档案资料与信息报送', max: 10, scorer: 'community' },
  { key: 'residents', label: '业主满意程度', max: 10, scorer: 'committee' },
];

/** The sheet for a half-year ending on `periodEnd`. */
export async function sheetFor(tx: Db, periodEnd: string): Promise<SheetItem[]> {
  const [row] = await tx
    .select()
    .from(t.assessmentSheets)
    .where(lte(t.assessmentSheets.effectiveFrom, periodEnd))
    .orderBy(desc(t.assessmentSheets.effectiveFrom))
    .limit(1);
  return (row?.items as SheetItem[] | undefined) ?? DEFAULT_SHEET;
}

export type Scores = Record<string, { score: number; by: string; role: string; at: string }>;

/**
 * Checks one scorer's scores against the sheet: their own items, each from 0 to its maximum.
 * `standsInFor` names another scorer whose items this one may score (the community scores the
 * committee's items at a compound with no owners' committee: someone must speak for the residents).
 */
export function checkScores(sheet: SheetItem[], role: string, scores: Record<string, number>, standsInFor?: SheetItem['scorer']): void {
  for (const [key, score] of Object.entries(scores)) {
    const item = sheet.find((i) => i.key === key);
    if (!item) throw userError('assessment.item', `考核表没有“${key}”这一项`, `the sheet has no item ${key}`);
    if (item.scorer !== role && item.scorer !== standsInFor)
      throw userError(
        'assessment.scorer',
        `“${item.label}”由${{ bureau: '住建局', community: '社区', committee: '业委会' }[item.scorer]}评分`,
        `${item.label} is scored by the ${item.scorer}`,
        { status: 403 },
      );
    if (!(Number.isFinite(score) && score >= 0 && score <= item.max && Math.round(score * 100) === score * 100))
      throw userError(
        'assessment.score',
        `“${item.label}”的得分应在 0 至 ${item.max} 之间，最多两位小数`,
        `${item.label}: a score from 0 to ${item.max}, at most 2 decimals`,
      );
  }
}

/** The total once every item is scored, as a decimal string with two decimals; null while any is missing. */
export function totalOf(sheet: SheetItem[], scores: Scores): string | null {
  let cents = 0;
  for (const i of sheet) {
    const s = scores[i.key];
    if (!s) return null;
    cents += Math.round(s.score * 100);
  }
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
