/**
 * Loads the published policy (policy/erenhot-2025/*.json), applies what-if overrides, and
 * stamps the result with a content hash so every calculation names exactly what it used.
 */
import { createHash } from 'node:crypto';
import clauses from '../../policy/erenhot-2025/clauses.json' with { type: 'json' };
import decisions from '../../policy/erenhot-2025/decisions.json' with { type: 'json' };
import parameters from '../../policy/erenhot-2025/parameters.json' with { type: 'json' };
import meta from '../../policy/erenhot-2025/policy.json' with { type: 'json' };
import { canonicalJson } from '../lib/canonical-json.ts';
import { UserError } from '../lib/errors.ts';
import { parseDay } from '../rules/dates/date.ts';
import { isDecimalString } from '../rules/exact/rational.ts';
import type { Clause, Decision, ParameterDef, ParamValue, Policy, Text } from '../rules/params/types.ts';

/** A what-if override (`--set`) or a parameter value that does not fit: the user's to fix. */
export class ParameterError extends UserError {
  constructor(zh: string, en: string) {
    super('param.invalid', { zh, en });
  }
}

export { canonicalJson };

const TYPE_WORDS: Record<ParameterDef['type'], Text> = {
  decimal: { zh: '不小于 0 的十进制数，如 0.40', en: 'a decimal string ≥ 0, e.g. 0.40' },
  integer: { zh: '不小于 0 的整数', en: 'a whole number ≥ 0' },
  date: { zh: '日期 YYYY-MM-DD', en: 'a date YYYY-MM-DD' },
  'date?': { zh: '日期 YYYY-MM-DD 或空', en: 'a date YYYY-MM-DD or empty' },
  list: { zh: '以逗号分隔的列表', en: 'a comma-separated list' },
};

/** Why a value does not fit its parameter's type (what it should be), or null when it does. */
export function valueProblem(def: Pick<ParameterDef, 'type'>, value: ParamValue): Text | null {
  const fits = (() => {
    switch (def.type) {
      case 'decimal':
        return typeof value === 'string' && isDecimalString(value) && !value.startsWith('-');
      case 'integer':
        return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
      case 'date':
        return typeof value === 'string' && parseDay(value) !== null;
      case 'date?':
        return value === null || (typeof value === 'string' && parseDay(value) !== null);
      case 'list':
        return Array.isArray(value) && value.every((x) => typeof x === 'string' && x.length > 0);
    }
  })();
  return fits ? null : TYPE_WORDS[def.type];
}

export function buildPolicy(defs: ParameterDef[]): Policy {
  const map = new Map<string, ParameterDef>();
  for (const d of defs) {
    for (const v of d.values) {
      const problem = valueProblem(d, v.value);
      if (problem) throw new Error(`policy parameter ${d.id}: ${JSON.stringify(v.value)} is not ${problem.en}`);
    }
    map.set(d.id, d);
  }
  const paramsHash = `sha256:${createHash('sha256').update(canonicalJson(defs)).digest('hex')}`;
  return {
    id: meta.id,
    version: meta.version,
    title: meta.title,
    paramsHash,
    parameters: map,
    clauses: new Map((clauses as Clause[]).map((c) => [c.id, c])),
    decisions: decisions as Decision[],
  };
}

export const publishedParameters = (): ParameterDef[] => structuredClone(parameters as ParameterDef[]);

let published: Policy | undefined;
export function loadPolicy(): Policy {
  published ??= buildPolicy(publishedParameters());
  return published;
}

/** Parses the text of `--set ID=VALUE` into the parameter's type. */
export function parseOverrideValue(def: ParameterDef, text: string): ParamValue {
  const t = text.trim();
  let value: ParamValue;
  if (def.type === 'integer') value = /^\d+$/.test(t) ? Number(t) : Number.NaN;
  else if (def.type === 'list')
    value = t
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  else if (def.type === 'date?') value = t === '' || t === 'null' ? null : t;
  else value = t;
  const problem = valueProblem(def, value);
  if (problem)
    throw new ParameterError(`--set ${def.id}=${text}：值应为${problem.zh}`, `--set ${def.id}=${text}: the value must be ${problem.en}`);
  return value;
}

export interface Override {
  id: string;
  text: string;
}

export function parseOverrideArg(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq <= 0)
    throw new ParameterError(
      `--set ${arg}：应写作 参数=值，如 T.rate.tier1=0.50`,
      `--set ${arg}: expected PARAM=VALUE, e.g. T.rate.tier1=0.50`,
    );
  return { id: arg.slice(0, eq).trim(), text: arg.slice(eq + 1) };
}

/**
 * The published policy with some parameters replaced for every date (a what-if): the new value
 * is in force from the parameter's first date on, marked `overridden` in every explanation.
 */
export function withOverrides(overrides: Override[]): Policy {
  if (overrides.length === 0) return loadPolicy();
  const defs = publishedParameters();
  const byId = new Map(defs.map((d) => [d.id, d]));
  for (const o of overrides) {
    const def = byId.get(o.id);
    if (!def)
      throw new ParameterError(
        `--set ${o.id}：没有这个参数（见 jiangbu params）`,
        `--set ${o.id}: unknown parameter (see \`jiangbu params\`)`,
      );
    const from = def.values[0]?.from ?? '2024-01-01';
    def.values = [{ from, to: null, value: parseOverrideValue(def, o.text), overridden: true }];
  }
  return buildPolicy(defs);
}
