/**
 * Budgets (issue: step 4; docs/domain.md "Money"): the finance bureau enters each year's appropriation
 * per programme; the ledger moves the difference from the city's fund to the budget (or back, on a
 * cut — never below what is already reserved or paid: the budget account cannot be overdrawn). The
 * figures per programme, year and — for F — community are read from the ledger and always add up:
 * appropriated = reserved + paid + remaining.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { appropriate } from '../../ledger/postings.ts';
import { UserError, userError } from '../../lib/errors.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import { command, type ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';
import { allOf } from '../read/common.ts';

export const YEARS = { min: 2024, max: 2030 } as const;

export interface Appropriation {
  year: number;
  programme: Programme;
  /** yuan, e.g. "1500000.00" */
  amount: string;
  /** why, e.g. the appropriation's document number: kept in the ledger transfer's note and the audit event */
  note?: string | undefined;
}

export const NOTE_MAX = 200;

/** The appropriation's amount in fen, or the UserError naming the field at fault (year, programme, amount, note). */
export function checkAppropriation(a: Appropriation): bigint {
  if (!Number.isInteger(a.year) || a.year < YEARS.min || a.year > YEARS.max)
    throw userError(
      'budget.year',
      `年度须在 ${YEARS.min}–${YEARS.max} 之间：${a.year}`,
      `year must be ${YEARS.min}–${YEARS.max}: ${a.year}`,
      { details: { field: 'year' } },
    );
  if (!['T', 'W', 'F'].includes(a.programme))
    throw userError('budget.programme', `项目须为 T、W 或 F：${a.programme}`, `programme must be T, W or F: ${a.programme}`, {
      details: { field: 'programme' },
    });
  let fen: bigint;
  try {
    fen = parseYuan(a.amount);
  } catch {
    throw userError(
      'budget.amount',
      `预算金额须为不超过两位小数的元金额：${a.amount}`,
      `the amount must be yuan with at most 2 decimals: ${a.amount}`,
      { details: { field: 'amount' } },
    );
  }
  if (fen < 0n)
    throw userError('budget.amount', `预算金额不能为负：${a.amount}`, `the amount cannot be negative: ${a.amount}`, {
      details: { field: 'amount' },
    });
  if (a.note !== undefined && a.note.length > NOTE_MAX)
    throw userError('budget.note', `备注最多 ${NOTE_MAX} 个字`, `a note has at most ${NOTE_MAX} characters`, {
      details: { field: 'note' },
    });
  return fen;
}

/**
 * Sets a year's appropriation of a programme inside a transaction (the ledger moves the difference).
 * The same amount again changes nothing: no transfer, no new version of the budget row.
 */
export async function setAppropriationIn(
  tx: Db,
  ctx: ServiceContext,
  a: Appropriation,
): Promise<{ before: string; after: string; changed: boolean }> {
  const fen = checkAppropriation(a);
  const where = and(eq(t.budgets.year, a.year), eq(t.budgets.programme, a.programme), isNull(t.budgets.communityId));
  const [row] = await tx.select().from(t.budgets).where(where).for('update');
  const before = row ? parseYuan(row.amount) : 0n;
  const result = { before: formatFen(before), after: formatFen(fen), changed: !row || before !== fen };
  if (!result.changed) return result;
  if (row)
    await tx
      .update(t.budgets)
      .set({ amount: formatFen(fen) })
      .where(where);
  else await tx.insert(t.budgets).values({ year: a.year, programme: a.programme, amount: formatFen(fen) });
  await post(tx, ctx, appropriate(a.year, a.programme, fen - before), {
    note: `${a.year}年${a.programme}预算 ${formatFen(before)} → ${formatFen(fen)}${a.note ? `（${a.note}）` : ''}`,
  }).catch((e: unknown) => {
    if (!(e instanceof UserError) || e.code !== 'budget.insufficient') throw e;
    // what the budget holds now is the appropriation less what is committed
    const committed = formatFen(before - parseYuan(String(e.details?.left)));
    throw userError(
      'budget.below_committed',
      `${a.year}年${a.programme}预算不能调减到 ${formatFen(fen)} 元：已批准（占用）和已拨付共 ${committed} 元，超过该数`,
      `the ${a.year} ${a.programme} budget cannot be cut to ${formatFen(fen)}: ${committed} is reserved or paid`,
      { status: 409, details: { field: 'amount', committed } },
    );
  });
  return result;
}

export async function setAppropriation(
  ctx: ServiceContext,
  a: Appropriation,
): Promise<{ before: string; after: string; changed: boolean }> {
  requireRole(ctx.actor, ['finance'], { zh: '录入年度预算', en: 'entering a budget' });
  return command(
    ctx,
    (r) => ({ action: 'budget.appropriate', objectType: 'budget', objectId: `${a.year}:${a.programme}`, detail: r }),
    (tx) => setAppropriationIn(tx, ctx, a),
  );
}

/**
 * Appropriation per budget year and programme: the `appropriate` transfers into each budget account,
 * less those out of it and less the reversals of either (a correction is a new transfer, never an edit).
 */
