/**
 * Plain calendar dates (China Standard Time, no clock, no time zone) as day numbers:
 * days since 1970-01-01. Comparisons are integer comparisons, a span's length is a subtraction.
 * Conversions follow H. Hinnant's civil-date algorithms (proleptic Gregorian).
 */
export type Day = number;

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] as number);
}

export function dayFromCivil(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  y: number;
  m: number;
  d: number;
}

export function civilFromDay(day: Day): Civil {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** "2025-02-30" and "2025-2-3" are not dates: null. */
export function parseDay(s: string): Day | null {
  if (!ISO.test(s)) return null;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const mo = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromCivil(y, mo, d);
}

export function mustParseDay(s: string): Day {
  const d = parseDay(s);
  if (d === null) throw new RangeError(`not a calendar date: ${JSON.stringify(s)}`);
  return d;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function formatDay(day: Day): string {
  const { y, m, d } = civilFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export const yearOf = (day: Day): number => civilFromDay(day).y;

/** Same day of month k months later; when that month is shorter, its last day (docs/policy.md W.3). */
export function addMonthsClamped(day: Day, k: number): Day {
  const { y, m, d } = civilFromDay(day);
  const idx = y * 12 + (m - 1) + k;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return dayFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}
