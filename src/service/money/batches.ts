/**
 * Settlement batches after they are made (src/service/money/settle.ts): read, approved by the finance
 * bureau with its password entered again, printed as the 拨付审批表, sent as the bank's payment file,
 * and settled by the bank's answer line by line — paid lines post their payment (once per claim: the
 * database refuses a second), failed and returned lines void their reservation and go back to payable
 * for the next batch, with the reason kept.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { formatFen } from '../../ledger/money.ts';
import { pay, voidReservation } from '../../ledger/postings.ts';
import { userError } from '../../lib/errors.ts';
import { PROGRAMME_NAMES } from '../../registry/labels.ts';
import type { ApprovalFormData } from '../../settlement/approval-form.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import { checkPassword } from '../auth/sessions.ts';
import { type AuthSettings, DEFAULT_AUTH } from '../auth/settings.ts';
import { command, type ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';
import { claimOf, communityCode } from './claims.ts';

export type BatchRow = typeof t.settlementBatches.$inferSelect;
export type LineRow = typeof t.batchLines.$inferSelect;

export interface BatchLineView {
  seq: number;
  claimId: string;
  subject: string;
  subjectName: string;
  period: string | null;
  payee: string;
  payeeType: string;
  payeeName: string;
  bankName: string | null;
  accountName: string;
  accountNo: string;
  amount: string;
  result: string;
  resultReason: string | null;
}

export interface BatchView {
  batch: string;
  programme: Programme;
  period: string;
  asOf: string;
  state: string;
  total: string;
  lineCount: number;
  policy: unknown;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  lines: BatchLineView[];
}

export const READERS = ['finance', 'bureau', 'auditor'] as const;

export async function batchRow(db: Db, batchNo: string, lock = false): Promise<BatchRow> {
  const q = db.select().from(t.settlementBatches).where(eq(t.settlementBatches.batchNo, batchNo));
  const [b] = lock ? await q.for('update') : await q;
  if (!b) throw userError('batch.not_found', `没有拨付批次 ${batchNo}`, `no settlement batch ${batchNo}`, { status: 404 });
  return b;
}

const lineView = (l: LineRow): BatchLineView => ({
  seq: l.seq,
  claimId: l.claimId,
  subject: l.subject,
  subjectName: l.subjectName,
  period: l.period,
  payee: l.payeeCode,
  payeeType: l.payeeType,
  payeeName: l.payeeName,
  bankName: l.bankName,
  accountName: l.accountName,
  accountNo: l.accountNo,
  amount: formatFen(l.amount),
  result: l.result,
  resultReason: l.resultReason,
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A page of a batch's lines: a national batch holds hundreds of thousands (the HTTP route pages by 1,000). */
export interface LinePage {
  offset?: number;
  limit?: number;
}

export async function viewBatch(db: Db, actor: Actor, batchNo: string, page: LinePage = {}): Promise<BatchView> {
  requireRole(actor, [...READERS], { zh: '查看拨付批次', en: 'reading settlement batches' });
  const b = await batchRow(db, batchNo);
  const lines = await linesAfter(db, b.id, page.offset ?? 0, page.limit);
  return { ...summary(b), policy: b.policy, createdBy: b.createdBy, lines: lines.map(lineView) };
}

const summary = (b: BatchRow) => ({
  batch: b.batchNo,
  programme: b.programme,
  period: b.period,
  asOf: b.asOf,
  state: b.state,
  total: formatFen(b.total),
  lineCount: b.lineCount,
  createdAt: iso(b.createdAt) as string,
  approvedBy: b.approvedBy,
  // the list shows when each batch was approved, as the batch page does
  approvedAt: iso(b.approvedAt),
});

export async function listBatches(db: Db, actor: Actor, f: { programme?: string; period?: string } = {}) {
  requireRole(actor, [...READERS], { zh: '查看拨付批次', en: 'reading settlement batches' });
  const rows = await db
    .select()
    .from(t.settlementBatches)
    .where(
      and(
        f.programme ? eq(t.settlementBatches.programme, f.programme as 'T') : undefined,
        f.period ? eq(t.settlementBatches.period, f.period) : undefined,
      ),
    )
    .orderBy(desc(t.settlementBatches.id))
    .limit(500);
  return rows.map(summary);
}

/**
 * Finance approves a draft batch, entering its password again (the approval moves money). The password
 * is checked as a login's (src/service/auth/sessions.ts checkPassword): a wrong one counts toward the
 * account's lockout and is audited as denied; a locked account approves nothing.
 */
