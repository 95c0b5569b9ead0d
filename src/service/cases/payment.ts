/**
 * Where a case's money is (docs/domain.md "Money"). A case stays `payable` once its notice closes: the
 * money follows its payment claim and the settlement batch lines that took it, not workflow states. This
 * reads them into what a clerk asks — reserved in the budget, in batch PB-… line n, paid on a day, or sent
 * back by the bank with its reason (and then paid again in a later batch).
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { formatFen } from '../../ledger/money.ts';
import { chinaDay } from './numbers.ts';

export type PaymentStatus = 'reserved' | 'batched' | 'paid' | 'bank_failed' | 'voided';

export interface CasePayment {
  claimId: string;
  /** the budget year the claim is paid from (docs/policy.md D-22) */
  budgetYear: number;
  amount: string;
  status: PaymentStatus;
  /** the batch line that holds the claim, or last held it */
  batch: { batchNo: string; seq: number; state: string } | null;
  /** the day (Beijing) the bank confirmed the payment */
  paidOn: string | null;
  /** the bank's last refusal: failed or returned, why, in which line, on which day */
  failure: { result: string; reason: string | null; batchNo: string; seq: number; on: string | null } | null;
  text: { zh: string; en: string };
}

const BATCH_STATE = {
  draft: { zh: '待财政局审批', en: 'awaiting finance approval' },
  approved: { zh: '已审批，待银行回单', en: 'approved, awaiting the bank' },
  settled: { zh: '已结清', en: 'settled' },
  cancelled: { zh: '已作废', en: 'cancelled' },
} as const;

const BANK_RESULT = { failed: { zh: '支付失败', en: 'failed' }, returned: { zh: '退回', en: 'returned' } } as const;

/** The payment of a case, or null before its amount is approved (no claim). */
export async function casePayment(db: Db, caseId: number): Promise<CasePayment | null> {
  const [claim] = await db.select().from(t.paymentClaims).where(eq(t.paymentClaims.caseId, caseId));
  if (!claim) return null;
  const lines = await db
    .select({ l: t.batchLines, batchNo: t.settlementBatches.batchNo, batchState: t.settlementBatches.state })
    .from(t.batchLines)
    .innerJoin(t.settlementBatches, eq(t.batchLines.batchId, t.settlementBatches.id))
    .where(eq(t.batchLines.claimId, claim.claimId))
    .orderBy(desc(t.batchLines.id));
  const last = lines[0];
  const refused = lines.find((x) => x.l.result === 'failed' || x.l.result === 'returned');
  const amount = formatFen(claim.amount);
  // held by a batch: the claim's pending line (the claim itself stays reserved, src/db/schema-money.ts)
  const status: PaymentStatus =
    claim.state === 'voided' && last && last === refused
      ? 'bank_failed'
      : claim.state === 'reserved' && last?.l.result === 'pending'
        ? 'batched'
        : claim.state;
  const live = status === 'batched' || status === 'paid' || status === 'bank_failed' ? last : undefined;
  const batch = live ? { batchNo: live.batchNo, seq: live.l.seq, state: live.batchState } : null;
  const paidOn = status === 'paid' && live?.l.resultAt ? chinaDay(live.l.resultAt) : null;
  const failure = refused
    ? {
        result: refused.l.result,
        reason: refused.l.resultReason,
        batchNo: refused.batchNo,
        seq: refused.l.seq,
        on: refused.l.resultAt ? chinaDay(refused.l.resultAt) : null,
      }
    : null;
  const where = batch ? { zh: `${batch.batchNo} 第 ${batch.seq} 笔`, en: `${batch.batchNo}, line ${batch.seq}` } : { zh: '', en: '' };
  const bank = failure ? BANK_RESULT[failure.result as keyof typeof BANK_RESULT] : null;
  const before =
    failure && bank && status !== 'bank_failed'
      ? { zh: `；上次银行${bank.zh}：${failure.reason ?? ''}`, en: `; the bank last ${bank.en} it: ${failure.reason ?? ''}` }
      : { zh: '', en: '' };
  const text = {
    reserved: {
      zh: `已批准，${claim.year}年预算已占用 ${amount} 元，待列入拨付批次${before.zh}`,
      en: `approved: ${amount} reserved in the ${claim.year} budget, not in a batch yet${before.en}`,
    },
    batched: {
      zh: `已列入拨付批次 ${where.zh}（${BATCH_STATE[batch?.state as keyof typeof BATCH_STATE]?.zh ?? batch?.state}）${before.zh}`,
      en: `in settlement batch ${where.en} (${BATCH_STATE[batch?.state as keyof typeof BATCH_STATE]?.en ?? batch?.state})${before.en}`,
    },
    paid: { zh: `已于 ${paidOn} 拨付 ${amount} 元（${where.zh}）`, en: `paid ${amount} on ${paidOn} (${where.en})` },
    bank_failed: {
      zh: `银行${bank?.zh}（${failure?.reason ?? ''}，${where.zh}）：将在下一拨付批次中重新拨付`,
      en: `the bank ${bank?.en} it (${failure?.reason ?? ''}, ${where.en}): it goes into the next settlement batch`,
    },
    voided: {
      zh: `预算占用已撤销（${amount} 元已退回${claim.year}年预算）`,
      en: `reservation voided: ${amount} back in the ${claim.year} budget`,
    },
  }[status];
  return { claimId: claim.claimId, budgetYear: claim.year, amount, status, batch, paidOn, failure, text };
}
