/**
 * For the reports' tests: money and surveys written straight into the tables (the claim and ledger
 * services are not the reports' subject), on top of the two-community city of src/service/read/testing.ts.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { compound, engagement, scenario, tier1Facts } from '../../rules/scenario/fixtures.ts';

export interface ClaimSpec {
  programme: 'T' | 'W' | 'F';
  year: number;
  /** the compound it is for (its community is the claim's) */
  compound: string;
  payeeType: 'company' | 'committee' | 'community';
  payeeCode: string;
  fen: bigint;
  state: 'reserved' | 'paid' | 'voided';
  /** a T claim's half-year */
  period?: string;
  /** when the ledger reserved it (a `reserve` transfer at this moment, ISO) */
  reservedAt?: string;
  /** when the bank paid it (a `pay` transfer) */
  paidAt?: string;
}

/** Two accounts of no consequence for the claims' timed transfers (made when missing). */
async function testAccounts(tx: Db): Promise<[number, number]> {
  const ids: number[] = [];
  for (const code of ['test:from', 'test:to']) {
    const [found] = await tx.select().from(t.ledgerAccounts).where(eq(t.ledgerAccounts.code, code));
    const made = found
      ? [found]
      : await tx.insert(t.ledgerAccounts).values({ code, kind: 'source', noOverdraft: false }).returning({ id: t.ledgerAccounts.id });
    ids.push((made[0] as { id: number }).id);
  }
  return ids as [number, number];
}

let cases = 0;

async function asTest(db: Db, fn: (tx: Db) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
    await fn(tx as unknown as Db);
  });
}

async function compoundNamed(db: Db, code: string) {
  const [x] = await db.select().from(t.compounds).where(eq(t.compounds.code, code));
  if (!x) throw new Error(`no compound ${code}`);
  return x;
}

/** Payment claims, each with a case of its own. */
export async function addClaims(db: Db, claims: ClaimSpec[]): Promise<void> {
  await asTest(db, async (tx) => {
    for (const k of claims) {
      const x = await compoundNamed(tx, k.compound);
      const n = ++cases;
      const [c] = await tx
        .insert(t.cases)
        .values({
          caseNo: `JB-${k.year}-${k.programme}-${String(n).padStart(6, '0')}`,
          type: 'facility',
          state: 'approved',
          communityId: x.communityId,
          compoundId: x.id,
          applicantType: 'bureau',
        })
        .returning({ id: t.cases.id });
      await tx.insert(t.paymentClaims).values({
        claimId: `${k.programme}:test${n}`,
        programme: k.programme,
        subject: `test${n}`,
        year: k.year,
        caseId: (c as { id: number }).id,
        communityId: x.communityId,
        payeeType: k.payeeType,
        payeeCode: k.payeeCode,
        amount: k.fen,
        state: k.state,
        ...(k.period ? { period: k.period } : {}),
      });
      const timed = [
        ['reserve', k.reservedAt],
        ['pay', k.paidAt],
      ] as const;
      for (const [kind, at] of timed) {
        if (!at) continue;
        const [from, to] = await testAccounts(tx);
        await tx.insert(t.ledgerTransfers).values({
          kind,
          debitAccountId: from,
          creditAccountId: to,
          amount: k.fen,
          claimId: `${k.programme}:test${n}`,
          at: new Date(at),
        });
      }
    }
  });
}

/** An appropriation into `budget:{year}:{P}` from the treasury's source account (made when missing). */
export async function appropriate(db: Db, year: number, programme: 'T' | 'W' | 'F', fen: bigint): Promise<number> {
  let id = 0;
  await asTest(db, async (tx) => {
    const account = async (code: string, kind: 'source' | 'budget', noOverdraft: boolean) => {
      const [found] = await tx.select().from(t.ledgerAccounts).where(eq(t.ledgerAccounts.code, code));
      if (found) return found.id;
      const [made] = await tx
        .insert(t.ledgerAccounts)
        .values({ code, kind, noOverdraft, ...(kind === 'budget' ? { year, programme } : {}) })
        .returning({ id: t.ledgerAccounts.id });
      return (made as { id: number }).id;
    };
    const source = await account('source:treasury', 'source', false);
    const budget = await account(`budget:${year}:${programme}`, 'budget', true);
    const [x] = await tx
      .insert(t.ledgerTransfers)
      .values({ kind: 'appropriate', debitAccountId: source, creditAccountId: budget, amount: fen })
      .returning({ id: t.ledgerTransfers.id });
    id = (x as { id: number }).id;
  });
  return id;
}

