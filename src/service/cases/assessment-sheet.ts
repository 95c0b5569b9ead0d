/**
 * The half-year assessment sheet as read (a claim case's `assessment`, GET /api/cases/:no): the sheet in
 * force with each item's score so far (who scored it, when, and whether the caller is the one to score
 * it), the total once every item is scored, the assessment recorded —
 * and, beside the score, the residents' complaints about the compound in that half-year (报事, clause
 * 3.3; src/service/complaints.ts): those lodged on a day of the half-year on which the engagement served
 * the compound, counted and listed, without contacts.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd, periodStart } from '../../rules/dates/period.ts';
import { complaintsBetween } from '../complaints.ts';
import { type Scores, type SheetRow, sheetFor, sheetRows, standsInFor, totalOf } from './assessment.ts';
import type { CaseRow } from './store.ts';

export interface AssessmentSheetView {
  period: string;
  /** each item with its score so far; `mine`: the caller scores it (the community also the committee's where there is none) */
  items: SheetRow[];
  /** the sum once every item is scored ("86.50"), else null */
  total: string | null;
  /** the assessment the bureau closed (`assess`), if it has */
  assessed: { total: string; assessedOn: string | null } | null;
  complaints: {
    /** the days counted: the half-year, within the engagement's service */
    from: string;
    to: string;
    count: number;
    items: Awaited<ReturnType<typeof complaintsBetween>>['items'];
  };
}

/** The sheet of a claim case (a half-year of an engagement) as `role` reads it; null for any other case. */
export async function assessmentSheet(db: Db, row: CaseRow, role: string): Promise<AssessmentSheetView | null> {
  if (row.type !== 'claim' || row.period === null || row.engagementId === null) return null;
  const p = parsePeriod(row.period);
  if (!p) return null;
  const [start, end] = [formatDay(periodStart(p)), formatDay(periodEnd(p))];
  const sheet = await sheetFor(db, end);
  const scores = ((row.form as { scores?: Scores }).scores ?? {}) as Scores;
  const [e] = await db.select().from(t.engagements).where(eq(t.engagements.id, row.engagementId));
  const [a] = await db
    .select()
    .from(t.assessments)
    .where(and(eq(t.assessments.engagementId, row.engagementId), eq(t.assessments.period, row.period)));
  const from = e && e.entryDate > start ? e.entryDate : start;
  const to = e?.endDate && e.endDate < end ? e.endDate : end;
  const complaints = await complaintsBetween(db, row.compoundId, from, to);
  return {
    period: row.period,
    items: sheetRows(sheet, scores, role, await standsInFor(db, role, row.compoundId)),
    total: totalOf(sheet, scores),
    assessed: a ? { total: a.total, assessedOn: a.assessedOn } : null,
    complaints: { from, to, ...complaints },
  };
}
