/**
 * The owners' committees' spending ledgers (docs/policy.md W.5, clause 3.3;
 * docs/domain.md "Committee spending (clause 3.3)"): the grant is for the committee's daily work,
 * booked and made public (入账入册、公开透明). The committee records each use of its grant — date, item,
 * amount, receipt — as a `spend` transfer out of the account its grant was paid into; that account may
 * not be overdrawn, so the balance never goes below zero (the ledger's locked check, and the database's
 * CHECK behind it). A correction is a new transfer the other way (`reverse`, once per entry); nothing is
 * changed or removed. The ledger is the committee's, its community's and the city's to read, and the
 * public's without the names of those who booked it.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import * as t from '../../db/schema.ts';
import * as accounts from '../../ledger/accounts.ts';
import { type Claim, claimId } from '../../ledger/claims.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { reverseSpend, spend } from '../../ledger/postings.ts';
import { UserError, userError } from '../../lib/errors.ts';
import { committeeName } from '../../registry/labels.ts';
import { parseDay } from '../../rules/dates/date.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import { chinaDay } from '../cases/numbers.ts';
import { command, record, type ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';
import { claimOf } from './claims.ts';

/** The longest item text and reversal reason, in characters. */
export const MAX_ITEM = 200;
export const MAX_REASON = 500;
/** The most lines one page of a ledger holds. */
export const MAX_PAGE = 500;
/** What a receipt may be (by its bytes, as the upload sniffed them). */
const RECEIPT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

export interface SpendingRequest {
  committee: string;
  /** YYYY-MM-DD, the day the money was used */
  spentOn: string;
  item: string;
  /** yuan, a decimal with at most 2 decimals */
  amount: string;
  /** an upload of the caller's own (POST /api/attachments), not yet attached to anything */
  receiptAttachmentId?: number | null | undefined;
}

export interface SpendingRecord {
  id: number;
  committee: string;
  spentOn: string;
  item: string;
  amount: string;
  receipt: boolean;
  /** what the grant holds after it */
  balance: string;
}

/** A line of a committee's ledger, in the order it was booked. */
export interface LedgerLine {
  /** the booking order (the ledger transfer's number) */
  seq: number;
  /** `received`: the grant paid in; `spent`: a use of it; `reversal`: a use corrected, the money back */
  kind: 'received' | 'spent' | 'reversal';
  /** the day paid (received), used (spent) or corrected (reversal) */
  date: string;
  /** the spending entry (spent) or the one corrected (reversal) */
  spendingId: number | null;
  item: string | null;
  amount: string;
  receipt: boolean;
  /** a spent line later corrected */
  reversed: boolean;
  /** why a reversal was made */
  reason: string | null;
  /** the grant's balance after this line */
  balance: string;
  /** signed-in readers only: the receipt's file and who booked the line */
  receiptAttachmentId?: number | null;
  recordedBy?: string;
}

export interface SpendingLedger {
  committee: { code: string; name: string; compoundCode: string; compoundName: string; communityCode: string; communityName: string };
  /** whether the grant has been paid to the committee */
  paid: boolean;
  received: string;
  /** uses booked, less those corrected */
  spent: string;
  balance: string;
  lines: LedgerLine[];
  page: { total: number; limit: number; offset: number };
}

const READERS = ['committee', 'community', 'bureau', 'finance', 'auditor'] as const;

const invalid = (field: string, code: string, zh: string, en: string) => userError(code, zh, en, { details: { field } });

