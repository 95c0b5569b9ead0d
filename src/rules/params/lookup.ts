/**
 * Parameter lookup by date. The entry in force on the date wins; a date before the first entry
 * takes the first entry (the measures reach back to facts before their issue, e.g. an entry in
 * 2023 is tested against T.entryFrom), a date after the last takes the last.
 */
import type { Day } from '../dates/date.ts';
import { formatDay } from '../dates/date.ts';
import { parseDecimal, type Rational } from '../exact/rational.ts';
import type { ParameterDef, ParamUse, ParamValueEntry, Policy } from './types.ts';

function entryAt(def: ParameterDef, at: string): ParamValueEntry {
  const values = def.values;
  let chosen = values[0];
  if (!chosen) throw new Error(`parameter ${def.id} has no value`);
  for (const v of values) {
    if (v.from <= at && (v.to === null || at <= v.to)) return v;
    if (v.from <= at) chosen = v;
  }
  return chosen;
}

export function definition(policy: Policy, id: string): ParameterDef {
  const def = policy.parameters.get(id);
  if (!def) throw new Error(`unknown parameter ${id}`);
  return def;
}

/** The raw value with its provenance. `at` is a day number or YYYY-MM-DD. */
export function lookup(policy: Policy, id: string, at: Day | string): ParamUse {
  const def = definition(policy, id);
  const e = entryAt(def, typeof at === 'number' ? formatDay(at) : at);
  const use: ParamUse = { id, value: e.value, unit: def.unit, from: e.from, to: e.to, clause: def.clause };
  if (def.decision) use.decision = def.decision;
  if (e.overridden) use.overridden = true;
  return use;
}

export interface Looked<T> {
  value: T;
  use: ParamUse;
}

function typed<T>(policy: Policy, id: string, at: Day | string, kind: string, conv: (v: unknown) => T | undefined): Looked<T> {
  const use = lookup(policy, id, at);
  const value = conv(use.value);
  if (value === undefined) throw new Error(`parameter ${id} is not a ${kind}: ${JSON.stringify(use.value)}`);
  return { value, use };
}

export const decimalParam = (p: Policy, id: string, at: Day | string): Looked<Rational> =>
  typed(p, id, at, 'decimal', (v) => (typeof v === 'string' ? parseDecimal(v) : undefined));

export const integerParam = (p: Policy, id: string, at: Day | string): Looked<number> =>
  typed(p, id, at, 'integer', (v) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined));

export const dateParam = (p: Policy, id: string, at: Day | string): Looked<string> =>
  typed(p, id, at, 'date', (v) => (typeof v === 'string' ? v : undefined));

export const optionalDateParam = (p: Policy, id: string, at: Day | string): Looked<string | null> =>
  typed(p, id, at, 'date or empty', (v) => (v === null || typeof v === 'string' ? v : undefined));

export const listParam = (p: Policy, id: string, at: Day | string): Looked<string[]> =>
  typed(p, id, at, 'list', (v) => (Array.isArray(v) ? v : undefined));
