/**
 * Satisfaction surveys (满意度调查, clause 1: satisfaction of at least 80 %; D-20: levels 1–3 of five
 * count as satisfied; docs/domain.md "Surveys and complaints"). A community opens a survey of one of its
 * compounds (the bureau of any) for a half-year or a year and issues one-time household codes; a
 * household answers with its code, without an account, once. The answers are `survey_response` rows the
 * satisfaction report counts (src/service/reports/satisfaction.ts).
 */
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { mustParseDay, parseDay } from '../../rules/dates/date.ts';
import { requireRole } from '../access.ts';
import { chinaDay } from '../cases/numbers.ts';
import { command, type ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { hashCode, newCode, normalizeCode } from './codes.ts';
import type { SurveyHeading } from './sheet.ts';

/** The five levels, best first (D-20: the first three count as satisfied). */
export const LEVELS = [
  { level: 1, zh: '非常满意', en: 'very satisfied' },
  { level: 2, zh: '满意', en: 'satisfied' },
  { level: 3, zh: '基本满意', en: 'basically satisfied' },
  { level: 4, zh: '不满意', en: 'dissatisfied' },
  { level: 5, zh: '非常不满意', en: 'very dissatisfied' },
] as const;

/** Codes issued in one request, and in all for one survey (a compound has at most a few thousand households). */
export const MAX_CODES_PER_CALL = 5_000;
export const MAX_CODES_PER_SURVEY = 20_000;
/** A survey runs for at most a year. */
const MAX_DAYS = 366;

export type SurveyState = 'scheduled' | 'open' | 'closed';

export interface SurveyView {
  id: number;
  title: string;
  period: string;
  compound: { code: string; name: string };
  community: { code: string; name: string };
  opensOn: string;
  closesOn: string | null;
  /** scheduled before opensOn, closed after closesOn, open between them (Beijing days) */
  state: SurveyState;
  codes: { issued: number; used: number };
  responses: number;
}

const stateOn = (s: { opensOn: string; closesOn: string | null }, today: string): SurveyState =>
  today < s.opensOn ? 'scheduled' : s.closesOn !== null && today > s.closesOn ? 'closed' : 'open';

const todayOf = (ctx: ServiceContext) => chinaDay(ctx.now?.() ?? new Date());

const field = (code: string, zh: string, en: string, name: string) => userError(code, zh, en, { details: { field: name } });

const WHO = ['community', 'bureau'] as const;
const READERS = ['community', 'bureau', 'finance', 'auditor'] as const;

/** The community a community account is limited to (its id); null for the city. */
function ownCommunityId(ctx: ServiceContext): number | null {
  if (ctx.actor.role !== 'community') return null;
  const id = ctx.actor.scope?.community?.id;
  if (id === undefined) throw new Error(`community account ${ctx.actor.username} has no community`);
  return id;
}

export interface SurveyRequest {
  /** the compound's code */
  compound: string;
  /** a half-year ("2025H2") or a year ("2025") */
  period: string;
  title: string;
  opensOn: string;
  closesOn: string;
}

/** A community opens a survey of one of its compounds; the bureau of any compound. */
export async function openSurvey(ctx: ServiceContext, r: SurveyRequest): Promise<SurveyView> {
  requireRole(ctx.actor, WHO, { zh: '发起满意度调查', en: 'opening a survey' });
  const today = todayOf(ctx);
  if (!/^\d{4}(H[12])?$/.test(r.period))
    throw field(
      'survey.period',
      '调查期间应为半年（如 2025H2）或年度（如 2025）',
      'period: a half-year (2025H2) or a year (2025)',
      'period',
    );
  const title = r.title.trim();
  if (title.length === 0 || title.length > 100)
    throw field('survey.title', '请填写调查标题（不超过 100 字）', 'title is required (at most 100 characters)', 'title');
  for (const [k, v] of [
    ['opensOn', r.opensOn],
    ['closesOn', r.closesOn],
  ] as const)
    if (parseDay(v) === null)
      throw field('survey.date', `${k === 'opensOn' ? '开始日期' : '截止日期'}应为 YYYY-MM-DD`, `${k}: YYYY-MM-DD`, k);
  const days = mustParseDay(r.closesOn) - mustParseDay(r.opensOn);
  if (days < 0) throw field('survey.dates', '截止日期不能早于开始日期', 'closesOn is before opensOn', 'closesOn');
  if (days >= MAX_DAYS)
    throw field('survey.dates', `调查期不能超过 ${MAX_DAYS} 天`, `a survey runs for at most ${MAX_DAYS} days`, 'closesOn');
  if (r.closesOn < today) throw field('survey.dates', '截止日期已过', 'closesOn is in the past', 'closesOn');
  const own = ownCommunityId(ctx);
  const [c] = await ctx.db.select().from(t.compounds).where(eq(t.compounds.code, r.compound));
  if (!c || (own !== null && c.communityId !== own)) throw notFound({ zh: '小区', en: 'compound' }, r.compound);
  const id = await command(
    ctx,
    (id: number) => ({ action: 'survey.open', objectType: 'survey', objectId: id, detail: { compound: c.code, period: r.period } }),
    async (tx) => {
      const [s] = await tx
        .insert(t.surveys)
        .values({ compoundId: c.id, period: r.period, title, opensOn: r.opensOn, closesOn: r.closesOn })
        .returning({ id: t.surveys.id });
      return s?.id as number;
    },
  );
  return viewSurvey(ctx, id);
}

function surveyQuery(db: Db) {
  return db
    .select({
      s: t.surveys,
      compound: { code: t.compounds.code, name: t.compounds.name, communityId: t.compounds.communityId },
      community: { code: t.communities.code, name: t.communities.name },
    })
    .from(t.surveys)
    .innerJoin(t.compounds, eq(t.surveys.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id));
}
type SurveyRow = Awaited<ReturnType<ReturnType<typeof surveyQuery>['where']>>[number];

async function present(db: Db, rows: SurveyRow[], today: string): Promise<SurveyView[]> {
  const ids = rows.map((r) => r.s.id);
  const codes = ids.length
    ? await db
        .select({
          id: t.surveyCodes.surveyId,
          issued: sql<number>`count(*)::int`,
          used: sql<number>`(count(*) filter (where ${t.surveyCodes.usedAt} is not null))::int`,
        })
        .from(t.surveyCodes)
        .where(inArray(t.surveyCodes.surveyId, ids))
        .groupBy(t.surveyCodes.surveyId)
    : [];
  const answers = ids.length
    ? await db
        .select({ id: t.surveyResponses.surveyId, n: sql<number>`count(*)::int` })
        .from(t.surveyResponses)
        .where(inArray(t.surveyResponses.surveyId, ids))
        .groupBy(t.surveyResponses.surveyId)
    : [];
  return rows.map(({ s, compound, community }) => {
    const c = codes.find((x) => x.id === s.id);
    return {
      id: s.id,
      title: s.title,
      period: s.period,
      compound: { code: compound.code, name: compound.name },
      community,
      opensOn: s.opensOn,
      closesOn: s.closesOn,
      state: stateOn(s, today),
      codes: { issued: Number(c?.issued ?? 0), used: Number(c?.used ?? 0) },
      responses: Number(answers.find((x) => x.id === s.id)?.n ?? 0),
    };
  });
}

/** The survey, if the caller may see it (a community account: its own community's); 404 otherwise. */
async function visibleSurvey(ctx: ServiceContext, id: number): Promise<SurveyRow> {
  const own = ownCommunityId(ctx);
  const [row] = await surveyQuery(ctx.db).where(eq(t.surveys.id, id));
  if (!row || (own !== null && row.compound.communityId !== own))
    throw userError('survey.not_found', `没有满意度调查 ${id}`, `no survey ${id}`, { status: 404 });
  return row;
}

export async function viewSurvey(ctx: ServiceContext, id: number): Promise<SurveyView> {
  requireRole(ctx.actor, READERS, { zh: '查阅满意度调查', en: 'reading surveys' });
  const [v] = await present(ctx.db, [await visibleSurvey(ctx, id)], todayOf(ctx));
  return v as SurveyView;
}

export interface SurveyFilter {
  compound?: string | undefined;
  period?: string | undefined;
  limit: number;
  offset: number;
}

/** Surveys in the caller's scope, newest first. */
export async function listSurveys(ctx: ServiceContext, f: SurveyFilter): Promise<{ items: SurveyView[]; total: number }> {
  requireRole(ctx.actor, READERS, { zh: '查阅满意度调查', en: 'reading surveys' });
  const own = ownCommunityId(ctx);
  const conds: SQL[] = [];
  if (own !== null) conds.push(eq(t.compounds.communityId, own));
  if (f.compound) conds.push(eq(t.compounds.code, f.compound));
  if (f.period) conds.push(eq(t.surveys.period, f.period));
  const where = conds.length ? and(...conds) : undefined;
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.surveys)
    .innerJoin(t.compounds, eq(t.surveys.compoundId, t.compounds.id))
    .where(where);
  const rows = await surveyQuery(ctx.db).where(where).orderBy(desc(t.surveys.id)).limit(f.limit).offset(f.offset);
  return { items: await present(ctx.db, rows, todayOf(ctx)), total: Number(n?.n ?? 0) };
}

