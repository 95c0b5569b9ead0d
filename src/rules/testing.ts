/** Test helpers: run a scenario through validation and the engine, get docs/calc-format.md's JSON back. */
import assert from 'node:assert/strict';
import { loadPolicy, withOverrides } from '../policy/load.ts';
import { calculate } from './engine.ts';
import type { Lang } from './params/types.ts';
import { type LineJson, presentCalculation, type ResultJson } from './present.ts';
import type { Scenario } from './scenario/schema.ts';
import { validateScenario } from './scenario/validate.ts';

export function calc(s: Scenario, opts: { set?: Record<string, string>; explain?: boolean; lang?: Lang } = {}): ResultJson {
  const v = validateScenario(s);
  if (!v.ok) assert.fail(`scenario should be valid: ${JSON.stringify(v.problems)}`);
  const policy = opts.set ? withOverrides(Object.entries(opts.set).map(([id, text]) => ({ id, text }))) : loadPolicy();
  return presentCalculation(calculate(v.scenario, policy, { explain: opts.explain ?? false }), {
    lang: opts.lang ?? 'en',
    explain: opts.explain ?? false,
  });
}

/** The one line of `subject` (and `period`), failing the test when there is not exactly one. */
export function lineOf(r: ResultJson, subject: string, period?: string): LineJson {
  const found = r.lines.filter((l) => l.subject === subject && (period === undefined || l.period === period));
  assert.equal(found.length, 1, `expected one line for ${subject} ${period ?? ''}, got ${found.length}`);
  return found[0] as LineJson;
}

export const codes = (l: LineJson): string[] => l.reasons.map((r) => r.code);
