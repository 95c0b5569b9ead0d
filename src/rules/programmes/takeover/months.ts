/**
 * RULES T.3 (D-3), "据实计算": inside a calendar month served days count as
 * days served / days in that month; a period's months are the sum over its months.
 * Exact: every month length (28–31) divides L = lcm(28, 29, 30, 31), so months = units / L
 * with integer units.
 */
import { civilFromDay, type Day, dayFromCivil, daysInMonth } from '../../dates/date.ts';
import { type Rational, rational, toFixed } from '../../exact/rational.ts';

export const MONTH_UNITS = 377580; // lcm(28, 29, 30, 31)

export interface ServedMonths {
  /** months × MONTH_UNITS, an exact integer */
  units: number;
  /** whole calendar months served */
  whole: number;
  /** served days and days in the month of each part month, flattened: [17, 31, …] */
  parts: number[];
}

/** "17/31 + 3", for explanations. */
export function formulaOf(m: ServedMonths): string {
  const terms: string[] = [];
  for (let i = 0; i < m.parts.length; i += 2) terms.push(`${m.parts[i]}/${m.parts[i + 1]}`);
  if (m.whole > 0 || terms.length === 0) terms.push(String(m.whole));
  return terms.join(' + ');
}

/** Months served from `from` to `to`, both inclusive (to ≥ from). */
export function servedMonths(from: Day, to: Day): ServedMonths {
  let units = 0;
  let whole = 0;
  const parts: number[] = []; // served, days-in-month pairs of part months
  let { y, m } = civilFromDay(from);
  let cursor = from;
  while (cursor <= to) {
    const dim = daysInMonth(y, m);
    const monthEnd = dayFromCivil(y, m, dim);
    const served = Math.min(to, monthEnd) - cursor + 1;
    units += served * (MONTH_UNITS / dim);
    if (served === dim) whole++;
    else parts.push(served, dim);
    cursor = monthEnd + 1;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return { units, whole, parts };
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
