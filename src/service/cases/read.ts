/**
 * Reading cases within the caller's scope: one case with its history, files, the moves the caller may
 * make now, and the engine's frozen record; lists with filters and paging.
 */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { PROGRAMME_NAMES } from '../../registry/labels.ts';
import { actionsFor, type CaseType, stateName, WORKFLOWS } from '../../workflow/index.ts';
import type { Role } from '../actor.ts';
import type { ServiceContext } from '../command.ts';
import { type AssessmentSheetView, assessmentSheet } from './assessment-sheet.ts';
import { chinaDay } from './numbers.ts';
import { type CasePayment, casePayment } from './payment.ts';
import type { CaseRow } from './store.ts';
import { committeeCompoundId } from './subjects.ts';
import { caseCondition, caseNotFound, caseVisible } from './visibility.ts';

export interface CaseSummary {
  caseNo: string;
  type: CaseType;
  typeName: string;
  state: string;
  stateName: string;
  community: { code: string; name: string };
  compound: { code: string; name: string };
  company: { code: string; name: string } | null;
  committee: { code: string } | null;
  engagement: string | null;
  period: string | null;
  /** a rectification's failed year (docs/policy.md T.7); null for other kinds */
  year: number | null;
  amount: string | null;
  dueOn: string | null;
  overdue: boolean;
  submittedAt: string | null;
  decidedAt: string | null;
  updatedAt: string | null;
  version: number;
}

export interface CaseView extends CaseSummary {
  form: Record<string, unknown>;
  fieldComments: Record<string, string> | null;
  decision: unknown;
  overrideReason: string | null;
  notice: { id: number; title: string; publishedOn: string; closesOn: string; closed: boolean } | null;
  history: {
    at: string;
    username: string;
    role: string;
    action: string;
    from: string | null;
    to: string;
    comment: string | null;
    fieldComments: unknown;
  }[];
  attachments: {
    id: number;
    kind: string;
    fileName: string;
    mime: string;
    size: number;
    sha256: string;
    uploadedBy: string;
    uploadedAt: string;
  }[];
  /** the moves the caller may make now */
  actions: { action: string; label: string; to: string; toName: string }[];
  /** where the approved amount is — reserved, in a batch, paid, sent back by the bank (./payment.ts); null before approval */
  payment: CasePayment | null;
  /** a claim's half-year assessment sheet (null for other kinds): each item's score so far and whether the caller scores it, the total, the assessment closed, and the compound's complaints of the half-year beside them */
  assessment: AssessmentSheetView | null;
}

export const TYPE_NAMES: Record<CaseType, string> = {
  takeover: '企业承接登记',
  claim: `${PROGRAMME_NAMES.T}（半年申报）`,
  grant: PROGRAMME_NAMES.W,
  facility: PROGRAMME_NAMES.F,
  rectification: '整改',
  roster: '名单变更',
};

type Joined = {
  c: CaseRow;
  community: typeof t.communities.$inferSelect;
  compound: typeof t.compounds.$inferSelect;
  company: typeof t.companies.$inferSelect | null;
  committee: typeof t.committees.$inferSelect | null;
  engagement: string | null;
};

function summary(j: Joined, today: string): CaseSummary {
  const { c } = j;
  return {
    caseNo: c.caseNo,
    type: c.type,
    typeName: TYPE_NAMES[c.type],
    state: c.state,
    stateName: stateName(c.type, c.state),
    community: { code: j.community.code, name: j.community.name },
    compound: { code: j.compound.code, name: j.compound.name },
    company: j.company ? { code: j.company.uscc ?? j.company.code, name: j.company.name } : null,
    committee: j.committee ? { code: j.committee.code } : null,
    engagement: j.engagement,
    period: c.period,
    year: c.year,
    amount: c.amount,
    dueOn: c.dueOn,
    overdue: c.dueOn !== null && c.dueOn < today && !WORKFLOWS[c.type].final.includes(c.state),
    submittedAt: c.submittedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    updatedAt: c.updatedAt?.toISOString() ?? null,
    version: c.version,
  };
}

function joined(db: Db) {
  return db
    .select({
      c: t.cases,
      community: t.communities,
      compound: t.compounds,
      company: t.companies,
      committee: t.committees,
      engagement: t.engagements.code,
    })
    .from(t.cases)
    .innerJoin(t.communities, eq(t.cases.communityId, t.communities.id))
    .innerJoin(t.compounds, eq(t.cases.compoundId, t.compounds.id))
    .leftJoin(t.companies, eq(t.cases.companyId, t.companies.id))
    .leftJoin(t.committees, eq(t.cases.committeeId, t.committees.id))
    .leftJoin(t.engagements, eq(t.cases.engagementId, t.engagements.id));
}

