/**
 * Reservations in bulk for the synthetic city (src/registry/synthetic.ts): what `reserveClaim`
 * (src/service/money/claims.ts) writes for one approval — the payment claim, its `reserve` transfer from
 * the budget to the payee's reserved account, and the transfer's audit event — written for a whole
 * chunk of approvals with a few multi-row statements. The transfers go through the ledger's trigger like
 * any other (docs/domain.md "Money"): the database keeps the balances and its no-overdraft CHECK refuses
 * a reservation the budget cannot hold.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type * as accounts from '../ledger/accounts.ts';
import { type Claim, claimId } from '../ledger/claims.ts';
import { formatFen } from '../ledger/money.ts';
import { reserve } from '../ledger/postings.ts';
import { appendAuditEvents } from '../service/audit.ts';
import type { ServiceContext } from '../service/command.ts';
import { insertBatched } from './batch.ts';

/** An approval to reserve: the claim (src/ledger/claims.ts), its case and the community's id. */
export interface Approval {
  claim: Claim;
  caseId: number;
  communityId: number;
}

/**
 * The claims reserved, their transfers through the ledger's trigger, and an audit event per transfer.
 * `known` keeps the ids of the accounts made so far (by code), for the next chunk of the same seed.
 */
export async function reserveInBulk(tx: Db, ctx: ServiceContext, approvals: Approval[], known = new Map<string, number>()): Promise<void> {
  if (approvals.length === 0) return;
  await insertBatched(
    tx,
    t.paymentClaims,
    approvals.map(({ claim: c, caseId, communityId }) => ({
      claimId: claimId(c.programme, c.subject, c.period),
      programme: c.programme,
      subject: c.subject,
      period: c.period,
      year: c.year,
      caseId,
      communityId,
      payeeType: c.payee.type,
      payeeCode: c.payee.code,
      amount: c.amount,
      state: 'reserved' as const,
    })),
    10000,
    null,
  );
  const postings = approvals.map((a) => reserve(a.claim));
  const communityIds = new Map(approvals.map((a) => [a.claim.communityCode, a.communityId]));
  const specs = new Map<string, accounts.AccountSpec>();
  for (const ps of postings) for (const p of ps) for (const a of [p.debit, p.credit]) specs.set(a.code, a);
  const fresh = [...specs.values()].filter((a) => !known.has(a.code));
  const rows = fresh.map((a) => ({
    code: a.code,
    kind: a.kind,
    programme: a.programme ?? null,
    year: a.year ?? null,
    communityId: a.communityCode ? (communityIds.get(a.communityCode) ?? null) : null,
    payeeType: a.payee?.type ?? null,
    payeeCode: a.payee?.code ?? null,
    noOverdraft: a.noOverdraft,
  }));
  for (let i = 0; i < rows.length; i += 2000)
    await tx
      .insert(t.ledgerAccounts)
      .values(rows.slice(i, i + 2000))
      .onConflictDoNothing();
  const codes = fresh.map((a) => a.code);
  for (let i = 0; i < codes.length; i += 10000)
    for (const r of await tx
      .select({ id: t.ledgerAccounts.id, code: t.ledgerAccounts.code })
      .from(t.ledgerAccounts)
      .where(inArray(t.ledgerAccounts.code, codes.slice(i, i + 10000))))
      known.set(r.code, r.id);
  const ids = known;
  const transfers = approvals.flatMap((a, i) =>
    (postings[i] ?? []).map((p) => ({
      kind: p.kind,
      debitAccountId: ids.get(p.debit.code) as number,
      creditAccountId: ids.get(p.credit.code) as number,
      amount: p.amount,
      claimId: claimId(a.claim.programme, a.claim.subject, a.claim.period),
      caseId: a.caseId,
      note: `批准 ${formatFen(a.claim.amount)} 元`,
      debit: p.debit.code,
      credit: p.credit.code,
    })),
  );
  const transferIds = await insertBatched(
    tx,
    t.ledgerTransfers,
    transfers.map(({ debit: _d, credit: _c, ...row }) => row),
  );
  await appendAuditEvents(
    tx,
    ctx,
    transfers.map((x, i) => ({
      action: `ledger.${x.kind}`,
      objectType: 'ledger_transfer',
      objectId: String(transferIds[i]?.id),
      result: 'ok' as const,
      detail: { debit: x.debit, credit: x.credit, amount: formatFen(x.amount), claimId: x.claimId, caseId: x.caseId },
    })),
  );
}
