/**
 * Parameter lookup by date. The entry in force on the date wins; a date before the first entry
 * takes the first entry (the measures reach back to facts before their issue, e.g. an entry in
 * 2023 is tested against T.entryFrom), a date after the last takes the last.
 * Converted values are cached per policy: the hot path looks parameters up millions of times.
 */
import { type Day, mustParseDay } from '../dates/date.ts';
import { parseDecimal, type Rational } from '../exact/rational.ts';
import { parseScaled, type Scaled } from '../exact/scaled.ts';
import type { ParameterDef, ParamUse, Policy } from './types.ts';

export interface Looked<T> {
  value: T;
  use: ParamUse;
}

interface Entry {
  from: Day;
  to: Day;
  use: ParamUse;
  converted: Map<string, unknown>;
}

/** Per-policy memo: `make` runs once per policy and key (the policy object is immutable). */
export function memoPerPolicy<K, V>(store: WeakMap<Policy, Map<K, V>>, policy: Policy, key: K, make: () => V): V {
  let byKey = store.get(policy);
  if (!byKey) {
    byKey = new Map();
    store.set(policy, byKey);
  }
  let v = byKey.get(key);
  if (v === undefined) {
    v = make();
    byKey.set(key, v);
  }
  return v;
}

const cache = new WeakMap<Policy, Map<string, Entry[]>>();

export function definition(policy: Policy, id: string): ParameterDef {
  const def = policy.parameters.get(id);
  if (!def) throw new Error(`unknown parameter ${id}`);
  return def;
}

function entries(policy: Policy, id: string): Entry[] {
  return memoPerPolicy(cache, policy, id, () => {
    const def = definition(policy, id);
    if (def.values.length === 0) throw new Error(`parameter ${id} has no value`);
    return def.values.map((v) => {
      const use: ParamUse = { id, value: v.value, unit: def.unit, from: v.from, to: v.to, clause: def.clause };
      if (def.decision) use.decision = def.decision;
      if (v.overridden) use.overridden = true;
      return { from: mustParseDay(v.from), to: v.to === null ? Number.POSITIVE_INFINITY : mustParseDay(v.to), use, converted: new Map() };
    });
  });
}

function entryAt(list: Entry[], at: Day): Entry {
  if (list.length === 1) return list[0] as Entry;
  let chosen = list[0] as Entry;
  for (const e of list) {
    if (e.from <= at && at <= e.to) return e;
    if (e.from <= at) chosen = e;
  }
  return chosen;
}

const toDay = (at: Day | string): Day => (typeof at === 'number' ? at : mustParseDay(at));

/** The raw value with its provenance. `at` is a day number or YYYY-MM-DD. */
export function lookup(policy: Policy, id: string, at: Day | string): ParamUse {
  return entryAt(entries(policy, id), toDay(at)).use;
}

function typed<T>(policy: Policy, id: string, at: Day | string, kind: string, conv: (v: unknown) => T | undefined): Looked<T> {
  const e = entryAt(entries(policy, id), toDay(at));
  if (!e.converted.has(kind)) {
    const value = conv(e.use.value);
    if (value === undefined) throw new Error(`parameter ${id} is not a ${kind}: ${JSON.stringify(e.use.value)}`);
    e.converted.set(kind, { value, use: e.use });
  }
  return e.converted.get(kind) as Looked<T>;
}

export const decimalParam = (p: Policy, id: string, at: Day | string): Looked<Rational> =>
  typed(p, id, at, 'decimal', (v) => (typeof v === 'string' ? parseDecimal(v) : undefined));

/** A decimal parameter as a scaled integer, for the hot path. */
export const scaledParam = (p: Policy, id: string, at: Day | string): Looked<Scaled> =>
  typed(p, id, at, 'scaled', (v) => (typeof v === 'string' ? (parseScaled(v) ?? undefined) : undefined));

export const integerParam = (p: Policy, id: string, at: Day | string): Looked<number> =>
  typed(p, id, at, 'integer', (v) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined));

export const dateParam = (p: Policy, id: string, at: Day | string): Looked<string> =>
  typed(p, id, at, 'date', (v) => (typeof v === 'string' ? v : undefined));

/** A date parameter as a day number. */
export const dayParam = (p: Policy, id: string, at: Day | string): Looked<Day> =>
  typed(p, id, at, 'day', (v) => (typeof v === 'string' ? mustParseDay(v) : undefined));

export const optionalDateParam = (p: Policy, id: string, at: Day | string): Looked<string | null> =>
  typed(p, id, at, 'date?', (v) => (v === null || typeof v === 'string' ? v : undefined));

export const listParam = (p: Policy, id: string, at: Day | string): Looked<string[]> =>
  typed(p, id, at, 'list', (v) => (Array.isArray(v) ? v : undefined));
