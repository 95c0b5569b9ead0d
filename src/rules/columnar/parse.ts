/**
 * The builder's parsers: the same readings as dates/date.ts, dates/period.ts and exact/scaled.ts,
 * without regular expressions or objects, for millions of rows. Anything unusual goes to the
 * general parsers (which throw on what is not a date or a half-year).
 */
import { type Day, dayFromCivil, daysInMonth, mustParseDay } from '../dates/date.ts';
import { parsePeriod, periodIndex } from '../dates/period.ts';

// copied once: under tsx every read of an imported binding is a getter call
const fromCivil = dayFromCivil;
const monthDays = daysInMonth;

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100_000;
};

/** "2024-03-15" → its day number (as mustParseDay; throws on anything that is not a calendar date). */
export function dayNumber(s: string): Day {
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3);
    const m = digitAt(s, 5) * 10 + digitAt(s, 6);
    const d = digitAt(s, 8) * 10 + digitAt(s, 9);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= monthDays(y, m)) return fromCivil(y, m, d);
  }
  return mustParseDay(s);
}

/** "2024H1" → its period index 4048 (as periodIndex(parsePeriod(s))); throws on anything else. */
export function periodNumber(s: string): number {
  if (s.length === 6 && s.charCodeAt(4) === 72 /* H */) {
    const y = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3);
    const h = s.charCodeAt(5) - 48;
    if (y >= 0 && (h === 1 || h === 2)) return y * 2 + h - 1;
  }
  const p = parsePeriod(s);
  if (!p) throw new RangeError(`not a half-year: ${JSON.stringify(s)}`);
  return periodIndex(p);
}

/**
 * A plain decimal string ≥ 0 ("12000.50": no sign, no leading zero but before the point, at most
 * 16 characters, its digits a safe integer) into units[row] and scales[row] (value = units /
 * 10^scale, scale ≤ 15); false, and nothing written, for anything else.
 */
export function decimalInto(s: string, units: Float64Array, scales: Uint8Array, row: number): boolean {
  const n = s.length;
  if (n === 0 || n > 16) return false;
  if (s.charCodeAt(0) === 48 && n > 1 && s.charCodeAt(1) !== 46) return false;
  let u = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) u = u * 10 + (c - 48);
    else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
    else return false;
  }
  if (u > Number.MAX_SAFE_INTEGER) return false;
  units[row] = u;
  scales[row] = dot < 0 ? 0 : n - dot - 1;
  return true;
}
