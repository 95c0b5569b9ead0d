/**
 * `npm run bench:server` — are small requests answered while a large calculation runs? (Not a test;
 * figures go to BENCHMARKS.md.) The server runs in a child process, as `npm start` would, once with the
 * worker pool and once calculating on the event loop (JIANGBU_WORKERS=0). This process is the clients:
 *  1. idle: small POST /api/calc requests (example 01) from C concurrent clients for D seconds;
 *  2. loaded: the same while one client posts a large generated scenario again and again.
 * Options: --engagements N (large scenario, default 5000), --clients C (default 4), --seconds D (default 10).
 * The large scenario is over the default body limit and entity cap, so the server is started with both raised.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { generateBatch } from '../src/rules/scenario/generate.ts';
import { buildApp } from '../src/server/app.ts';
import { MiB, settingsFromEnv } from '../src/server/settings.ts';

const { values } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    engagements: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
  },
});

function startServer(workers: number): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--serve'], {
    env: { ...process.env, JIANGBU_WORKERS: String(workers), JIANGBU_BODY_LIMIT: String(64 * MiB), JIANGBU_MAX_ENTITIES: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = /LISTENING (\d+)/.exec(String(chunk));
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
  });
}

async function post(base: string, body: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/calc`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await res.text();
  if (res.status !== 200) throw new Error(`POST /api/calc: ${res.status}`);
  return performance.now() - t0;
}

/** C clients posting `body` back to back until `until`; each request's latency in ms. */
async function clients(base: string, body: string, c: number, until: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (performance.now() < until) times.push(await post(base, body));
    }),
  );
  return times;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function report(label: string, times: number[], seconds: number, big?: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const b = big ? [...big].sort((x, y) => x - y) : [];
  console.log(
    `| ${label} | ${s.length.toLocaleString('en')} (${Math.round(s.length / seconds)}/s) | ${ms(pct(s, 50))} | ${ms(pct(s, 99))} | ${ms(s.at(-1) ?? Number.NaN)} | ` +
      (big ? `${b.length} × ${ms(pct(b, 50))}` : '—') +
      ' |',
  );
}

async function drive() {
  const engagements = Number(values.engagements);
  const c = Number(values.clients);
  const seconds = Number(values.seconds);
  const small = readFileSync(new URL('../policy/erenhot-2025/examples/01-takeover-basic.json', import.meta.url), 'utf8');
  const batch = generateBatch(engagements);
  // The generator's scores can carry float noise (40.07000000000001): round them to the 2 decimals the rules accept.
  for (const e of batch.engagements ?? [])
    for (const p of e.periods ?? [])
      if (typeof p.assessmentScore === 'number') p.assessmentScore = Math.round(p.assessmentScore * 100) / 100;
  const large = JSON.stringify(batch);
  const entities = engagements * 6;

  console.log(
    `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  // Other work on the machine shows in every figure: say how busy it was.
  console.log(`load average at the start: ${os.loadavg()[0]?.toFixed(2)}`);
  console.log(
    `small: example 01 (6 entities, ${small.length} bytes); large: ${engagements.toLocaleString('en')} engagements × 4 half-years ` +
      `(${entities.toLocaleString('en')} entities, ${(large.length / MiB).toFixed(1)} MiB); ${c} small clients, ${seconds} s per phase\n`,
  );
  console.log('| server | phase: small requests | answered | p50 | p99 | max | large requests done × p50 |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, workers] of [
    ['in process (JIANGBU_WORKERS=0)', 0],
    ['worker pool (1 thread)', 1],
  ] as const) {
    const { child, base } = await startServer(workers);
    try {
      // warm up: the JIT, and the worker thread's first start
      await clients(base, small, c, performance.now() + 2000);
      await post(base, large);

      const idle = await clients(base, small, c, performance.now() + seconds * 1000);
      report(`${label} | idle`, idle, seconds);

      const until = performance.now() + seconds * 1000;
      const big: number[] = [];
      const bigLoop = (async () => {
        while (performance.now() < until) big.push(await post(base, large));
      })();
      const loaded = await clients(base, small, c, until);
      await bigLoop;
      report(`${label} | while large ones run`, loaded, seconds, big);
    } finally {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    }
  }
  console.log(`\nload average at the end: ${os.loadavg()[0]?.toFixed(2)}`);
}

// Last: the helpers above are initialized by now.
if (values.serve) {
  // The child: the server alone, limits from the environment like `npm start`.
  const app = await buildApp({ settings: settingsFromEnv() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
} else {
  await drive();
}