export async function approveBatch(
  ctx: ServiceContext,
  batchNo: string,
  password: string,
  auth: AuthSettings = DEFAULT_AUTH,
): Promise<BatchView> {
  requireRole(ctx.actor, ['finance'], { zh: '审批拨付批次', en: 'approving a settlement batch' });
  const wrong = () =>
    userError(
      'batch.password',
      '密码不正确：审批拨付批次须再次输入本人登录密码',
      'wrong password: approving a batch needs your password again',
      {
        status: 403,
        details: { field: 'password' },
      },
    );
  const [u] = await ctx.db.select().from(t.appUsers).where(sql`lower(${t.appUsers.username}) = lower(${ctx.actor.username})`);
  if (!u) throw wrong();
  await checkPassword(ctx.db, u, password ?? '', ctx.now?.() ?? new Date(), auth, {
    ctx,
    action: 'batch.approve',
    objectType: 'settlement_batch',
    objectId: batchNo,
    wrongResult: 'denied',
    wrong,
  });
  await command(ctx, { action: 'batch.approve', objectType: 'settlement_batch', objectId: batchNo }, async (tx) => {
    const b = await batchRow(tx, batchNo, true);
    if (b.state !== 'draft')
      throw userError(
        'batch.state',
        `批次 ${batchNo} 状态为 ${b.state}，只有待审批的批次可以审批`,
        `batch ${batchNo} is ${b.state}: only a draft is approved`,
        {
          status: 409,
        },
      );
    await tx
      .update(t.settlementBatches)
      .set({ state: 'approved', approvedBy: ctx.actor.username, approvedAt: ctx.now?.() ?? new Date() })
      .where(eq(t.settlementBatches.id, b.id));
  });
  return viewBatch(ctx.db, ctx.actor, batchNo);
}

/** At the command line: the finance user named approves, with their password (the approval is theirs). */
export async function approveBatchAs(ctx: ServiceContext, username: string, batchNo: string, password: string): Promise<BatchView> {
  const [u] = await ctx.db.select().from(t.appUsers).where(sql`lower(${t.appUsers.username}) = lower(${username})`);
  if (u?.role !== 'finance' || u.disabled)
    throw userError('batch.approver', `${username} 不是可用的财政局账户`, `${username} is not an active finance account`, { status: 403 });
  return approveBatch({ ...ctx, actor: { username: u.username, role: 'finance', channel: ctx.actor.channel } }, batchNo, password);
}

/** The batch must be approved before money leaves: the bank file and the result need it. */
function requireApproved(b: BatchRow, what: { zh: string; en: string }) {
  if (b.state !== 'approved' && b.state !== 'settled')
    throw userError(
      'batch.not_approved',
      `批次 ${b.batchNo} 尚未审批（${b.state}），不能${what.zh}`,
      `batch ${b.batchNo} is not approved (${b.state}): no ${what.en}`,
      { status: 409 },
    );
}

/**
 * The most lines a bank file or its answer holds: a spreadsheet holds 1,048,576 rows; a national T batch
 * (500,000 compounds, about half payable in a half-year) fits.
 */
export const MAX_BANK_ROWS = 1_000_000;

/** Lines read by this many at a time where a whole batch is walked (bank file): memory stays flat. */
const LINE_PAGE = 5000;

/** A batch's lines after line `after` (by seq), at most `limit` of them (all without one). */
function linesAfter(db: Db, batchId: number, after: number, limit?: number): Promise<LineRow[]> {
  const q = db
    .select()
    .from(t.batchLines)
    .where(and(eq(t.batchLines.batchId, batchId), after ? sql`${t.batchLines.seq} > ${after}` : undefined))
    .orderBy(asc(t.batchLines.seq));
  return limit === undefined ? q : q.limit(limit);
}

/** Every line of a batch in order, a page at a time (keyset on seq). */
async function* allLines(db: Db, batchId: number): AsyncGenerator<LineRow> {
  let after = 0;
  for (;;) {
    const page = await linesAfter(db, batchId, after, LINE_PAGE);
    yield* page;
    if (page.length < LINE_PAGE) return;
    after = (page[page.length - 1] as LineRow).seq;
  }
}

/**
 * The bank payment file's rows: payee, account name, number, bank, amount, purpose (audited: account
 * numbers leave). The rows are read page by page as the file is written: a national batch never sits in memory.
 */
