/** `jiangbu params`: the parameters in force on a date, as a table or JSON. */
import { type Override, ParameterError } from '../policy/load.ts';
import { parseDay } from '../rules/dates/date.ts';
import type { Lang, ParamUse } from '../rules/params/types.ts';
import { paramRows } from '../service/params.ts';

export interface ParamsOptions {
  at?: string | undefined;
  lang: Lang;
  json: boolean;
  overrides: Override[];
}

const show = (v: ParamUse['value']) => (v === null ? '—' : Array.isArray(v) ? v.join(',') : String(v));

export function paramsTable(o: ParamsOptions): string {
  if (o.at !== undefined && parseDay(o.at) === null)
    throw new ParameterError(`--at ${o.at}：不是有效日期（YYYY-MM-DD）`, `--at ${o.at}: not a date YYYY-MM-DD`);
  const rows = paramRows(o.at, o.lang, o.overrides);
  if (o.json) return `${JSON.stringify(rows, null, 2)}\n`;
  const head =
    o.lang === 'zh'
      ? ['参数', '值', '单位', '起', '止', '条款', '决定', '说明']
      : ['parameter', 'value', 'unit', 'from', 'to', 'clause', 'decision', 'meaning'];
  const body = rows.map((r) => [
    r.id,
    show(r.value) + (r.overridden ? ' *' : ''),
    r.unit,
    r.from,
    r.to ?? '—',
    r.clause,
    r.decision ?? '',
    r.label,
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i] as string))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] as number) - width(c))))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...body.map(line)].join('\n')}\n`;
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
