/**
 * The half-year assessment sheet (考核评分表, 3.2): 100 points in items, each scored by the bureau, the
 * community or the owners' committee. The sheet in force on the period's last day applies; without one
 * in the registry, this default (a setting, to be replaced by the bureau's own sheet).
 */
import { desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../../rules/dates/period.ts';

export interface SheetItem {
  key: string;
  label: string;
  /** the item's English name (the default sheet's; a sheet from the registry may have none) */
  labelEn?: string;
  max: number;
  scorer: 'bureau' | 'community' | 'committee';
}

export const DEFAULT_SHEET: SheetItem[] = [
  { key: 'cleaning', label: '环境卫生与保洁', labelEn: 'Cleaning and hygiene', max: 20, scorer: 'community' },
  { key: 'repair', label: '共用设施设备维修养护', labelEn: 'Upkeep of shared facilities', max: 20, scorer: 'bureau' },
  { key: 'security', label: '秩序维护与安全防范', labelEn: 'Order and safety', max: 15, scorer: 'bureau' },
  { key: 'service', label: '服务态度与投诉处理', labelEn: 'Service and complaints', max: 15, scorer: 'committee' },
  { key: 'fees', label: '收费公示与规范', labelEn: 'Fees shown and charged properly', max: 10, scorer: 'bureau' },
  { key: 'records', label: '档案资料与信息报送', labelEn: 'Records and reporting', max: 10, scorer: 'community' },
  { key: 'residents', label: '业主满意程度', labelEn: 'Owners’ satisfaction', max: 10, scorer: 'committee' },
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
    if (!item)
      throw userError('assessment.item', `考核表没有“${key}”这一项`, `the sheet has no item ${key}`, {
        details: { field: `scores.${key}` },
      });
    if (item.scorer !== role && item.scorer !== standsInFor)
      throw userError(
        'assessment.scorer',
        `“${item.label}”由${{ bureau: '住建局', community: '社区', committee: '业委会' }[item.scorer]}评分`,
        `${item.label} is scored by the ${item.scorer}`,
        { status: 403, details: { field: `scores.${key}` } },
      );
    if (!(Number.isFinite(score) && score >= 0 && score <= item.max && Math.round(score * 100) === score * 100))
      throw userError(
        'assessment.score',
        `“${item.label}”的得分应在 0 至 ${item.max} 之间，最多两位小数`,
        `${item.label}: a score from 0 to ${item.max}, at most 2 decimals`,
        { details: { field: `scores.${key}` } },
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

/** One item of a claim's sheet as a case shows it: its score so far (by whom, when) and whether the reader may score it. */
export interface SheetRow extends SheetItem {
  score: number | null;
  by: string | null;
  at: string | null;
  mine: boolean;
}

/**
 * The sheet of a half-year with the scores recorded so far. `role` may score the items that are its own
 * — and the community those of the committee where the compound has none (as checkScores allows).
 */
export function sheetRows(sheet: SheetItem[], scores: Scores, role: string, standsInFor?: SheetItem['scorer']): SheetRow[] {
  return sheet.map((i) => {
    const s = scores[i.key];
    return { ...i, score: s?.score ?? null, by: s?.by ?? null, at: s?.at ?? null, mine: i.scorer === role || i.scorer === standsInFor };
  });
}

/** The last day of a half-year ("2025H1" → "2025-06-30"): the day whose sheet applies. */
export const periodLastDay = (period: string): string => {
  const p = parsePeriod(period);
  if (!p) throw new Error(`bad period ${period}`);
  return formatDay(periodEnd(p));
};

/** The scorer whose items `role` may also score on this compound: the committee's, for the community where there is none. */
export async function standsInFor(tx: Db, role: string, compoundId: number): Promise<SheetItem['scorer'] | undefined> {
  if (role !== 'community') return undefined;
  const [committee] = await tx.select({ id: t.committees.id }).from(t.committees).where(eq(t.committees.compoundId, compoundId));
  return committee ? undefined : 'committee';
}
