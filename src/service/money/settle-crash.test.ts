/**
 * Crash safety of a settlement (PostgreSQL): `jiangbu settle T` runs as a child process on a copy of a
 * seeded registry and is killed (SIGKILL) at several pseudo-random moments of its run. After each kill
 * the database holds no batch or a complete one — line_count is its number of lines, total their sum,
 * and exactly its lines' claims are reserved again — never a part of one. A last run then gives the same batch
 * as a run never killed. The moments come from a seeded generator (scaled by how long an unkilled run
 * takes); the checks do not depend on where a kill lands. Skipped loudly without DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openMigrated } from '../../db/client.ts';
import { seedRegistry } from '../seed.ts';
import { as } from '../testing.ts';

const BIN = fileURLToPath(new URL('../../../bin/jiangbu.js', import.meta.url));
const ARGS = ['settle', 'T', '--period', '2025H1', '--as-of', '2026-03-10', '--json'];
const KILLS = 8;

const why = process.env.DATABASE_URL ? null : 'DATABASE_URL is not set: the PostgreSQL crash-safety test of settle is SKIPPED';
if (why) console.warn(`\n!!! settle killed mid-run [postgres]: ${why}\n`);
const required = process.env.JIANGBU_REQUIRE_ALL === '1';

/** mulberry32: the same fractions on every run. */
function fractions(seed: number, n: number): number[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => 0.05 + 0.95 * next());
}

