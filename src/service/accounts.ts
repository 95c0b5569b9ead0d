/**
 * Payees' bank accounts (clause 4.2: money goes to organisations' accounts only): a company's account,
 * a committee's custodian account. The first account registered is recorded as given; any later change
 * of bank, account name or number is a request the housing bureau approves or rejects, old and new
 * values kept — until it is approved, payments use the account on record. One open request per payee.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { requireRole } from './access.ts';
import { command, decisionOf, type ServiceContext } from './command.ts';

export interface Account {
  bankName: string | null;
  accountName: string | null;
  accountNo: string | null;
}

export type Payee = { companyId: number } | { committeeId: number };

export type AccountProposal =
  | { kind: 'unchanged' }
  /** nothing was on record: the account is registered as given */
  | { kind: 'first'; account: Account }
  | { kind: 'requested'; id: number }
  | { kind: 'already-requested'; id: number }
  | { kind: 'conflict'; openId: number };

const same = (a: Account, b: Account) => a.bankName === b.bankName && a.accountName === b.accountName && a.accountNo === b.accountNo;
const payeeWhere = (p: Payee) =>
  'companyId' in p ? eq(t.accountChanges.companyId, p.companyId) : eq(t.accountChanges.committeeId, p.committeeId);

/**
 * What a row's account cells mean for a payee (blank cells keep what is on record). Records a change
 * request inside the caller's transaction when the account on record would change.
 */
export async function proposeAccount(
  tx: Db,
  payee: Payee,
  current: Account,
  incoming: Partial<Account>,
  requestedBy: string,
  source: string,
): Promise<AccountProposal> {
  const next: Account = {
    bankName: incoming.bankName ?? current.bankName,
    accountName: incoming.accountName ?? current.accountName,
    accountNo: incoming.accountNo ?? current.accountNo,
  };
  if (same(next, current)) return { kind: 'unchanged' };
  if (current.accountName === null && current.accountNo === null) return { kind: 'first', account: next };
  const [open] = await tx
    .select()
    .from(t.accountChanges)
    .where(and(payeeWhere(payee), eq(t.accountChanges.status, 'requested')));
  if (open) {
    const asked = { bankName: open.bankName, accountName: open.accountName, accountNo: open.accountNo };
    return same(asked, next) ? { kind: 'already-requested', id: open.id } : { kind: 'conflict', openId: open.id };
  }
  const [row] = await tx
    .insert(t.accountChanges)
    .values({
      ...('companyId' in payee ? { companyId: payee.companyId } : { committeeId: payee.committeeId }),
      oldBankName: current.bankName,
      oldAccountName: current.accountName,
      oldAccountNo: current.accountNo,
      bankName: next.bankName,
      accountName: next.accountName as string,
      accountNo: next.accountNo as string,
      source,
      requestedBy,
    })
    .returning({ id: t.accountChanges.id });
  return { kind: 'requested', id: row?.id as number };
}

/** Account numbers are shown masked, but for their last four digits, where a role has no need for them. */
export const maskAccount = (no: string | null): string =>
  no === null ? '' : no.length <= 4 ? no : `${'*'.repeat(no.length - 4)}${no.slice(-4)}`;

export interface AccountChangeView {
  id: number;
  payee: { type: 'company' | 'committee'; code: string; name: string };
  old: Account;
  new: Account;
  status: 'requested' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  source: string | null;
}

export async function listAccountChanges(db: Db, status?: 'requested' | 'approved' | 'rejected'): Promise<AccountChangeView[]> {
  const rows = await db
    .select({ c: t.accountChanges, company: t.companies, committee: t.committees })
    .from(t.accountChanges)
    .leftJoin(t.companies, eq(t.accountChanges.companyId, t.companies.id))
    .leftJoin(t.committees, eq(t.accountChanges.committeeId, t.committees.id))
    .where(status ? eq(t.accountChanges.status, status) : undefined)
    .orderBy(asc(t.accountChanges.id));
  return rows.map(({ c, company, committee }) => ({
    id: c.id,
    payee: company
      ? { type: 'company', code: company.code, name: company.name }
      : { type: 'committee', code: committee?.code ?? '', name: committee?.custodianName ?? committee?.code ?? '' },
    old: { bankName: c.oldBankName, accountName: c.oldAccountName, accountNo: c.oldAccountNo },
    new: { bankName: c.bankName, accountName: c.accountName, accountNo: c.accountNo },
    status: c.status,
    requestedBy: c.requestedBy,
    requestedAt: c.requestedAt.toISOString(),
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    note: c.decisionNote,
    source: c.source,
  }));
}

/**
 * The bureau's decision. Compare-and-set on the open request; an approval re-checks that the account
 * on record is still the one the request replaces, then applies the new one.
 */
export async function decideAccountChange(ctx: ServiceContext, id: number, approve: boolean, note?: string): Promise<void> {
  requireRole(ctx.actor, ['bureau'], { zh: '账户变更审核', en: 'deciding an account change' });
  await command(
    ctx,
    { action: approve ? 'account.change.approve' : 'account.change.reject', objectType: 'account_change', objectId: id },
    async (tx) => {
      const [c] = await tx
        .update(t.accountChanges)
        .set(decisionOf(ctx, approve, note))
        .where(and(eq(t.accountChanges.id, id), eq(t.accountChanges.status, 'requested')))
        .returning();
      if (!c) throw userError('account.change.not_open', `没有待审核的账户变更 #${id}`, `no open account change #${id}`, { status: 404 });
      if (!approve) return;
      const old: Account = { bankName: c.oldBankName, accountName: c.oldAccountName, accountNo: c.oldAccountNo };
      const stale = userError(
        'account.change.stale',
        `账户变更 #${id} 所替换的账户已不是登记的账户：请驳回后重新申请`,
        `account change #${id} replaces an account that is no longer on record: reject it and request again`,
        { status: 409 },
      );
      if (c.companyId !== null) {
        const [co] = await tx.select().from(t.companies).where(eq(t.companies.id, c.companyId)).for('update');
        if (!co || !same(old, { bankName: co.bankName, accountName: co.bankAccountName, accountNo: co.bankAccountNo })) throw stale;
        await tx
          .update(t.companies)
          .set({ bankName: c.bankName, bankAccountName: c.accountName, bankAccountNo: c.accountNo })
          .where(eq(t.companies.id, c.companyId));
      } else if (c.committeeId !== null) {
        const [w] = await tx.select().from(t.committees).where(eq(t.committees.id, c.committeeId)).for('update');
        if (!w || !same(old, { bankName: null, accountName: w.custodianAccountName, accountNo: w.custodianAccountNo })) throw stale;
        await tx
          .update(t.committees)
          .set({ custodianAccountName: c.accountName, custodianAccountNo: c.accountNo })
          .where(eq(t.committees.id, c.committeeId));
      }
    },
  );
}