export async function bankFileRows(ctx: ServiceContext, batchNo: string): Promise<{ batch: BatchView; rows: AsyncIterable<unknown[]> }> {
  requireRole(ctx.actor, ['finance'], { zh: '导出银行支付文件', en: 'exporting the bank payment file' });
  const batch = await viewBatch(ctx.db, ctx.actor, batchNo, { limit: 0 });
  const b = await batchRow(ctx.db, batchNo);
  requireApproved(b, { zh: '导出银行支付文件', en: 'bank file' });
  if (b.lineCount > MAX_BANK_ROWS)
    throw userError(
      'batch.too_large_for_bank_file',
      `批次 ${batchNo} 有 ${b.lineCount} 笔，超过一个银行支付文件的上限 ${MAX_BANK_ROWS} 笔`,
      `batch ${batchNo} has ${b.lineCount} lines, more than one bank file holds (${MAX_BANK_ROWS})`,
      { status: 413 },
    );
  await command(
    ctx,
    { action: 'batch.bank_file', objectType: 'settlement_batch', objectId: batchNo, detail: { lines: batch.lineCount } },
    async () => {},
  );
  const purpose = `${batch.period}${PROGRAMME_NAMES[batch.programme]}`;
  async function* rows() {
    for await (const l of allLines(ctx.db, b.id))
      yield [
        l.seq,
        l.payeeName,
        l.accountName,
        l.accountNo,
        l.bankName ?? '',
        formatFen(l.amount),
        `${purpose} ${l.subjectName}（${l.subject}）`,
        '',
        '',
      ];
  }
  return { batch, rows: rows() };
}

/**
 * A batch up to this many lines prints every line on its 拨付审批表; a larger one prints one row per payee
 * account (lines counted and summed) — a form to sign, not a ledger of 200,000 pages; the bank file has each line.
 */
export const FORM_MAX_LINES = 500;

/** The 拨付审批表's data (src/settlement/approval-form.ts). */
export async function approvalFormData(ctx: ServiceContext, batchNo: string, maxLines = FORM_MAX_LINES): Promise<ApprovalFormData> {
  const b = await viewBatch(ctx.db, ctx.actor, batchNo, { limit: maxLines + 1 });
  const head = {
    batchNo: b.batch,
    programme: b.programme as 'T',
    period: b.period,
    state: b.state,
    createdAt: b.createdAt,
    createdBy: b.createdBy,
    approvedAt: b.approvedAt,
    approvedBy: b.approvedBy,
    total: b.total,
    lineCount: b.lineCount,
    policy: b.policy as ApprovalFormData['policy'],
  };
  if (b.lines.length <= maxLines)
    return {
      ...head,
      lines: b.lines.map((l) => ({
        subject: l.subject,
        subjectName: l.subjectName,
        period: l.period ?? b.period,
        payee: l.payee,
        payeeName: l.payeeName,
        bankName: l.bankName ?? '',
        accountName: l.accountName,
        accountNo: l.accountNo,
        amount: l.amount,
      })),
    };
  const { id } = await batchRow(ctx.db, batchNo);
  const L = t.batchLines;
  const byPayee = await ctx.db
    .select({
      payee: L.payeeCode,
      payeeName: L.payeeName,
      bankName: L.bankName,
      accountName: L.accountName,
      accountNo: L.accountNo,
      lines: sql<number>`count(*)::int`,
      amount: sql<string>`sum(${L.amount})::text`,
    })
    .from(L)
    .where(eq(L.batchId, id))
    .groupBy(L.payeeCode, L.payeeName, L.bankName, L.accountName, L.accountNo)
    .orderBy(sql`min(${L.seq})`);
  return {
    ...head,
    lines: byPayee.map((p) => ({
      subject: '',
      subjectName: '',
      period: b.period,
      payee: p.payee,
      payeeName: p.payeeName,
      bankName: p.bankName ?? '',
      accountName: p.accountName,
      accountNo: p.accountNo,
      amount: formatFen(BigInt(p.amount)),
      lines: Number(p.lines),
    })),
  };
}

export type BankOutcome = 'paid' | 'failed' | 'returned';

export interface BankResultRow {
  /** spreadsheet row, for the report */
  row: number;
  seq: number;
  accountNo: string;
  amount: string;
  outcome: BankOutcome;
  reason: string | null;
}

export interface BankResultProblem {
  row: number;
  column: string;
  value: string;
  message: string;
}

/** What an import of the bank's answer did: lines newly paid, failed, returned; rows already recorded so. */
export interface BankResultSummary {
  paid: number;
  failed: number;
  returned: number;
  /** rows whose line already had this very result (the file imported again, or answers sent in parts) */
  unchanged: number;
  problems: BankResultProblem[];
  settled: boolean;
}

/** A line's recorded result is the row's: the same outcome, and for a failure the same reason. */
const sameResult = (l: LineRow, r: BankResultRow) => l.result === r.outcome && (r.outcome === 'paid' || l.resultReason === r.reason);

/**
 * The bank's answer: every row names a line of the batch by its number, with the same account and
 * amount; the whole file is checked before anything is written, and then applied in one transaction. A
 * row repeating a line's recorded result changes nothing; a different result for an answered line is refused.
 */