/** The request's fields, checked: the day, the item, the amount in fen. */
function checkRequest(r: SpendingRequest, today: string): { item: string; amount: bigint } {
  if (typeof r.spentOn !== 'string' || parseDay(r.spentOn) === null)
    throw invalid(
      'spentOn',
      'spending.date',
      `支出日期须为有效日期 YYYY-MM-DD：${String(r.spentOn)}`,
      `spentOn must be a calendar date YYYY-MM-DD: ${String(r.spentOn)}`,
    );
  if (r.spentOn > today)
    throw invalid(
      'spentOn',
      'spending.date_future',
      `支出日期 ${r.spentOn} 晚于今天（${today}）：只能登记已发生的支出`,
      `spentOn ${r.spentOn} is after today (${today}): only money already used is booked`,
    );
  const item = typeof r.item === 'string' ? r.item.trim() : '';
  if (!item) throw invalid('item', 'spending.item', '请填写支出事项（用途）', 'item is required: what the money was used for');
  if ([...item].length > MAX_ITEM)
    throw invalid('item', 'spending.item', `支出事项不能超过 ${MAX_ITEM} 个字`, `item is longer than ${MAX_ITEM} characters`);
  let amount: bigint;
  try {
    amount = parseYuan(String(r.amount));
  } catch {
    throw invalid(
      'amount',
      'spending.amount',
      `金额须为元，最多两位小数，不带逗号或单位，如 350.00：${String(r.amount)}`,
      `amount must be yuan with at most 2 decimals, no commas or units, e.g. 350.00: ${String(r.amount)}`,
    );
  }
  if (amount <= 0n)
    throw invalid('amount', 'spending.amount', `金额须大于 0：${String(r.amount)}`, `amount must be more than 0: ${String(r.amount)}`);
  return { item, amount };
}

type CommitteeRow = {
  id: number;
  code: string;
  compoundCode: string;
  compoundName: string;
  communityId: number;
  communityCode: string;
  communityName: string;
};

const noCommittee = (code: string) => userError('committee.not_found', `没有业委会 ${code}`, `no committee ${code}`, { status: 404 });

async function committeeRow(db: Db, code: string): Promise<CommitteeRow> {
  const [w] = await db
    .select({
      id: t.committees.id,
      code: t.committees.code,
      compoundCode: t.compounds.code,
      compoundName: t.compounds.name,
      communityId: t.communities.id,
      communityCode: t.communities.code,
      communityName: t.communities.name,
    })
    .from(t.committees)
    .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(eq(t.committees.code, code));
  if (!w) throw noCommittee(code);
  return w;
}

/** The committee, if the actor may read its ledger: itself, its community, the city's readers; else 404. */
async function readable(db: Db, actor: Actor, code: string): Promise<CommitteeRow> {
  requireRole(actor, [...READERS], { zh: '查阅业委会收支台账', en: 'reading a committee’s spending ledger' });
  const w = await committeeRow(db, code);
  if (actor.role === 'committee' && actor.scope?.committee?.id !== w.id) throw noCommittee(code);
  if (actor.role === 'community' && actor.scope?.community?.id !== w.communityId) throw noCommittee(code);
  return w;
}

/** Only the committee itself books its ledger (its custodian keeps the grant: clause 3.3); another committee's is not found. */
async function ownCommittee(db: Db, actor: Actor, code: string, what: { zh: string; en: string }): Promise<CommitteeRow> {
  if (actor.role !== 'committee')
    throw userError('auth.forbidden', `${what.zh}须由业委会本身办理`, `${what.en}: only the committee itself may do this`, { status: 403 });
  const w = await committeeRow(db, code);
  if (actor.scope?.committee?.id !== w.id) throw noCommittee(code);
  return w;
}

/** The committee's paid grant as a ledger claim, with the day it was paid; or null when it has not been paid. */
async function paidGrant(
  tx: Db,
  w: CommitteeRow,
): Promise<{ claim: Claim; paidOn: string; state: string } | { claim: null; state: string | null }> {
  const [row] = await tx
    .select()
    .from(t.paymentClaims)
    .where(eq(t.paymentClaims.claimId, claimId('W', w.code, null)));
  if (row?.state !== 'paid') return { claim: null, state: row?.state ?? null };
  const [paid] = await rawRows<{ at: Date | string }>(
    tx,
    sql`select coalesce(l.result_at, tr.at) as at from ledger_transfer tr left join settlement_batch_line l on l.id = tr.batch_line_id
        where tr.kind = 'pay' and tr.claim_id = ${row.claimId}`,
  );
  if (!paid) throw new Error(`${row.claimId} is paid but has no pay transfer`);
  return { claim: claimOf(row, w.communityCode), paidOn: chinaDay(new Date(paid.at)), state: row.state };
}

