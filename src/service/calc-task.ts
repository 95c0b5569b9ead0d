/**
 * A calculation as a message: what the server hands to a worker thread (or runs in process), and what
 * comes back. Everything costly happens where the task runs: a large request arrives as its raw bytes
 * (parsed, counted and validated there), and the result leaves as UTF-8 JSON bytes, which move between
 * threads without a copy and go to the socket as they are.
 */

import { UserError } from '../lib/errors.ts';
import type { Override } from '../policy/load.ts';
import type { Lang, Text } from '../rules/params/types.ts';
import type { Problem } from '../rules/scenario/problems.ts';
import { type CalcRequest, runCalc } from './calc.ts';
import { calcScoped, type Page, type Scope } from './calc-scope.ts';
import { checkScenarioSize } from './scenario-size.ts';
import { compareWhatIf } from './whatif-compare.ts';

export type CalcTask =
  /** POST /api/calc, parsed: a scenario from a client, not yet validated */
  | { kind: 'scenario'; input: unknown; req: CalcRequest }
  /** POST /api/calc, a large body as received: parsed and held to the entity cap where it runs */
  | { kind: 'scenario-json'; body: Uint8Array; maxEntities: number; req: CalcRequest }
  /** the registry's scenario, kept to a scope and a page */
  | { kind: 'registry'; scenario: unknown; scope: Scope; page?: Page; req: CalcRequest }
  /** POST /api/whatif: the registry's scenario under the parameters in force and under the overrides, compared */
  | { kind: 'whatif'; scenario: unknown; overrides: Override[]; page: Page; lang?: Lang };

/** A UserError as data (class identity does not survive the trip between threads). */
export interface Refusal {
  code: string;
  text: Text;
  status: number;
  details?: Record<string, unknown> | undefined;
}

export type CalcTaskResult = { ok: true; json: Uint8Array } | { ok: false; problems: Problem[] } | { ok: false; refusal: Refusal };

function parse(body: Uint8Array): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  try {
    // The strict scenario schema refuses `__proto__` and `constructor` keys like any unknown field.
    return { ok: true, value: JSON.parse(new TextDecoder().decode(body)) };
  } catch (e) {
    return { ok: false, problems: [{ path: '$', code: 'json.syntax', args: { detail: (e as Error).message } }] };
  }
}

function calc(task: CalcTask) {
  if (task.kind === 'registry') return calcScoped(task.scenario, task.scope, task.req, task.page);
  if (task.kind === 'whatif') return compareWhatIf(task.scenario, task.overrides, task.page, task.lang);
  if (task.kind === 'scenario') return runCalc(task.input, task.req);
  const parsed = parse(task.body);
  if (!parsed.ok) return parsed;
  checkScenarioSize(parsed.value, task.maxEntities);
  return runCalc(parsed.value, task.req);
}

export function runCalcTask(task: CalcTask): CalcTaskResult {
  try {
    const out = calc(task);
    return out.ok ? { ok: true, json: new TextEncoder().encode(JSON.stringify(out.value)) } : out;
  } catch (e) {
    if (e instanceof UserError) return { ok: false, refusal: { code: e.code, text: e.text, status: e.status, details: e.details } };
    throw e;
  }
}
