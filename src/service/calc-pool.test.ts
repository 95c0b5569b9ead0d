/** The calculation pool: where a task runs, and the refusal when too many wait (with a stand-in for the threads). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../lib/errors.ts';
import { generateBatch } from '../rules/scenario/generate.ts';
import { CalcPool, type TaskRunner } from './calc-pool.ts';
import type { CalcTask, CalcTaskResult } from './calc-task.ts';

/** Threads that finish a task only when the test says so. */
function heldThreads() {
  const held: (() => void)[] = [];
  let closed = false;
  const runner: TaskRunner = {
    run: () =>
      new Promise<CalcTaskResult>((resolve) => {
        held.push(() => resolve({ ok: true, json: new TextEncoder().encode('{}') }));
      }),
    close: async () => {
      closed = true;
    },
  };
  return { runner, held, isClosed: () => closed };
}

const task: CalcTask = { kind: 'scenario', input: generateBatch(1, 123), req: {} };

test('more tasks than threads + queue: 503 busy, and the count goes down as tasks finish', async () => {
  const threads = heldThreads();
  const pool = new CalcPool({ workers: 1, queue: 1 }, () => threads.runner);
  const first = pool.run(task, { pooled: true });
  const second = pool.run(task, { pooled: true });
  await assert.rejects(pool.run(task, { pooled: true }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, 'busy');
    assert.equal(e.status, 503);
    return true;
  });
  threads.held.shift()?.();
  assert.deepEqual(await first, { ok: true, json: new TextEncoder().encode('{}') });
  const third = pool.run(task, { pooled: true });
  threads.held.forEach((finish) => {
    finish();
  });
  await Promise.all([second, third]);
  assert.deepEqual(pool.counts, { pooled: 3, inProcess: 0 });
  await pool.close();
  assert.ok(threads.isClosed());
});

test('a task not meant for the pool runs in process, and so does every task without workers', async () => {
  let made = 0;
  const pool = new CalcPool({ workers: 0, queue: 1 }, () => {
    made++;
    return heldThreads().runner;
  });
  const out = await pool.run(task, { pooled: true });
  assert.ok(out.ok);
  assert.equal(JSON.parse(new TextDecoder().decode(out.json)).lines.length, 4);
  assert.deepEqual(pool.counts, { pooled: 0, inProcess: 1 });
  assert.equal(made, 0, 'no threads are started for nothing');
  await pool.close();
});