function notPaid(code: string, state: string | null) {
  const why =
    state === null
      ? { zh: '尚未获批', en: 'has not been approved' }
      : state === 'voided'
        ? { zh: '已撤销或银行未能支付', en: 'was voided or the bank could not pay it' }
        : { zh: '已批准，尚未拨付到账', en: 'is approved but not yet paid' };
  return userError(
    'spending.no_grant',
    `业委会 ${code} 的一次性补助${why.zh}：补助到账后才能登记支出`,
    `committee ${code}'s grant ${why.en}: spending is booked once the grant has been paid`,
    { status: 409, details: { committee: code, claimState: state } },
  );
}

const balanceOf = async (tx: Db, code: string): Promise<bigint> => {
  const [r] = await rawRows<{ b: string }>(
    tx,
    sql`select (credits_posted - debits_posted)::text as b from ledger_account where code = ${code}`,
  );
  return BigInt(r?.b ?? '0');
};

/** The receipt: the caller's own upload, a PDF or an image, attached to nothing yet (locked, so it is used once). */
async function checkReceipt(tx: Db, actor: Actor, id: number): Promise<void> {
  const field = { field: 'receiptAttachmentId' };
  const [a] = await rawRows<{ mime: string; uploaded_by: string; used: boolean }>(
    tx,
    sql`select a.mime, a.uploaded_by,
               exists (select 1 from case_attachment c where c.attachment_id = a.id)
            or exists (select 1 from committee_spending s where s.receipt_attachment_id = a.id)
            or exists (select 1 from roster_change r where r.evidence_attachment_id = a.id) as used
        from attachment a where a.id = ${id} for update`,
  );
  if (!a || a.uploaded_by !== actor.username)
    throw userError('attachment.not_found', `没有附件 ${id}（须为本账户上传的文件）`, `no attachment ${id} (it must be your own upload)`, {
      status: 404,
      details: field,
    });
  if (!RECEIPT_TYPES.includes(a.mime))
    throw userError(
      'spending.receipt_type',
      `附件 ${id} 不是 PDF 或图片：票据须为 PDF、PNG 或 JPEG`,
      `attachment ${id} is not a PDF or an image: a receipt is a PDF, PNG or JPEG`,
      {
        details: field,
      },
    );
  if (a.used)
    throw userError(
      'spending.receipt_used',
      `附件 ${id} 已用于其他事项，请重新上传票据`,
      `attachment ${id} is used elsewhere already: upload the receipt again`,
      {
        status: 409,
        details: field,
      },
    );
}

function insufficient(amount: bigint, left: bigint | null) {
  const a = formatFen(amount);
  const b = left === null ? null : formatFen(left);
  return userError(
    'spending.insufficient',
    b === null ? `支出 ${a} 元超过补助余额：余额不能为负` : `支出 ${a} 元超过补助余额 ${b} 元：余额不能为负`,
    b === null
      ? `spending ${a} is more than the grant holds: the balance cannot go below zero`
      : `spending ${a} is more than the grant's balance of ${b}: the balance cannot go below zero`,
    { status: 409, details: { field: 'amount', amount: a, balance: b } },
  );
}