/** The case, if the caller may see it; 404 otherwise (existence is not revealed). */
export async function visibleCase(db: Db, ctx: ServiceContext, caseNo: string, lock = false): Promise<CaseRow> {
  const q = db.select().from(t.cases).where(eq(t.cases.caseNo, caseNo));
  const [row] = lock ? await q.for('update') : await q;
  const c = { committeeCompoundId: await committeeCompoundId(db, ctx.actor.scope?.committee?.id) };
  if (!row || !caseVisible(ctx.actor, row, c)) throw caseNotFound(caseNo);
  return row;
}

export async function viewCase(db: Db, ctx: ServiceContext, caseNo: string): Promise<CaseView> {
  const row = await visibleCase(db, ctx, caseNo);
  const [j] = await joined(db).where(eq(t.cases.id, row.id));
  const today = chinaDay(ctx.now?.() ?? new Date());
  const history = await db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, row.id)).orderBy(asc(t.caseEvents.id));
  const files = await db
    .select({ l: t.caseAttachments, a: t.attachments })
    .from(t.caseAttachments)
    .innerJoin(t.attachments, eq(t.caseAttachments.attachmentId, t.attachments.id))
    .where(eq(t.caseAttachments.caseId, row.id))
    .orderBy(asc(t.attachments.id));
  const [notice] = row.noticeId === null ? [] : await db.select().from(t.publicNotices).where(eq(t.publicNotices.id, row.noticeId));
  const role = ctx.actor.role;
  const payment = await casePayment(db, row.id);
  return {
    ...summary(j as Joined, today),
    form: row.form as Record<string, unknown>,
    fieldComments: row.fieldComments as Record<string, string> | null,
    decision: row.decision,
    overrideReason: row.overrideReason,
    notice: notice
      ? { id: notice.id, title: notice.title, publishedOn: notice.publishedOn, closesOn: notice.closesOn, closed: notice.closedAt !== null }
      : null,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      username: h.username,
      role: h.role,
      action: h.action,
      from: h.fromState,
      to: h.toState,
      comment: h.comment,
      fieldComments: h.fieldComments,
    })),
    attachments: files.map(({ l, a }) => ({
      id: a.id,
      kind: l.kind,
      fileName: a.fileName,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      uploadedBy: a.uploadedBy,
      uploadedAt: a.uploadedAt.toISOString(),
    })),
    actions:
      role === 'public'
        ? []
        : actionsFor(row.type, row.state, role as Role).map((x) => ({
            action: x.action,
            label: x.label,
            to: x.to,
            toName: stateName(row.type, x.to),
          })),
    payment,
    assessment: await assessmentSheet(db, row, role),
  };
}

export interface CaseFilter {
  type?: CaseType | undefined;
  state?: string | undefined;
  community?: string | undefined;
  compound?: string | undefined;
  period?: string | undefined;
  overdue?: boolean | undefined;
}

export async function listCases(
  ctx: ServiceContext,
  f: CaseFilter,
  page: { limit: number; offset: number },
): Promise<{ items: CaseSummary[]; total: number }> {
  const db = ctx.db;
  const today = chinaDay(ctx.now?.() ?? new Date());
  const conds: (SQL | undefined)[] = [
    caseCondition(ctx.actor, { committeeCompoundId: await committeeCompoundId(db, ctx.actor.scope?.committee?.id) }),
    f.type ? eq(t.cases.type, f.type) : undefined,
    f.state ? eq(t.cases.state, f.state) : undefined,
    f.period ? eq(t.cases.period, f.period) : undefined,
    f.community ? eq(t.communities.code, f.community) : undefined,
    f.compound ? eq(t.compounds.code, f.compound) : undefined,
    f.overdue ? sql`${t.cases.dueOn} < ${today}` : undefined,
  ];
  const where = and(...conds.filter((c): c is SQL => c !== undefined));
  const [n] = await db
    .select({ n: count() })
    .from(t.cases)
    .innerJoin(t.communities, eq(t.cases.communityId, t.communities.id))
    .innerJoin(t.compounds, eq(t.cases.compoundId, t.compounds.id))
    .where(where);
  const rows = await joined(db).where(where).orderBy(desc(t.cases.id)).limit(page.limit).offset(page.offset);
  return { items: rows.map((j) => summary(j as Joined, today)), total: Number(n?.n ?? 0) };
}

/** Cases by number, in the caller's scope (bulk actions, notices). */
export async function caseRows(db: Db, caseNos: string[]): Promise<CaseRow[]> {
  return caseNos.length ? db.select().from(t.cases).where(inArray(t.cases.caseNo, caseNos)) : [];
}
