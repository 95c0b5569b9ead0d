/** The engine's result as docs/calc-format.md's JSON: decimal strings, rendered reasons, optional trace. */
import type { Calculation } from './engine.ts';
import { formatMoney, type Money } from './exact/money.ts';
import { type RenderedReason, type RenderedStep, renderReason, renderStep } from './explain/render.ts';
import type { Line } from './lines.ts';
import type { Lang } from './params/types.ts';

export interface LineJson {
  program: 'T' | 'W' | 'F';
  subject: string;
  period?: string;
  status: string;
  tier?: 1 | 2 | null;
  months?: string;
  rate?: string | null;
  amount: string;
  base?: string;
  payableFrom?: string;
  missing?: string[];
  reasons: RenderedReason[];
  trace?: RenderedStep[];
}

export interface ResultJson {
  policy: { id: string; version: string; paramsHash: string };
  asOf: string;
  lines: LineJson[];
  totals: { T: string; W: string; F: string };
}

export interface PresentOptions {
  lang?: Lang;
  explain?: boolean;
}

export function presentLine(l: Line, lang: Lang, explain: boolean): LineJson {
  const out: Partial<LineJson> = { program: l.program, subject: l.subject };
  if (l.program === 'T' && l.period !== undefined) out.period = l.period;
  out.status = l.status;
  if (l.program === 'T') {
    out.tier = l.tier;
    if (l.months !== undefined) out.months = l.months;
    if (l.rate !== undefined) out.rate = l.rate;
  }
  out.amount = formatMoney(l.amount);
  if (l.program === 'F' && l.base !== undefined) out.base = formatMoney(l.base);
  if (l.program === 'W' && l.payableFrom !== undefined) out.payableFrom = l.payableFrom;
  if (l.missing) out.missing = l.missing;
  out.reasons = l.reasons.map((r) => renderReason(r, lang));
  if (explain && l.trace) out.trace = l.trace.map((s) => renderStep(s, lang));
  return out as LineJson;
}

const money = (m: Money) => formatMoney(m);

export function presentCalculation(c: Calculation, opts: PresentOptions = {}): ResultJson {
  const lang = opts.lang ?? 'zh';
  return {
    policy: { id: c.policy.id, version: c.policy.version, paramsHash: c.policy.paramsHash },
    asOf: c.asOf,
    lines: c.lines.map((l) => presentLine(l, lang, opts.explain ?? false)),
    totals: { T: money(c.totals.T), W: money(c.totals.W), F: money(c.totals.F) },
  };
}
