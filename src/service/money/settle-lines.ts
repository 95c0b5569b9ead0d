/**
 * What a settlement takes (docs/domain.md "Money"): the payable cases of a programme and period that
 * no live batch line holds, each checked against the engine on the as-of day. Programme T is read and
 * checked one community at a time on the columnar path (docs/domain.md "Settlement at national
 * scale"): the community's cases, then its engagements' facts as typed columns, settled in one pass —
 * never the whole city in memory. W and F are few; they are checked on the city's scenario.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { referencePrices, takeoverColumns } from '../../registry/takeover-rows.ts';
import { reasonCodesOf, STATUS, STATUS_NAMES, settleT, type TSettlement } from '../../rules/columnar/index.ts';
import { parsePeriod, periodIndex } from '../../rules/dates/period.ts';
import { calculate } from '../../rules/engine.ts';
import type { Line } from '../../rules/lines.ts';
import type { Policy } from '../../rules/params/types.ts';
import { presentLine } from '../../rules/present.ts';
import { formatMonths } from '../../rules/programmes/takeover/months.ts';

export interface SettleRequest {
  programme: Programme;
  /** T: a half-year (2025H1); W and F: a year (2025) */
  period: string;
  /** the day the batch is made for (default today, Beijing time): notices must have closed before it */
  asOf?: string;
}

export interface Candidate {
  caseId: number;
  caseNo: string;
  communityId: number;
  engagementId: number | null;
  subject: string;
  subjectName: string;
  period: string | null;
  amount: string;
  payableFrom: string | null;
  submitted: string | null;
  payeeType: 'company' | 'committee' | 'community';
  payeeCode: string;
  claimState: string | null;
}

/** A candidate the engine still agrees with, and the explanation its batch line freezes. */
export interface Checked {
  c: Candidate;
  explanation: unknown;
}

/** A candidate the engine no longer agrees with: held out of the batch, to be decided again. */
export interface Disagreed {
  c: Candidate;
  now: { status: string; amount: string } | null;
}

const CASE_TYPE: Record<Programme, 'claim' | 'grant' | 'facility'> = { T: 'claim', W: 'grant', F: 'facility' };

/** The programme's payable cases of the period (in `community`, when given) that no live batch line holds, in case order. */
export async function candidates(tx: Db, r: SettleRequest, asOf: string, community?: number): Promise<Candidate[]> {
  const year = Number(r.period.slice(0, 4));
  const where: SQL = community === undefined ? sql`true` : sql`c.community_id = ${community}`;
  const rows = await rawRows<Candidate>(
    tx,
    sql`select c.id as "caseId", c.case_no as "caseNo", c.community_id as "communityId", c.engagement_id as "engagementId",
          c.period, c.amount::text as amount, c.decision->'line'->>'payableFrom' as "payableFrom",
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
        where c.type = ${CASE_TYPE[r.programme]} and c.state = 'payable' and ${where}
          and n.closed_at is not null and n.closes_on < ${asOf}::date
          and not exists (select 1 from objection o where o.case_id = c.id and o.status = 'open')
          and (pc.state is null or pc.state in ('reserved', 'voided'))
          and (${r.programme} <> 'T' or c.period = ${r.period})
        order by c.id`,
  );
  for (const c of rows) {
    c.caseId = Number(c.caseId);
    c.communityId = Number(c.communityId);
    c.engagementId = c.engagementId === null ? null : Number(c.engagementId);
  }
  // W and F: the claim's budget year (D-22) is the settlement's year
  if (r.programme === 'T') return rows;
  return rows.filter((c) => Number((r.programme === 'W' ? c.payableFrom : c.submitted)?.slice(0, 4)) === year);
}

/** The communities with payable cases of the programme (T: of the half-year), in id order. */
export async function communitiesToSettle(tx: Db, r: SettleRequest): Promise<number[]> {
  const rows = await rawRows<{ id: number }>(
    tx,
    sql`select distinct community_id as id from "case"
        where type = ${CASE_TYPE[r.programme]} and state = 'payable' and (${r.programme} <> 'T' or period = ${r.period})
        order by 1`,
  );
  return rows.map((x) => Number(x.id));
}