/** Reverses an appropriation (a downward correction): the same amount back to the source. */
export async function reverse(db: Db, transferId: number): Promise<void> {
  await asTest(db, async (tx) => {
    const [x] = await tx.select().from(t.ledgerTransfers).where(eq(t.ledgerTransfers.id, transferId));
    if (!x) throw new Error(`no transfer ${transferId}`);
    await tx.insert(t.ledgerTransfers).values({
      kind: 'reverse',
      debitAccountId: x.creditAccountId,
      creditAccountId: x.debitAccountId,
      amount: x.amount,
      reversesId: x.id,
    });
  });
}

/** A survey of a compound and its responses, one level (1 非常满意 … 5 非常不满意) per household. */
export async function addSurvey(db: Db, compound: string, period: string, opensOn: string, levels: number[]): Promise<void> {
  await asTest(db, async (tx) => {
    const x = await compoundNamed(tx, compound);
    const [s] = await tx
      .insert(t.surveys)
      .values({ compoundId: x.id, period, title: `${period} 满意度调查`, opensOn })
      .returning({ id: t.surveys.id });
    if (levels.length > 0)
      await tx.insert(t.surveyResponses).values(
        levels.map((level, i) => ({
          surveyId: (s as { id: number }).id,
          householdCode: `H${String(i + 1).padStart(3, '0')}`,
          level,
          answeredOn: opensOn,
        })),
      );
  });
}

/** The as-of day of assessedCity(). */
export const ASSESSED_AS_OF = '2025-06-01';

/**
 * Assessments to report: E1 (X1 in C1, P1) passed 2024H1 and failed 2024H2; E2 (X2 in C2, P2) failed
 * 2024H1, its rectification failed, expelled on 2025-02-01; E3 (X3 in C1, P1) entered in 2024H2, unassessed;
 * X4 (C3) on the roster and unserved, X5 (C4) not on the roster.
 */
export const assessedCity = () =>
  scenario({
    asOf: ASSESSED_AS_OF,
    compounds: [
      compound({ id: 'X1', name: '幸福小区', communityId: 'C1' }),
      compound({ id: 'X2', name: '和平小区', communityId: 'C2' }),
      compound({ id: 'X3', name: '安居小区', communityId: 'C1' }),
      // C3: a roster compound nobody serves; C4: no roster compound at all
      compound({ id: 'X4', name: '东升小区', communityId: 'C3' }),
      compound({ id: 'X5', name: '西城小区', communityId: 'C4', onRoster2023: false }),
    ],
    engagements: [
      engagement({
        id: 'E1',
        compoundId: 'X1',
        companyId: 'P1',
        periods: [tier1Facts('2024H1', { assessmentScore: 80 }), tier1Facts('2024H2', { assessmentScore: 50 })],
      }),
      // failed 2024, rectification failed: expelled on 2025-02-01
      engagement({
        id: 'E2',
        compoundId: 'X2',
        companyId: 'P2',
        entryDate: '2024-03-01',
        periods: [tier1Facts('2024H1', { assessmentScore: 59.5 })],
        rectifications: [{ year: 2024, outcome: 'failed', decidedOn: '2025-02-01' }],
      }),
      // entered in 2024H2, nothing assessed yet
      engagement({ id: 'E3', compoundId: 'X3', companyId: 'P1', entryDate: '2024-07-01' }),
    ],
  });

/** A claim case (number `no`) for an engagement's half-year, in a state (written straight in: the workflow is not the subject). */
export async function claimCase(db: Db, engagementCode: string, period: string, state: string, no: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
    const [e] = await tx
      .select({
        id: t.engagements.id,
        compoundId: t.engagements.compoundId,
        communityId: t.compounds.communityId,
        companyId: t.engagements.companyId,
      })
      .from(t.engagements)
      .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
      .where(eq(t.engagements.code, engagementCode));
    if (!e) throw new Error(`no engagement ${engagementCode}`);
    await tx.insert(t.cases).values({
      caseNo: `JB-2025-T-${String(no).padStart(6, '0')}`,
      type: 'claim',
      state,
      communityId: e.communityId,
      compoundId: e.compoundId,
      applicantType: 'company',
      companyId: e.companyId,
      engagementId: e.id,
      period,
    });
  });
}

/** Puts claim case `no` in another state. */
export async function moveCase(db: Db, no: number, state: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
    await tx
      .update(t.cases)
      .set({ state })
      .where(eq(t.cases.caseNo, `JB-2025-T-${String(no).padStart(6, '0')}`));
  });
}