export interface IssuedCodes {
  survey: SurveyView;
  /** the codes in clear: shown this once, never stored */
  codes: string[];
}

/**
 * Issues `n` one-time codes for a survey not yet closed. Only their hashes are stored; the codes are
 * returned this once (to print). The survey's row is locked, so two issues at once keep the total bound.
 */
/**
 * Hashes at once at most: the hashes run on libuv's thread pool (4 threads by default), which file I/O —
 * the embedded database's among it — shares; thousands queued at once would hold every other request.
 */
const HASHING_LANES = 2;

/** `n` fresh codes with their hashes (distinct among themselves). */
async function draw(n: number): Promise<{ code: string; hash: string }[]> {
  const codes = new Set<string>();
  while (codes.size < n) codes.add(newCode());
  const list = [...codes];
  const out: { code: string; hash: string }[] = [];
  const lane = async () => {
    for (let code = list.pop(); code !== undefined; code = list.pop()) out.push({ code, hash: await hashCode(code) });
  };
  await Promise.all(Array.from({ length: HASHING_LANES }, lane));
  return out;
}

export async function issueCodes(ctx: ServiceContext, id: number, n: number): Promise<IssuedCodes> {
  requireRole(ctx.actor, WHO, { zh: '发放调查编码', en: 'issuing survey codes' });
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_CODES_PER_CALL)
    throw field('survey.count', `每次发放 1 至 ${MAX_CODES_PER_CALL} 个编码`, `count: 1 to ${MAX_CODES_PER_CALL} codes at a time`, 'count');
  const row = await visibleSurvey(ctx, id);
  if (stateOn(row.s, todayOf(ctx)) === 'closed')
    throw userError('survey.closed', `调查已于 ${row.s.closesOn} 截止`, `the survey closed on ${row.s.closesOn}`, { status: 409 });
  const limit = (issued: number) => {
    if (issued + n > MAX_CODES_PER_SURVEY)
      throw userError(
        'survey.codes_limit',
        `每项调查最多 ${MAX_CODES_PER_SURVEY} 个编码，已发放 ${issued} 个`,
        `a survey has at most ${MAX_CODES_PER_SURVEY} codes; ${issued} issued`,
        { status: 409, details: { field: 'count', issued } },
      );
  };
  const issuedSoFar = async (db: Db) =>
    Number((await db.select({ n: count() }).from(t.surveyCodes).where(eq(t.surveyCodes.surveyId, id)))[0]?.n ?? 0);
  limit(await issuedSoFar(ctx.db));
  // hashed before the transaction: the slow hashes (seconds for thousands) hold no connection
  let drawn = await draw(n);
  const codes = await command(
    ctx,
    { action: 'survey.codes.issue', objectType: 'survey', objectId: id, detail: { count: n } },
    async (tx) => {
      await tx.select({ id: t.surveys.id }).from(t.surveys).where(eq(t.surveys.id, id)).for('update');
      limit(await issuedSoFar(tx));
      const out: string[] = [];
      // a drawn code already in use (1 in 10¹² per code) is simply drawn again
      while (drawn.length > 0) {
        for (let i = 0; i < drawn.length; i += 1_000) {
          const batch = drawn.slice(i, i + 1_000);
          const kept = await tx
            .insert(t.surveyCodes)
            .values(batch.map((d) => ({ surveyId: id, codeHash: d.hash })))
            .onConflictDoNothing()
            .returning({ codeHash: t.surveyCodes.codeHash });
          const stored = new Set(kept.map((k) => k.codeHash));
          for (const d of batch) if (stored.has(d.hash)) out.push(d.code);
        }
        drawn = await draw(n - out.length);
      }
      return out;
    },
  );
  return { survey: await viewSurvey(ctx, id), codes };
}

