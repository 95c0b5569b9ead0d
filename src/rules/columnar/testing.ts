/**
 * Test support: a columnar settlement and the engine's T lines in one comparable shape (status,
 * tier, months, fen, reason codes), for the tests that hold the columnar path to the engine.
 */
import { formatPeriod, periodFromIndex } from '../dates/period.ts';
import { calculate } from '../engine.ts';
import type { TLine } from '../lines.ts';
import type { Policy } from '../params/types.ts';
import { formatMonths } from '../programmes/takeover/months.ts';
import type { Scenario } from '../scenario/schema.ts';
import { reasonCodesOf, STATUS_NAMES } from './codes.ts';
import type { TSettlement } from './settle.ts';

/** The columnar lines in the engine's shape, for a deep comparison. */
export function asLines(s: TSettlement, ids: readonly string[]) {
  return Array.from({ length: s.lines }, (_, i) => {
    const p = s.period[i] as number;
    return {
      subject: ids[s.engagement[i] as number],
      period: p < 0 ? undefined : formatPeriod(periodFromIndex(p)),
      status: STATUS_NAMES[s.status[i] as number],
      tier: s.tier[i] === 0 ? null : s.tier[i],
      months: p < 0 ? undefined : formatMonths(s.monthUnits[i] as number),
      amount: BigInt(s.amount[i] as number),
      codes: reasonCodesOf(s.tier[i] as number, s.decision[i] as number, s.flags[i] as number),
    };
  });
}

export const engineLines = (scenario: Scenario, p: Policy) =>
  calculate(scenario, p)
    .lines.filter((l): l is TLine => l.program === 'T')
    .map((l) => ({
      subject: l.subject,
      period: l.period,
      status: l.status,
      tier: l.tier,
      months: l.months,
      amount: l.amount as bigint,
      codes: l.reasons.map((r) => r.code),
    }));
