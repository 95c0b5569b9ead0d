/**
 * docs/policy.md T.3 months served, by table: each day of a month of `dim` days is worth
 * MONTH_UNITS / dim units (an integer: dim divides MONTH_UNITS), so the units from `from` to `to`
 * are a difference of running sums — exact integers, no walk through the months. Days outside
 * the table (before 1990, after 2100) go to the walk (takeover/months.ts servedUnits).
 */
import { type Day, dayFromCivil, daysInMonth } from '../dates/date.ts';
import { MONTH_UNITS, servedUnits } from '../programmes/takeover/months.ts';

const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;
const FIRST = dayFromCivil(FIRST_YEAR, 1, 1);
const END = dayFromCivil(LAST_YEAR + 1, 1, 1);
const walk = servedUnits;

let running: Float64Array | null = null;
/** running[d − FIRST] = units of the days FIRST … d − 1 (below 2^53: about 5.5 × 10^8 units a year) */
function table(): Float64Array {
  if (running) return running;
  const t = new Float64Array(END - FIRST + 1);
  let i = 0;
  let sum = 0;
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++)
    for (let m = 1; m <= 12; m++) {
      const dim = daysInMonth(y, m);
      const perDay = MONTH_UNITS / dim;
      for (let d = 0; d < dim; d++) {
        t[i++] = sum;
        sum += perDay;
      }
    }
  t[i] = sum;
  running = t;
  return t;
}

/** Months served from `from` to `to`, both inclusive (to ≥ from), × MONTH_UNITS: as servedUnits. */
export function servedUnitsByTable(from: Day, to: Day): number {
  if (from < FIRST || to >= END) return walk(from, to);
  const t = running ?? table();
  return (t[to + 1 - FIRST] as number) - (t[from - FIRST] as number);
}
