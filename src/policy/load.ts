/**
 * Loads the published policy (policy/erenhot-2025/*.json), applies what-if overrides, and
 * stamps the result with a content hash so every calculation names exactly what it used.
 */
import { createHash } from 'node:crypto';
import clauses from '../../policy/erenhot-2025/clauses.json' with { type: 'json' };
import decisions from '../../policy/erenhot-2025/decisions.json' with { type: 'json' };
import parameters from '../../policy/erenhot-2025/parameters.json' with { type: 'json' };
import meta from '../../policy/erenhot-2025/policy.json' with { type: 'json' };
import { parseDay } from '../rules/dates/date.ts';
import { isDecimalString } from '../rules/exact/rational.ts';
import type { Clause, Decision, ParameterDef, ParamValue, Policy } from '../rules/params/types.ts';

export class ParameterError extends Error {}

/** Stable JSON: object keys sorted, so the hash depends on content only. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Why a value does not fit its parameter's type, or null when it does. */
export function valueProblem(def: Pick<ParameterDef, 'type'>, value: ParamValue): string | null {
  switch (def.type) {
    case 'decimal':
      return typeof value === 'string' && isDecimalString(value) && !value.startsWith('-') ? null : 'a decimal string ≥ 0, e.g. 0.40';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? null : 'a whole number ≥ 0';
    case 'date':
      return typeof value === 'string' && parseDay(value) !== null ? null : 'a date YYYY-MM-DD';
    case 'date?':
      return value === null || (typeof value === 'string' && parseDay(value) !== null) ? null : 'a date YYYY-MM-DD or empty';
    case 'list':
      return Array.isArray(value) && value.every((x) => typeof x === 'string' && x.length > 0) ? null : 'a comma-separated list';
  }
}

export function buildPolicy(defs: ParameterDef[]): Policy {
  const map = new Map<string, ParameterDef>();
  for (const d of defs) {
    for (const v of d.values) {
      const problem = valueProblem(d, v.value);
      if (problem) throw new ParameterError(`${d.id}: ${JSON.stringify(v.value)} is not ${problem}`);
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
  if (problem) throw new ParameterError(`--set ${def.id}=${text}: the value must be ${problem}`);
  return value;
}

export interface Override {
  id: string;
  text: string;
}

export function parseOverrideArg(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new ParameterError(`--set ${arg}: expected PARAM=VALUE, e.g. T.rate.tier1=0.50`);
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
    if (!def) throw new ParameterError(`--set ${o.id}: unknown parameter (see \`jiangbu params\`)`);
    const from = def.values[0]?.from ?? '2024-01-01';
    def.values = [{ from, to: null, value: parseOverrideValue(def, o.text), overridden: true }];
  }
  return buildPolicy(defs);
}
