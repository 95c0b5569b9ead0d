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

/** "12000.50" → {units: 1200050, scale: 2}; null when it does not fit a safe integer (callers fall back). */
export function parseScaled(s: string): Scaled | null {
  let units = 0;
  let scale = -1;
  const n = s.length;
  if (n === 0 || n > 16) return null;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (scale >= 0) return null;
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57) return null;
    units = units * 10 + (c - 48);
    if (scale >= 0) scale++;
  }
  if (!Number.isSafeInteger(units)) return null;
  return { units, scale: Math.max(scale, 0) };
}

const safe = Number.isSafeInteger;

/** a ≥ m × b for decimal strings a, b and a scaled minimum m (m ≥ 0), exactly. */
export function atLeastTimes(a: string, m: Scaled, b: string): boolean {
  const x = parseScaled(a);
  const y = parseScaled(b);
  if (x && y && m.scale + y.scale <= 15 && x.scale <= 15) {
    const lhs = x.units * (POW10[m.scale + y.scale] as number);
    const rhs = m.units * y.units * (POW10[x.scale] as number);
    if (safe(lhs) && safe(rhs)) return lhs >= rhs;
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
