/**
 * A settlement (issue: step 4; docs/domain.md "Money"): the lines of a programme and period that are
 * payable — approved, their 公示 closed with no open objection — and that no earlier batch holds, each
 * checked against the engine on the as-of day and its payee's account (clause 4.2), gathered into one
 * batch that freezes amount, explanation and paramsHash. One transaction: killed at any point, it leaves
 * no partial batch, and run again it makes the same one. Nothing new: no batch.
 */
import { inArray, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { claimId } from '../../ledger/claims.ts';
import { parseYuan } from '../../ledger/money.ts';
import { UserError, userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { parseDay } from '../../rules/dates/date.ts';
import { calculate } from '../../rules/engine.ts';
import type { Line } from '../../rules/lines.ts';
import { presentLine } from '../../rules/present.ts';
import { requireRole } from '../access.ts';
import { chinaDay } from '../cases/numbers.ts';
import { command, type ServiceContext } from '../command.ts';
import { reserveClaim } from './claims.ts';
import { payeeAccount, payeeProblem } from './payees.ts';

export interface SettleRequest {
  programme: Programme;
  /** T: a half-year (2025H1); W and F: a year (2025) */
  period: string;
  /** the day the batch is made for (default today, Beijing time): notices must have closed before it */
  asOf?: string;
}

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
  held: Held[];
}

const CASE_TYPE: Record<Programme, 'claim' | 'grant' | 'facility'> = { T: 'claim', W: 'grant', F: 'facility' };

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

interface Candidate {
  caseId: number;
  caseNo: string;
  communityId: number;
  subject: string;
  subjectName: string;
  period: string | null;
  decision: { line?: { amount?: string; payableFrom?: string } } | null;
  amount: string | null;
  submitted: string | null;
  payeeType: 'company' | 'committee' | 'community';
  payeeCode: string;
  claimState: string | null;
}

/** The programme's payable cases of the period that no live batch line holds, in case order. */
async function candidates(tx: Db, r: SettleRequest, asOf: string): Promise<Candidate[]> {
  const year = Number(r.period.slice(0, 4));
  const rows = await rawRows<Candidate & { case_id: number }>(
    tx,
    sql`select c.id as "caseId", c.case_no as "caseNo", c.community_id as "communityId", c.period, c.decision, c.amount::text as amount,
          coalesce(e.code, w.code, c.case_no) as subject,
          coalesce(ce.name, cw.name, cf.name) as "subjectName",
          fa.submitted_on::text as submitted,
          case ${r.programme} when 'T' then 'company' when 'W' then 'committee' else 'community' end as "payeeType",
          coalesce(co.code, w.code, cm.code) as "payeeCode",
          pc.state as "claimState"
        from "case" c
        join public_notice n on n.id = c.notice_id
        left join engagement e on e.id = c.engagement_id
        left join company co on co.id = e.company_id
        left join compound ce on ce.id = e.compound_id
        left join committee w on w.id = c.committee_id
        left join compound cw on cw.id = w.compound_id
        left join facility_application fa on fa.id = c.facility_application_id
        left join compound cf on cf.id = c.compound_id
        left join community cm on cm.id = c.community_id
        left join payment_claim pc on pc.case_id = c.id
        where c.type = ${CASE_TYPE[r.programme]} and c.state = 'payable'
          and n.closed_at is not null and n.closes_on < ${asOf}::date
          and not exists (select 1 from objection o where o.case_id = c.id and o.status = 'open')
          and (pc.state is null or pc.state in ('reserved', 'voided'))
          and (${r.programme} <> 'T' or c.period = ${r.period})
        order by c.id`,
  );
  // W and F: the claim's budget year (D-22) is the settlement's year
  return rows.filter((c) => {
    if (r.programme === 'T') return true;
    const day = r.programme === 'W' ? c.decision?.line?.payableFrom : c.submitted;
    return Number(day?.slice(0, 4)) === year;
  });
}

const key = (programme: string, subject: string, period: string | null) => `${programme}\u0000${subject}\u0000${period ?? ''}`;

/** The engine's lines on the as-of day, by subject and period (the city in one calculation; see docs/domain.md "Money"). */
async function engineLines(tx: Db, asOf: string, programme: Programme): Promise<Map<string, Line>> {
  const { scenario } = await buildScenario(tx, asOf);
  const calc = calculate(scenario, loadPolicy(), { explain: true });
  const out = new Map<string, Line>();
  for (const l of calc.lines) if (l.program === programme) out.set(key(l.program, l.subject, 'period' in l ? (l.period ?? null) : null), l);
  return out;
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
      detail: { programme: r.programme, period: r.period, asOf, held: res.held.length },
    }),
    async (tx) => {
      // one settlement of a programme at a time: two at once would both take the same lines
      await tx.execute(sql`select pg_advisory_xact_lock(7305, ${'TWF'.indexOf(r.programme)})`);
      const found = await candidates(tx, r, asOf);
      if (found.length === 0) return { batchNo: null, held: [] };
      const lines = await engineLines(tx, asOf, r.programme);
      const policy = loadPolicy();
      const held: Held[] = [];
      const hold = (c: Candidate, code: string, zh: string, en: string) =>
        held.push({ caseNo: c.caseNo, subject: c.subject, period: c.period, payee: c.payeeCode, code, reason: { zh, en } });
      const ready: { c: Candidate; line: Line; account: NonNullable<Awaited<ReturnType<typeof payeeAccount>>> }[] = [];
      for (const c of found) {
        const line = lines.get(key(r.programme, c.subject, r.programme === 'T' ? c.period : null));
        const now = line ? presentLine(line, 'zh', false) : null;
        if (!line || !now || now.amount !== c.amount || !['payable', 'granted', 'capped'].includes(now.status)) {
          hold(
            c,
            'settle.amount_changed',
            `${c.caseNo}：测算结果已变为 ${now ? `${now.status} ${now.amount}` : '无'}（批准时 ${c.amount}），须重新审批后拨付`,
            `${c.caseNo}: the engine now gives ${now ? `${now.status} ${now.amount}` : 'no line'} (approved ${c.amount}); it must be decided again before payment`,
          );
          continue;
        }
        const payee = { type: c.payeeType, code: c.payeeCode };
        const account = await payeeAccount(tx, payee);
        const problem = payeeProblem(account, payee);
        if (problem || !account) {
          hold(c, 'payee.account', (problem as { zh: string }).zh, (problem as { en: string }).en);
          continue;
        }
        ready.push({ c, line, account });
      }
      // a claim voided by a bank failure is reserved again — if the budget still holds it
      const kept: typeof ready = [];
      for (const x of ready) {
        if (x.c.claimState === 'reserved') {
          kept.push(x);
          continue;
        }
        try {
          await tx.transaction(async (sp) =>
            reserveClaim(sp as unknown as Db, ctx, x.c.caseId, {
              programme: r.programme,
              subject: x.c.subject,
              period: r.programme === 'T' ? x.c.period : null,
              payableFrom: x.c.decision?.line?.payableFrom ?? null,
              submitted: x.c.submitted,
              communityId: x.c.communityId,
              payee: { type: x.c.payeeType, code: x.c.payeeCode },
              amount: x.c.amount as string,
            }),
          );
          kept.push(x);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          hold(x.c, e.code, e.text.zh, e.text.en);
        }
      }
      if (kept.length === 0) return { batchNo: null, held };
      const batchNo = await nextBatchNo(tx, r.programme, r.period);
      const total = kept.reduce((s, x) => s + parseYuan(x.c.amount as string), 0n);
      const [batch] = await tx
        .insert(t.settlementBatches)
        .values({
          batchNo,
          programme: r.programme,
          period: r.period,
          asOf,
          lineCount: kept.length,
          total,
          policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash },
        })
        .returning();
      const claimIds: string[] = [];
      let seq = 0;
      for (const { c, line, account } of kept) {
        const id = claimId(r.programme, c.subject, r.programme === 'T' ? c.period : null);
        claimIds.push(id);
        await tx.insert(t.batchLines).values({
          batchId: batch?.id as number,
          seq: ++seq,
          claimId: id,
          caseId: c.caseId,
          subject: c.subject,
          subjectName: c.subjectName,
          period: r.programme === 'T' ? c.period : null,
          payeeType: c.payeeType,
          payeeCode: c.payeeCode,
          payeeName: account.name,
          bankName: account.bankName,
          accountName: account.accountName as string,
          accountNo: account.accountNo as string,
          amount: parseYuan(c.amount as string),
          explanation: { zh: presentLine(line, 'zh', true), en: presentLine(line, 'en', false).reasons },
          paramsHash: policy.paramsHash,
        });
      }
      await tx.update(t.paymentClaims).set({ state: 'batched' }).where(inArray(t.paymentClaims.claimId, claimIds));
      return { batchNo, held };
    },
  );
}
