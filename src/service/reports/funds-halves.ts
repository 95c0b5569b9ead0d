/**
 * The funds report by half-year (the dashboards' money chart): the approved claims' money per half-year,
 * programme and community — docs/domain.md "Money" → "Funds by half-year". A T claim is for a half-year
 * already (its period, 2025H1); a W or F claim has none, so it is placed by the ledger: a paid claim in
 * the half-year of its payment (the `pay` transfer), one reserved (in a batch or not) in that of its approval (its
 * last `reserve` transfer — a claim voided and decided again counts from its new approval). Days are
 * Beijing's (UTC+8), as everywhere else. A claim without such a transfer (none is expected) is placed
 * under its budget year's second half, so that every claim of the funds report is counted here too.
 */
import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { yuan } from './common.ts';

export interface FundsHalfRow {
  /** 2025H1 */
  half: string;
  programme: Programme;
  communityCode: string;
  communityName: string;
  claims: number;
  /** yuan: claims reserved (in a settlement batch or not), not yet paid */
  reserved: string;
  /** yuan: claims the bank paid */
  paid: string;
}

const c = t.paymentClaims;

/** The moment a W or F claim is placed by: its payment when paid, else its last approval. */
const placedAt = sql`(select max(lt.at) from ledger_transfer lt where lt.claim_id = ${c.claimId}
  and lt.kind = (case when ${c.state} = 'paid' then 'pay' else 'reserve' end))`;

/** The claims' money per half-year, programme and community, for a budget year (or all) and a community (or the city). */
export async function fundsByHalfYear(db: Db, opts: { year: number | null; community: number | null }): Promise<FundsHalfRow[]> {
  // each claim with the moment it is placed by (one correlated subquery per claim), then its half-year, then grouped
  const timed = db
    .select({
      programme: c.programme,
      period: c.period,
      year: c.year,
      communityId: c.communityId,
      state: c.state,
      amount: c.amount,
      at: sql`${placedAt}`.as('placed_at'),
    })
    .from(c)
    .where(
      and(
        ne(c.state, 'voided'),
        opts.year !== null ? eq(c.year, opts.year) : undefined,
        opts.community !== null ? eq(c.communityId, opts.community) : undefined,
      ),
    )
    .as('timed');
  const beijing = sql`(${timed.at} at time zone 'UTC' + interval '8 hours')`;
  const half = sql<string>`(case
    when ${timed.programme} = 'T' and ${timed.period} ~ '^[0-9]{4}H[12]$' then ${timed.period}
    when ${timed.at} is null then ${timed.year}::text || 'H2'
    else extract(year from ${beijing})::int::text || (case when extract(month from ${beijing}) <= 6 then 'H1' else 'H2' end)
  end)`;
  const placed = db
    .select({ half: half.as('half'), programme: timed.programme, communityId: timed.communityId, state: timed.state, amount: timed.amount })
    .from(timed)
    .as('placed');
  const fenText = (cond: SQL) => sql<string>`coalesce(sum(${placed.amount}) filter (where ${cond}), 0)::text`;
  const rows = await db
    .select({
      half: placed.half,
      programme: placed.programme,
      communityCode: t.communities.code,
      communityName: t.communities.name,
      claims: sql<number>`count(*)::int`,
      reserved: fenText(sql`${placed.state} = 'reserved'`),
      paid: fenText(sql`${placed.state} = 'paid'`),
    })
    .from(placed)
    .innerJoin(t.communities, eq(placed.communityId, t.communities.id))
    .groupBy(placed.half, placed.programme, t.communities.code, t.communities.name);
  return rows
    .map((r) => ({ ...r, claims: Number(r.claims), reserved: yuan(BigInt(r.reserved)), paid: yuan(BigInt(r.paid)) }))
    .sort(
      (a, b) =>
        a.half.localeCompare(b.half) ||
        t.PROGRAMMES.indexOf(a.programme) - t.PROGRAMMES.indexOf(b.programme) ||
        a.communityCode.localeCompare(b.communityCode),
    );
}
