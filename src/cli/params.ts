/** `jiangbu params`: the parameters in force on a date, as a table or JSON. */

import { type Override, ParameterError } from '../policy/load.ts';
import { parseDay } from '../rules/dates/date.ts';
import type { Lang, ParamUse } from '../rules/params/types.ts';
import { paramRows } from '../service/params.ts';
import { formatTable } from './table.ts';

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
  return formatTable(head, body);
}
