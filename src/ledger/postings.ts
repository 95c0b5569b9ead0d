/**
 * Ledger postings as a pure table (docs/domain.md "Money"): what each money event moves, from which
 * account to which. The service writes them in the event's transaction; the database keeps balances and
 * refuses what would overdraw. Nothing here reads a clock or a database.
 *
 * | event       | debit (from)                  | credit (to)                 |
 * | appropriate | source:Y:P (budget on a cut)  | budget:Y:P (source on a cut)|
 * | reserve     | budget:Y:P                    | reserved:Y:P:C:payee        |
 * |   F also    | quota:Y:F:C                   | quota_used:Y:F:C            |
 * | pay         | reserved:Y:P:C:payee          | paid:Y:P:C:payee            |
 * | void        | reserved:Y:P:C:payee          | budget:Y:P                  |
 * |   F also    | quota_used:Y:F:C              | quota:Y:F:C                 |
 * | spend       | paid:Y:W:C:committee          | spent:W:C:committee         |
 * | reverse     | spent:W:C:committee           | paid:Y:W:C:committee        |  (a spending corrected)
 */
import * as a from './accounts.ts';
import type { Claim } from './claims.ts';

export type TransferKind = 'appropriate' | 'allot' | 'reserve' | 'pay' | 'void' | 'reverse' | 'spend';

export interface Posting {
  kind: TransferKind;
  debit: a.AccountSpec;
  credit: a.AccountSpec;
  /** fen, > 0 */
  amount: bigint;
}

/** A change of the year's appropriation by `delta` fen: up from the fund, or back to it (a cut). */
export function appropriate(year: number, programme: a.Programme, delta: bigint): Posting[] {
  if (delta === 0n) return [];
  const from = a.source(year, programme);
  const to = a.budget(year, programme);
  return delta > 0n
    ? [{ kind: 'appropriate', debit: from, credit: to, amount: delta }]
    : [{ kind: 'appropriate', debit: to, credit: from, amount: -delta }];
}

/** A community's F quota for the year, allotted once before its first F reservation of the year. */
export function allotQuota(year: number, communityCode: string, amount: bigint): Posting[] {
  return amount > 0n ? [{ kind: 'allot', debit: a.quotaSource(year), credit: a.quota(year, communityCode), amount }] : [];
}

const reservedOf = (c: Claim) => a.reserved(c.year, c.programme, c.communityCode, c.payee);

/** Approval: the claim's amount leaves the budget (and, for F, the community's quota). */
export function reserve(c: Claim): Posting[] {
  const money: Posting = { kind: 'reserve', debit: a.budget(c.year, c.programme), credit: reservedOf(c), amount: c.amount };
  if (c.programme !== 'F') return [money];
  return [
    money,
    { kind: 'reserve', debit: a.quota(c.year, c.communityCode), credit: a.quotaUsed(c.year, c.communityCode), amount: c.amount },
  ];
}

/** Rejection after approval, an upheld objection or a bank failure: the reservation goes back. */
export function voidReservation(c: Claim): Posting[] {
  const money: Posting = { kind: 'void', debit: reservedOf(c), credit: a.budget(c.year, c.programme), amount: c.amount };
  if (c.programme !== 'F') return [money];
  return [money, { kind: 'void', debit: a.quotaUsed(c.year, c.communityCode), credit: a.quota(c.year, c.communityCode), amount: c.amount }];
}

/** The bank confirmed the payment. */
export function pay(c: Claim): Posting[] {
  return [{ kind: 'pay', debit: reservedOf(c), credit: a.paid(c.year, c.programme, c.communityCode, c.payee), amount: c.amount }];
}

/** An owners' committee spends from the grant it received (clause 3.3): never more than it holds. */
export function spend(grant: Claim, amount: bigint): Posting[] {
  if (grant.programme !== 'W' || grant.payee.type !== 'committee') throw new Error('only a committee spends from its W grant');
  return [
    {
      kind: 'spend',
      debit: a.paid(grant.year, 'W', grant.communityCode, grant.payee),
      credit: a.spent(grant.communityCode, grant.payee.code),
      amount,
    },
  ];
}

/**
 * A spending entry corrected (clause 3.3): a new transfer the other way, back into the grant — the
 * transfer it reverses is named when it is written (ledger_transfer.reverses_id, once per transfer).
 */
export function reverseSpend(grant: Claim, amount: bigint): Posting[] {
  return spend(grant, amount).map((p) => ({ kind: 'reverse', debit: p.credit, credit: p.debit, amount: p.amount }));
}
