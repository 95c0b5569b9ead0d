/**
 * docs/policy.md T.3 (D-3), "据实计算": inside a calendar month served days count as
 * days served / days in that month; a period's months are the sum over its months.
 * Exact: every month length (28–31) divides L = lcm(28, 29, 30, 31), so months = units / L
 * with integer units.
 */
import { civilFromDay, type Day, dayFromCivil, daysInMonth } from '../../dates/date.ts';
import { type Rational, rational, toFixed } from '../../exact/rational.ts';

export const MONTH_UNITS = 377580; // lcm(28, 29, 30, 31)

/**
 * Months served from `from` to `to`, both inclusive (to ≥ from), × MONTH_UNITS: an exact integer.
 * When `parts` is given, each calendar month's (days served, days in month) is appended to it.
 */
export function servedUnits(from: Day, to: Day, parts?: number[]): number {
  let units = 0;
  let { y, m } = civilFromDay(from);
  let cursor = from;
  while (cursor <= to) {
    const dim = daysInMonth(y, m);
    const monthEnd = dayFromCivil(y, m, dim);
    const served = Math.min(to, monthEnd) - cursor + 1;
    units += served * (MONTH_UNITS / dim);
    parts?.push(served, dim);
    cursor = monthEnd + 1;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return units;
}

/** "17/31 + 3": part months as fractions, then the count of whole months (explanations). */
export function monthsFormula(from: Day, to: Day): string {
  const parts: number[] = [];
  servedUnits(from, to, parts);
  const terms: string[] = [];
  let whole = 0;
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] === parts[i + 1]) whole++;
    else terms.push(`${parts[i]}/${parts[i + 1]}`);
  }
  if (whole > 0 || terms.length === 0) terms.push(String(whole));
  return terms.join(' + ');
}

export const monthsRational = (units: number): Rational => rational(BigInt(units), BigInt(MONTH_UNITS));
const formatted = new Map<number, string>();
/** Display: 4 decimals, half up (cached: few distinct values occur). */
export function formatMonths(units: number): string {
  let s = formatted.get(units);
  if (s === undefined) {
    s = toFixed(monthsRational(units), 4);
    if (formatted.size < 100_000) formatted.set(units, s);
  }
  return s;
}