/** The committee records a use of its grant: the row, its `spend` transfer and the audit events, in one transaction. */
export async function recordSpending(ctx: ServiceContext, r: SpendingRequest): Promise<SpendingRecord> {
  const w = await ownCommittee(ctx.db, ctx.actor, r.committee, { zh: '登记补助支出', en: 'recording a use of the grant' });
  const { item, amount } = checkRequest(r, chinaDay(ctx.now?.() ?? new Date()));
  const receipt = r.receiptAttachmentId ?? null;
  return command(
    ctx,
    (s) => ({
      action: 'spending.record',
      objectType: 'committee_spending',
      objectId: s.id,
      detail: { committee: w.code, spentOn: s.spentOn, amount: s.amount, receipt: s.receipt },
    }),
    async (tx) => {
      if (receipt !== null) await checkReceipt(tx, ctx.actor, receipt);
      const grant = await paidGrant(tx, w);
      if (!grant.claim) throw notPaid(w.code, grant.state);
      if (r.spentOn < grant.paidOn)
        throw invalid(
          'spentOn',
          'spending.before_grant',
          `支出日期 ${r.spentOn} 早于补助到账日 ${grant.paidOn}`,
          `spentOn ${r.spentOn} is before the grant was paid (${grant.paidOn})`,
        );
      const postings = spend(grant.claim, amount);
      const from = postings[0]?.debit.code as string;
      const [transferId] = await post(tx, ctx, postings, { claimId: claimId('W', w.code, null), note: item }).catch(async (e: unknown) => {
        if (e instanceof UserError && e.code === 'ledger.insufficient')
          throw insufficient(amount, BigInt(parseYuan(String(e.details?.left))));
        if (dbError(e).constraint === 'ledger_account_no_overdraft') throw insufficient(amount, null);
        throw e;
      });
      const [row] = await tx
        .insert(t.committeeSpending)
        .values({ committeeId: w.id, spentOn: r.spentOn, item, amount, receiptAttachmentId: receipt, transferId: transferId as number })
        .returning({ id: t.committeeSpending.id });
      return {
        id: row?.id as number,
        committee: w.code,
        spentOn: r.spentOn,
        item,
        amount: formatFen(amount),
        receipt: receipt !== null,
        balance: formatFen(await balanceOf(tx, from)),
      };
    },
  );
}

/** A correction: the entry's money goes back into the grant by a new `reverse` transfer, with the reason; once per entry. */
export async function reverseSpending(
  ctx: ServiceContext,
  committee: string,
  id: number,
  reason: string,
): Promise<{ id: number; committee: string; reversed: string; balance: string }> {
  const w = await ownCommittee(ctx.db, ctx.actor, committee, { zh: '冲正补助支出', en: 'correcting a use of the grant' });
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw invalid('reason', 'spending.reason', '请写明冲正原因', 'reason is required: why the entry is corrected');
  if ([...why].length > MAX_REASON)
    throw invalid('reason', 'spending.reason', `冲正原因不能超过 ${MAX_REASON} 个字`, `reason is longer than ${MAX_REASON} characters`);
  return command(
    ctx,
    (x) => ({
      action: 'spending.reverse',
      objectType: 'committee_spending',
      objectId: id,
      detail: { committee: w.code, amount: x.reversed },
    }),
    async (tx) => {
      const [s] = await tx
        .select()
        .from(t.committeeSpending)
        .where(and(eq(t.committeeSpending.id, id), eq(t.committeeSpending.committeeId, w.id)))
        .for('update');
      if (!s)
        throw userError('spending.not_found', `业委会 ${w.code} 没有支出记录 ${id}`, `committee ${w.code} has no spending entry ${id}`, {
          status: 404,
        });
      const [done] = await rawRows<{ id: number }>(tx, sql`select id from ledger_transfer where reverses_id = ${s.transferId}`);
      if (done)
        throw userError('spending.reversed', `支出记录 ${id} 已冲正过`, `spending entry ${id} has been corrected already`, { status: 409 });
      const grant = await paidGrant(tx, w);
      if (!grant.claim) throw new Error(`${w.code} has spending but no paid grant`);
      const postings = reverseSpend(grant.claim, s.amount);
      // the grant's account first, as a spend takes it (post locks it before the spent account): never a deadlock
      await tx.execute(sql`select id from ledger_account where code = ${postings[0]?.credit.code} for update`);
      await post(tx, ctx, postings, { claimId: claimId('W', w.code, null), reversesId: s.transferId, note: why });
      return {
        id,
        committee: w.code,
        reversed: formatFen(s.amount),
        balance: formatFen(await balanceOf(tx, postings[0]?.credit.code as string)),
      };
    },
  );
}

