/**
 * The rules engine: a validated scenario and a policy in, every line with its reasons out.
 * Pure — no I/O, no clock: the evaluation date is the scenario's `asOf`.
 */
import { mustParseDay } from './dates/date.ts';
import { fen, type Money } from './exact/money.ts';
import type { EvalContext, FLine, Line } from './lines.ts';
import type { Policy } from './params/types.ts';
import { committeeLines } from './programmes/committee/index.ts';
import { facilityLines } from './programmes/facility/index.ts';
import { takeoverLines } from './programmes/takeover/index.ts';
import type { CompoundInput, Scenario } from './scenario/schema.ts';

export interface Totals {
  T: Money;
  W: Money;
  F: Money;
}

export interface Calculation {
  policy: Policy;
  asOf: string;
  lines: Line[];
  totals: Totals;
}

export interface CalcOptions {
  /** build the step-by-step trace of every line (`--explain`) */
  explain?: boolean;
}

/** Amounts that count: T and W `payable`, F `granted` or `capped`. Withheld and pending show, count 0. */
export function counts(line: Line): boolean {
  return line.program === 'F' ? line.status !== 'rejected' : line.status === 'payable';
}

export function totalsOf(lines: readonly Line[]): Totals {
  const t = { T: 0n, W: 0n, F: 0n };
  for (const l of lines) if (counts(l)) t[l.program] += l.amount;
  return { T: fen(t.T), W: fen(t.W), F: fen(t.F) };
}

/** `scenario` must have passed `validateScenario`: the engine trusts ids and dates. */
export function calculate(scenario: Scenario, policy: Policy, options: CalcOptions = {}): Calculation {
  const ctx: EvalContext = { policy, asOf: mustParseDay(scenario.asOf), explain: options.explain ?? false };
  const compounds = new Map<string, CompoundInput>(scenario.compounds.map((c) => [c.id, c]));
  const lines: Line[] = [];
  for (const e of scenario.engagements ?? [])
    for (const l of takeoverLines(ctx, e, compounds.get(e.compoundId) as CompoundInput)) lines.push(l);
  for (const l of committeeLines(ctx, scenario.committees ?? [], compounds)) lines.push(l);
  const applications = scenario.facilityApplications ?? [];
  const f: FLine[] = applications.length ? facilityLines(ctx, applications, compounds) : [];
  for (const l of f) lines.push(l);
  return { policy, asOf: scenario.asOf, lines, totals: totalsOf(lines) };
}