// ── the public side: a household with its code ──

export interface PublicSurvey extends SurveyHeading {
  levels: { level: number; zh: string; en: string }[];
}

const unknownCode = () =>
  userError('survey.code_unknown', '调查编码不存在，请核对后重新输入', 'no survey has this code: check it and type it again', {
    status: 404,
    details: { field: 'code' },
  });
const usedCode = () =>
  userError('survey.code_used', '该编码已经答过卷，每户只能答一次，感谢参与', 'this code has already been used: one answer per household', {
    status: 409,
    details: { field: 'code' },
  });

/** Refuses a survey that is not open today: before its first day, or after its last. */
function requireOpen(s: { opensOn: string; closesOn: string | null }, today: string): void {
  const state = stateOn(s, today);
  if (state === 'scheduled')
    throw userError('survey.not_open', `调查将于 ${s.opensOn} 开始，请届时作答`, `the survey opens on ${s.opensOn}`, { status: 409 });
  if (state === 'closed')
    throw userError('survey.closed', `调查已于 ${s.closesOn} 截止，感谢关注`, `the survey closed on ${s.closesOn}`, { status: 409 });
}

/** The hash of a code as typed; an impossible code is unknown. Hashed outside any transaction (it is slow). */
async function typedHash(typed: string): Promise<string> {
  const code = normalizeCode(typed);
  if (code === null) throw unknownCode();
  return hashCode(code);
}

