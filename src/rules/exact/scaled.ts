/**
 * The hot path's exact arithmetic: decimals as safe integers with a decimal scale
 * (value = units / 10^scale), computed in plain numbers while every intermediate is a safe
 * integer, and in BigInt otherwise. Never a binary fraction: the result always equals exact
 * rational arithmetic (property-tested against `rational.ts`).
 */
import { divRoundHalfUp, parseDecimal } from './rational.ts';

export interface Scaled {
  units: number;
  scale: number;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The digits of a decimal string ≥ 0 as an integer ("12000.50" → 1200050); NaN when not a safe integer. */
export function unitsOf(s: string): number {
  const n = s.length;
  if (n === 0 || n > 17) return Number.NaN;
  let units = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) dots++;
    else if (c >= 48 && c <= 57) units = units * 10 + (c - 48);
    else return Number.NaN;
  }
  return dots <= 1 && Number.isSafeInteger(units) ? units : Number.NaN;
}

/** The number of decimals of a decimal string ("12000.50" → 2). */
export function scaleOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** "12000.50" → {units: 1200050, scale: 2}; null when it does not fit a safe integer (callers fall back). */
export function parseScaled(s: string): Scaled | null {
  const units = unitsOf(s);
  return Number.isNaN(units) ? null : { units, scale: scaleOf(s) };
}

const safe = Number.isSafeInteger;

/** a ≥ m × b for decimal strings a, b and a scaled minimum m (m ≥ 0), exactly. */
export function atLeastTimes(a: string, m: Scaled, b: string): boolean {
  // a.units/10^as ≥ m.units/10^ms × b.units/10^bs  ⟺  a.units × 10^(ms+bs) ≥ m.units × b.units × 10^as
  const au = unitsOf(a);
  const bu = unitsOf(b);
  const as = scaleOf(a);
  const bs = scaleOf(b);
  if (m.scale + bs <= 15 && as <= 15) {
    const lhs = au * (POW10[m.scale + bs] as number);
    const rhs = m.units * bu * (POW10[as] as number);
    if (safe(lhs) && safe(rhs)) return lhs >= rhs; // NaN (a digit string too long) is not safe: falls back
  }
  const ra = parseDecimal(a);
  const rb = parseDecimal(b);
  // a.n/a.d ≥ (m.units/10^m.scale) × b.n/b.d
  return ra.n * 10n ** BigInt(m.scale) * rb.d >= BigInt(m.units) * rb.n * ra.d;
}

/** round_half_up(a × b × c / d) for non-negative safe integers, exactly. */
export function mulDivRoundHalfUp(a: number, b: number, c: number, d: number): bigint {
  const ab = a * b;
  const num = ab * c;
  if (safe(ab) && safe(num)) {
    let q = Math.floor(num / d);
    let r = num - q * d;
    // the float quotient can be one off near an integer: correct it with the exact remainder
    if (r < 0) {
      q -= 1;
      r += d;
    } else if (r >= d) {
      q += 1;
      r -= d;
    }
    return BigInt(2 * r >= d ? q + 1 : q);
  }
  return divRoundHalfUp(BigInt(a) * BigInt(b) * BigInt(c), BigInt(d));
}

export const pow10 = (k: number): number => POW10[k] ?? 10 ** k;

/** A number with at most 2 decimals (validated, e.g. an assessment score) as exact hundredths. */
export const toHundredths = (x: number): number => Math.round(x * 100);

/** Is the mean of `count` values summing to `sumHundredths` hundredths below `threshold`? Exact. */
export function meanBelow(sumHundredths: number, count: number, threshold: Scaled): boolean {
  const lhs = sumHundredths * pow10(threshold.scale);
  const rhs = threshold.units * 100 * count;
  if (safe(lhs) && safe(rhs)) return lhs < rhs;
  return BigInt(sumHundredths) * 10n ** BigInt(threshold.scale) < BigInt(threshold.units) * 100n * BigInt(count);
}
