/**
 * The explanation of a batch line, in full, on demand. W and F lines froze their explanation as text;
 * a T line froze its decision in codes (status, tier, months, fen, reason codes: settle-lines.ts
 * TLineCodes), and its texts and trace are rebuilt here by the engine from the registry on the
 * batch's as-of day (docs/domain.md "Settlement at national scale"). If the registry or the parameters
 * have changed since, the rebuilt line can differ from the frozen one: the answer says so, and the
 * case's own record (the explanation it was approved with) stands beside it.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { formatFen } from '../../ledger/money.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { takeoverColumns } from '../../registry/takeover-rows.ts';
import { explainLine, reasonCodesOf, settleT } from '../../rules/columnar/index.ts';
import { formatPeriod, periodFromIndex } from '../../rules/dates/period.ts';
import { type LineJson, presentLine } from '../../rules/present.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import { batchRow, READERS } from './batches.ts';
import type { TLineCodes } from './settle-lines.ts';

export interface LineExplanation {
  batch: string;
  seq: number;
  subject: string;
  period: string | null;
  /** the frozen line's amount */
  amount: string;
  /** what the batch froze (W, F: the explanation's text; T: TLineCodes) */
  frozen: unknown;
  /** the explanation in full: the frozen text (W, F) or the engine's, rebuilt on the batch's as-of day (T) */
  explanation: { zh: LineJson; en: LineJson['reasons'] } | null;
  /** T: whether the rebuilt line is the frozen one (same status, amount and reasons, same parameters) */
  rebuiltMatches: boolean | null;
  /** the case's own record: the engine's line it was decided on */
  caseDecision: unknown;
}

export async function batchLineExplanation(db: Db, actor: Actor, batchNo: string, seq: number): Promise<LineExplanation> {
  requireRole(actor, [...READERS], { zh: '查看拨付批次', en: 'reading settlement batches' });
  const b = await batchRow(db, batchNo);
  const [l] = await db
    .select()
    .from(t.batchLines)
    .where(and(eq(t.batchLines.batchId, b.id), eq(t.batchLines.seq, seq)));
  if (!l)
    throw userError('batch.line_not_found', `批次 ${batchNo} 没有第 ${seq} 行`, `batch ${batchNo} has no line ${seq}`, { status: 404 });
  const [c] = await db
    .select({ decision: t.cases.decision, engagementId: t.cases.engagementId })
    .from(t.cases)
    .where(eq(t.cases.id, l.caseId));
  const base = {
    batch: batchNo,
    seq,
    subject: l.subject,
    period: l.period,
    amount: formatFen(l.amount),
    frozen: l.explanation,
    caseDecision: c?.decision ?? null,
  };
  const frozen = l.explanation as Partial<TLineCodes> & { zh?: LineJson; en?: LineJson['reasons'] };
  if (frozen.path !== 'columnar')
    return { ...base, explanation: frozen.zh && frozen.en ? { zh: frozen.zh, en: frozen.en } : null, rebuiltMatches: null };

  const policy = loadPolicy();
  const columns = await takeoverColumns(db, b.asOf, c?.engagementId ? [c.engagementId] : []);
  const s = settleT(columns, policy, b.asOf);
  let line = -1;
  for (let i = 0; i < s.lines; i++) {
    const p = s.period[i] as number;
    if (p >= 0 && formatPeriod(periodFromIndex(p)) === l.period) line = i;
  }
  if (line < 0) return { ...base, explanation: null, rebuiltMatches: false };
  const tLine = explainLine(columns, s, line, policy, true);
  const zh = presentLine(tLine, 'zh', true);
  const codes = reasonCodesOf(s.tier[line] as number, s.decision[line] as number, s.flags[line] as number);
  const matches =
    zh.status === frozen.status &&
    zh.amount === frozen.amount &&
    JSON.stringify(codes) === JSON.stringify(frozen.reasons) &&
    policy.paramsHash === l.paramsHash;
  return {
    ...base,
    explanation: { zh, en: presentLine(tLine, 'en', false).reasons },
    rebuiltMatches: matches,
  };
}
