/**
 * Long calculations off the event loop: a small pool of worker threads (piscina) that the server hands
 * large scenarios and registry calculations to, so that small requests keep being answered meanwhile.
 * Small tasks run in process (a thread hop costs more than they do). The threads start on first use and
 * stop on `close()`; more tasks than threads + queue are refused (503) rather than piled up.
 */
import { Piscina } from 'piscina';
import { UserError, userError } from '../lib/errors.ts';
import { type CalcTask, type CalcTaskResult, runCalcTask } from './calc-task.ts';

export type CalcResult = Exclude<CalcTaskResult, { refusal: unknown }>;

export interface PoolOptions {
  /** worker threads; 0 runs every task in process */
  workers: number;
  /** tasks that may wait for a thread */
  queue: number;
}

/** What runs tasks on threads: piscina, or a stand-in in tests. */
export interface TaskRunner {
  run(task: CalcTask): Promise<CalcTaskResult>;
  close(): Promise<void>;
}

/**
 * Piscina on calc-worker.ts. A `.ts` worker loads because worker threads inherit the process's
 * `--import tsx` (under `node --import tsx` and under the `tsx` command alike).
 */
export function piscinaRunner(workers: number): TaskRunner {
  const pool = new Piscina<CalcTask, Uint8Array | CalcTaskResult>({
    filename: new URL('./calc-worker.ts', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
  });
  return {
    // A request's bytes are moved to the thread (the route hands over a copy of its own).
    run: async (task) => {
      const out = await pool.run(task, task.kind === 'scenario-json' ? { transferList: [task.body.buffer as ArrayBuffer] } : {});
      return out instanceof Uint8Array ? { ok: true, json: out } : out;
    },
    close: () => pool.close(),
  };
}

export class CalcPool {
  readonly counts = { pooled: 0, inProcess: 0 };
  #runner: TaskRunner | undefined;
  #inFlight = 0;

  constructor(
    private readonly options: PoolOptions,
    private readonly makeRunner: (workers: number) => TaskRunner = piscinaRunner,
  ) {}

  /**
   * Runs `task` on a thread when `pooled` and the pool has threads, else in process. A refusal (the
   * entity cap) is thrown as the UserError it was; problems with the input are returned.
   */
  async run(task: CalcTask, { pooled }: { pooled: boolean }): Promise<CalcResult> {
    const out = await this.#run(task, pooled);
    if (!out.ok && 'refusal' in out)
      throw new UserError(out.refusal.code, out.refusal.text, { status: out.refusal.status, details: out.refusal.details });
    return out;
  }

  async #run(task: CalcTask, pooled: boolean): Promise<CalcTaskResult> {
    if (!pooled || this.options.workers === 0) {
      this.counts.inProcess++;
      return runCalcTask(task);
    }
    if (this.#inFlight >= this.options.workers + this.options.queue)
      throw userError('busy', '服务器正忙于其他计算，请稍后重试', 'the server is busy with other calculations; please retry shortly', {
        status: 503,
      });
    this.#runner ??= this.makeRunner(this.options.workers);
    this.counts.pooled++;
    this.#inFlight++;
    try {
      return await this.#runner.run(task);
    } finally {
      this.#inFlight--;
    }
  }

  async close(): Promise<void> {
    await this.#runner?.close();
    this.#runner = undefined;
  }
}
