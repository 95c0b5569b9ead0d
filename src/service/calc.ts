/**
 * The calculation as a service: validation, policy (with what-if overrides), engine, presenter.
 * One code path for `jiangbu calc`, `jiangbu simulate` and POST /api/calc.
 */
import { type Override, ParameterError, withOverrides } from '../policy/load.ts';
import { calculate } from '../rules/engine.ts';
import type { Lang } from '../rules/params/types.ts';
import { presentCalculation, type ResultJson } from '../rules/present.ts';
import type { Problem } from '../rules/scenario/problems.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import { type Comparison, compareCalculations } from '../rules/simulate.ts';

export interface CalcRequest {
  explain?: boolean;
  lang?: Lang;
  overrides?: Override[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

function policyFor(overrides: Override[] | undefined): Outcome<ReturnType<typeof withOverrides>> {
  try {
    return { ok: true, value: withOverrides(overrides ?? []) };
  } catch (e) {
    // Neutral about the adapter: `set` is the query parameter, and the CLI shows it as `--set`.
    if (e instanceof ParameterError)
      return {
        ok: false,
        problems: [
          { path: 'set', code: 'set.invalid', args: { zh: e.text.zh.replace(/^--set /, ''), en: e.text.en.replace(/^--set /, '') } },
        ],
      };
    throw e;
  }
}

export function runCalc(input: unknown, req: CalcRequest = {}): Outcome<ResultJson> {
  const policy = policyFor(req.overrides);
  if (!policy.ok) return policy;
  const v = validateScenario(input);
  if (!v.ok) return v;
  const calc = calculate(v.scenario, policy.value, { explain: req.explain ?? false });
  return { ok: true, value: presentCalculation(calc, { lang: req.lang ?? 'zh', explain: req.explain ?? false }) };
}

export function runSimulation(input: unknown, overrides: Override[]): Outcome<Comparison> {
  const changed = policyFor(overrides);
  if (!changed.ok) return changed;
  const baseline = policyFor([]);
  if (!baseline.ok) return baseline;
  const v = validateScenario(input);
  if (!v.ok) return v;
  return { ok: true, value: compareCalculations(calculate(v.scenario, baseline.value), calculate(v.scenario, changed.value)) };
}
