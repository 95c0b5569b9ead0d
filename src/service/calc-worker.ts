/** A calculation worker thread (piscina): each task is one calculation; see calc-task.ts. */
import { move } from 'piscina';
import { type CalcTask, runCalcTask } from './calc-task.ts';

/** The result's bytes are moved to the main thread, not copied. */
export default function calcWorker(task: CalcTask) {
  const out = runCalcTask(task);
  return out.ok ? move(out.json) : out;
}
