/** The engine's explanation data: codes and arguments, rendered to text only at the edge. */
import type { Lang, ParamUse, Text } from '../params/types.ts';
import type { MessageCode } from './messages.ts';

/** A template argument: a value, or words that differ by language. */
export type Arg = string | number | Text;
export type Args = Record<string, Arg>;

export interface Reason {
  code: MessageCode;
  args: Args;
}

/** Rules of RULES.md that decisions and trace steps point at. */
export const RULE_IDS = [
  'T.eligibility',
  'T.accrualWindow',
  'T.months',
  'T.tier',
  'T.collectionRate',
  'T.amount',
  'T.assessmentGate',
  'T.annualResult',
  'W.eligibility',
  'W.oncePerCompound',
  'W.amount',
  'W.payableFrom',
  'F.checks',
  'F.base',
  'F.caps',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** One step of `--explain`: the rule, the facts it read, the parameters with their dates, the values it found. */
export interface TraceStep extends Reason {
  rule: RuleId;
  facts?: Record<string, unknown>;
  params?: ParamUse[];
  values?: Record<string, string>;
}

export type { Lang };

/** Collects trace steps only when asked: the hot path pays nothing for explanations. */
export class Trace {
  readonly steps: TraceStep[] | null;
  constructor(enabled: boolean, from?: Trace) {
    this.steps = enabled ? [...(from?.steps ?? [])] : null;
  }
  add(step: TraceStep | (() => TraceStep)): void {
    if (this.steps) this.steps.push(typeof step === 'function' ? step() : step);
  }
}
