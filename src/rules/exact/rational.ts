/**
 * Exact rational numbers on BigInt. Every money, area, rate and price in the engine is one of
 * these (or a fen count derived from one): no binary floats, so a value that falls on half a fen
 * rounds the way exact arithmetic says it should.
 */
export interface Rational {
  readonly n: bigint;
  /** always > 0 */
  readonly d: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) return rational(-n, -d);
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO = rational(0n);

export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}

/** Parses "12345.67", "-0.5", "3". Throws on anything else: callers validate first. */
export function parseDecimal(s: string): Rational {
  const m = DECIMAL.exec(s);
  if (!m) throw new SyntaxError(`not a decimal string: ${JSON.stringify(s)}`);
  const frac = m[3] ?? '';
  const n = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return rational(n, 10n ** BigInt(frac.length));
}

/** An integer or a float that is written with finitely many decimals (e.g. a score 62.5). */
export function fromNumber(x: number): Rational {
  return parseDecimal(String(x));
}

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);

export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Integer quotient n/d rounded half away from zero (the only "half up" money ever needs). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d < 0n) return divRoundHalfUp(-n, -d);
  if (n < 0n) return -divRoundHalfUp(-n, d);
  return (2n * n + d) / (2n * d);
}

/** Integer quotient n/d rounded toward minus infinity. */
export function divFloor(n: bigint, d: bigint): bigint {
  if (d < 0n) return divFloor(-n, -d);
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}

/** The value scaled by 10^places and rounded half up, as an integer. */
export function roundHalfUpScaled(a: Rational, places: number): bigint {
  return divRoundHalfUp(a.n * 10n ** BigInt(places), a.d);
}

export function roundDownScaled(a: Rational, places: number): bigint {
  return divFloor(a.n * 10n ** BigInt(places), a.d);
}

/** Formats an integer that counts 10^-places units as a fixed-point string. */
export function formatScaled(units: bigint, places: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** Fixed decimals, half up (display only: never feed the result back into a calculation). */
export function toFixed(a: Rational, places: number): string {
  return formatScaled(roundHalfUpScaled(a, places), places);
}

/** Shortest exact decimal form when one exists (denominator 2^a·5^b), else a fraction "17/31". */
export function toExactString(a: Rational): string {
  let d = a.d;
  let places = 0;
  while (d % 10n === 0n) {
    d /= 10n;
    places++;
  }
  while (d % 2n === 0n) {
    d /= 2n;
    places++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    places++;
  }
  if (d !== 1n) return `${a.n}/${a.d}`;
  const units = (a.n * 10n ** BigInt(places)) / a.d;
  return formatScaled(units, places);
}
