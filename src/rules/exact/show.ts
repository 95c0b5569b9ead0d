/** How exact values are shown in explanations: exactly when short, else "≈" and 6 decimals. */
import { type Rational, toExactString, toFixed } from './rational.ts';

export function showValue(q: Rational): string {
  const exact = toExactString(q);
  if (!exact.includes('/') && (exact.split('.')[1]?.length ?? 0) <= 6) return exact;
  return `≈${toFixed(q, 6)}`;
}

/** "= 2200.08" when exact, "≈ 2200.076690" when not. */
export function showEquals(q: Rational): string {
  const v = showValue(q);
  return v.startsWith('≈') ? `≈ ${v.slice(1)}` : `= ${v}`;
}
