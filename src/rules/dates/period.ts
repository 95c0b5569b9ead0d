/** Half-year periods: YYYYH1 = Jan 1 – Jun 30, YYYYH2 = Jul 1 – Dec 31 (docs/glossary.md). */
import { civilFromDay, type Day, dayFromCivil } from './date.ts';

export interface Period {
  readonly year: number;
  readonly half: 1 | 2;
}

const PERIOD = /^(\d{4})H([12])$/;

export function parsePeriod(s: string): Period | null {
  const m = PERIOD.exec(s);
  return m ? { year: Number(m[1]), half: m[2] === '1' ? 1 : 2 } : null;
}

export const formatPeriod = (p: Period): string => `${p.year}H${p.half}`;
/** A sortable integer: 2024H1 → 4048, 2024H2 → 4049. */
export const periodIndex = (p: Period): number => p.year * 2 + (p.half - 1);
export const periodFromIndex = (i: number): Period => ({ year: Math.floor(i / 2), half: i % 2 === 0 ? 1 : 2 });

export function periodOfDay(day: Day): Period {
  const { y, m } = civilFromDay(day);
  return { year: y, half: m <= 6 ? 1 : 2 };
}

export const periodStart = (p: Period): Day => dayFromCivil(p.year, p.half === 1 ? 1 : 7, 1);
export const periodEnd = (p: Period): Day => dayFromCivil(p.year, p.half === 1 ? 6 : 12, p.half === 1 ? 30 : 31);

/** A period's facts the engine needs again and again, computed once per period index. */
export interface PeriodInfo {
  index: number;
  text: string;
  year: number;
  start: Day;
  end: Day;
}

const infos = new Map<number, PeriodInfo>();
export function periodInfo(index: number): PeriodInfo {
  let info = infos.get(index);
  if (!info) {
    const p = periodFromIndex(index);
    info = { index, text: formatPeriod(p), year: p.year, start: periodStart(p), end: periodEnd(p) };
    infos.set(index, info);
  }
  return info;
}

/** Index of the period holding a day, without building the period. */
export const periodIndexOfDay = (day: Day): number => periodIndex(periodOfDay(day));
