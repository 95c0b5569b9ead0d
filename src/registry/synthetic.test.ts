/**
 * The synthetic city (src/registry/synthetic.ts) on both databases, small: cases in every state of every
 * workflow, each decided amount the engine's on a fresh calculation of the registry, the ledger and the
 * audit chain whole, the settlement benchmark's contract kept, and the same rows on every seed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { registryCli } from '../cli/testing.ts';
import { rawRows } from '../db/client.ts';
import { describeDb } from '../db/testing.ts';
import { formatFen, parseYuan } from '../ledger/money.ts';
import { loadPolicy } from '../policy/load.ts';
import { calculate } from '../rules/engine.ts';
import { formatMoney } from '../rules/exact/money.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import { verifyAudit } from '../service/audit.ts';
import { viewCase } from '../service/cases/read.ts';
import { budgetFigures } from '../service/money/budgets.ts';
import { settle } from '../service/money/settle.ts';
import { seedRegistry } from '../service/seed.ts';
import { as, testActor } from '../service/testing.ts';
import { WORKFLOWS } from '../workflow/index.ts';
import { buildScenario } from './scenario-build.ts';
import { SETTLE_DAY, SYNTHETIC_MAX_COMPOUNDS } from './synthetic.ts';

const N = 300;
/** chunks of 120 compounds: the counters carried from chunk to chunk are exercised too */
const seed = (db: Parameters<typeof as>[0]) => seedRegistry(as(db), { kind: 'synthetic', compounds: N, chunk: 120 });

/** Every row of the tables the seed writes, but the times the database stamps (created/updated at, a transfer's `at`). */
async function fingerprint(db: Parameters<typeof as>[0]): Promise<Record<string, string>> {
  const tables = [
    'subdistrict',
    'community',
    'company',
    'compound',
    'roster2023_entry',
    'roster_change',
    'engagement',
    'period_facts',
    'assessment',
    'rectification',
    'committee',
    'committee_contract',
    'facility_project',
    'facility_application',
    'attachment_blob',
    'attachment',
    'public_notice',
    'case',
    'case_event',
    'case_attachment',
    'case_counter',
    'objection',
    'facility_invoice',
    'budget',
    'ledger_account',
    'ledger_transfer',
    'payment_claim',
  ];
  const volatile = new Set(['created_at', 'updated_at', 'at', 'uploaded_at']);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = await rawRows<Record<string, unknown>>(db, sql.raw(`select * from "${table}" order by 1, 2`));
    const h = createHash('sha256');
    for (const r of rows)
      h.update(
        JSON.stringify(
          Object.entries(r).filter(([k]) => !(volatile.has(k) && !(table === 'case_event' && k === 'at'))),
          (_, v) => (typeof v === 'bigint' ? v.toString() : v),
        ),
      );
    out[table] = `${rows.length}:${h.digest('hex').slice(0, 16)}`;
  }
  return out;
}