/**
 * A T batch line's explanation as the columnar path leaves it: the decision in codes (status, tier,
 * months, fen, reason codes — docs/calc-format.md) on the as-of day. The texts and the trace are
 * rebuilt on demand (batchLineExplanation); the case keeps the explanation it was approved with.
 */
export interface TLineCodes {
  path: 'columnar';
  asOf: string;
  status: string;
  tier: number | null;
  months: string;
  amount: string;
  reasons: string[];
}

/** Programme T: one community's candidates on the columnar path. */
export class TakeoverCheck {
  private reuse: TSettlement | undefined;
  private price: Awaited<ReturnType<typeof referencePrices>> | undefined;
  private readonly periodIdx: number;

  constructor(
    private readonly policy: Policy,
    private readonly asOf: string,
    period: string,
  ) {
    this.periodIdx = periodIndex(parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>);
  }

  async check(tx: Db, found: readonly Candidate[]): Promise<{ agreed: Checked[]; disagreed: Disagreed[] }> {
    this.price ??= await referencePrices(tx);
    const ids = [...new Set(found.map((c) => c.engagementId as number))];
    const columns = await takeoverColumns(tx, this.asOf, ids, this.price);
    const s = settleT(columns, this.policy, this.asOf, this.reuse);
    this.reuse = s;
    // the line of each engagement for the period
    const lineOf = new Map<string, number>();
    for (let i = 0; i < s.lines; i++)
      if (s.period[i] === this.periodIdx) lineOf.set(columns.engagementId[s.engagement[i] as number] as string, i);
    const agreed: Checked[] = [];
    const disagreed: Disagreed[] = [];
    for (const c of found) {
      const i = lineOf.get(c.subject);
      if (i === undefined) {
        disagreed.push({ c, now: null });
        continue;
      }
      const status = s.status[i] as number;
      const fen = s.amount[i] as number;
      if (status !== STATUS.payable || BigInt(fen) !== parseYuan(c.amount)) {
        disagreed.push({ c, now: { status: STATUS_NAMES[status] as string, amount: formatFen(BigInt(fen)) } });
        continue;
      }
      const tier = s.tier[i] as number;
      const codes: TLineCodes = {
        path: 'columnar',
        asOf: this.asOf,
        status: 'payable',
        tier: tier === 0 ? null : tier,
        months: formatMonths(s.monthUnits[i] as number),
        amount: c.amount,
        reasons: reasonCodesOf(tier, s.decision[i] as number, s.flags[i] as number),
      };
      agreed.push({ c, explanation: codes });
    }
    return { agreed, disagreed };
  }
}

const key = (subject: string, period: string | null) => `${subject}\u0000${period ?? ''}`;

/** Programmes W and F: the candidates against the engine's lines on the city's scenario, explained in full. */
export async function checkOnScenario(
  tx: Db,
  programme: Programme,
  asOf: string,
  policy: Policy,
  found: readonly Candidate[],
): Promise<{ agreed: Checked[]; disagreed: Disagreed[] }> {
  // T is settled on its own path: its engagements are not read here
  const { scenario } = await buildScenario(tx, asOf, { takeover: false });
  const calc = calculate(scenario, policy, { explain: true });
  const lines = new Map<string, Line>();
  for (const l of calc.lines) if (l.program === programme) lines.set(key(l.subject, null), l);
  const agreed: Checked[] = [];
  const disagreed: Disagreed[] = [];
  for (const c of found) {
    const line = lines.get(key(c.subject, null));
    const now = line ? presentLine(line, 'zh', false) : null;
    if (!line || !now || now.amount !== c.amount || !['granted', 'capped', 'payable'].includes(now.status)) {
      disagreed.push({ c, now: now ? { status: now.status, amount: now.amount } : null });
      continue;
    }
    agreed.push({ c, explanation: { zh: presentLine(line, 'zh', true), en: presentLine(line, 'en', false).reasons } });
  }
  return { agreed, disagreed };
}
