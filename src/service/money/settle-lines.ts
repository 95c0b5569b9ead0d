/**
 * What a settlement takes (docs/domain.md "Money"): the payable cases of a programme and period that
 * no live batch line holds, each checked against the engine on the as-of day. Programme T streams
 * (docs/domain.md "Settlement at national scale"): one query, read through a cursor, gives the claims
 * with their engagements' facts community by community; each community's rows become typed columns,
 * settled in one pass on the columnar path — never the whole city in memory. W and F are few; they
 * are checked on the city's scenario.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import {
  pushTakeoverRows,
  rectificationsOf,
  referencePrices,
  TAKEOVER_FACTS_COLUMNS,
  TAKEOVER_FACTS_JOINS,
  type TakeoverFactsRow,
} from '../../registry/takeover-rows.ts';
import { reasonCodesOf, STATUS, STATUS_NAMES, settleT, TakeoverColumnsBuilder, type TSettlement } from '../../rules/columnar/index.ts';
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

/**
 * A claim that no batch holds: none yet, or reserved or voided with no pending line (a paid claim is
 * done; a failed or returned line lets it into a later batch — the unique index settlement_batch_line_live).
 */
const NOT_HELD = sql`(pc.state is null or (pc.state in ('reserved', 'voided')
  and not exists (select 1 from settlement_batch_line l where l.claim_id = pc.claim_id and l.result = 'pending')))`;

/** Programme W's or F's payable cases of the year that no live batch line holds, in case order. */
export async function candidates(tx: Db, r: SettleRequest, asOf: string): Promise<Candidate[]> {
  const year = Number(r.period.slice(0, 4));
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
        where c.type = ${CASE_TYPE[r.programme]} and c.state = 'payable'
          and n.closed_at is not null and n.closes_on < ${asOf}::date
          and not exists (select 1 from objection o where o.case_id = c.id and o.status = 'open')
          and ${NOT_HELD}
        order by c.id`,
  );
  for (const c of rows) {
    c.caseId = Number(c.caseId);
    c.communityId = Number(c.communityId);
    c.engagementId = c.engagementId === null ? null : Number(c.engagementId);
  }
  // the claim's budget year (D-22) is the settlement's year
  return rows.filter((c) => Number((r.programme === 'W' ? c.payableFrom : c.submitted)?.slice(0, 4)) === year);
}

/** A row of the T settlement's query: a claim (case) and one half-year of its engagement's facts. */
export interface ClaimFactsRow extends TakeoverFactsRow {
  case_id: number;
  case_no: string;
  community_id: number;
  claim_period: string;
  claim_amount: string;
  compound_name: string;
  claim_state: string | null;
}

/**
 * The T settlement's one read: the half-year's payable claims whose notice closed before the as-of day
 * with no open objection and that no live batch line holds, each with its engagement's facts — ordered
 * by community, claim and half-year. The benchmark's baseline scan reads exactly this (bench/settle.ts).
 */
export function takeoverClaimsQuery(period: string, asOf: string): SQL {
  return sql`select c.id as case_id, c.case_no, c.community_id, c.period as claim_period, c.amount::text as claim_amount,
        x.name as compound_name, pc.state as claim_state, ${TAKEOVER_FACTS_COLUMNS}
      from "case" c
      join public_notice n on n.id = c.notice_id
      join engagement e on e.id = c.engagement_id
      ${TAKEOVER_FACTS_JOINS}
      left join payment_claim pc on pc.case_id = c.id
      where c.type = 'claim' and c.state = 'payable' and c.period = ${period}
        and n.closed_at is not null and n.closes_on < ${asOf}::date
        and not exists (select 1 from objection o where o.case_id = c.id and o.status = 'open')
        and ${NOT_HELD}
      order by c.community_id, c.id, f.id`;
}

/** One community's claims and their rows. */
export interface CommunityClaims {
  community: number;
  found: Candidate[];
  rows: ClaimFactsRow[];
}

const FETCH = 5000;

/**
 * The T settlement's query read through a cursor, one community at a time (inside the settlement's
 * transaction: the cursor reads the registry as it stood when opened).
 */
export async function* takeoverClaimsByCommunity(tx: Db, period: string, asOf: string): AsyncGenerator<CommunityClaims> {
  // a cursor is planned for its first rows (cursor_tuple_fraction 0.1): this one is read to the end
  await tx.execute(sql`set local cursor_tuple_fraction = 1`);
  await tx.execute(sql`declare settle_t no scroll cursor for ${takeoverClaimsQuery(period, asOf)}`);
  let rows: ClaimFactsRow[] = [];
  for (;;) {
    const page = await rawRows<ClaimFactsRow>(tx, sql`fetch ${sql.raw(String(FETCH))} from settle_t`);
    if (page.length === 0) break;
    for (const row of page) {
      row.community_id = Number(row.community_id);
      if (rows.length > 0 && (rows[0] as ClaimFactsRow).community_id !== row.community_id) {
        yield communityClaims(rows);
        rows = [];
      }
      rows.push(row);
    }
  }
  if (rows.length > 0) yield communityClaims(rows);
  await tx.execute(sql`close settle_t`);
}

function communityClaims(rows: ClaimFactsRow[]): CommunityClaims {
  const found: Candidate[] = [];
  let last = -1;
  for (const r of rows) {
    r.case_id = Number(r.case_id);
    if (r.case_id === last) continue;
    last = r.case_id;
    found.push({
      caseId: r.case_id,
      caseNo: r.case_no,
      communityId: r.community_id,
      engagementId: Number(r.id),
      subject: r.engagement,
      subjectName: r.compound_name,
      period: r.claim_period,
      amount: r.claim_amount,
      payableFrom: null,
      submitted: null,
      payeeType: 'company',
      payeeCode: r.company,
      claimState: r.claim_state,
    });
  }
  return { community: (rows[0] as ClaimFactsRow).community_id, found, rows };
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

  /** One community's claims: its engagements settled as columns, each claim's line for the period compared. */
  async check(tx: Db, { found, rows }: CommunityClaims): Promise<{ agreed: Checked[]; disagreed: Disagreed[] }> {
    this.price ??= await referencePrices(tx);
    const rects = await rectificationsOf(tx, [...new Set(found.map((c) => c.engagementId as number))]);
    const builder = new TakeoverColumnsBuilder(found.length, this.asOf);
    // one engagement per claim, in claim order: engagement e of the columns is found[e]
    pushTakeoverRows(builder, rows, rects, this.price, (row) => (row as ClaimFactsRow).case_id);
    const columns = builder.build();
    const s = settleT(columns, this.policy, this.asOf, this.reuse);
    this.reuse = s;
    const lineOf = new Int32Array(found.length).fill(-1);
    for (let i = 0; i < s.lines; i++) if (s.period[i] === this.periodIdx) lineOf[s.engagement[i] as number] = i;
    const agreed: Checked[] = [];
    const disagreed: Disagreed[] = [];
    for (const [e, c] of found.entries()) {
      const i = lineOf[e] as number;
      if (i < 0) {
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
