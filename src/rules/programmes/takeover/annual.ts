/**
 * docs/policy.md T.7 (D-8): a year's annual score is the mean of the engagement's half-year scores in
 * that year, known once every period it served that year is scored. A failed year blocks the
 * periods of later years until a rectification record exists (whatever its outcome).
 */
import { dayFromCivil } from '../../dates/date.ts';
import { div, rational } from '../../exact/rational.ts';
import { meanBelow, type Scaled, toHundredths } from '../../exact/scaled.ts';
import { showValue } from '../../exact/show.ts';
import { WORDS } from '../../explain/messages.ts';
import type { TraceStep } from '../../explain/types.ts';
import { type Looked, scaledParam } from '../../params/lookup.ts';
import type { Policy } from '../../params/types.ts';

/** A served period as T.7 reads it: its year and, if recorded, its facts with the score. */
export interface ScoredPeriod {
  info: { year: number; text: string };
  decided: { facts: { assessmentScore?: number | null | undefined } } | null;
}

const scoreOf = (s: ScoredPeriod): number | null => s.decided?.facts.assessmentScore ?? null;

export interface AnnualResult {
  year: number;
  /** the served periods of the year with their scores */
  periods: ScoredPeriod[];
  sumHundredths: number;
  pass: Looked<Scaled>;
}

export function annualStep(r: AnnualResult): TraceStep {
  const mean = showValue(div(rational(BigInt(r.sumHundredths), 100n), rational(BigInt(r.periods.length))));
  return {
    rule: 'T.annualResult',
    code: 'T_ANNUAL',
    args: {
      year: r.year,
      scores: r.periods.map((s) => `${s.info.text}: ${scoreOf(s)}`).join(', '),
      annualScore: mean,
      passScore: r.pass.use.value as string,
      verdict: WORDS.failed,
    },
    params: [r.pass.use],
    values: { annualScore: mean, failed: 'true' },
  };
}

/** The years that failed, in order (a year with an unscored period is not known and fails nothing). */
export function failedYears(policy: Policy, periods: readonly ScoredPeriod[]): AnnualResult[] {
  const out: AnnualResult[] = [];
  for (let i = 0; i < periods.length; ) {
    const year = (periods[i] as ScoredPeriod).info.year;
    let j = i;
    let sum = 0;
    let known = true;
    for (; j < periods.length && (periods[j] as ScoredPeriod).info.year === year; j++) {
      const s = scoreOf(periods[j] as ScoredPeriod);
      if (s === null) known = false;
      else sum += toHundredths(s);
    }
    const from = i;
    i = j;
    if (!known) continue;
    const pass = scaledParam(policy, 'T.passScore', dayFromCivil(year, 12, 31));
    if (meanBelow(sum, j - from, pass.value)) out.push({ year, periods: periods.slice(from, j), sumHundredths: sum, pass });
  }
  return out;
}
