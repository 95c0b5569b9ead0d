/** The engine's explanation data: codes and arguments, rendered to text only at the edge. */
import type { Lang, ParamUse, Text } from '../params/types.ts';
import type { MessageCode } from './messages.ts';

/** A template argument: a value, or words that differ by language. */
export type Arg = string | number | Text;
export type Args = Record<string, Arg>;

export interface Reason {
  code: MessageCode;
  /** a thunk when the arguments cost something to format: only an explanation pays for them */
  args: Args | (() => Args);
}

export const argsOf = (r: Reason): Args => (typeof r.args === 'function' ? r.args() : r.args);

/**
 * Marks arguments to format only when a text is rendered. (Passing the arrow to a function,
 * rather than naming it, also keeps the runtime from wrapping it to preserve its name.)
 */
export const lazy = (make: () => Args): (() => Args) => make;

/** Rules of docs/policy.md that decisions and trace steps point at. */
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
  private constructor(steps: TraceStep[] | null) {
    this.steps = steps;
  }
  /** A trace that records steps when `enabled`, and ignores them otherwise. */
  static of(enabled: boolean): Trace {
    return enabled ? new Trace([]) : Trace.disabled;
  }
  private static readonly disabled = new Trace(null);
  add(step: TraceStep | (() => TraceStep)): void {
    if (this.steps) this.steps.push(typeof step === 'function' ? step() : step);
  }
}
