/**
 * `npm run bench:engine` — the rules engine's speed (not a test; figures go to BENCHMARKS.md).
 *  1. single-case latency, in process: one scenario through validate → engine → presenter;
 *  2. throughput: engagement-periods per second on a batch of 500,000 engagements × 4 periods.
 * Options: --engagements N (default 500000), --chunk N (default 10000), --rounds N (default 2000).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../src/policy/load.ts';
import { calculate } from '../src/rules/engine.ts';
import { generateBatch } from '../src/rules/scenario/generate.ts';
import { runCalc } from '../src/service/calc.ts';

const { values } = parseArgs({
  options: {
    engagements: { type: 'string', default: '500000' },
    chunk: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '2000' },
  },
});
const total = Number(values.engagements);
const chunk = Number(values.chunk);
const rounds = Number(values.rounds);
const policy = loadPolicy();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function latency(label: string, input: unknown) {
  const times: number[] = [];
  for (let i = 0; i < rounds + 200; i++) {
    const t0 = process.hrtime.bigint();
    const out = runCalc(input, {});
    const t1 = process.hrtime.bigint();
    if (!out.ok) throw new Error('benchmark scenario is invalid');
    if (i >= 200) times.push(Number(t1 - t0) / 1e6); // the first 200 warm the JIT
  }
  times.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(3);
  console.log(
    `${label.padEnd(36)} p50 ${f(percentile(times, 50))} ms   p95 ${f(percentile(times, 95))} ms   p99 ${f(percentile(times, 99))} ms`,
  );
}

console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`\n1. single-case latency (validate → engine → presenter), ${rounds} rounds`);
const examples = new URL('../policy/erenhot-2025/examples/', import.meta.url);
for (const name of ['01-takeover-basic', '03-facility-caps', '04-rectification'])
  latency(`example ${name}`, JSON.parse(readFileSync(new URL(`${name}.json`, examples), 'utf8')));
latency('one engagement × 4 periods', generateBatch(1, 123));

console.log(`\n2. throughput: ${total.toLocaleString('en')} engagements × 4 periods, chunks of ${chunk}, engine only`);
let periods = 0;
let elapsed = 0n;
let payable = 0n;
for (let offset = 0; offset < total; offset += chunk) {
  const batch = generateBatch(Math.min(chunk, total - offset), offset);
  // collect the generator's garbage outside the timed part (the engine's own stays in it)
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = process.hrtime.bigint();
  const result = calculate(batch, policy);
  elapsed += process.hrtime.bigint() - t0;
  periods += result.lines.filter((l) => l.program === 'T' && l.period !== undefined).length;
  payable += result.totals.T;
}
const seconds = Number(elapsed) / 1e9;
console.log(
  `engagement-periods: ${periods.toLocaleString('en')} in ${seconds.toFixed(2)} s = ${Math.round(periods / seconds).toLocaleString('en')} per second (one core)`,
);
console.log(`(payable T total of the batch: ${payable} fen — a checksum, the same on every run)`);
