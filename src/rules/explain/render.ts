/** Renders reasons and trace steps to text in zh-CN or English, with their clause ids. */
import type { Lang } from '../params/types.ts';
import { MESSAGES } from './messages.ts';
import { type Args, argsOf, type Reason, type TraceStep } from './types.ts';

function argText(v: Args[string], lang: Lang): string {
  return typeof v === 'object' ? v[lang] : String(v);
}

export function renderText(r: Reason, lang: Lang): string {
  const template: string = MESSAGES[r.code][lang];
  const args = argsOf(r);
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = args[k];
    return v === undefined ? m : argText(v, lang);
  });
}

export interface RenderedReason {
  code: string;
  clause: string;
  text: string;
}

export const renderReason = (r: Reason, lang: Lang): RenderedReason => ({
  code: r.code,
  clause: MESSAGES[r.code].clause,
  text: renderText(r, lang),
});

export interface RenderedStep extends RenderedReason {
  rule: string;
  facts?: Record<string, unknown>;
  params?: TraceStep['params'];
  values?: Record<string, string>;
}

export function renderStep(s: TraceStep, lang: Lang): RenderedStep {
  const out: RenderedStep = { rule: s.rule, ...renderReason(s, lang) };
  if (s.facts) out.facts = s.facts;
  if (s.params) out.params = s.params;
  if (s.values) out.values = s.values;
  return out;
}
