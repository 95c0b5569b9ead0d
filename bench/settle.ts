/**
 * `npm run bench:settle` — a T settlement at national scale on PostgreSQL, side by side with one SQL
 * scan that reads the same facts (not a test; figures go to BENCHMARKS.md). Goal: the settlement
 * within 2× the scan, peak memory under 1 GB.
 *
 *  - the city: `seed --synthetic --compounds N` (its payable 2025H1 claims, notices closed, reserved)
 *    in a template database made once and kept (jiangbu_bench_settle_N); each round copies it;
 *  - scan: the settlement's own read — one statement through a cursor: the payable claims with their
 *    engagements' facts (src/service/money/settle-lines.ts takeoverClaimsQuery), every row parsed into JS
 *    and grouped by community — what the settlement cannot do without;
 *  - settle: the service `settle T --period P --as-of D` (src/service/money/settle.ts): community by
 *    community, the cases, their facts, the columnar engine, the payees, the batch written — one transaction.
 * Each runs in its own process, so its peak memory (VmHWM) is its own.
 * Needs DATABASE_URL (a PostgreSQL server whose user may create databases).
 * Options: --compounds N (default 500000), --period (2025H1), --as-of (2026-01-31), --rounds (2).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Db, openDatabase, openMigrated, rawRows } from '../src/db/client.ts';
import { settle } from '../src/service/money/settle.ts';
import { takeoverClaimsByCommunity } from '../src/service/money/settle-lines.ts';
import { seedRegistry } from '../src/service/seed.ts';

const { values } = parseArgs({
  options: {
    compounds: { type: 'string', default: '500000' },
    period: { type: 'string', default: '2025H1' },
    'as-of': { type: 'string', default: '2026-01-31' },
    rounds: { type: 'string', default: '2' },
    phase: { type: 'string' },
    url: { type: 'string' },
  },
});
const compounds = Number(values.compounds);
const period = values.period as string;
const asOf = values['as-of'] as string;
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('bench:settle needs DATABASE_URL (PostgreSQL): the goal is measured on PostgreSQL');
  process.exit(2);
}

const peakMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};
const urlOf = (name: string) => {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const system = (role: 'admin' | 'finance') => ({ username: `bench-${role}`, role, channel: 'system' as const });

// ── child phases ──
if (values.phase === 'seed') {
  const d = await openMigrated({ url: values.url as string });
  const t0 = performance.now();
  await seedRegistry({ db: d.db, actor: system('admin') }, { kind: 'synthetic', compounds }, { force: true });
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakMb: peakMb() }));
  await d.close();
  process.exit(0);
}
if (values.phase === 'scan') {
  const d = await openDatabase({ url: values.url as string });
  const t0 = performance.now();
  let rows = 0;
  let claims = 0;
  await d.db.transaction(async (tx) => {
    for await (const c of takeoverClaimsByCommunity(tx as unknown as Db, period, asOf)) {
      rows += c.rows.length;
      claims += c.found.length;
    }
  });
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows, claims, peakMb: peakMb() }));
  await d.close();
  process.exit(0);
}
if (values.phase === 'settle') {
  const d = await openDatabase({ url: values.url as string });
  const t0 = performance.now();
  const res = await settle({ db: d.db, actor: system('finance') }, { programme: 'T', period, asOf });
  const seconds = (performance.now() - t0) / 1000;
  const [b] = await rawRows<{ total: string }>(
    d.db,
    sql`select total::text as total from settlement_batch where batch_no = ${res.batchNo ?? ''}`,
  );
  console.log(
    JSON.stringify({ seconds, batch: res.batchNo, lines: res.lines, held: res.held.length, total: b?.total ?? '0', peakMb: peakMb() }),
  );
  await d.close();
  process.exit(0);
}

// ── the run ──
const self = fileURLToPath(import.meta.url);
function child(phase: string, url: string): Record<string, unknown> {
  const args = ['--expose-gc', '--import', 'tsx', self, '--phase', phase, '--url', url];
  args.push('--compounds', String(compounds), '--period', period, '--as-of', asOf);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env });
  if (r.status !== 0) throw new Error(`${phase} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const template = `jiangbu_bench_settle_${compounds}`;
const exists = await admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1);
let ready = false;
if (exists) {
  // a kept template follows the code: migrations added since it was seeded are applied to it
  const d = await openMigrated({ url: urlOf(template) });
  try {
    const [n] = await rawRows<{ compounds: number; payable: number }>(
      d.db,
      sql`select (select count(*)::int from compound) as compounds,
                 (select count(*)::int from "case" where type = 'claim' and state = 'payable' and period = ${period}) as payable`,
    );
    ready = Number(n?.compounds) === compounds && Number(n?.payable) > 0;
  } catch {
    ready = false;
  }
  await d.close();
}
if (!ready) {
  await admin(async (c) => {
    await c.query(`drop database if exists ${template} with (force)`);
    await c.query(`create database ${template}`);
  });
  console.log(`seeding ${compounds.toLocaleString('en')} compounds into ${template} (once; kept for later runs) …`);
  const s = child('seed', urlOf(template));
  console.log(`  seeded in ${(s.seconds as number).toFixed(0)} s, peak ${(s.peakMb as number).toFixed(0)} MB`);
  // the planner's statistics, as autovacuum would gather them on a live database (copies keep them)
  const c = new pg.Client({ connectionString: urlOf(template) });
  await c.connect();
  await c.query('analyze');
  await c.end();
}

console.log(`\nT settlement of ${period} on ${asOf}, ${compounds.toLocaleString('en')} compounds, PostgreSQL`);
console.log('round  scan s  scan rows   scan MB   settle s  lines      held  settle MB   ratio');
for (let round = 1; round <= Number(values.rounds); round++) {
  const scratch = `jiangbu_bench_settle_run_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists ${scratch} with (force)`);
    await c.query(`create database ${scratch} template ${template}`);
  });
  try {
    const scan = child('scan', urlOf(scratch));
    const run = child('settle', urlOf(scratch));
    const ratio = (run.seconds as number) / (scan.seconds as number);
    console.log(
      `${String(round).padStart(5)}  ${(scan.seconds as number).toFixed(1).padStart(6)}  ${String(scan.rows).padStart(9)}  ${(scan.peakMb as number).toFixed(0).padStart(7)}  ${(run.seconds as number).toFixed(1).padStart(9)}  ${String(run.lines).padStart(9)}  ${String(run.held).padStart(6)}  ${(run.peakMb as number).toFixed(0).padStart(9)}  ${ratio.toFixed(2).padStart(6)}×`,
    );
  } finally {
    await admin((c) => c.query(`drop database if exists ${scratch} with (force)`));
  }
}
