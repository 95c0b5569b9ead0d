/**
 * Writes ledger postings (src/ledger/postings.ts) inside the caller's transaction: the accounts they
 * name are made on first use; the accounts that may not be overdrawn are locked (in one order, so two
 * writers never deadlock on them) and checked, with a message naming the budget or quota; the database
 * checks again (ledger_account_no_overdraft) and refuses a second payment of a claim
 * (ledger_transfer_pay_once). Every transfer writes its audit event in the same transaction.
 */
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../db/client.ts';
import { dbError } from '../db/errors.ts';
import type { AccountSpec } from '../ledger/accounts.ts';
import { formatFen } from '../ledger/money.ts';
import type { Posting } from '../ledger/postings.ts';
import { userError } from '../lib/errors.ts';
import { PROGRAMME_NAMES, PROGRAMME_NAMES_EN } from '../registry/labels.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './command.ts';

export interface TransferMeta {
  claimId?: string | null;
  caseId?: number | null;
  batchLineId?: number | null;
  reversesId?: number | null;
  note?: string | null;
}

/** The account's id, made on first use. */
async function accountId(tx: Db, a: AccountSpec): Promise<number> {
  const rows = await rawRows<{ id: number }>(
    tx,
    sql`insert into ledger_account (code, kind, programme, year, community_id, payee_type, payee_code, no_overdraft)
        values (${a.code}, ${a.kind}, ${a.programme ?? null}, ${a.year ?? null},
                ${a.communityCode ? sql`(select id from community where code = ${a.communityCode})` : null},
                ${a.payee?.type ?? null}, ${a.payee?.code ?? null}, ${a.noOverdraft})
        on conflict (code) do nothing returning id`,
  );
  if (rows[0]) return Number(rows[0].id);
  const [row] = await rawRows<{ id: number }>(tx, sql`select id from ledger_account where code = ${a.code}`);
  if (!row) throw new Error(`ledger account ${a.code} vanished`);
  return Number(row.id);
}

/** What an overdraft would be refused as, in words a finance clerk reads. */
function overdraft(a: AccountSpec, needed: bigint, left: bigint) {
  const p = a.programme
    ? { zh: PROGRAMME_NAMES[a.programme], en: `${PROGRAMME_NAMES_EN[a.programme]} (${a.programme})` }
    : { zh: '', en: '' };
  const need = `${formatFen(needed)}`;
  const have = `${formatFen(left)}`;
  if (a.kind === 'budget')
    return userError(
      'budget.insufficient',
      `${a.year}年${p.zh}预算余额不足：需 ${need} 元，可用 ${have} 元（请财政局追加预算）`,
      `the ${a.year} budget of the ${p.en} is short: ${need} needed, ${have} left (finance must appropriate more)`,
      { status: 409, details: { account: a.code, needed: need, left: have } },
    );
  if (a.kind === 'quota')
    return userError(
      'quota.insufficient',
      `社区 ${a.communityCode} ${a.year}年设施改造补贴额度不足：需 ${need} 元，余 ${have} 元`,
      `community ${a.communityCode}'s ${a.year} facility-subsidy quota is short: ${need} needed, ${have} left`,
      { status: 409, details: { account: a.code, needed: need, left: have } },
    );
  return userError(
    'ledger.insufficient',
    `账户 ${a.code} 余额不足：需 ${need} 元，余 ${have} 元`,
    `account ${a.code} holds too little: ${need} needed, ${have} left`,
    { status: 409, details: { account: a.code, needed: need, left: have } },
  );
}

/** Writes the postings as transfers; returns their ids. */
export async function post(tx: Db, ctx: ServiceContext, postings: Posting[], meta: TransferMeta = {}): Promise<number[]> {
  if (postings.length === 0) return [];
  const specs = new Map<string, AccountSpec>();
  for (const p of postings) for (const a of [p.debit, p.credit]) specs.set(a.code, a);
  const ids = new Map<string, number>();
  for (const a of [...specs.values()].sort((x, y) => (x.code < y.code ? -1 : 1))) ids.set(a.code, await accountId(tx, a));
  // lock the accounts to be drawn on, in id order, and check them (the database checks again)
  const drawn = new Map<string, bigint>();
  for (const p of postings) if (p.debit.noOverdraft) drawn.set(p.debit.code, (drawn.get(p.debit.code) ?? 0n) + p.amount);
  const order = [...drawn.keys()].sort((x, y) => (ids.get(x) as number) - (ids.get(y) as number));
  for (const code of order) {
    const [row] = await rawRows<{ balance: string }>(
      tx,
      sql`select (credits_posted - debits_posted)::text as balance from ledger_account where id = ${ids.get(code)} for update`,
    );
    const left = BigInt(row?.balance ?? '0');
    const needed = drawn.get(code) as bigint;
    if (left < needed) throw overdraft(specs.get(code) as AccountSpec, needed, left);
  }
  const out: number[] = [];
  for (const p of postings) {
    const rows = await rawRows<{ id: number }>(
      tx,
      sql`insert into ledger_transfer (kind, debit_account_id, credit_account_id, amount, claim_id, case_id, batch_line_id, reverses_id, note)
          values (${p.kind}, ${ids.get(p.debit.code)}, ${ids.get(p.credit.code)}, ${p.amount.toString()}::bigint,
                  ${meta.claimId ?? null}, ${meta.caseId ?? null}, ${meta.batchLineId ?? null}, ${meta.reversesId ?? null}, ${meta.note ?? null})
          returning id`,
    ).catch((e: unknown) => {
      if (dbError(e).constraint === 'ledger_transfer_pay_once')
        throw userError(
          'ledger.paid_twice',
          `${meta.claimId} 已经拨付过，不能重复拨付`,
          `${meta.claimId} has been paid already: it cannot be paid twice`,
          {
            status: 409,
            details: { claimId: meta.claimId },
          },
        );
      throw e;
    });
    const id = Number(rows[0]?.id);
    out.push(id);
    await appendAudit(tx, ctx, {
      action: `ledger.${p.kind}`,
      objectType: 'ledger_transfer',
      objectId: String(id),
      result: 'ok',
      detail: {
        debit: p.debit.code,
        credit: p.credit.code,
        amount: formatFen(p.amount),
        claimId: meta.claimId ?? null,
        caseId: meta.caseId ?? null,
      },
    });
  }
  return out;
}
