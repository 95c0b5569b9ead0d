/**
 * What happens in the synthetic city (src/registry/synthetic.ts has the story in words): per chunk of
 * compounds, the registry rows — as generated (src/rules/scenario/generate.ts), then as the story's
 * cases left them — and the cases themselves; after the chunks, the facility subsidies. Which case goes
 * which way is decided by the engine's lines on the chunk (a claim is made payable only where the
 * half-year is payable) and by counters carried from chunk to chunk, so every state occurs in a
 * small city and the same N always gives the same cases.
 */
import { inArray, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { Claim } from '../ledger/claims.ts';
import { formatFen, parseYuan } from '../ledger/money.ts';
import { loadPolicy } from '../policy/load.ts';
import { formatDay, mustParseDay } from '../rules/dates/date.ts';
import { calculate } from '../rules/engine.ts';
import { formatScaled } from '../rules/exact/rational.ts';
import type { FLine, Line, TLine, WLine } from '../rules/lines.ts';
import { presentLine } from '../rules/present.ts';
import { yearsToRectify } from '../rules/programmes/takeover/index.ts';
import { generateBatch } from '../rules/scenario/generate.ts';
import type { CommitteeInput, CompoundInput, EngagementInput, FacilityApplicationInput, Scenario } from '../rules/scenario/schema.ts';
import { DEFAULT_SHEET, type Scores } from '../service/cases/assessment.ts';
import type { EngineRecord } from '../service/cases/decision.ts';
import { RECTIFICATION_DAYS } from '../service/cases/rectify.ts';
import { closesOn } from '../service/notices.ts';
import { codeVersion } from '../service/version.ts';
import { committeeName } from './labels.ts';
import { periodFactsRow } from './scenario-load.ts';
import { type CaseNumbers, moment, type Notices, SynthCase, type Uploads, type Who } from './synthetic-cases.ts';

/** The frame every chunk shares, and counters carried from chunk to chunk. */
export interface Base {
  compounds: number;
  communities: { id: number; code: string; name: string }[];
  companies: { id: number; code: string }[];
  counters: Map<string, number>;
  numbers: CaseNumbers;
  notices: Notices;
  uploads: Uploads;
}

export interface Story {
  cases: SynthCase[];
}

const SETTLE_DAY = '2026-03-31';
/** 2025H1 published and closed (the notice of each community) */
const H1_PUBLISHED = '2025-08-01';
/** late claims, grants and subsidies published, their notice still open on SETTLE_DAY */
const LATE_PUBLISHED = '2026-03-26';
/** grants whose payableFrom is later wait; those before may be paid out of a notice closed before SETTLE_DAY */
const GRANT_CASES_UNTIL = '2026-01-15';

const BUREAU: Who = { username: 'synthetic-bureau', role: 'bureau' };
const who = (role: 'company' | 'community' | 'committee', code: string): Who => ({ username: `synthetic-${code}`, role });
const NAMES = ['王建国', '刘秀兰', '张伟', '李娜', '陈明', '杨静', '赵磊', '黄丽'];
const PROGRAMME_TITLES = { T: '企业承接奖补', W: '业委会一次性补助', F: '设施改造补贴' } as const;

/** `day` plus `n` calendar days (the service's `addDays`, on the engine's day numbers: this runs for every case). */
const addDays = (day: string, n: number): string => formatDay(mustParseDay(day) + n);

/** A deterministic number in [0, 1) from a compound's index and a salt (the same on every run). */
function hash01(k: number, salt: number): number {
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The next slot of a counter kept across chunks. */
function slot(base: Base, name: string, period: number): number {
  const n = base.counters.get(name) ?? 0;
  base.counters.set(name, n + 1);
  return n % period;
}

const policy = loadPolicy();
const key = (l: Line) => `${l.program}:${l.subject}:${'period' in l ? (l.period ?? '') : ''}`;

function linesOn(s: Scenario, asOf: string): Map<string, Line> {
  const calc = calculate({ ...s, asOf }, policy);
  return new Map(calc.lines.map((l) => [key(l), l]));
}

/** The engine's record a decision freezes (src/service/cases/decision.ts), without the trace. */
export function record(l: Line, asOf: string): EngineRecord {
  return {
    line: presentLine(l, 'zh', false),
    reasonsEn: presentLine(l, 'en', false).reasons,
    asOf,
    policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash },
    codeVersion: codeVersion(),
  };
}

/** A numeric(5,2) score as the registry gives it back (generated scores are doubles). */
const asStored = (x: number) => Number(x.toFixed(2));
/** A score a scorer can enter: two decimals that survive `score * 100` exactly (src/service/cases/assessment.ts). */
const enterable = (cents: number) => (cents / 100) * 100 === cents;

/** The sheet's items scored so that they add up to `total` exactly, each within its maximum. */
export function splitScores(total: number): Record<string, number> {
  const cents = Math.round(total * 100);
  const items = DEFAULT_SHEET.map((i) => ({ key: i.key, max: i.max * 100, c: Math.floor((i.max * cents) / 100) }));
  let rest = cents - items.reduce((a, i) => a + i.c, 0);
  for (const i of items) {
    const add = Math.min(rest, i.max - i.c);
    i.c += add;
    rest -= add;
  }
  for (const i of items)
    if (!enterable(i.c)) {
      const j = items.find(
        (x) => x !== i && [1, -1, 2, -2].some((d) => enterable(i.c + d) && enterable(x.c - d) && i.c + d <= i.max && x.c - d >= 0),
      );
      const d = [1, -1, 2, -2].find((d) => j && enterable(i.c + d) && enterable(j.c - d) && i.c + d <= i.max && j.c - d >= 0);
      if (!j || d === undefined) throw new Error(`cannot split the score ${total}`);
      i.c += d;
      j.c -= d;
    }
  return Object.fromEntries(items.map((i) => [i.key, i.c / 100]));
}

type ClaimPlan =
  | 'payable'
  | 'dismissed'
  | 'held'
  | 'late_published'
  | 'late_objected'
  | 'assessed'
  | 'scoring'
  | 'verified'
  | 'submitted'
  | 'returned'
  | 'draft'
  | 'rejected'
  | 'withheld';

/** Payable 2025H1 half-years, a hundred at a time: most paid, one of each other state. */
const CLAIM_CYCLE: ClaimPlan[] = [
  ...Array<ClaimPlan>(88).fill('payable'),
  'dismissed',
  'held',
  'late_published',
  'late_objected',
  'assessed',
  'scoring',
  'verified',
  'submitted',
  'returned',
  'draft',
  'rejected',
  'payable',
];
const LATE_CLAIMS: ClaimPlan[] = ['late_published', 'late_objected', 'assessed', 'scoring', 'verified', 'submitted', 'returned', 'draft'];
const ASSESSED_CLAIMS: ClaimPlan[] = [
  'payable',
  'dismissed',
  'held',
  'late_published',
  'late_objected',
  'assessed',
  'rejected',
  'withheld',
];

type GrantPlan =
  | 'payable'
  | 'late_published'
  | 'late_objected'
  | 'bureau_approved'
  | 'community_reviewed'
  | 'submitted'
  | 'returned'
  | 'draft'
  | 'rejected';
const GRANT_CYCLE: GrantPlan[] = [
  ...Array<GrantPlan>(12).fill('payable'),
  'late_published',
  'late_objected',
  'bureau_approved',
  'community_reviewed',
  'submitted',
  'returned',
  'draft',
  'rejected',
];
const REVIEWED_GRANTS: GrantPlan[] = ['payable', 'late_published', 'late_objected', 'bureau_approved', 'community_reviewed'];
const APPROVED_GRANTS: GrantPlan[] = ['payable', 'late_published', 'late_objected', 'bureau_approved'];

type TakeoverPlan = 'active' | 'ended' | 'expelled';
const NEW_TAKEOVER_CYCLE = ['draft', 'submitted', 'returned', 'community_confirmed', 'rejected'] as const;
type Outcome = 'rectified' | 'failed' | 'refused';

interface Rect {
  year: number;
  orderedOn: string;
  deadline: string;
  outcome: Outcome | null;
  decidedOn: string | null;
}

interface Unit {
  k: number;
  c: CompoundInput;
  originalArea: string;
  community: { id: number; code: string; name: string };
  company: { id: number; code: string };
  e: EngagementInput;
  /** the generated facts and scores (the registry's before the story) */
  scores: Map<string, number | null>;
  roster?: {
    plan: 'approved' | 'requested' | 'rejected';
    reason: string;
    values: Record<string, unknown>;
    at: string;
    decided?: string;
    note?: string;
  };
  committee?: { code: string; established: string; signed: string; payableFrom: string; grant?: GrantPlan };
  rects: Rect[];
  takeover?: TakeoverPlan;
  newTakeover?: (typeof NEW_TAKEOVER_CYCLE)[number];
  claim?: ClaimPlan;
  /** the 2025H1 line a decision freezes, and the day it is frozen */
  decision?: { line: TLine; asOf: string };
  /** the engagement's last day (expelled or ended), who ended it and when */
  ended?: { on: string; at: Date };
  ids: Partial<Record<'compound' | 'rosterEntry' | 'rosterChange' | 'engagement' | 'committee', number>>;
  /** registry rows the story's moves changed: who and when, and how many times (the row's version) */
  factsVerified?: { at: Date; by: string };
  assessed?: { at: Date; scores: Scores; total: string; assessors: string };
  committeeTouched: { at: Date; by: string }[];
}

export interface ChunkPlan {
  compounds: (typeof t.compounds.$inferInsert)[];
  setIds(what: keyof Unit['ids'], ids: { id: number }[]): void;
  rosterEntries(): (typeof t.roster2023.$inferInsert)[];
  rosterUploads(): { uploader: string; kind: string }[];
  rosterChanges(uploads: Uploads): (typeof t.rosterChanges.$inferInsert)[];
  supersedingEntries(): (typeof t.roster2023.$inferInsert)[];
  engagements(): (typeof t.engagements.$inferInsert)[];
  periodFacts(): (typeof t.periodFacts.$inferInsert)[];
  assessments(): (typeof t.assessments.$inferInsert)[];
  rectifications(): (typeof t.rectifications.$inferInsert)[];
  committees(): (typeof t.committees.$inferInsert)[];
  committeeContracts(): (typeof t.committeeContracts.$inferInsert)[];
  story(tx: Db, base: Base): Promise<Story>;
}

const scenarioOf = (units: Unit[]): Scenario => ({
  asOf: SETTLE_DAY,
  compounds: units.map((u) => u.c),
  engagements: units.map((u) => u.e),
  committees: [],
  facilityApplications: [],
});

/** A compound's committee, if it has one (12% of them), with its dates. */
function committeePlan(k: number): Unit['committee'] {
  if (hash01(k, 1) >= 0.12) return undefined;
  const established = addDays('2024-02-01', Math.floor(hash01(k, 2) * 500));
  const signed = addDays(established, 15 + Math.floor(hash01(k, 3) * 60));
  return { code: `W${k}`, established, signed, payableFrom: '' };
}

/** Lets the writes of the chunk before go on between the steps of planning this one (src/registry/synthetic.ts). */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Plans a chunk: the registry as generated, the engine's lines on it, and which way each case goes. */
export async function planChunk(base: Base, offset: number, count: number): Promise<ChunkPlan> {
  const batch = generateBatch(count, offset);
  const communityCount = base.communities.length;
  const units: Unit[] = batch.compounds.map((gc, i) => {
    const k = offset + i;
    const ge = (batch.engagements ?? [])[i] as EngagementInput;
    const community = base.communities[k % communityCount] as Unit['community'];
    const company = base.companies[k % base.companies.length] as Unit['company'];
    const periods = (ge.periods ?? []).map((p) => ({
      ...p,
      assessmentScore: p.assessmentScore === null || p.assessmentScore === undefined ? null : asStored(p.assessmentScore),
    }));
    return {
      k,
      c: { ...gc, communityId: community.code, onRoster2023: true },
      originalArea: gc.area,
      community,
      company,
      e: { ...ge, companyId: company.code, periods, rectifications: [] },
      scores: new Map(periods.map((p) => [p.period, p.assessmentScore ?? null])),
      committee: committeePlan(k),
      rects: [],
      ids: {},
      committeeTouched: [],
    };
  });

  await pause();
  // ── corrections of the sealed roster: one in 500 compounds each way (docs/domain.md "The roster in force") ──
  for (const u of units) {
    const r = u.k % 500;
    if (r === 0) {
      const area = formatScaled((parseYuan(u.c.area) * 105n) / 100n, 2);
      u.roster = {
        plan: 'approved',
        reason: '房产测绘报告更正建筑面积',
        values: { area },
        at: '2025-05-06',
        decided: '2025-05-20',
        note: '测绘报告有效',
      };
      u.c = { ...u.c, area };
    } else if (r === 125)
      u.roster = { plan: 'requested', reason: '实测户数与登记不符', values: { households: u.c.households + 12 }, at: '2026-03-20' };
    else if (r === 250)
      u.roster = {
        plan: 'rejected',
        reason: '小区名称变更',
        values: { name: `${u.c.name}（更名）` },
        at: '2026-03-02',
        decided: '2026-03-09',
        note: '更名不影响名单，无需更正',
      };
  }

  await pause();
  // ── 2024's failed annual results: rectification ordered in January 2025, decided in March (T.7) ──
  const asOf = { policy, asOf: mustParseDay(SETTLE_DAY), explain: false };
  for (const u of units) {
    if (!yearsToRectify(asOf, u.e, u.c).includes(2024)) continue;
    const s = slot(base, 'rect2024', 10);
    const outcome: Outcome = s < 8 ? 'rectified' : s === 8 ? 'failed' : 'refused';
    const orderedOn = addDays('2025-01-06', u.k % 20);
    const decidedOn = addDays('2025-03-03', u.k % 15);
    u.rects.push({ year: 2024, orderedOn, deadline: addDays(orderedOn, RECTIFICATION_DAYS), outcome, decidedOn });
    u.e = { ...u.e, rectifications: [{ year: 2024, outcome, decidedOn }] };
    if (outcome !== 'rectified') {
      u.takeover = 'expelled';
      u.ended = { on: decidedOn, at: moment(decidedOn, 30) };
      u.e = { ...u.e, endDate: decidedOn };
      u.newTakeover = NEW_TAKEOVER_CYCLE[slot(base, 'newTakeover', NEW_TAKEOVER_CYCLE.length)];
    }
  }

  await pause();
  // ── takeover registrations: 2% of the others active, 1% ended at the end of 2025 ──
  for (const u of units) {
    if (u.takeover || !u.e.contractSigned || !u.e.commitmentSigned) continue;
    const s = slot(base, 'takeover', 100);
    if (s < 2) u.takeover = 'active';
    else if (s === 2) {
      u.takeover = 'ended';
      u.ended = { on: '2025-12-31', at: moment('2026-01-05') };
      u.e = { ...u.e, endDate: '2025-12-31' };
    }
  }

  await pause();
  // ── 2025H1 claims, by the engine's line on the day they are published ──
  const h1 = linesOn(scenarioOf(units), H1_PUBLISHED);
  for (const u of units) {
    const line = h1.get(`T:${u.e.id}:2025H1`) as TLine | undefined;
    if (line?.status === 'payable') u.claim = CLAIM_CYCLE[slot(base, 'claim', CLAIM_CYCLE.length)];
    else if (line?.status === 'withheld' && slot(base, 'withheld', 5) === 0) u.claim = 'withheld';
    if (!u.claim) continue;
    if (LATE_CLAIMS.includes(u.claim) && !ASSESSED_CLAIMS.includes(u.claim)) {
      // the half-year's score comes with the claim's assessment, still to be made
      u.e = { ...u.e, periods: (u.e.periods ?? []).map((p) => (p.period === '2025H1' ? { ...p, assessmentScore: null } : p)) };
    }
    if (['payable', 'dismissed', 'held'].includes(u.claim)) u.decision = { line: line as TLine, asOf: H1_PUBLISHED };
  }
  const late = units.filter((u) => u.claim === 'late_published' || u.claim === 'late_objected');
  const lateLines = linesOn(scenarioOf(late), LATE_PUBLISHED);
  for (const u of late) u.decision = { line: lateLines.get(`T:${u.e.id}:2025H1`) as TLine, asOf: LATE_PUBLISHED };

  await pause();
  // ── 2025's failed annual results: rectifications ordered from February 2026, most still open ──
  const changed: Unit[] = [];
  for (const u of units) {
    if (u.e.endDate || !yearsToRectify(asOf, u.e, u.c).includes(2025)) continue;
    const s = slot(base, 'rect2025', 10);
    const outcome: Outcome | null = s < 6 ? null : s < 8 ? 'rectified' : s === 8 ? 'failed' : 'refused';
    const orderedOn = outcome ? addDays('2026-02-02', u.k % 10) : addDays('2026-02-16', u.k % 30);
    const decidedOn = outcome ? addDays('2026-03-16', u.k % 10) : null;
    u.rects.push({ year: 2025, orderedOn, deadline: addDays(orderedOn, RECTIFICATION_DAYS), outcome, decidedOn });
    if (!outcome || !decidedOn) continue;
    u.e = { ...u.e, rectifications: [...(u.e.rectifications ?? []), { year: 2025, outcome, decidedOn }] };
    if (outcome !== 'rectified') {
      u.ended = { on: decidedOn, at: moment(decidedOn, 30) };
      u.e = { ...u.e, endDate: decidedOn };
      if (u.takeover === 'active') u.takeover = 'expelled';
    }
    if (u.decision) changed.push(u);
  }
  // a decision is frozen: what changed after it must not move it (settlement would hold it)
  const again = linesOn(scenarioOf(changed), H1_PUBLISHED);
  for (const u of changed) {
    const now = again.get(`T:${u.e.id}:2025H1`);
    if (now?.status !== 'payable' || now.amount !== u.decision?.line.amount)
      throw new Error(`synthetic ${u.e.id}: the 2025H1 line moved after its decision`);
  }

  await pause();
  // ── committees' grants: those due by mid-January 2026 apply, in every state ──
  for (const u of units) {
    const w = u.committee;
    if (!w) continue;
    w.payableFrom = (grantLine(u, SETTLE_DAY).payableFrom as string) ?? '';
    if (w.payableFrom && w.payableFrom <= GRANT_CASES_UNTIL) w.grant = GRANT_CYCLE[slot(base, 'grant', GRANT_CYCLE.length)];
  }

  await pause();
  return chunkPlan(units);
}

/** The committee as the engine reads it from the registry once the story is over. */
function committeeInput(u: Unit, flags?: { operatingNormally: boolean; reviewApproved: boolean }): CommitteeInput {
  const w = u.committee as NonNullable<Unit['committee']>;
  return {
    id: w.code,
    compoundId: u.c.id,
    established: w.established,
    serviceContractSigned: w.signed,
    operatingNormally: flags?.operatingNormally ?? (w.grant !== undefined && REVIEWED_GRANTS.includes(w.grant)),
    reviewApproved: flags?.reviewApproved ?? (w.grant !== undefined && APPROVED_GRANTS.includes(w.grant)),
  };
}

/** The committee's W line on a day, once reviewed and approved (what the bureau's approval computes). */
function grantLine(u: Unit, asOf: string): WLine {
  const calc = calculate(
    {
      asOf,
      compounds: [u.c],
      engagements: [],
      committees: [committeeInput(u, { operatingNormally: true, reviewApproved: true })],
      facilityApplications: [],
    },
    policy,
  );
  return calc.lines[0] as WLine;
}

/** The takeover's lines when the bureau approved it: the engagement as registered, nothing claimed yet. */
function takeoverRecords(u: Unit, asOf: string): EngineRecord[] {
  const e: EngagementInput = { ...u.e, endDate: null, periods: [], rectifications: [] };
  return calculate({ asOf, compounds: [u.c], engagements: [e], committees: [], facilityApplications: [] }, policy).lines.map((l) =>
    record(l, asOf),
  );
}

function chunkPlan(units: Unit[]): ChunkPlan {
  const id = (u: Unit, what: keyof Unit['ids']) => {
    const v = u.ids[what];
    if (v === undefined) throw new Error(`synthetic ${u.c.id}: no ${what} id yet`);
    return v;
  };
  const rosterUnits = units.filter((u) => u.roster);
  // every row gives the same columns (a multi-row insert has no per-row default): untouched rows are version 1
  const touched = (at: Date, by: string, version: number) => ({ updatedBy: by as string | null, updatedAt: at as Date | null, version });
  const untouched = { updatedBy: null, updatedAt: null, version: 1 };
  const plan: ChunkPlan = {
    compounds: units.map((u) => ({
      code: u.c.id,
      name: u.c.name,
      communityId: u.community.id,
      kind: u.c.kind,
      area: u.c.area,
      households: u.c.households,
      ...(u.roster?.plan === 'approved' ? touched(moment(u.roster.decided as string), BUREAU.username, 2) : untouched),
    })),
    setIds(what, ids) {
      const list = what === 'rosterChange' ? rosterUnits : what === 'committee' ? units.filter((u) => u.committee) : units;
      list.forEach((u, i) => {
        u.ids[what] = ids[i]?.id as number;
      });
    },
    rosterEntries: () =>
      units.map((u) => ({
        compoundId: id(u, 'compound'),
        name: u.c.name,
        communityId: u.community.id,
        kind: u.c.kind,
        area: u.originalArea,
        households: u.c.households,
        sealed: true,
      })),
    rosterUploads: () => rosterUnits.map((u) => ({ uploader: who('community', u.community.code).username, kind: 'evidence' })),
    rosterChanges: (uploads) =>
      rosterUnits.map((u) => {
        const r = u.roster as NonNullable<Unit['roster']>;
        const requester = who('community', u.community.code).username;
        return {
          compoundId: id(u, 'compound'),
          action: 'amend' as const,
          reason: r.reason,
          values: r.values,
          targetEntryId: id(u, 'rosterEntry'),
          evidenceAttachmentId: uploads.id(requester, 'evidence'),
          status: r.plan,
          requestedBy: requester,
          requestedAt: moment(r.at),
          createdBy: requester,
          createdAt: moment(r.at),
          ...(r.decided
            ? {
                decidedBy: BUREAU.username,
                decidedAt: moment(r.decided),
                decisionNote: r.note ?? null,
                ...touched(moment(r.decided), BUREAU.username, 2),
              }
            : untouched),
        };
      }),
    supersedingEntries: () =>
      rosterUnits
        .filter((u) => u.roster?.plan === 'approved')
        .map((u) => ({
          compoundId: id(u, 'compound'),
          name: u.c.name,
          communityId: u.community.id,
          kind: u.c.kind,
          area: u.c.area,
          households: u.c.households,
          supersedesId: id(u, 'rosterEntry'),
          changeId: id(u, 'rosterChange'),
          sealed: true,
          createdBy: BUREAU.username,
          createdAt: moment(u.roster?.decided as string),
        })),
    engagements: () =>
      units.map((u) => ({
        code: u.e.id,
        compoundId: id(u, 'compound'),
        companyId: u.company.id,
        entryDate: u.e.entryDate,
        contractSigned: u.e.contractSigned ?? null,
        commitmentSigned: u.e.commitmentSigned ?? null,
        endDate: u.e.endDate ?? null,
        ...(u.ended ? touched(u.ended.at, BUREAU.username, 2) : untouched),
      })),
    periodFacts: () =>
      units.flatMap((u) =>
        (u.e.periods ?? []).map((p) => ({
          ...periodFactsRow(id(u, 'engagement'), p),
          ...(p.period === '2025H1' && u.factsVerified ? touched(u.factsVerified.at, u.factsVerified.by, 2) : untouched),
        })),
      ),
    assessments: () =>
      units.flatMap((u) =>
        (u.e.periods ?? []).flatMap((p) => {
          if (p.assessmentScore === null || p.assessmentScore === undefined) return [];
          const a = p.period === '2025H1' ? u.assessed : undefined;
          return [
            {
              engagementId: id(u, 'engagement'),
              period: p.period,
              total: a?.total ?? String(p.assessmentScore),
              ...(a
                ? { itemScores: a.scores, assessors: a.assessors, assessedOn: dayOf(a.at), ...touched(a.at, BUREAU.username, 2) }
                : untouched),
            },
          ];
        }),
      ),
    rectifications: () =>
      units.flatMap((u) =>
        u.rects.map((r) => ({
          engagementId: id(u, 'engagement'),
          year: r.year,
          orderedOn: r.orderedOn,
          deadline: r.deadline,
          outcome: r.outcome,
          decidedOn: r.decidedOn,
          createdBy: BUREAU.username,
          createdAt: moment(r.orderedOn),
          ...(r.decidedOn ? touched(moment(r.decidedOn, 30), BUREAU.username, 2) : untouched),
        })),
      ),
    committees: () =>
      units.flatMap((u) => {
        const w = u.committee;
        if (!w) return [];
        const flags = committeeInput(u);
        const last = u.committeeTouched[u.committeeTouched.length - 1];
        return [
          {
            code: w.code,
            compoundId: id(u, 'compound'),
            established: w.established,
            filingNo: `备案${w.code}`,
            custodianName: NAMES[u.k % NAMES.length] as string,
            custodianBankName: '中国农业银行二连浩特支行',
            custodianAccountName: committeeName(u.c.name),
            custodianAccountNo: `6228${String(u.k).padStart(15, '0')}`,
            operatingNormally: flags.operatingNormally,
            reviewApproved: flags.reviewApproved,
            ...(last ? touched(last.at, last.by, 1 + u.committeeTouched.length) : untouched),
          },
        ];
      }),
    committeeContracts: () =>
      units.flatMap((u) =>
        u.committee ? [{ committeeId: id(u, 'committee'), companyId: u.company.id, signedOn: u.committee.signed }] : [],
      ),
    // the cases are built before the registry rows they touched are written: the rows above read
    // what the cases' moves recorded (facts verified, assessments, committees reviewed)
    story: async (tx, base) => chunkStory(tx, base, units),
  };
  // the moves that touch registry rows are known from the plan alone: record them before the rows are made
  for (const u of units) prepareTouches(u);
  return plan;
}

const dayOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** When each claim's steps happen: main claims in July 2025, late ones in March 2026. */
function claimDays(u: Unit): { open: string; submit: string; verify: string; score: string[]; assess: string; publish: string } {
  const late = LATE_CLAIMS.includes(u.claim as ClaimPlan);
  const b = late ? addDays('2026-03-02', u.k % 5) : addDays('2025-07-01', u.k % 10);
  return {
    open: b,
    submit: addDays(b, 1),
    verify: addDays(b, 4),
    score: [addDays(b, 6), addDays(b, 7), addDays(b, 8)],
    assess: late ? addDays(b, 10) : '2025-07-25',
    publish: late ? LATE_PUBLISHED : H1_PUBLISHED,
  };
}

/** The scorers of a claim: the bureau, the community, and the committee — or the community in its place. */
function scorers(u: Unit): { who: Who; items: string[] }[] {
  const hasCommittee = u.committee !== undefined;
  const items = (role: string) =>
    DEFAULT_SHEET.filter((s) => s.scorer === role || (role === 'community' && !hasCommittee && s.scorer === 'committee')).map((s) => s.key);
  return [
    { who: BUREAU, items: items('bureau') },
    { who: who('community', u.community.code), items: items('community') },
    ...(hasCommittee ? [{ who: who('committee', (u.committee as { code: string }).code), items: items('committee') }] : []),
  ];
}

/** The registry rows the claims and grants will change, with who changed them and when. */
function prepareTouches(u: Unit): void {
  if (u.claim && !['draft', 'submitted', 'returned'].includes(u.claim)) {
    const d = claimDays(u);
    u.factsVerified = { at: moment(d.verify, 10), by: who('community', u.community.code).username };
  }
  if (u.claim && ASSESSED_CLAIMS.includes(u.claim)) {
    const d = claimDays(u);
    const total = u.scores.get('2025H1') as number;
    const split = splitScores(total);
    const scores: Scores = {};
    scorers(u).forEach((s, i) => {
      for (const key of s.items)
        scores[key] = {
          score: split[key] as number,
          by: s.who.username,
          role: s.who.role,
          at: moment(d.score[i] as string, 20).toISOString(),
        };
    });
    const cents = Object.values(split).reduce((a, x) => a + Math.round(x * 100), 0);
    u.assessed = {
      at: moment(d.assess, 30),
      scores,
      total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      assessors: [...new Set(Object.values(scores).map((s) => s.by))].join('、'),
    };
  }
  const g = u.committee?.grant;
  if (g && REVIEWED_GRANTS.includes(g)) {
    const d = grantDays(u);
    u.committeeTouched.push({ at: moment(d.review, 10), by: who('community', u.community.code).username });
    if (APPROVED_GRANTS.includes(g)) u.committeeTouched.push({ at: moment(d.approve, 10), by: BUREAU.username });
  }
}

/** When a grant's steps happen: paid grants around their payableFrom, the others in March 2026. */
function grantDays(u: Unit): { open: string; submit: string; review: string; approve: string; publish: string } {
  const w = u.committee as NonNullable<Unit['committee']>;
  if (w.grant === 'payable') {
    const approve = addDays(w.payableFrom, 14);
    const month = new Date(`${approve.slice(0, 7)}-01T00:00:00Z`);
    month.setUTCMonth(month.getUTCMonth() + 1);
    return {
      open: addDays(w.payableFrom, 3),
      submit: addDays(w.payableFrom, 4),
      review: addDays(w.payableFrom, 9),
      approve,
      publish: month.toISOString().slice(0, 10),
    };
  }
  const b = addDays('2026-03-02', u.k % 5);
  return { open: b, submit: addDays(b, 1), review: addDays(b, 4), approve: addDays(b, 9), publish: LATE_PUBLISHED };
}

/** A notice of the community: closed the day after its last day, or still open (the late ones). */
function noticeOf(base: Base, tx: Db, community: Unit['community'], programme: 'T' | 'W' | 'F', day: string) {
  const open = day === LATE_PUBLISHED;
  const closes = closesOn(day);
  return base.notices
    .id(tx, {
      communityId: community.id,
      title: `${community.name}${PROGRAMME_TITLES[programme]}结果公示（${day}）`,
      programme,
      publishedOn: day,
      closesOn: closes,
      closedAt: open ? null : moment(addDays(closes, 1)),
      by: BUREAU.username,
    })
    .then((id) => ({ id, closes, closedAt: open ? null : moment(addDays(closes, 1)) }));
}

const objector = (k: number, at: Date, noticeId: number, text: string) => ({
  noticeId,
  name: NAMES[(k * 3) % NAMES.length] as string,
  contact: `139${String(k % 100_000_000).padStart(8, '0')}`,
  text,
  lodgedAt: at,
});

async function chunkStory(tx: Db, base: Base, units: Unit[]): Promise<Story> {
  const cases: SynthCase[] = [];
  for (const u of units) {
    const company = who('company', u.company.code);
    const community = who('community', u.community.code);
    const subject = {
      communityId: u.community.id,
      compoundId: u.ids.compound as number,
    };

    // ── the takeover's registration, and its end ──
    let takeover: SynthCase | undefined;
    if (u.takeover) {
      const entry = u.e.entryDate;
      takeover = new SynthCase(
        base.numbers,
        'takeover',
        { ...subject, applicantType: 'company', companyId: u.company.id },
        { compoundCode: u.c.id, entryDate: entry, contractSigned: u.e.contractSigned, commitmentSigned: u.e.commitmentSigned },
        moment(addDays(entry, 3)),
        company,
      )
        .attach('contract')
        .attach('commitment')
        .move('submit', moment(addDays(entry, 4)), company)
        .move('confirm', moment(addDays(entry, 6)), community, { comment: '已核实合同原件' });
      const approved = addDays(entry, 10);
      takeover.move('approve', moment(approved), BUREAU, {
        set: { engagementId: u.ids.engagement, decision: { lines: takeoverRecords(u, approved) }, decidedAt: moment(approved) },
      });
      if (u.takeover === 'ended')
        takeover.move('end', moment('2026-01-05'), BUREAU, { comment: '合同到期，双方不再续约', detail: { endDate: '2025-12-31' } });
      cases.push(takeover);
    }

    // ── rectifications: ordered by the bureau, their outcome recorded; failed or refused expel ──
    for (const r of u.rects) {
      const c = new SynthCase(
        base.numbers,
        'rectification',
        { ...subject, applicantType: 'bureau', companyId: u.company.id, engagementId: u.ids.engagement, year: r.year },
        { engagementCode: u.e.id, year: r.year, deadline: r.deadline },
        moment(r.orderedOn),
        BUREAU,
      );
      if (r.outcome && r.decidedOn) {
        c.move(r.outcome, moment(r.decidedOn, 30), BUREAU, {
          comment: '整改期满，经复核作出结论',
          detail: { outcome: r.outcome, decidedOn: r.decidedOn },
        });
        if (r.outcome !== 'rectified' && takeover?.state === 'active')
          takeover.move('expel', moment(r.decidedOn, 30), BUREAU, {
            comment: `整改结论：${r.outcome === 'failed' ? '整改不合格' : '拒不整改'}（${c.caseNo}）`,
          });
      }
      cases.push(c);
    }

    // ── the 2025H1 claim ──
    if (u.claim) cases.push(await claimCase(tx, base, u));

    // ── a new company's takeover of a compound whose company was expelled ──
    if (u.newTakeover) {
      const other = base.companies[(u.k * 7 + 3) % base.companies.length] as Unit['company'];
      const next = other.code === u.company.code ? (base.companies[(u.k * 7 + 4) % base.companies.length] as Unit['company']) : other;
      const applicant = who('company', next.code);
      const b = addDays('2026-03-05', u.k % 5);
      const c = new SynthCase(
        base.numbers,
        'takeover',
        { ...subject, applicantType: 'company', companyId: next.id },
        { compoundCode: u.c.id, entryDate: '2026-04-01', contractSigned: '2026-03-28', commitmentSigned: '2026-03-28' },
        moment(b),
        applicant,
      );
      if (u.newTakeover !== 'draft') {
        c.attach('contract')
          .attach('commitment')
          .move('submit', moment(addDays(b, 1)), applicant);
        if (u.newTakeover === 'returned')
          c.move('return', moment(addDays(b, 3)), community, { fieldComments: { commitmentSigned: '承诺书未加盖公章，请重新上传' } });
        else if (u.newTakeover !== 'submitted') {
          c.move('confirm', moment(addDays(b, 3)), community, { comment: '已核实合同原件' });
          if (u.newTakeover === 'rejected') c.move('reject', moment(addDays(b, 6)), BUREAU, { comment: '企业资质材料与登记信息不符' });
        }
      }
      cases.push(c);
    }

    // ── the committee's grant ──
    if (u.committee?.grant) cases.push(await grantCase(tx, base, u));

    // ── the roster correction ──
    if (u.roster) {
      const r = u.roster;
      const c = new SynthCase(
        base.numbers,
        'roster',
        { ...subject, applicantType: 'community', rosterChangeId: u.ids.rosterChange },
        {
          compoundCode: u.c.id,
          action: 'amend',
          reason: r.reason,
          values: r.values,
          evidenceAttachmentId: base.uploads.id(community.username, 'evidence'),
        },
        moment(r.at),
        community,
      ).attach('evidence');
      if (r.decided) c.move(r.plan === 'approved' ? 'approve' : 'reject', moment(r.decided), BUREAU, { comment: r.note });
      cases.push(c);
    }
  }
  return { cases };
}

async function claimCase(tx: Db, base: Base, u: Unit): Promise<SynthCase> {
  const plan = u.claim as ClaimPlan;
  const company = who('company', u.company.code);
  const community = who('community', u.community.code);
  const d = claimDays(u);
  const facts = (u.e.periods ?? []).find((p) => p.period === '2025H1');
  const c = new SynthCase(
    base.numbers,
    'claim',
    {
      communityId: u.community.id,
      compoundId: u.ids.compound as number,
      applicantType: 'company',
      companyId: u.company.id,
      engagementId: u.ids.engagement,
      period: '2025H1',
    },
    {
      engagementCode: u.e.id,
      period: '2025H1',
      ...(facts
        ? {
            committeeSupport: facts.committeeSupport,
            enhancedServices: facts.enhancedServices,
            basicServices: facts.basicServices,
            feesReceivableOccupied: facts.feesReceivableOccupied,
            feesCollected: facts.feesCollected,
            feeStandard: facts.feeStandard,
          }
        : {}),
    },
    moment(d.open),
    company,
  );
  if (plan === 'draft') return c;
  c.attach('evidence').move('submit', moment(d.submit), company);
  if (plan === 'submitted') return c;
  if (plan === 'returned')
    return c.move('return', moment(d.verify, 10), community, { fieldComments: { feesCollected: '实收物业费与收费台账不一致，请附台账' } });
  c.move('verify', moment(d.verify, 10), community, { comment: '资料齐全，与现场核查一致' });
  if (plan === 'verified') return c;
  // each scorer scores their items (the scores add up to the half-year's score in the registry)
  const split = splitScores(u.scores.get('2025H1') as number);
  const all = scorers(u);
  const scoring = plan === 'scoring' ? all.filter((s) => s.who.role !== (u.committee ? 'committee' : 'bureau')) : all;
  for (const [i, s] of all.entries()) {
    if (!scoring.includes(s)) continue;
    const at = moment(d.score[i] as string, 20);
    const mine = Object.fromEntries(s.items.map((key) => [key, split[key] as number]));
    const scores: Scores = { ...((c.form.scores as Scores | undefined) ?? {}) };
    for (const [key, score] of Object.entries(mine)) scores[key] = { score, by: s.who.username, role: s.who.role, at: at.toISOString() };
    c.move('score', at, s.who, { set: { form: { ...c.form, scores } }, detail: { scores: mine } });
  }
  if (plan === 'scoring') return c;
  const a = u.assessed as NonNullable<Unit['assessed']>;
  c.move('assess', a.at, BUREAU, { detail: { total: a.total } });
  if (plan === 'assessed') return c;
  if (plan === 'rejected' || plan === 'withheld')
    return c.move('reject', moment(addDays(d.assess, 5)), BUREAU, {
      comment: plan === 'withheld' ? `半年考核得分 ${a.total}，低于合格分 60，不予奖补` : '该半年期存在重大安全责任事故',
    });
  // approved for payment and published: the engine's line frozen, the amount reserved
  const notice = await noticeOf(base, tx, u.community, 'T', d.publish);
  const { line, asOf } = u.decision as NonNullable<Unit['decision']>;
  const r = record(line, asOf);
  const claim: Claim = {
    programme: 'T',
    subject: u.e.id,
    period: '2025H1',
    year: 2025,
    communityCode: u.community.code,
    payee: { type: 'company', code: u.company.code },
    amount: line.amount,
  };
  c.reservation = { claim, communityId: u.community.id };
  c.move('publish', moment(d.publish, 10), BUREAU, {
    set: { decision: r, amount: r.line.amount, decidedAt: moment(d.publish, 10), noticeId: notice.id },
    detail: { claimId: `T:${u.e.id}:2025H1`, budgetYear: 2025 },
  });
  return closeOrHold(c, plan, u.k, notice, '收费台账与实际不符');
}

/** After the notice: closed into payable, or held by an objection (open, or dismissed then paid). */
function closeOrHold(
  c: SynthCase,
  plan: string,
  k: number,
  notice: { id: number; closes: string; closedAt: Date | null },
  complaint: string,
): SynthCase {
  const lodged = moment(addDays(notice.closes, -3), 40);
  if (plan === 'late_published') return c;
  if (plan === 'late_objected' || plan === 'held') {
    c.objections.push(objector(k, lodged, notice.id, complaint));
    return c;
  }
  if (!notice.closedAt) throw new Error(`synthetic ${c.caseNo}: payable out of an open notice`);
  if (plan === 'dismissed') {
    const reason = '经社区核实，台账与实际一致，异议不成立';
    const resolved = new Date(notice.closedAt.getTime() + 60 * 60_000);
    c.objections.push({
      ...objector(k, lodged, notice.id, complaint),
      resolution: { outcome: 'dismissed', reason, by: BUREAU.username, at: resolved },
    });
    return c.move('close', resolved, BUREAU, { comment: (ids) => `异议 #${ids[0]} 不成立：${reason}` });
  }
  return c.move('close', notice.closedAt, BUREAU);
}

async function grantCase(tx: Db, base: Base, u: Unit): Promise<SynthCase> {
  const w = u.committee as NonNullable<Unit['committee']>;
  const plan = w.grant as GrantPlan;
  const committee = who('committee', w.code);
  const community = who('community', u.community.code);
  const d = grantDays(u);
  const c = new SynthCase(
    base.numbers,
    'grant',
    { communityId: u.community.id, compoundId: u.ids.compound as number, applicantType: 'committee', committeeId: u.ids.committee },
    { committeeCode: w.code, note: '业委会工作经费' },
    moment(d.open),
    committee,
  );
  if (plan === 'draft') return c;
  c.move('submit', moment(d.submit), committee);
  if (plan === 'submitted') return c;
  if (plan === 'returned') return c.move('return', moment(d.review, 10), community, { comment: '请补充物业服务合同签订页' });
  if (plan === 'rejected') return c.move('reject', moment(d.review, 10), community, { comment: '业委会未正常运行' });
  c.move('review', moment(d.review, 10), community, { comment: '运行正常', detail: { operatingNormally: true } });
  if (plan === 'community_reviewed') return c;
  const line = grantLine(u, d.approve);
  if (line.status !== 'payable') throw new Error(`synthetic ${w.code}: the grant is ${line.status} on ${d.approve}`);
  const year = Number(w.payableFrom.slice(0, 4));
  c.reservation = {
    claim: {
      programme: 'W',
      subject: w.code,
      period: null,
      year,
      communityCode: u.community.code,
      payee: { type: 'committee', code: w.code },
      amount: line.amount,
    },
    communityId: u.community.id,
  };
  const r = record(line, d.approve);
  c.move('approve', moment(d.approve, 10), BUREAU, {
    set: { decision: r, amount: r.line.amount, decidedAt: moment(d.approve, 10) },
    detail: { claimId: `W:${w.code}`, budgetYear: year },
  });
  if (plan === 'bureau_approved') return c;
  const notice = await noticeOf(base, tx, u.community, 'W', d.publish);
  c.move('publish', moment(d.publish, 10), BUREAU, { set: { noticeId: notice.id } });
  return closeOrHold(c, plan, u.k, notice, '业委会成员名单未公开');
}

// ── F: facility subsidies, after every chunk (the quotas share the city's roster area) ──

type FacilityPlan =
  | 'payable'
  | 'capped'
  | 'late_published'
  | 'late_objected'
  | 'bureau_approved'
  | 'community_vetted'
  | 'submitted'
  | 'returned'
  | 'draft'
  | 'rejected';

/** Each community's applications: in 2025 one granted and one capped by the quota, one rejected; in 2026 one of each other state. */
const FACILITY_PLANS: { plan: FacilityPlan; submitted: string; approve?: string; publish?: string }[] = [
  { plan: 'payable', submitted: '2025-06-10', approve: '2025-06-25', publish: '2025-07-01' },
  { plan: 'capped', submitted: '2025-09-10', approve: '2025-09-25', publish: '2025-10-08' },
  { plan: 'rejected', submitted: '2025-11-10' },
  { plan: 'payable', submitted: '2026-01-12', approve: '2026-01-26', publish: '2026-02-02' },
  { plan: 'late_published', submitted: '2026-03-02', approve: '2026-03-16', publish: LATE_PUBLISHED },
  { plan: 'late_objected', submitted: '2026-03-03', approve: '2026-03-17', publish: LATE_PUBLISHED },
  { plan: 'bureau_approved', submitted: '2026-03-05', approve: '2026-03-20' },
  { plan: 'community_vetted', submitted: '2026-03-09' },
  { plan: 'returned', submitted: '2026-03-10' },
  { plan: 'submitted', submitted: '2026-03-23' },
  { plan: 'draft', submitted: '2026-03-25' },
];
const CATEGORIES = ['safety', 'health', 'security', 'basic'] as const;
const DESCRIPTIONS = ['更换消防器材与应急照明', '改造垃圾分类收集点', '加装门禁与监控', '维修小区道路与照明'];

/**
 * The facility subsidies: per community, on compounds that have an owners' committee (F.5), each
 * approved application calculated in its place among those approved before it (the engine orders them by
 * submission) — on the community's compounds and the rest of the city as one compound per community,
 * which gives the quotas (F.caps 2) their exact roster areas. `allot` gives a community its year's quota
 * before its first reservation, as the service does.
 */
export async function facilityStory(
  tx: Db,
  base: Base,
  allot: (year: number, community: { id: number; code: string }, day: string) => Promise<bigint>,
): Promise<Story> {
  const communityCount = base.communities.length;
  // the compounds with a committee established before the year's first application, per community
  const chosen = base.communities.map((_, ci) => {
    const ks: number[] = [];
    for (let k = ci; k < base.compounds && ks.length < FACILITY_PLANS.length; k += communityCount) {
      const w = committeePlan(k);
      if (w && w.established <= '2025-05-31') ks.push(k);
    }
    return ks;
  });
  const codes = chosen.flat().map((k) => `X${k}`);
  const compounds = new Map<string, { id: number; name: string; area: string; households: number; kind: 'compound' | 'scattered' }>();
  for (let i = 0; i < codes.length; i += 10000)
    for (const r of await tx
      .select({
        id: t.compounds.id,
        code: t.compounds.code,
        name: t.compounds.name,
        area: t.compounds.area,
        households: t.compounds.households,
        kind: t.compounds.kind,
      })
      .from(t.compounds)
      .where(inArray(t.compounds.code, codes.slice(i, i + 10000))))
      compounds.set(r.code, r);
  // the roster area of each community (docs/policy.md F.caps 2), as the quota is allotted from it
  const areas = new Map(
    (
      await rawRows<{ code: string; area: string }>(
        tx,
        sql`select m.code, sum(r.managed_area)::text as area
            from roster2023_current r join compound c on c.id = r.compound_id join community m on m.id = c.community_id
            group by m.code`,
      )
    ).map((r) => [r.code, parseYuan(r.area)]),
  );
  const cases: SynthCase[] = [];
  const approved: { c: SynthCase; a: FacilityApplicationInput; k: number; community: Unit['community']; p: FacilityStep }[] = [];
  const real: CompoundInput[] = [];
  const filler: CompoundInput[] = [];
  const yuan = (fen: bigint) => (fen / 100n) * 100n;
  for (const [ci, community] of base.communities.entries()) {
    const mine = (chosen[ci] ?? []).flatMap((k, j) => {
      const row = compounds.get(`X${k}`);
      return row ? [{ k, row, p: FACILITY_PLANS[j] as FacilityStep }] : [];
    });
    // the year's quota, allotted before its first reservation; then what each application asks for
    const quotas = new Map<number, bigint>();
    for (const { p } of mine) {
      const year = Number(p.submitted.slice(0, 4));
      if (p.approve && !quotas.has(year)) quotas.set(year, await allot(year, community, p.submitted));
    }
    const q2025 = quotas.get(2025) ?? 0n;
    const first2025 = minFen(2_000_000n, yuan((q2025 * 2n) / 5n));
    let rest = areas.get(community.code) ?? 0n;
    for (const { k, row, p } of mine) {
      const year = Number(p.submitted.slice(0, 4));
      const ask =
        year === 2025
          ? p.plan === 'capped'
            ? minFen(2_000_000n, q2025 - first2025) + 100_000n
            : first2025
          : minFen(2_000_000n, yuan((quotas.get(2026) ?? 0n) / 5n));
      // the base (F.share of the investment) is what the application asks for
      const investment = formatFen(((ask > 0n ? ask : 100_000n) * 5n) / 2n);
      const c = facilityCase(base, community, row.id, `X${k}`, k, p, investment);
      cases.push(c);
      if (!p.approve) continue;
      rest -= parseYuan(row.area);
      real.push({
        id: `X${k}`,
        name: row.name,
        communityId: community.code,
        kind: row.kind,
        area: row.area,
        households: row.households,
        onRoster2023: true,
      });
      approved.push({
        c,
        k,
        community,
        p,
        a: {
          id: c.caseNo,
          compoundId: `X${k}`,
          submitted: p.submitted,
          accepted: acceptedOn(p.submitted),
          category: CATEGORIES[k % CATEGORIES.length] as string,
          investment,
          committeeEstablished: true,
          collectionRate: '0.72',
          feeRatio: '0.85',
        },
      });
    }
    // the rest of the community's roster as one compound: the quota's area is the community's whole area
    if (rest > 0n)
      filler.push({
        id: `~${community.code}`,
        name: community.name,
        communityId: community.code,
        kind: 'compound',
        area: formatFen(rest),
        households: 0,
        onRoster2023: true,
      });
  }
  // the lines: each approved application in its place among those submitted before it
  const lines = linesOn(
    { asOf: SETTLE_DAY, compounds: [...real, ...filler], engagements: [], committees: [], facilityApplications: approved.map((x) => x.a) },
    SETTLE_DAY,
  );
  for (const x of approved) {
    const line = lines.get(`F:${x.a.id}:`) as FLine | undefined;
    const expected = x.p.plan === 'capped' ? 'capped' : 'granted';
    if (line?.status !== expected) throw new Error(`synthetic ${x.a.id}: the engine's line is ${line?.status}, not ${expected}`);
    await approveFacility(tx, base, x, line);
  }
  return { cases };
}

type FacilityStep = (typeof FACILITY_PLANS)[number];
const minFen = (a: bigint, b: bigint) => (a < b ? a : b);
/** The works were accepted before the application (F.2), invoiced before that. */
const acceptedOn = (submitted: string) => addDays(submitted, -12);

/** A community's application up to the bureau's decision (or wherever its plan stops before). */
function facilityCase(
  base: Base,
  community: Unit['community'],
  compoundId: number,
  code: string,
  k: number,
  p: FacilityStep,
  investment: string,
): SynthCase {
  const applicant = who('community', community.code);
  const invested = parseYuan(investment);
  const residents = (invested * 3n) / 5n;
  const invoice = { invoiceNo: `SYN-${code}`, amount: investment, issuedOn: addDays(p.submitted, -14) };
  const c = new SynthCase(
    base.numbers,
    'facility',
    { communityId: community.id, compoundId, applicantType: 'community' },
    {
      compoundCode: code,
      category: CATEGORIES[k % CATEGORIES.length],
      description: DESCRIPTIONS[k % DESCRIPTIONS.length],
      acceptedOn: acceptedOn(p.submitted),
      investment,
      fundingResidents: formatFen(residents),
      fundingOther: formatFen(invested - residents),
      collectionRate: '0.72',
      feeRatio: '0.85',
      invoices: [invoice],
    },
    moment(addDays(p.submitted, -5)),
    applicant,
  );
  if (p.plan === 'draft') return c;
  const submitted = moment(p.submitted);
  c.attach('invoice').attach('photo').move('submit', submitted, applicant);
  c.invoices.push({ ...invoice, at: submitted, by: applicant.username });
  if (p.plan === 'submitted') return c;
  if (p.plan === 'rejected') return c.move('reject', moment(addDays(p.submitted, 3)), applicant, { comment: '验收材料不全，项目尚未完工' });
  c.move('vet', moment(addDays(p.submitted, 4)), applicant, { comment: '已现场查看' });
  if (p.plan === 'returned')
    c.move('return', moment(addDays(p.submitted, 6)), BUREAU, { fieldComments: { invoices: '发票金额与投资额不符' } });
  return c;
}

/** The bureau's approval: the works enter the registry, the amount is reserved; then 公示 and payment. */
async function approveFacility(
  tx: Db,
  base: Base,
  x: { c: SynthCase; a: FacilityApplicationInput; k: number; community: Unit['community']; p: FacilityStep },
  line: FLine,
): Promise<void> {
  const { c, a, p } = x;
  const at = moment(p.approve as string, 10);
  const f = c.form;
  const [project] = await tx
    .insert(t.facilityProjects)
    .values({
      code: c.caseNo,
      compoundId: c.row.compoundId,
      category: a.category,
      description: f.description as string,
      acceptedOn: a.accepted ?? null,
      investment: a.investment,
      fundingResidents: f.fundingResidents as string,
      fundingOther: f.fundingOther as string,
      createdBy: BUREAU.username,
      createdAt: at,
    })
    .returning({ id: t.facilityProjects.id });
  const [application] = await tx
    .insert(t.facilityApplications)
    .values({
      code: c.caseNo,
      projectId: project?.id as number,
      submittedOn: a.submitted,
      collectionRate: a.collectionRate,
      feeRatio: a.feeRatio,
      createdBy: BUREAU.username,
      createdAt: at,
    })
    .returning({ id: t.facilityApplications.id });
  const year = Number(a.submitted.slice(0, 4));
  c.reservation = {
    claim: {
      programme: 'F',
      subject: c.caseNo,
      period: null,
      year,
      communityCode: x.community.code,
      payee: { type: 'community', code: x.community.code },
      amount: line.amount,
    },
    communityId: x.community.id,
  };
  const r = record(line, p.approve as string);
  c.move('approve', at, BUREAU, {
    set: { decision: r, amount: r.line.amount, decidedAt: at, facilityApplicationId: application?.id as number },
    detail: { claimId: `F:${c.caseNo}`, budgetYear: year },
  });
  if (!p.publish) return;
  const notice = await noticeOf(base, tx, x.community, 'F', p.publish);
  c.move('publish', moment(p.publish, 10), BUREAU, { set: { noticeId: notice.id } });
  closeOrHold(c, p.plan === 'capped' ? 'payable' : p.plan, x.k, notice, '改造工程量与发票不符');
}
