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
  /** "17/31 + 3", for explanations */
  formula: string;
}

/** Months served from `from` to `to`, both inclusive (to ≥ from). */
export function servedMonths(from: Day, to: Day): ServedMonths {
  let units = 0;
  let whole = 0;
  const parts: string[] = [];
  let { y, m } = civilFromDay(from);
  let cursor = from;
  while (cursor <= to) {
    const dim = daysInMonth(y, m);
    const monthEnd = dayFromCivil(y, m, dim);
    const served = Math.min(to, monthEnd) - cursor + 1;
    units += served * (MONTH_UNITS / dim);
    if (served === dim) whole++;
    else parts.push(`${served}/${dim}`);
    cursor = monthEnd + 1;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  if (whole > 0 || parts.length === 0) parts.push(String(whole));
  return { units, formula: parts.join(' + ') };
}

export const monthsRational = (units: number): Rational => rational(BigInt(units), BigInt(MONTH_UNITS));
export const formatMonths = (units: number): string => toFixed(monthsRational(units), 4);
