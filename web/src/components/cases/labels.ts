/**
 * The names of states, actions, form fields and scorers: the server's own (src/workflow/labels.ts, pure
 * data shared with the server's messages), in the console's language.
 */

import { actionsFor, type CaseType, WORKFLOWS } from '../../../../src/workflow/index.ts';
import { actionLabel, CATEGORY_NAMES, fieldLabel, SCORER_NAMES, stateLabel } from '../../../../src/workflow/labels.ts';
import type { Lang } from '../../i18n.tsx';

export { actionLabel, actionsFor, CATEGORY_NAMES, type CaseType, fieldLabel, stateLabel, WORKFLOWS };

export const scorerLabel = (scorer: keyof typeof SCORER_NAMES, lang: Lang): string => SCORER_NAMES[scorer][lang === 'zh' ? 0 : 1];

/** A form value as text: yes/no, a list's length, an object's entries; never a JSON blob. */
export function valueText(v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? (lang === 'zh' ? '是' : 'Yes') : lang === 'zh' ? '否' : 'No';
  if (Array.isArray(v)) return v.map((x) => valueText(x, lang)).join('；');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${fieldLabel(k, lang)} ${valueText(x, lang)}`)
      .join('，');
  return String(v);
}

/** What period a case is about: a claim's half-year, or the failed year a rectification answers. */
export const casePeriod = (c: { period: string | null; year: number | null }, lang: Lang): string =>
  c.period ?? (c.year === null ? '—' : lang === 'zh' ? `${c.year} 年度` : `Year ${c.year}`);
