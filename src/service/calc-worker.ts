/** A calculation worker thread (piscina): each task is one calculation; see calc-task.ts. */
import { type CalcTask, type CalcTaskResult, runCalcTask } from './calc-task.ts';

export default function calcWorker(task: CalcTask): CalcTaskResult {
  return runCalcTask(task);
}