interface LineRow {
  seq: string;
  kind: 'pay' | 'spend' | 'reverse';
  at: Date | string;
  note: string | null;
  amount: string;
  balance: string;
  spending_id: number | null;
  spent_on: string | null;
  item: string | null;
  receipt_id: number | null;
  reversed: boolean;
  by: string;
}

/**
 * A committee's ledger: what it received, each use and correction in the order they were booked with
 * the balance after each, and the totals — for a signed-in reader in scope, or (`actor` null) the public,
 * who see no receipt file and no booker's name.
 */
export async function spendingLedger(
  db: Db,
  actor: Actor | null,
  code: string,
  page: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<SpendingLedger> {
  const w = actor ? await readable(db, actor, code) : await committeeRow(db, code);
  const limit = Math.min(Math.max(1, page.limit ?? 100), MAX_PAGE);
  const offset = Math.max(0, page.offset ?? 0);
  const committee = {
    code: w.code,
    name: committeeName(w.compoundName),
    compoundCode: w.compoundCode,
    compoundName: w.compoundName,
    communityCode: w.communityCode,
    communityName: w.communityName,
  };
  const grant = await paidGrant(db, w);
  if (!grant.claim)
    return { committee, paid: false, received: '0.00', spent: '0.00', balance: '0.00', lines: [], page: { total: 0, limit, offset } };
  const account = accounts.paid(grant.claim.year, 'W', w.communityCode, grant.claim.payee).code;
  const [totals] = await rawRows<{ received: string; spent: string; reversed: string; balance: string; n: number }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(tr.amount) filter (where tr.kind = 'pay'), 0)::text as received,
               coalesce(sum(tr.amount) filter (where tr.kind = 'spend'), 0)::text as spent,
               coalesce(sum(tr.amount) filter (where tr.kind = 'reverse'), 0)::text as reversed,
               (select (credits_posted - debits_posted)::text from ledger_account where code = ${account}) as balance
        from ledger_transfer tr join ledger_account a on a.id in (tr.debit_account_id, tr.credit_account_id)
        where a.code = ${account}`,
  );
  const rows = await rawRows<LineRow>(
    db,
    sql`with acct as (select id from ledger_account where code = ${account}),
        e as (
          select tr.id, tr.kind, tr.at, tr.note, tr.amount, tr.created_by,
                 case when tr.credit_account_id = (select id from acct) then tr.amount else -tr.amount end as delta,
                 coalesce(l.result_at, tr.at) as day_at,
                 coalesce(s.id, r.id) as spending_id, coalesce(s.spent_on, r.spent_on) as spent_on,
                 coalesce(s.item, r.item) as item, coalesce(s.receipt_attachment_id, r.receipt_attachment_id) as receipt_id,
                 exists (select 1 from ledger_transfer x where x.reverses_id = tr.id) as reversed
          from ledger_transfer tr
          left join settlement_batch_line l on l.id = tr.batch_line_id
          left join committee_spending s on tr.kind = 'spend' and s.transfer_id = tr.id
          left join committee_spending r on tr.kind = 'reverse' and r.transfer_id = tr.reverses_id
          where tr.debit_account_id = (select id from acct) or tr.credit_account_id = (select id from acct)
        )
        select id::text as seq, kind, day_at as at, note, amount::text as amount, spending_id, spent_on::text as spent_on, item,
               receipt_id, reversed, created_by as by,
               (sum(delta) over (order by id))::text as balance
        from e order by id limit ${limit} offset ${offset}`,
  );
  const lines = rows.map((x): LedgerLine => {
    const kind = x.kind === 'pay' ? 'received' : x.kind === 'spend' ? 'spent' : 'reversal';
    const line: LedgerLine = {
      seq: Number(x.seq),
      kind,
      date: kind === 'spent' ? (x.spent_on as string) : chinaDay(new Date(x.at)),
      spendingId: x.spending_id,
      item: x.item,
      amount: formatFen(BigInt(x.amount)),
      receipt: kind === 'spent' && x.receipt_id !== null,
      reversed: kind === 'spent' && x.reversed,
      reason: kind === 'reversal' ? x.note : null,
      balance: formatFen(BigInt(x.balance)),
    };
    if (actor) {
      line.receiptAttachmentId = kind === 'spent' ? x.receipt_id : null;
      line.recordedBy = x.by;
    }
    return line;
  });
  const n = (s: string | undefined) => BigInt(s ?? '0');
  return {
    committee,
    paid: true,
    received: formatFen(n(totals?.received)),
    spent: formatFen(n(totals?.spent) - n(totals?.reversed)),
    balance: formatFen(n(totals?.balance)),
    lines,
    page: { total: Number(totals?.n ?? 0), limit, offset },
  };
}

/** A receipt of a committee's ledger, for those who may read that ledger (audited as a read). */
export async function spendingReceipt(ctx: ServiceContext, committee: string, id: number) {
  const w = await readable(ctx.db, ctx.actor, committee);
  const [s] = await ctx.db
    .select({ receipt: t.committeeSpending.receiptAttachmentId })
    .from(t.committeeSpending)
    .where(and(eq(t.committeeSpending.id, id), eq(t.committeeSpending.committeeId, w.id)));
  if (!s?.receipt)
    throw userError(
      'spending.receipt_not_found',
      `业委会 ${w.code} 的支出记录 ${id} 没有票据`,
      `committee ${w.code}'s spending entry ${id} has no receipt`,
      {
        status: 404,
      },
    );
  const [a] = await ctx.db
    .select({ fileName: t.attachments.fileName, mime: t.attachments.mime, bytes: t.attachmentBlobs.content })
    .from(t.attachments)
    .innerJoin(t.attachmentBlobs, eq(t.attachmentBlobs.sha256, t.attachments.sha256))
    .where(eq(t.attachments.id, s.receipt));
  if (!a) throw new Error(`receipt ${s.receipt} has no file`);
  await record(ctx, { action: 'attachment.read', objectType: 'attachment', objectId: s.receipt, result: 'ok', detail: { spending: id } });
  return a;
}