export async function appropriations(db: Db, year: number | null): Promise<Map<string, bigint>> {
  const a = t.ledgerAccounts;
  const x = t.ledgerTransfers;
  const reversedAppropriation = sql`${x.kind} = 'reverse' and exists (
    select 1 from ${x} as r where r.id = ${x.reversesId} and r.kind = 'appropriate')`;
  const rows = await db
    .select({
      year: a.year,
      programme: a.programme,
      net: sql<string>`coalesce(sum(case when ${x.creditAccountId} = ${a.id} then ${x.amount} else -${x.amount} end), 0)::text`,
    })
    .from(a)
    .innerJoin(
      x,
      sql`(${x.creditAccountId} = ${a.id} or ${x.debitAccountId} = ${a.id}) and (${x.kind} = 'appropriate' or ${reversedAppropriation})`,
    )
    .where(allOf(eq(a.kind, 'budget'), year !== null && eq(a.year, year)))
    .groupBy(a.year, a.programme);
  return new Map(rows.filter((r) => r.year !== null && r.programme !== null).map((r) => [`${r.year}:${r.programme}`, BigInt(r.net)]));
}

export interface BudgetFigures {
  year: number;
  programme: Programme;
  /** F only: the community the row is for (null: the programme's whole budget) */
  community: { code: string; name: string } | null;
  /** for a community row, its quota */
  appropriated: string;
  reserved: string;
  paid: string;
  remaining: string;
}

/**
 * Paid out of a year's programme (and, given, one community's part of it): the net of the transfers
 * between reserved and paid accounts — a payment, less any correction of one — so a reversal keeps it true.
 */
const paidNet = (year: SQL, programme: SQL, communityId?: SQL) => sql`coalesce((
    select sum(case when c.kind = 'paid' then tr.amount else -tr.amount end)
    from ledger_transfer tr
    join ledger_account d on d.id = tr.debit_account_id
    join ledger_account c on c.id = tr.credit_account_id
    where ((d.kind = 'reserved' and c.kind = 'paid') or (d.kind = 'paid' and c.kind = 'reserved'))
      and c.year = ${year} and c.programme = ${programme}
      ${communityId ? sql`and c.community_id = ${communityId}` : sql``}), 0)::text`;

/**
 * The budgets as the ledger holds them: per programme and year, and for F per community (quota,
 * reserved, paid, remaining). Every figure is a balance or a net of transfers, never a count of one kind
 * of transfer: a correction (a `reverse`, a second `allot`) moves the figures it touches and they still
 * add up — appropriated (a community's quota) = reserved + paid + remaining. A community account sees
 * only its own community's rows.
 */
export async function budgetFigures(db: Db, actor: Actor, opts: { year?: number } = {}): Promise<BudgetFigures[]> {
  requireRole(actor, ['finance', 'bureau', 'auditor', 'community'], { zh: '查看预算', en: 'reading budgets' });
  const year = opts.year ?? null;
  const programmes = await rawRows<{
    year: number;
    programme: Programme;
    reserved: string;
    paid: string;
    remaining: string;
  }>(
    db,
    sql`select b.year, b.programme,
          coalesce((select sum(a.credits_posted - a.debits_posted) from ledger_account a
                    where a.kind = 'reserved' and a.year = b.year and a.programme = b.programme), 0)::text as reserved,
          ${paidNet(sql`b.year`, sql`b.programme`)} as paid,
          (b.credits_posted - b.debits_posted)::text as remaining
        from ledger_account b
        where b.kind = 'budget' and (${year}::int is null or b.year = ${year}::int)
        order by b.year, b.programme`,
  );
  const communityId = actor.role === 'community' ? (actor.scope?.community?.id ?? -1) : null;
  // a community's quota: the net of what its quota account received from the year's quota source and gave back
  const quotas = await rawRows<{
    year: number;
    code: string;
    name: string;
    quota: string;
    reserved: string;
    paid: string;
    remaining: string;
  }>(
    db,
    sql`select q.year, c.code, c.name,
          coalesce((select sum(case when tr.credit_account_id = q.id then tr.amount else -tr.amount end)
                    from ledger_transfer tr join ledger_account s
                      on s.id = case when tr.credit_account_id = q.id then tr.debit_account_id else tr.credit_account_id end
                    where (tr.credit_account_id = q.id or tr.debit_account_id = q.id) and s.kind = 'quota_source'), 0)::text as quota,
          coalesce((select sum(a.credits_posted - a.debits_posted) from ledger_account a
                    where a.kind = 'reserved' and a.year = q.year and a.programme = 'F' and a.community_id = q.community_id), 0)::text as reserved,
          ${paidNet(sql`q.year`, sql`'F'`, sql`q.community_id`)} as paid,
          (q.credits_posted - q.debits_posted)::text as remaining
        from ledger_account q join community c on c.id = q.community_id
        where q.kind = 'quota' and (${year}::int is null or q.year = ${year}::int)
          and (${communityId}::int is null or q.community_id = ${communityId}::int)
        order by q.year, c.code`,
  );
  const appropriated = communityId === null ? await appropriations(db, year) : new Map<string, bigint>();
  const yuan = (s: string) => formatFen(BigInt(s));
  const out: BudgetFigures[] = [];
  if (communityId === null)
    for (const p of programmes)
      out.push({
        year: Number(p.year),
        programme: p.programme,
        community: null,
        appropriated: formatFen(appropriated.get(`${p.year}:${p.programme}`) ?? 0n),
        reserved: yuan(p.reserved),
        paid: yuan(p.paid),
        remaining: yuan(p.remaining),
      });
  for (const q of quotas)
    out.push({
      year: Number(q.year),
      programme: 'F',
      community: { code: q.code, name: q.name },
      appropriated: yuan(q.quota),
      reserved: yuan(q.reserved),
      paid: yuan(q.paid),
      remaining: yuan(q.remaining),
    });
  return out;
}