async function codeRow(db: Db, hash: string, lock: boolean) {
  const q = db
    .select({ id: t.surveyCodes.id, usedAt: t.surveyCodes.usedAt, s: t.surveys })
    .from(t.surveyCodes)
    .innerJoin(t.surveys, eq(t.surveyCodes.surveyId, t.surveys.id))
    .where(eq(t.surveyCodes.codeHash, hash));
  const [row] = lock ? await q.for('update', { of: t.surveyCodes }) : await q;
  if (!row) throw unknownCode();
  return row;
}

/** What a household sees before answering: the survey, its compound, the five levels. */
export async function publicSurvey(db: Db, typed: string, today: string): Promise<PublicSurvey> {
  const row = await codeRow(db, await typedHash(typed), false);
  if (row.usedAt) throw usedCode();
  requireOpen(row.s, today);
  const [c] = await db
    .select({ compound: t.compounds.name, community: t.communities.name })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(eq(t.compounds.id, row.s.compoundId));
  return {
    title: row.s.title,
    period: row.s.period,
    compound: c?.compound as string,
    community: c?.community as string,
    opensOn: row.s.opensOn,
    closesOn: row.s.closesOn,
    levels: LEVELS.map((l) => ({ ...l })),
  };
}

/**
 * A household answers, once: the code is marked used and the answer stored under the code's hash (never
 * the code), in one transaction. The code's row is locked, so of two answers at once one waits and then
 * finds the code used; the database's unique (survey, household) refuses a second answer whatever happens.
 */
export async function answerSurvey(
  ctx: ServiceContext,
  r: { code: string; level: number },
): Promise<{ thanks: { zh: string; en: string } }> {
  if (!LEVELS.some((l) => l.level === r.level))
    throw field(
      'survey.level',
      '请选择 1（非常满意）至 5（非常不满意）之一',
      'level: one of 1 (very satisfied) to 5 (very dissatisfied)',
      'level',
    );
  const today = todayOf(ctx);
  const hash = await typedHash(r.code);
  try {
    await command(
      ctx,
      (surveyId: number) => ({ action: 'survey.answer', objectType: 'survey', objectId: surveyId, detail: {} }),
      async (tx) => {
        const row = await codeRow(tx, hash, true);
        if (row.usedAt) throw usedCode();
        requireOpen(row.s, today);
        await tx
          .update(t.surveyCodes)
          .set({ usedAt: ctx.now?.() ?? new Date() })
          .where(eq(t.surveyCodes.id, row.id));
        await tx.insert(t.surveyResponses).values({ surveyId: row.s.id, householdCode: hash, level: r.level, answeredOn: today });
        return row.s.id;
      },
    );
  } catch (e) {
    if (dbError(e).constraint === 'survey_response_once') throw usedCode();
    throw e;
  }
  return { thanks: { zh: '感谢您的参与！', en: 'Thank you for taking part!' } };
}
