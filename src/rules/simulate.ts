/** What-if: the same scenario under two policies, compared total by total and line by line. */
import type { Calculation, Totals } from './engine.ts';
import { fen, formatMoney, type Money } from './exact/money.ts';
import type { Line } from './lines.ts';

export interface LineState {
  status: string;
  tier?: 1 | 2 | null;
  amount: string;
}

export interface ChangedLine {
  program: Line['program'];
  subject: string;
  period?: string;
  before: LineState | null;
  after: LineState | null;
}

export interface Comparison {
  baseline: { paramsHash: string; totals: Record<keyof Totals, string> };
  changed: { paramsHash: string; totals: Record<keyof Totals, string> };
  difference: Record<keyof Totals, string>;
  lines: ChangedLine[];
}

/** A line's identity on both sides of a comparison: programme, subject and (T) half-year. */
export const lineKey = (l: { program: Line['program']; subject: string; period?: string | undefined }) =>
  `${l.program}\u0000${l.subject}\u0000${l.program === 'T' ? (l.period ?? '') : ''}`;
const state = (l: Line): LineState => ({
  status: l.status,
  ...(l.program === 'T' ? { tier: l.tier } : {}),
  amount: formatMoney(l.amount),
});
const totalsJson = (t: Totals) => ({ T: formatMoney(t.T), W: formatMoney(t.W), F: formatMoney(t.F) });
const diff = (a: Money, b: Money) => formatMoney(fen(b - a));

export function compareCalculations(baseline: Calculation, changed: Calculation): Comparison {
  const before = new Map(baseline.lines.map((l) => [lineKey(l), l]));
  const after = new Map(changed.lines.map((l) => [lineKey(l), l]));
  const lines: ChangedLine[] = [];
  const seen = new Set<string>();
  // Walk the changed result in its order, then what only the baseline has.
  for (const [k, l] of [...after, ...before]) {
    if (seen.has(k)) continue;
    seen.add(k);
    const b = before.get(k);
    const a = after.get(k);
    const sb = b ? state(b) : null;
    const sa = a ? state(a) : null;
    if (JSON.stringify(sb) === JSON.stringify(sa)) continue;
    const line: ChangedLine = { program: l.program, subject: l.subject, before: sb, after: sa };
    if (l.program === 'T' && l.period) line.period = l.period;
    lines.push(line);
  }
  return {
    baseline: { paramsHash: baseline.policy.paramsHash, totals: totalsJson(baseline.totals) },
    changed: { paramsHash: changed.policy.paramsHash, totals: totalsJson(changed.totals) },
    difference: {
      T: diff(baseline.totals.T, changed.totals.T),
      W: diff(baseline.totals.W, changed.totals.W),
      F: diff(baseline.totals.F, changed.totals.F),
    },
    lines,
  };
}
