/**
 * Payment claims (src/ledger/claims.ts) as the case workflows make and unmake them: the housing
 * bureau's approval reserves the amount in the budget (and, for F, the community's quota); a rejection
 * after approval or an upheld objection voids the reservation. A claim in a settlement batch or paid
 * cannot be voided by a case move: the batch settles it.
 */
import { eq, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Payee, Programme } from '../../ledger/accounts.ts';
import * as accounts from '../../ledger/accounts.ts';
import { budgetYear, type Claim, claimId } from '../../ledger/claims.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { allotQuota, reserve, voidReservation } from '../../ledger/postings.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { mustParseDay } from '../../rules/dates/date.ts';
import { parseDecimal } from '../../rules/exact/rational.ts';
import { communityQuota } from '../../rules/programmes/facility/index.ts';
import type { ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';

export type ClaimRow = typeof t.paymentClaims.$inferSelect;

/** What a decided case claims: its subject and period as the engine names them, payee, amount. */
export interface ClaimFacts {
  programme: Programme;
  subject: string;
  period: string | null;
  /** the line's payableFrom (W) or the application's submission day (F) */
  payableFrom?: string | null;
  submitted?: string | null;
  communityId: number;
  payee: Payee;
  /** yuan, as the engine's line says */
  amount: string;
}

export const claimOf = (row: ClaimRow, communityCode: string): Claim => ({
  programme: row.programme,
  subject: row.subject,
  period: row.period,
  year: row.year,
  communityCode,
  payee: { type: row.payeeType, code: row.payeeCode },
  amount: row.amount,
});

export async function communityCode(tx: Db, id: number): Promise<string> {
  const [c] = await tx.select({ code: t.communities.code }).from(t.communities).where(eq(t.communities.id, id));
  if (!c) throw new Error(`no community ${id}`);
  return c.code;
}

/**
 * A community's F quota for the year as a ledger limit, allotted before its first F reservation of the
 * year (under the F decision lock, so it is allotted once): the rules' formula over the roster in force.
 */
async function ensureQuota(tx: Db, ctx: ServiceContext, year: number, communityId: number, code: string, at: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7304, 1)`);
  const [has] = await rawRows<{ n: number }>(tx, sql`select 1 as n from ledger_account where code = ${accounts.quota(year, code).code}`);
  if (has) return;
  await allotCommunityQuota(tx, ctx, year, code, at, (await rosterAreas(tx))(communityId));
}

/** Managed area of the roster in force (m², exact text): each community's and the city's. */
export interface RosterAreas {
  community: string;
  city: string;
}

/** The roster-in-force areas of every community (none: 0) with the city's total, in one scan. */
export async function rosterAreas(tx: Db): Promise<(communityId: number) => RosterAreas> {
  const rows = await rawRows<{ community_id: number; community: string; city: string }>(
    tx,
    sql`select c.community_id, sum(r.managed_area)::text as community, sum(sum(r.managed_area)) over ()::text as city
        from roster2023_current r join compound c on c.id = r.compound_id group by c.community_id`,
  );
  const city = rows[0]?.city ?? '0';
  const byCommunity = new Map(rows.map((r) => [Number(r.community_id), r.community]));
  return (id) => ({ community: byCommunity.get(id) ?? '0', city });
}

/** Allots a community's F quota for a year (the rules' formula over the roster's areas) as a ledger limit. */
export async function allotCommunityQuota(
  tx: Db,
  ctx: ServiceContext,
  year: number,
  code: string,
  at: string,
  areas: RosterAreas,
): Promise<bigint> {
  const quota = communityQuota(loadPolicy(), mustParseDay(at), parseDecimal(areas.community), parseDecimal(areas.city));
  await post(tx, ctx, allotQuota(year, code, quota), { note: `${year}年社区设施改造补贴额度（按2023年底在册面积分配）` });
  return quota;
}

/** Approval: the claim is made (or made again after a void) and its amount reserved. */
export async function reserveClaim(tx: Db, ctx: ServiceContext, caseId: number, f: ClaimFacts): Promise<ClaimRow> {
  const id = claimId(f.programme, f.subject, f.period);
  const year = budgetYear(f.programme, { period: f.period, payableFrom: f.payableFrom ?? null, submitted: f.submitted ?? null });
  const amount = parseYuan(f.amount);
  // a result of 0.00 (a T half-year of one day on a tiny area is payable at 0.00 by the rules) has nothing to
  // reserve or pay: approving it for payment is refused, so the bureau checks the facts or rejects it
  if (amount <= 0n)
    throw userError(
      'claim.nothing_to_pay',
      `${id} 的测算金额为 ${formatFen(amount)} 元，没有可拨付的金额，不能批准拨付：请核实事实，或作不予批准处理`,
      `${id} comes to ${formatFen(amount)}: there is nothing to pay, so it cannot be approved for payment; check the facts or reject it`,
      { status: 409, details: { field: 'amount', claimId: id } },
    );
  const values = {
    claimId: id,
    programme: f.programme,
    subject: f.subject,
    period: f.period,
    year,
    caseId,
    communityId: f.communityId,
    payeeType: f.payee.type,
    payeeCode: f.payee.code,
    amount,
    state: 'reserved' as const,
    // last_failure is kept: a claim reserved again after a bank failure still says why it failed (docs/domain.md "Money")
  };
  const [existing] = await tx.select().from(t.paymentClaims).where(eq(t.paymentClaims.claimId, id)).for('update');
  if (existing && existing.state !== 'voided')
    throw userError(
      'claim.reserved',
      `${id} 已批准并占用预算（${existing.state}）`,
      `${id} is approved and reserved already (${existing.state})`,
      {
        status: 409,
      },
    );
  const [row] = existing
    ? await tx.update(t.paymentClaims).set(values).where(eq(t.paymentClaims.claimId, id)).returning()
    : await tx.insert(t.paymentClaims).values(values).returning();
  const code = await communityCode(tx, f.communityId);
  if (f.programme === 'F') await ensureQuota(tx, ctx, year, f.communityId, code, f.submitted as string);
  await post(tx, ctx, reserve(claimOf(row as ClaimRow, code)), { claimId: id, caseId, note: `批准 ${formatFen(amount)} 元` });
  return row as ClaimRow;
}

/** A rejection after approval or an upheld objection: the case's reservation goes back to the budget. */
export async function voidCaseClaim(tx: Db, ctx: ServiceContext, caseId: number, why: string): Promise<ClaimRow | null> {
  const [row] = await tx.select().from(t.paymentClaims).where(eq(t.paymentClaims.caseId, caseId)).for('update');
  if (!row || row.state === 'voided') return null;
  // held by a batch (its pending line) or paid: the money has left the bureau's hands
  const [held] = await rawRows<{ batch_no: string; seq: number }>(
    tx,
    sql`select b.batch_no, l.seq from settlement_batch_line l join settlement_batch b on b.id = l.batch_id
        where l.claim_id = ${row.claimId} and l.result = 'pending'`,
  );
  if (row.state !== 'reserved' || held) {
    const where = held
      ? { zh: `已列入拨付批次 ${held.batch_no} 第 ${held.seq} 笔`, en: `is in settlement batch ${held.batch_no}, line ${held.seq}` }
      : { zh: '已拨付', en: 'is paid' };
    throw userError(
      'claim.in_batch',
      `${row.claimId} ${where.zh}，不能再撤销；如须更正请由财政局冲正`,
      `${row.claimId} ${where.en}: it cannot be undone here; finance corrects it by a reversal`,
      { status: 409, details: held ? { batchNo: held.batch_no, seq: Number(held.seq) } : {} },
    );
  }
  await post(tx, ctx, voidReservation(claimOf(row, await communityCode(tx, row.communityId))), { claimId: row.claimId, caseId, note: why });
  const [voided] = await tx.update(t.paymentClaims).set({ state: 'voided' }).where(eq(t.paymentClaims.claimId, row.claimId)).returning();
  return voided ?? null;
}
