/** Result lines as the engine builds them (Money as fen, explanations as data). */

import type { Day } from './dates/date.ts';
import type { Money } from './exact/money.ts';
import type { Reason, TraceStep } from './explain/types.ts';
import type { Policy } from './params/types.ts';

export type TStatus = 'payable' | 'withheld' | 'pending' | 'ineligible';
export type WStatus = 'payable' | 'pending' | 'ineligible';
export type FStatus = 'granted' | 'capped' | 'rejected';

interface LineBase {
  subject: string;
  amount: Money;
  reasons: Reason[];
  /** facts a pending line waits for, as paths relative to its subject */
  missing?: string[];
  trace?: TraceStep[];
}

export interface TLine extends LineBase {
  program: 'T';
  period?: string;
  status: TStatus;
  tier: 1 | 2 | null;
  /** display: 4 decimals, half up */
  months?: string;
  rate?: string | null;
}

export interface WLine extends LineBase {
  program: 'W';
  status: WStatus;
  payableFrom?: string;
}

export interface FLine extends LineBase {
  program: 'F';
  status: FStatus;
  base?: Money;
}

export type Line = TLine | WLine | FLine;

/** What every rule may read besides the scenario: the policy and the evaluation date. */
export interface EvalContext {
  policy: Policy;
  asOf: Day;
  explain: boolean;
}