export async function applyBankResult(ctx: ServiceContext, batchNo: string, rows: BankResultRow[]): Promise<BankResultSummary> {
  requireRole(ctx.actor, ['finance'], { zh: '导入银行回单', en: 'importing the bank result' });
  const problems: BankResultProblem[] = [];
  const out = { paid: 0, failed: 0, returned: 0, unchanged: 0 };
  let settled = false;
  try {
    await command(
      ctx,
      (r: { settled: boolean }) => ({
        action: 'batch.bank_result',
        objectType: 'settlement_batch',
        objectId: batchNo,
        detail: { ...out, settled: r.settled },
      }),
      async (tx) => {
        const b = await batchRow(tx, batchNo, true);
        requireApproved(b, { zh: '导入银行回单', en: 'bank result' });
        const lines = new Map((await tx.select().from(t.batchLines).where(eq(t.batchLines.batchId, b.id))).map((l) => [l.seq, l]));
        const seen = new Set<number>();
        for (const r of rows) {
          const l = lines.get(r.seq);
          if (!l) problems.push({ row: r.row, column: '序号', value: String(r.seq), message: `批次中没有第 ${r.seq} 笔` });
          else if (seen.has(r.seq))
            problems.push({ row: r.row, column: '序号', value: String(r.seq), message: '同一笔在文件中出现了两次' });
          else if (l.accountNo !== r.accountNo.trim())
            problems.push({ row: r.row, column: '收款账号', value: r.accountNo, message: `与批次第 ${r.seq} 笔的账号不一致` });
          else if (formatFen(l.amount) !== r.amount)
            problems.push({
              row: r.row,
              column: '金额',
              value: r.amount,
              message: `与批次第 ${r.seq} 笔的金额 ${formatFen(l.amount)} 不一致`,
            });
          else if (l.result !== 'pending' && !sameResult(l, r))
            problems.push({ row: r.row, column: '处理结果', value: r.outcome, message: `第 ${r.seq} 笔已有结果（${l.result}），不能再改` });
          else if (r.outcome !== 'paid' && !r.reason)
            problems.push({ row: r.row, column: '失败原因', value: '', message: '失败或退回须写明原因' });
          seen.add(r.seq);
        }
        if (problems.length) throw new Error('bank result refused');
        const now = ctx.now?.() ?? new Date();
        for (const r of rows) {
          const l = lines.get(r.seq) as LineRow;
          if (l.result !== 'pending') {
            out.unchanged++; // the same answer again (a file imported twice, or answers sent in parts)
            continue;
          }
          const [claim] = await tx.select().from(t.paymentClaims).where(eq(t.paymentClaims.claimId, l.claimId)).for('update');
          if (!claim) throw new Error(`line ${l.seq} has no claim`);
          const c = claimOf(claim, await communityCode(tx, claim.communityId));
          if (r.outcome === 'paid') {
            await post(tx, ctx, pay({ ...c, amount: l.amount }), {
              claimId: l.claimId,
              caseId: l.caseId,
              batchLineId: l.id,
              note: `${batchNo} 第 ${l.seq} 笔`,
            });
            await tx.update(t.paymentClaims).set({ state: 'paid' }).where(eq(t.paymentClaims.claimId, l.claimId));
          } else {
            await post(tx, ctx, voidReservation({ ...c, amount: l.amount }), {
              claimId: l.claimId,
              caseId: l.caseId,
              batchLineId: l.id,
              note: `${batchNo} 第 ${l.seq} 笔银行${r.outcome === 'failed' ? '支付失败' : '退回'}：${r.reason}`,
            });
            await tx.update(t.paymentClaims).set({ state: 'voided', lastFailure: r.reason }).where(eq(t.paymentClaims.claimId, l.claimId));
          }
          await tx
            .update(t.batchLines)
            .set({ result: r.outcome, resultReason: r.reason, resultAt: now, resultBy: ctx.actor.username })
            .where(eq(t.batchLines.id, l.id));
          out[r.outcome]++;
        }
        const [left] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(t.batchLines)
          .where(and(eq(t.batchLines.batchId, b.id), eq(t.batchLines.result, 'pending')));
        settled = Number(left?.n ?? 0) === 0;
        if (settled) await tx.update(t.settlementBatches).set({ state: 'settled' }).where(eq(t.settlementBatches.id, b.id));
        return { settled };
      },
    );
  } catch (e) {
    if (problems.length) return { paid: 0, failed: 0, returned: 0, unchanged: 0, problems, settled: false };
    throw e;
  }
  return { ...out, problems, settled };
}

/** The bank's answer that every line of `batch` was paid (rows from 2, under the header): the
 * demo's first day (src/service/demo-today.ts) and the tests. */
export const allPaid = (batch: Pick<BatchView, 'lines'>): BankResultRow[] =>
  batch.lines.map((l, i) => ({ row: i + 2, seq: l.seq, accountNo: l.accountNo, amount: l.amount, outcome: 'paid', reason: null }));
