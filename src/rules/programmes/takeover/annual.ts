/**
 * RULES T.7 (D-8): a year's annual score is the mean of the engagement's half-year scores in
 * that year, known once every period it served that year is scored. A failed year blocks the
 * periods of later years until a rectification record exists (whatever its outcome).
 */
import { dayFromCivil } from '../../dates/date.ts';
import { add, cmp, div, fromNumber, type Rational, rational } from '../../exact/rational.ts';
import { showValue } from '../../exact/show.ts';
import { WORDS } from '../../explain/messages.ts';
import type { TraceStep } from '../../explain/types.ts';
import { decimalParam } from '../../params/lookup.ts';
import type { Policy } from '../../params/types.ts';

export interface ScoredPeriod {
  year: number;
  period: string;
  /** null: no facts, or facts without a score */
  score: number | null;
}

export interface AnnualResult {
  year: number;
  /** null while some served period of the year is not scored */
  score: Rational | null;
  failed: boolean;
  step: TraceStep;
}

export function annualResults(policy: Policy, periods: readonly ScoredPeriod[]): Map<number, AnnualResult> {
  const byYear = new Map<number, ScoredPeriod[]>();
  for (const p of periods) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p]);
  const out = new Map<number, AnnualResult>();
  for (const [year, list] of byYear) {
    const pass = decimalParam(policy, 'T.passScore', dayFromCivil(year, 12, 31));
    const known = list.every((p) => p.score !== null);
    let score: Rational | null = null;
    if (known) {
      let total = rational(0n);
      for (const p of list) total = add(total, fromNumber(p.score as number));
      score = div(total, rational(BigInt(list.length)));
    }
    const failed = score !== null && cmp(score, pass.value) < 0;
    const verdict = score === null ? WORDS.unknown : failed ? WORDS.failed : WORDS.passed;
    out.set(year, {
      year,
      score,
      failed,
      step: {
        rule: 'T.annualResult',
        code: 'T_ANNUAL',
        args: {
          year,
          scores: list.map((p) => `${p.period}: ${p.score ?? '—'}`).join(', '),
          annualScore: score ? showValue(score) : '—',
          passScore: pass.use.value as string,
          verdict,
        },
        params: [pass.use],
        values: { annualScore: score ? showValue(score) : 'unknown', failed: String(failed) },
      },
    });
  }
  return out;
}
