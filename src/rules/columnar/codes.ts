/**
 * The codes a columnar settlement of programme T writes instead of objects and text: one byte per
 * line each for its status, tier, deciding step and extra reasons. The names are the engine's
 * (src/rules/lines.ts statuses, docs/policy.md reason codes), so a line's reasons can be listed
 * without building them.
 */
import type { TStatus } from '../lines.ts';

/** Status of a T line, as a byte (index into STATUS_NAMES). */
export const STATUS = { payable: 0, withheld: 1, pending: 2, ineligible: 3 } as const;
export const STATUS_NAMES: readonly TStatus[] = ['payable', 'withheld', 'pending', 'ineligible'];

/**
 * The step that decided the line (docs/policy.md T.8 steps 1–7), or INELIGIBLE for the single
 * whole-engagement line of T.9 (its reasons are in the flags).
 */
export const DECISION = {
  T_NO_FACTS: 0,
  T_NO_TIER: 1,
  T_PERIOD_NOT_ENDED: 2,
  T_RECTIFICATION_OUTSTANDING: 3,
  T_NOT_ASSESSED: 4,
  T_WITHHELD: 5,
  T_PAYABLE: 6,
  INELIGIBLE: 7,
} as const;
export const DECISION_NAMES = [
  'T_NO_FACTS',
  'T_NO_TIER',
  'T_PERIOD_NOT_ENDED',
  'T_RECTIFICATION_OUTSTANDING',
  'T_NOT_ASSESSED',
  'T_WITHHELD',
  'T_PAYABLE',
  'INELIGIBLE',
] as const;

/**
 * The other reasons of a line, as bits. A whole-engagement line carries the T.1/T.2/T.9 reasons
 * (every failing one, R-5); a period line may carry T_MARKET_PRICE_UNKNOWN and T_EXPELLED.
 * Listed in the order the engine gives them.
 */
export const FLAG = {
  T_NOT_ON_ROSTER: 1,
  T_ENTRY_TOO_EARLY: 2,
  T_CONTRACT_MISSING: 4,
  T_COMMITMENT_MISSING: 8,
  T_NO_DAY_SERVED: 16,
  T_MARKET_PRICE_UNKNOWN: 32,
  T_EXPELLED: 64,
} as const;
const ELIGIBILITY_FLAGS = [
  'T_NOT_ON_ROSTER',
  'T_ENTRY_TOO_EARLY',
  'T_CONTRACT_MISSING',
  'T_COMMITMENT_MISSING',
  'T_NO_DAY_SERVED',
] as const;

/** The reason codes of a line in the engine's order: tier, market price, deciding step, expulsion. */
export function reasonCodesOf(tier: number, decision: number, flags: number): string[] {
  const out: string[] = [];
  if (decision === DECISION.INELIGIBLE) {
    for (const name of ELIGIBILITY_FLAGS) if (flags & FLAG[name]) out.push(name);
    return out;
  }
  if (tier === 1) out.push('T_TIER1');
  else if (tier === 2) out.push('T_TIER2');
  if (flags & FLAG.T_MARKET_PRICE_UNKNOWN) out.push('T_MARKET_PRICE_UNKNOWN');
  out.push(DECISION_NAMES[decision] as string);
  if (flags & FLAG.T_EXPELLED) out.push('T_EXPELLED');
  return out;
}
