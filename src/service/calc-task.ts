/**
 * A calculation as a message: what the server hands to a worker thread (or runs in process), and what
 * comes back. The result is already JSON text — serializing a large result is work too, done where the
 * calculation ran, and a string crosses between threads as one copy.
 */
import type { Problem } from '../rules/scenario/problems.ts';
import { type CalcRequest, runCalc } from './calc.ts';
import { calcScoped, type Page, type Scope } from './calc-scope.ts';

export type CalcTask =
  /** POST /api/calc: a scenario from a client, not yet validated */
  | { kind: 'scenario'; input: unknown; req: CalcRequest }
  /** the registry's scenario, kept to a scope and a page */
  | { kind: 'registry'; scenario: unknown; scope: Scope; page?: Page; req: CalcRequest };

export type CalcTaskResult = { ok: true; json: string } | { ok: false; problems: Problem[] };

export function runCalcTask(task: CalcTask): CalcTaskResult {
  const out = task.kind === 'scenario' ? runCalc(task.input, task.req) : calcScoped(task.scenario, task.scope, task.req, task.page);
  return out.ok ? { ok: true, json: JSON.stringify(out.value) } : out;
}
