/**
 * Writing cases: a new case with its number and its first history entry; a move with its history
 * entry. Inside the caller's transaction (the service layer's `command`), so a case, its history and
 * the audit event are written together or not at all.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import type { CaseType } from '../../workflow/index.ts';
import { WORKFLOWS } from '../../workflow/index.ts';
import type { ServiceContext } from '../command.ts';
import { dueOn } from './deadlines.ts';
import { chinaDay, nextCaseNo } from './numbers.ts';

export type CaseRow = typeof t.cases.$inferSelect;

const DUPLICATE: Record<string, { zh: string; en: string }> = {
  case_claim_once: { zh: '该承接该半年期已有申报', en: 'this engagement has a claim for this half-year already' },
  case_grant_once: {
    zh: '该小区已申请过业委会一次性补助（每个小区只补助一次）',
    en: 'this compound has a committee grant application already (one per compound)',
  },
  case_takeover_once: { zh: '该承接已有登记申请', en: 'this engagement has a registration already' },
  case_facility_once: { zh: '该设施改造已有申请', en: 'this facility project has an application already' },
  facility_invoice_no_once: { zh: '发票号已在其他申请中使用', en: 'an invoice number is used by another application already' },
  rectification_once: { zh: '该承接该年度已有整改记录', en: 'this engagement has a rectification for that year already' },
};

/** A unique violation the policy forbids (a duplicate claim, grant, invoice…) as a 409 naming it. */
export function duplicateRefusal(e: unknown): never {
  const d = dbError(e);
  const text = d.code === '23505' && d.constraint ? DUPLICATE[d.constraint] : undefined;
  if (!text) throw e;
  throw userError(
    'case.duplicate',
    `${text.zh}；如确需重复，须由住建局书面说明理由后办理`,
    `${text.en}; only the housing bureau may let a duplicate through, with a written reason`,
    {
      status: 409,
      details: { constraint: d.constraint },
    },
  );
}

export interface NewCase {
  type: CaseType;
  communityId: number;
  compoundId: number;
  applicantType: 'community' | 'company' | 'committee' | 'bureau';
  companyId?: number | null;
  committeeId?: number | null;
  engagementId?: number | null;
  period?: string | null;
  year?: number | null;
  rosterChangeId?: number | null;
  form: Record<string, unknown>;
  overrideReason?: string | null;
  state?: string;
}

export async function insertCase(tx: Db, ctx: ServiceContext, c: NewCase): Promise<CaseRow> {
  const now = ctx.now?.() ?? new Date();
  const w = WORKFLOWS[c.type];
  const state = c.state ?? w.initial;
  const caseNo = await nextCaseNo(tx, Number(chinaDay(now).slice(0, 4)), w.letter);
  let row: CaseRow | undefined;
  try {
    [row] = await tx
      .insert(t.cases)
      .values({
        caseNo,
        type: c.type,
        state,
        communityId: c.communityId,
        compoundId: c.compoundId,
        applicantType: c.applicantType,
        companyId: c.companyId ?? null,
        committeeId: c.committeeId ?? null,
        engagementId: c.engagementId ?? null,
        period: c.period ?? null,
        year: c.year ?? null,
        rosterChangeId: c.rosterChangeId ?? null,
        form: c.form,
        overrideReason: c.overrideReason ?? null,
        dueOn: dueOn(c.type, state, now, c.form),
        submittedAt: state === w.initial && state !== 'draft' ? now : null,
      })
      .returning();
  } catch (e) {
    duplicateRefusal(e);
  }
  const created = row as CaseRow;
  await tx.insert(t.caseEvents).values({
    caseId: created.id,
    at: now,
    username: ctx.actor.username,
    role: ctx.actor.role,
    action: 'open',
    fromState: null,
    toState: state,
    comment: c.overrideReason ? `住建局书面理由（允许重复）：${c.overrideReason}` : null,
  });
  return created;
}

export interface Move {
  action: string;
  to: string;
  comment?: string | undefined;
  fieldComments?: Record<string, string> | undefined;
  /** more columns the move sets (a decision, an amount, a subject created on approval) */
  set?: Partial<typeof t.cases.$inferInsert>;
  /** what the history keeps beside the comment (a voided decision, an outcome) */
  detail?: Record<string, unknown>;
}

export async function recordMove(tx: Db, ctx: ServiceContext, row: CaseRow, m: Move): Promise<CaseRow> {
  const now = ctx.now?.() ?? new Date();
  const [updated] = await tx
    .update(t.cases)
    .set({
      state: m.to,
      dueOn: dueOn(row.type, m.to, now, row.form as Record<string, unknown>),
      ...(m.action === 'return' ? { fieldComments: m.fieldComments ?? null } : {}),
      ...(m.action === 'submit' ? { submittedAt: now } : {}),
      ...m.set,
    })
    .where(eq(t.cases.id, row.id))
    .returning();
  await tx.insert(t.caseEvents).values({
    caseId: row.id,
    at: now,
    username: ctx.actor.username,
    role: ctx.actor.role,
    action: m.action,
    fromState: row.state,
    toState: m.to,
    comment: m.comment ?? null,
    fieldComments: m.fieldComments ?? (m.detail ? { ...m.detail } : null),
  });
  return updated as CaseRow;
}