/** One committee as the public finds it to read its ledger: its code, name, compound and community. */
export interface PublicCommittee {
  code: string;
  name: string;
  compoundName: string;
  communityName: string;
  established: string;
}

/** The most committees one page of the public list holds. */
export const MAX_COMMITTEE_PAGE = 100;

/**
 * The owners' committees for the public (no sign-in): enough to find a committee's public ledger —
 * code, name, compound and community — nothing of its members or its account. `q` matches the code,
 * the compound's or the community's name (a part of it, letters as written).
 */
export async function publicCommittees(
  db: Db,
  page: { q?: string | undefined; limit?: number | undefined; offset?: number | undefined } = {},
): Promise<{ items: PublicCommittee[]; total: number }> {
  const limit = Math.min(Math.max(1, page.limit ?? 20), MAX_COMMITTEE_PAGE);
  const offset = Math.max(0, page.offset ?? 0);
  const q = page.q?.trim() ?? '';
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = q ? sql`where w.code ilike ${like} or p.name ilike ${like} or c.name ilike ${like}` : sql``;
  const from = sql`from committee w join compound p on p.id = w.compound_id join community c on c.id = p.community_id ${where}`;
  const [n] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n ${from}`);
  const rows = await rawRows<{ code: string; compound: string; community: string; established: string }>(
    db,
    sql`select w.code, p.name as compound, c.name as community, w.established::text as established ${from}
        order by c.code, w.code limit ${limit} offset ${offset}`,
  );
  return {
    items: rows.map((r) => ({
      code: r.code,
      name: committeeName(r.compound),
      compoundName: r.compound,
      communityName: r.community,
      established: r.established,
    })),
    total: Number(n?.n ?? 0),
  };
}