const base = `jiangbu_crash_${process.pid}`;
const urlOf = (name: string) => {
  const u = new URL(process.env.DATABASE_URL as string);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
async function query<T>(name: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: urlOf(name) });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}
const made: string[] = [];
async function copy(name: string): Promise<string> {
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${base}`));
  made.push(name);
  return name;
}

/** Is a settlement of T under way on the database (its transaction holds settle's advisory lock)? */
const SETTLING = `select 1 from pg_locks where locktype = 'advisory' and classid = 7305 and objid = 0
  and database = (select oid from pg_database where datname = current_database())`;

interface Run {
  code: number | null;
  signal: string | null;
  /** from start to exit */
  ms: number;
  /** from the moment its settlement transaction was seen holding the lock to exit (null: not seen) */
  txMs: number | null;
  stdout: string;
}

/**
 * Runs the CLI on the database, watching for its settlement transaction; kills it `kill.ms` after
 * its start or, with `kill.inTransaction`, after its transaction was first seen.
 */
async function runSettle(name: string, kill?: { ms: number; inTransaction: boolean }): Promise<Run> {
  const watch = new pg.Client({ connectionString: urlOf(name) });
  await watch.connect();
  try {
    return await new Promise<Run>((resolve, reject) => {
      const started = performance.now();
      let seenAt: number | null = null;
      let exited = false;
      const child = spawn(process.execPath, [BIN, ...ARGS], {
        env: { ...process.env, DATABASE_URL: urlOf(name) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const timers: NodeJS.Timeout[] = [];
      const killIn = (ms: number) => timers.push(setTimeout(() => child.kill('SIGKILL'), ms));
      if (kill && !kill.inTransaction) killIn(kill.ms);
      const poll = async () => {
        while (!exited && seenAt === null) {
          const r = await watch.query(SETTLING);
          if (r.rowCount && !exited) {
            seenAt = performance.now();
            if (kill?.inTransaction) killIn(kill.ms);
          }
        }
      };
      const polling = poll().catch(reject);
      child.on('error', reject);
      child.on('exit', async (code, signal) => {
        exited = true;
        for (const t of timers) clearTimeout(t);
        await polling;
        const end = performance.now();
        if (signal === null && code !== 0) reject(new Error(`settle exited ${code}: ${stderr}`));
        else resolve({ code, signal, ms: end - started, txMs: seenAt === null ? null : end - seenAt, stdout });
      });
    });
  } finally {
    await watch.end();
  }
}

interface LineRow {
  batch_no: string;
  seq: number;
  claim_id: string;
  subject: string;
  period: string | null;
  payee_code: string;
  account_no: string;
  amount: string;
}
const LINES = `select b.batch_no, l.seq, l.claim_id, l.subject, l.period, l.payee_code, l.account_no, l.amount::text
  from settlement_batch_line l join settlement_batch b on b.id = l.batch_id order by b.batch_no, l.seq`;

/** No batch, or only complete ones: counts and totals match their lines, and every claim a line holds is reserved. */
async function assertWhole(name: string): Promise<number> {
  const batches = await query<{ batch_no: string; line_count: number; total: string; n: number; s: string | null }>(
    name,
    `select b.batch_no, b.line_count, b.total::text, count(l.id)::int as n, sum(l.amount)::text as s
     from settlement_batch b left join settlement_batch_line l on l.batch_id = b.id group by b.id order by b.batch_no`,
  );
  for (const b of batches) assert.deepEqual([b.n, b.s], [b.line_count, b.total], `${name}: ${b.batch_no} is partial`);
  // a claim taken into a batch is reserved again in the same transaction as its line (settle.ts reserveAgain)
  const notReserved = await query<{ claim_id: string; state: string }>(
    name,
    `select pc.claim_id, pc.state from settlement_batch_line l join payment_claim pc on pc.claim_id = l.claim_id
     where l.result = 'pending' and pc.state <> 'reserved' order by pc.claim_id`,
  );
  assert.deepEqual(notReserved, [], `${name}: every claim a pending line holds is reserved`);
  return batches.length;
}

const it = (name: string, fn: () => Promise<void>) =>
  !why
    ? test(name, fn)
    : required
      ? test(name, () => {
          throw new Error(`${why} (JIANGBU_REQUIRE_ALL=1)`);
        })
      : test(name, { skip: why }, fn);

describe('settle killed mid-run [postgres]', () => {
  before(async () => {
    if (why) return;
    await admin((c) => c.query(`CREATE DATABASE ${base}`));
    const d = await openMigrated({ url: urlOf(base) });
    try {
      await seedRegistry(as(d.db), { kind: 'demo' }, { force: true });
    } finally {
      await d.close();
    }
  });
  after(async () => {
    if (why) return;
    await admin(async (c) => {
      for (const n of [...made, base]) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    });
  });

  it(`killed at ${KILLS} moments, it leaves no batch or a whole one, and a last run makes the batch an unkilled run makes`, async () => {
    const ref = await copy(`${base}_ref`);
    const clean = await runSettle(ref);
    assert.equal(JSON.parse(clean.stdout).batch, 'PB-2025H1-T-001');
    const txMs = clean.txMs;
    assert.ok(txMs !== null, 'the settlement transaction was seen');
    const want = await query<LineRow>(ref, LINES);
    assert.ok(want.length >= 2);
    await assertWhole(ref);
    // most kills inside the settlement's transaction (scaled by how long it took unkilled), two anywhere in the run
    const plan = fractions(20260310, KILLS).map((f, i) =>
      i < KILLS - 2 ? { ms: Math.round(f * txMs), inTransaction: true } : { ms: Math.round(f * clean.ms), inTransaction: false },
    );
    const landed = { before: 0, after: 0, finished: 0 };
    for (const [i, kill] of plan.entries()) {
      const name = await copy(`${base}_k${i}`);
      const killed = await runSettle(name, kill);
      const batches = await assertWhole(name);
      if (killed.signal === 'SIGKILL') landed[batches ? 'after' : 'before']++;
      else landed.finished++;
      await runSettle(name);
      assert.equal(await assertWhole(name), 1);
      assert.deepEqual(await query<LineRow>(name, LINES), want, `after a kill at ${JSON.stringify(kill)}`);
    }
    console.log(
      `settle (${Math.round(clean.ms)} ms, its transaction ${Math.round(txMs)} ms) killed before its commit ${landed.before}×, after it ${landed.after}×, finished first ${landed.finished}× (of ${KILLS})`,
    );
  });
});
