/**
 * A settlement (issue: step 4; docs/domain.md "Money"): the lines of a programme and period that are
 * payable — approved, their 公示 closed with no open objection — and that no earlier batch holds, each
 * checked against the engine on the as-of day and its payee's account (clause 4.2), gathered into one
 * batch that freezes amount, explanation and paramsHash. One transaction: killed at any point, it leaves
 * no partial batch, and run again it makes the same one. Nothing new: no batch.
 */
import { eq, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { claimId } from '../../ledger/claims.ts';
import { parseYuan } from '../../ledger/money.ts';
import { UserError, userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { insertBatched } from '../../registry/batch.ts';
import { parseDay } from '../../rules/dates/date.ts';
import { requireRole } from '../access.ts';
import { chinaDay } from '../cases/numbers.ts';
import { command, type ServiceContext } from '../command.ts';
import { reserveClaim } from './claims.ts';
import { type PayeeAccount, payeeAccount, payeeProblem } from './payees.ts';
import {
  type Candidate,
  type Checked,
  candidates,
  checkOnScenario,
  type Disagreed,
  type SettleRequest,
  TakeoverCheck,
  takeoverClaimsByCommunity,
} from './settle-lines.ts';

export type { SettleRequest } from './settle-lines.ts';

/** A payable line kept out of the batch, and why (it stays payable for a later batch). */
export interface Held {
  caseNo: string;
  subject: string;
  period: string | null;
  payee: string;
  code: string;
  reason: { zh: string; en: string };
}

export interface SettleResult {
  /** the batch made, or null when nothing new was payable */
  batchNo: string | null;
  /** how many lines it holds */
  lines: number;
  held: Held[];
}

export function checkSettleRequest(r: SettleRequest): void {
  if (!['T', 'W', 'F'].includes(r.programme))
    throw userError('settle.programme', `项目须为 T、W 或 F：${r.programme}`, `programme must be T, W or F: ${r.programme}`);
  const shape = r.programme === 'T' ? /^20[0-9]{2}H[12]$/ : /^20[0-9]{2}$/;
  if (!shape.test(r.period))
    throw userError(
      'settle.period',
      r.programme === 'T' ? `T 按半年结算，期间形如 2025H1：${r.period}` : `${r.programme} 按年度结算，年度形如 2025：${r.period}`,
      r.programme === 'T' ? `T settles by half-year, e.g. 2025H1: ${r.period}` : `${r.programme} settles by year, e.g. 2025: ${r.period}`,
      { details: { field: r.programme === 'T' ? 'period' : 'year' } },
    );
  if (r.asOf !== undefined && !parseDay(r.asOf))
    throw userError('settle.as_of', `结算日期须为 YYYY-MM-DD：${r.asOf}`, `the as-of date must be YYYY-MM-DD: ${r.asOf}`, {
      details: { field: 'asOf' },
    });
}

async function nextBatchNo(tx: Db, programme: Programme, period: string): Promise<string> {
  const [n] = await rawRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from settlement_batch where programme = ${programme} and period = ${period}`,
  );
  return `PB-${period}-${programme}-${String(Number(n?.n ?? 0) + 1).padStart(3, '0')}`;
}

export async function settle(ctx: ServiceContext, r: SettleRequest): Promise<SettleResult> {
  requireRole(ctx.actor, ['finance'], { zh: '生成拨付批次', en: 'making a settlement batch' });
  checkSettleRequest(r);
  const asOf = r.asOf ?? chinaDay(ctx.now?.() ?? new Date());
  return command(
    ctx,
    (res) => ({
      action: 'batch.settle',
      objectType: 'settlement_batch',
      objectId: res.batchNo ?? `${r.programme}:${r.period}`,
      detail: { programme: r.programme, period: r.period, asOf, lines: res.lines, held: res.held.length },
    }),
    async (tx) => {
      // one settlement of a programme at a time: two at once would both take the same lines
      await tx.execute(sql`select pg_advisory_xact_lock(7305, ${'TWF'.indexOf(r.programme)})`);
      const batch = new BatchWriter(tx, ctx, r, asOf);
      if (r.programme === 'T') {
        // community by community: the city is never in memory (docs/domain.md "Settlement at national scale")
        const check = new TakeoverCheck(batch.policy, asOf, r.period);
        for await (const community of takeoverClaimsByCommunity(tx, r.period, asOf)) await batch.add(await check.check(tx, community));
      } else {
        const found = await candidates(tx, r, asOf);
        if (found.length > 0) await batch.add(await checkOnScenario(tx, r.programme, asOf, batch.policy, found));
      }
      return batch.finish();
    },
  );
}

/** Writes the batch as its lines come: the header with the first line, the totals at the end (one transaction). */
class BatchWriter {
  readonly policy = loadPolicy();
  readonly held: Held[] = [];
  private batch: { id: number; no: string } | null = null;
  private seq = 0;
  private total = 0n;
  private readonly accounts = new Map<string, Promise<PayeeAccount | null>>();

  constructor(
    private readonly tx: Db,
    private readonly ctx: ServiceContext,
    private readonly r: SettleRequest,
    private readonly asOf: string,
  ) {}

  private hold(c: Candidate, code: string, zh: string, en: string): void {
    this.held.push({ caseNo: c.caseNo, subject: c.subject, period: c.period, payee: c.payeeCode, code, reason: { zh, en } });
  }

  /** A payee's account, read once per settlement. */
  private account(c: Candidate): Promise<PayeeAccount | null> {
    const k = `${c.payeeType}:${c.payeeCode}`;
    const known = this.accounts.get(k);
    if (known) return known;
    const a = payeeAccount(this.tx, { type: c.payeeType, code: c.payeeCode });
    this.accounts.set(k, a);
    return a;
  }

  async add(checked: { agreed: Checked[]; disagreed: Disagreed[] }): Promise<void> {
    for (const { c, now } of checked.disagreed)
      this.hold(
        c,
        'settle.amount_changed',
        `${c.caseNo}：测算结果已变为 ${now ? `${now.status} ${now.amount}` : '无'}（批准时 ${c.amount}），须重新审批后拨付`,
        `${c.caseNo}: the engine now gives ${now ? `${now.status} ${now.amount}` : 'no line'} (approved ${c.amount}); it must be decided again before payment`,
      );
    const lines: (typeof t.batchLines.$inferInsert)[] = [];
    for (const { c, explanation } of checked.agreed) {
      const payee = { type: c.payeeType, code: c.payeeCode };
      const account = await this.account(c);
      const problem = payeeProblem(account, payee);
      if (problem || !account) {
        this.hold(c, 'payee.account', (problem as { zh: string }).zh, (problem as { en: string }).en);
        continue;
      }
      if (c.claimState !== 'reserved' && !(await this.reserveAgain(c))) continue;
      const period = this.r.programme === 'T' ? c.period : null;
      const batch = await this.header();
      const amount = parseYuan(c.amount);
      this.total += amount;
      lines.push({
        batchId: batch.id,
        seq: ++this.seq,
        claimId: claimId(this.r.programme, c.subject, period),
        caseId: c.caseId,
        subject: c.subject,
        subjectName: c.subjectName,
        period,
        payeeType: c.payeeType,
        payeeCode: c.payeeCode,
        payeeName: account.name,
        bankName: account.bankName,
        accountName: account.accountName as string,
        accountNo: account.accountNo as string,
        amount,
        explanation,
        paramsHash: this.policy.paramsHash,
      });
    }
    if (lines.length === 0) return;
    // the lines alone say the claims are batched: their pending lines (src/service/cases/payment.ts)
    await insertBatched(this.tx, t.batchLines, lines, 2000);
  }

  /** A claim voided by a bank failure is reserved again — if the budget still holds it. */
  private async reserveAgain(c: Candidate): Promise<boolean> {
    try {
      await this.tx.transaction(async (sp) =>
        reserveClaim(sp as unknown as Db, this.ctx, c.caseId, {
          programme: this.r.programme,
          subject: c.subject,
          period: this.r.programme === 'T' ? c.period : null,
          payableFrom: c.payableFrom,
          submitted: c.submitted,
          communityId: c.communityId,
          payee: { type: c.payeeType, code: c.payeeCode },
          amount: c.amount,
        }),
      );
      return true;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      this.hold(c, e.code, e.text.zh, e.text.en);
      return false;
    }
  }

  private async header(): Promise<{ id: number; no: string }> {
    if (this.batch) return this.batch;
    const no = await nextBatchNo(this.tx, this.r.programme, this.r.period);
    const [b] = await this.tx
      .insert(t.settlementBatches)
      .values({
        batchNo: no,
        programme: this.r.programme,
        period: this.r.period,
        asOf: this.asOf,
        lineCount: 0,
        total: 0n,
        policy: { id: this.policy.id, version: this.policy.version, paramsHash: this.policy.paramsHash },
      })
      .returning({ id: t.settlementBatches.id });
    this.batch = { id: b?.id as number, no };
    return this.batch;
  }

  async finish(): Promise<SettleResult> {
    if (!this.batch) return { batchNo: null, lines: 0, held: this.held };
    await this.tx
      .update(t.settlementBatches)
      .set({ lineCount: this.seq, total: this.total })
      .where(eq(t.settlementBatches.id, this.batch.id));
    return { batchNo: this.batch.no, lines: this.seq, held: this.held };
  }
}