describeDb('synthetic city', (ctx, it) => {
  let first: Record<string, string>;

  it('has cases in every state of every workflow', async () => {
    const db = ctx.database.db;
    const counts = await seed(db);
    assert.deepEqual([counts.compounds, counts.roster, counts.engagements], [N, N, N]);
    const states = await rawRows<{ type: string; state: string; n: number }>(
      db,
      sql`select type, state, count(*)::int as n from "case" group by type, state`,
    );
    const seen = new Set(states.map((s) => `${s.type}/${s.state}`));
    const missing = Object.values(WORKFLOWS)
      .flatMap((w) => Object.keys(w.states).map((s) => `${w.type}/${s}`))
      .filter((s) => !seen.has(s));
    assert.deepEqual(missing, []);
    assert.equal(
      counts.cases,
      states.reduce((a, s) => a + Number(s.n), 0),
    );
    // a claim being scored, an objection open on a closed notice and on an open one, one dismissed
    const [o] = await rawRows<{ open: number; dismissed: number; openNotice: number }>(
      db,
      sql`select count(*) filter (where o.status = 'open')::int as open, count(*) filter (where o.status = 'dismissed')::int as dismissed,
                 count(*) filter (where o.status = 'open' and n.closed_at is null)::int as "openNotice"
          from objection o join public_notice n on n.id = o.notice_id`,
    );
    assert.ok(o && o.open > o.openNotice && o.openNotice > 0 && o.dismissed > 0, JSON.stringify(o));
    const [scoring] = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from "case" where type = 'claim' and state = 'community_verified' and form ? 'scores'`,
    );
    assert.ok(Number(scoring?.n) > 0);
    first = await fingerprint(db);
  });

  it("every decided amount is the engine's on a fresh calculation of the registry, and is reserved", async () => {
    const db = ctx.database.db;
    const { scenario } = await buildScenario(db, SETTLE_DAY);
    const v = validateScenario(scenario);
    assert.ok(v.ok, JSON.stringify(!v.ok && v.problems.slice(0, 3)));
    const lines = new Map(
      calculate(v.scenario, loadPolicy()).lines.map((l) => [`${l.program}:${l.subject}:${'period' in l ? (l.period ?? '') : ''}`, l]),
    );
    const decided = await rawRows<{
      case_no: string;
      type: string;
      state: string;
      subject: string;
      period: string | null;
      amount: string;
      decision: { line: { amount: string; status: string } };
      claim: string | null;
      reserved: string | null;
    }>(
      db,
      sql`select c.case_no, c.type, c.state, coalesce(e.code, w.code, c.case_no) as subject, c.period, c.amount::text as amount, c.decision,
                 pc.amount::text as claim, (select sum(x.amount)::text from ledger_transfer x where x.case_id = c.id and x.kind = 'reserve' and x.debit_account_id in (select id from ledger_account where kind = 'budget')) as reserved
          from "case" c left join engagement e on e.id = c.engagement_id left join committee w on w.id = c.committee_id
          left join payment_claim pc on pc.case_id = c.id
          where c.amount is not null`,
    );
    const programme = { claim: 'T', grant: 'W', facility: 'F' } as Record<string, string>;
    assert.ok(decided.length > 150);
    for (const c of decided) {
      const line = lines.get(`${programme[c.type]}:${c.subject}:${c.period ?? ''}`);
      assert.ok(line, `${c.case_no}: no line`);
      assert.ok(['payable', 'granted', 'capped'].includes(line.status), `${c.case_no}: ${line.status}`);
      assert.equal(formatMoney(line.amount), c.amount, c.case_no);
      assert.equal(c.decision.line.amount, c.amount, c.case_no);
      assert.equal(c.decision.line.status, line.status, c.case_no);
      assert.equal(BigInt(c.claim ?? -1), parseYuan(c.amount), c.case_no);
      assert.equal(BigInt(c.reserved ?? -1), parseYuan(c.amount), c.case_no);
    }
  });

  it('reads every kind of case as the service shows it', async () => {
    const db = ctx.database.db;
    const samples = await rawRows<{ case_no: string; type: string; state: string; version: number; events: number }>(
      db,
      sql`select distinct on (c.type, c.state) c.case_no, c.type, c.state, c.version, (select count(*)::int from case_event e where e.case_id = c.id) as events
          from "case" c order by c.type, c.state, c.id`,
    );
    for (const s of samples) {
      const v = await viewCase(db, as(db, testActor('bureau')), s.case_no);
      assert.equal(v.state, s.state);
      // one history entry per move: opened, then one update of the row per move
      assert.equal(v.history.length, Number(s.events));
      assert.equal(v.version, v.history.length, s.case_no);
      assert.equal(v.history[v.history.length - 1]?.to, s.state, s.case_no);
      for (const [i, h] of v.history.entries()) if (i > 0) assert.equal(h.from, v.history[i - 1]?.to, `${s.case_no} #${i}`);
    }
  });

  it('the ledger adds up: balances are their transfers, appropriated = reserved + paid + remaining', async () => {
    const db = ctx.database.db;
    const [off] = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ledger_account a
          where a.debits_posted <> coalesce((select sum(amount) from ledger_transfer where debit_account_id = a.id), 0)
             or a.credits_posted <> coalesce((select sum(amount) from ledger_transfer where credit_account_id = a.id), 0)`,
    );
    assert.equal(Number(off?.n), 0);
    const figures = await budgetFigures(db, testActor('finance'));
    assert.equal(figures.filter((f) => f.community === null).length, 9);
    for (const f of figures)
      assert.equal(parseYuan(f.appropriated), parseYuan(f.reserved) + parseYuan(f.paid) + parseYuan(f.remaining), JSON.stringify(f));
    const reserved = await rawRows<{ year: number; programme: string; amount: string }>(
      db,
      sql`select year, programme, sum(amount)::text as amount from payment_claim where state = 'reserved' group by year, programme`,
    );
    for (const r of reserved)
      assert.equal(
        figures.find((f) => f.community === null && f.year === Number(r.year) && f.programme === r.programme)?.reserved,
        formatFen(BigInt(r.amount)),
      );
    assert.ok(
      figures.some((f) => f.community !== null && parseYuan(f.reserved) > 0n),
      'an F quota in use',
    );
  });

  it('the audit chain verifies', async () => {
    const v = await verifyAudit(ctx.database.db);
    assert.ok(v.ok && v.checked > 150, JSON.stringify(v));
  });

  it(`settle T --period 2025H1 --as-of ${SETTLE_DAY}: one batch of every payable claim, nothing held`, async () => {
    const db = ctx.database.db;
    const r = await settle(as(db, testActor('finance')), { programme: 'T', period: '2025H1', asOf: SETTLE_DAY });
    assert.deepEqual(r.held, []);
    assert.ok(r.batchNo);
    const [batch] = await rawRows<{ line_count: number; total: string }>(
      db,
      sql`select line_count, total::text as total from settlement_batch where batch_no = ${r.batchNo}`,
    );
    const [payable] = await rawRows<{ n: number; total: string }>(
      db,
      sql`select count(*)::int as n, (sum(amount) * 100)::bigint::text as total from "case" where type = 'claim' and period = '2025H1' and state = 'payable'`,
    );
    assert.deepEqual([Number(batch?.line_count), batch?.total], [Number(payable?.n), payable?.total]);
  });

  it('seeding again gives the same rows', async () => {
    const db = ctx.database.db;
    await seed(db);
    assert.deepEqual(await fingerprint(db), first);
    assert.ok((await verifyAudit(db)).ok);
  });
});

describe('seed --synthetic from the command line', () => {
  let r: ReturnType<typeof registryCli>;
  before(() => {
    r = registryCli();
  });
  after(() => r.dispose());

  test('refuses a number of compounds it cannot number the cases of, naming the limit', async () => {
    const big = await r.cli('seed', '--synthetic', '--compounds', String(SYNTHETIC_MAX_COMPOUNDS + 1));
    assert.equal(big.status, 2);
    assert.match(big.stderr, new RegExp(`1 至 ${SYNTHETIC_MAX_COMPOUNDS}`));
    const none = await r.cli('seed', '--synthetic', '--compounds', '0', '--lang', 'en');
    assert.deepEqual([none.status, none.stderr], [2, 'jiangbu: seed --synthetic needs --compounds N (a whole number ≥ 1)\n']);
  });

  test('a small city: its counts, the audit chain, the settlement of 2025H1', async () => {
    const seeded = await r.cli('seed', '--synthetic', '--compounds', '40');
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.match(seeded.stderr, /合成数据.*小区 40.*办件 \d+/);
    assert.equal((await r.cli('audit', 'verify')).status, 0);
    const settled = await r.cli('settle', 'T', '--period', '2025H1', '--as-of', SETTLE_DAY, '--json');
    assert.equal(settled.status, 0, settled.stderr);
    assert.deepEqual(JSON.parse(settled.stdout).held, []);
  });
});
