/**
 * `npm run bench:engine` — the rules engine's speed (not a test; figures go to BENCHMARKS.md).
 *  1. single-case latency, in process: one scenario through validate → engine → presenter;
 *  2. throughput: engagement-periods per second on a batch of 500,000 engagements × 4 periods;
 *  3. the columnar settlement path (src/rules/columnar/) on the same batch: building the columns
 *     and settling them timed apart; its checksum must equal the engine's.
 * Options: --engagements N (default 500000), --chunk N (default 10000), --rounds N (default 2000).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../src/policy/load.ts';
import { columnsFromScenario, TakeoverColumnsBuilder } from '../src/rules/columnar/columns.ts';
import { payableTotal, settleT } from '../src/rules/columnar/settle.ts';
import { calculate } from '../src/rules/engine.ts';
import { generateBatch } from '../src/rules/scenario/generate.ts';
import type { CompoundInput } from '../src/rules/scenario/schema.ts';
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

console.log(`\n3. columnar settlement path (src/rules/columnar/): the same batch`);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const same = (sum: bigint) => (sum === payable ? '= the engine’s' : '≠ THE ENGINE’S');
const perSecond = (n: number, ns: bigint) =>
  `${(Number(ns) / 1e9).toFixed(3)} s = ${Math.round(n / (Number(ns) / 1e9)).toLocaleString('en')} per second`;
// (a) the whole batch in one set of columns (built chunk by chunk from the generated scenarios,
//     timed apart), settled at once: three rounds into new arrays, three reusing the last result's
{
  let building = 0n;
  const builder = new TakeoverColumnsBuilder(total, '2026-03-31');
  for (let offset = 0; offset < total; offset += chunk) {
    const batch = generateBatch(Math.min(chunk, total - offset), offset);
    gc();
    const t0 = process.hrtime.bigint();
    const compounds = new Map(batch.compounds.map((c) => [c.id, c]));
    for (const e of batch.engagements ?? []) builder.scenarioEngagement(e, compounds.get(e.compoundId) as CompoundInput);
    building += process.hrtime.bigint() - t0;
  }
  const columns = builder.build();
  console.log(
    `building the columns (${columns.engagements.toLocaleString('en')} engagements, ${columns.facts.toLocaleString('en')} half-years of facts): ${perSecond(periods, building)}`,
  );
  let last: ReturnType<typeof settleT> | undefined;
  for (const mode of ['new arrays', 'reusing'] as const)
    for (let round = 1; round <= 3; round++) {
      gc();
      const t0 = process.hrtime.bigint();
      const s = settleT(columns, policy, null, mode === 'reusing' ? last : undefined);
      const t = process.hrtime.bigint() - t0;
      last = s;
      const n = countPeriodLines(s);
      console.log(
        `settle whole batch, ${mode}, round ${round}: ${n.toLocaleString('en')} engagement-periods in ${perSecond(n, t)}; checksum ${same(payableTotal(s))}`,
      );
    }
}
// (b) chunk by chunk, as a settlement streamed by community: columns of `chunk` engagements built
//     from each generated chunk and settled, the previous chunk's result reused; once with the
//     generator's garbage collected before each chunk (as in 2.), once leaving collection to V8
for (const forced of [true, false]) {
  let settling = 0n;
  let building = 0n;
  let n = 0;
  let sum = 0n;
  let last: ReturnType<typeof settleT> | undefined;
  for (let offset = 0; offset < total; offset += chunk) {
    const batch = generateBatch(Math.min(chunk, total - offset), offset);
    if (forced) gc();
    const t0 = process.hrtime.bigint();
    const columns = columnsFromScenario(batch);
    const t1 = process.hrtime.bigint();
    const s = settleT(columns, policy, null, last);
    settling += process.hrtime.bigint() - t1;
    building += t1 - t0;
    last = s;
    n += countPeriodLines(s);
    sum += payableTotal(s);
  }
  console.log(
    `settle in chunks of ${chunk}, ${forced ? 'full collection before each' : 'collection left to V8'}: ${n.toLocaleString('en')} engagement-periods in ${perSecond(n, settling)} (building the columns: ${perSecond(n, building)}); checksum ${same(sum)}`,
  );
}

function countPeriodLines(s: ReturnType<typeof settleT>): number {
  let k = 0;
  for (let i = 0; i < s.lines; i++) if ((s.period[i] as number) >= 0) k++;
  return k;
}
