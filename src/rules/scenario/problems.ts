/** Bad input, named by JSON path, in zh-CN and English (docs/calc-format.md "Bad input"). */
import type { Lang } from '../params/types.ts';

export interface Problem {
  /** JSON path, e.g. `$.engagements[0].periods[1].period` */
  path: string;
  code: ProblemCode;
  args?: Record<string, string | number>;
}

const PROBLEMS = {
  required: { zh: '缺少必填字段', en: 'is required' },
  'key.unknown': { zh: '未知字段', en: 'is not a field of this record' },
  'type.string': { zh: '应为文本', en: 'must be a string' },
  'type.boolean': { zh: '应为 true 或 false', en: 'must be true or false' },
  'type.number': { zh: '应为数字', en: 'must be a number' },
  'type.integer': { zh: '应为整数', en: 'must be a whole number' },
  'type.array': { zh: '应为数组', en: 'must be an array' },
  'type.object': { zh: '应为对象', en: 'must be an object' },
  'type.date': { zh: '应为日期文本 YYYY-MM-DD', en: 'must be a date string YYYY-MM-DD' },
  'type.period': { zh: '应为半年期文本，如 "2024H1"', en: 'must be a half-year string such as "2024H1"' },
  'type.decimal': { zh: '应为十进制数字文本，如 "12000.00"', en: 'must be a decimal string such as "12000.00"' },
  'decimal.number': {
    zh: '应为十进制数字文本（如 "12000.00"），不接受 JSON 数字',
    en: 'must be a decimal string such as "12000.00", not a JSON number',
  },
  'decimal.format': { zh: '不是十进制数字，如 "12000.00"', en: 'is not a decimal number such as "12000.00"' },
  'decimal.negative': { zh: '不能为负数', en: 'must not be negative' },
  'area.positive': { zh: '面积必须大于 0', en: 'area must be greater than 0' },
  'date.invalid': { zh: '不是有效的日期（YYYY-MM-DD）', en: 'is not a valid calendar date (YYYY-MM-DD)' },
  'period.invalid': { zh: '不是有效的半年期（YYYYH1 或 YYYYH2）', en: 'is not a half-year period (YYYYH1 or YYYYH2)' },
  'kind.invalid': { zh: '类型应为 "compound"（小区）或 "scattered"（零散楼栋）', en: 'must be "compound" or "scattered"' },
  'outcome.invalid': {
    zh: '整改结果应为 "rectified"、"failed" 或 "refused"',
    en: 'must be "rectified", "failed" or "refused"',
  },
  'integer.whole': { zh: '应为整数', en: 'must be a whole number' },
  'integer.negative': { zh: '不能为负数', en: 'must not be negative' },
  'year.range': { zh: '不是有效年份', en: 'is not a valid year' },
  'score.range': { zh: '考核得分应在 0 至 100 之间', en: 'must be between 0 and 100' },
  'score.decimals': { zh: '考核得分最多两位小数', en: 'must have at most 2 decimals' },
  'id.empty': { zh: '编号不能为空', en: 'must not be empty' },
  'id.duplicate': { zh: '编号 "{id}" 重复（首次出现于 {first}）', en: 'duplicate id "{id}" (first at {first})' },
  'compound.unknown': { zh: '没有编号为 "{id}" 的小区', en: 'names no compound: "{id}"' },
  'period.repeated': { zh: '半年期 {period} 重复（首次出现于 {first}）', en: 'period {period} repeated (first at {first})' },
  'endDate.beforeEntry': {
    zh: '服务结束日期 {endDate} 早于进驻日期 {entryDate}',
    en: 'end date {endDate} is before the entry date {entryDate}',
  },
  'engagement.overlap': {
    zh: '与承接 {other} 在小区 {compound} 的服务期重叠（同一小区同一时间只能有一家企业）',
    en: 'overlaps engagement {other} of compound {compound} (one company per compound at a time)',
  },
  'rectification.yearBeforeStart': {
    zh: '整改年度 {year} 早于计奖期开始的年度 {startYear}',
    en: 'year {year} is before {startYear}, the year the accrual window starts',
  },
  'rectification.decidedTooEarly': {
    zh: '整改决定日期 {decidedOn} 须晚于 {year}-12-31',
    en: 'decided {decidedOn}: must be after {year}-12-31',
  },
  'rectification.repeated': {
    zh: '{year} 年度已有整改记录（{first}），每年度只能有一条',
    en: 'a second record for {year} (first at {first}): one record per year',
  },
  'committee.contractBeforeEstablished': {
    zh: '服务合同签订日期 {signed} 早于业委会设立日期 {established}',
    en: 'service contract signed {signed}, before the committee was established {established}',
  },
  'json.syntax': { zh: '不是有效的 JSON：{detail}', en: 'is not valid JSON: {detail}' },
  invalid: { zh: '无效：{detail}', en: 'invalid: {detail}' },
  /** a what-if override: the message in each language comes with it */
  'set.invalid': { zh: '{zh}', en: '{en}' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export const isProblemCode = (s: string): s is ProblemCode => Object.hasOwn(PROBLEMS, s);

export function problemText(p: Problem, lang: Lang): string {
  const template: string = PROBLEMS[p.code][lang];
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (p.args && k in p.args ? String(p.args[k]) : m));
}

/** `$.engagements[0].periods[1].period` from a path array. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return s;
}

export function formatProblems(problems: readonly Problem[], lang: Lang): string {
  const head =
    lang === 'zh'
      ? `输入无效（${problems.length} 处）：`
      : `invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
  return [head, ...problems.map((p) => `  ${p.path}: ${problemText(p, lang)}`)].join('\n');
}
