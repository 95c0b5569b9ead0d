/**
 * Spreadsheet cells to typed values, or a message in zh-CN saying what is wrong.
 * Excel stores numbers as binary floats: a number cell becomes the shortest decimal that reads
 * back as the same float ("12000.5"), then is checked against the scale the field allows.
 */

import { usccProblem } from '../registry/uscc.ts';
import { formatDay, parseDay } from '../rules/dates/date.ts';
import { parsePeriod } from '../rules/dates/period.ts';

export type Cell = unknown;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The plain content of a cell: formula results, rich text and hyperlinks unwrapped; blanks → null. */
export function plain(cell: Cell): string | number | boolean | Date | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'object' && !(cell instanceof Date)) {
    const c = cell as { result?: Cell; richText?: { text: string }[]; text?: string; error?: string };
    if ('result' in c) return plain(c.result);
    if (c.richText) return c.richText.map((x) => x.text).join('');
    if (typeof c.text === 'string') return c.text;
    if (c.error) return String(c.error);
    return null;
  }
  if (typeof cell === 'string') {
    const s = cell.trim();
    return s === '' ? null : s;
  }
  return cell as string | number | boolean | Date;
}

export function text(cell: Cell): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  if (v instanceof Date) return ok(formatDay(dateToDay(v)));
  return ok(String(v));
}

export function integer(cell: Cell): Parsed<number | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) return bad('应为不小于 0 的整数');
  return ok(n);
}

/** A decimal ≥ 0 with at most `scale` decimals, as a decimal string. */
export function decimal(cell: Cell, scale: number): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad('不是数字');
    s = String(v);
    if (/e/i.test(s)) s = v.toFixed(Math.min(20, scale + 2)).replace(/\.?0+$/, '');
  } else if (typeof v === 'string')
    s = v
      .replace(/,/g, '')
      .replace(/^¥|元$/g, '')
      .trim();
  else return bad('不是数字');
  if (s.startsWith('-')) return bad('不能为负数');
  if (!/^\d+(\.\d+)?$/.test(s)) return bad('不是数字');
  const decimals = s.split('.')[1]?.length ?? 0;
  if (decimals > scale) return bad(`最多 ${scale} 位小数`);
  return ok(s);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Date cells come as JS Dates at UTC midnight (exceljs); serial numbers count days since 1899-12-30. */
function dateToDay(d: Date): number {
  return Math.floor(d.getTime() / 86400000);
}

export function date(cell: Cell): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? bad('不是有效日期') : ok(formatDay(dateToDay(v)));
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2958465) return bad('不是有效日期');
    return ok(formatDay(Math.floor((EXCEL_EPOCH + v * 86400000) / 86400000)));
  }
  if (typeof v !== 'string') return bad('不是有效日期');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (!m) return bad('日期格式应为 YYYY-MM-DD');
  const iso = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return parseDay(iso) === null ? bad('不是有效日期') : ok(iso);
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '有']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '无']);

export function boolean(cell: Cell): Parsed<boolean | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  if (typeof v === 'boolean') return ok(v);
  const s = String(v).toUpperCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad('应填“是”或“否”');
}

export function kind(cell: Cell): Parsed<'compound' | 'scattered' | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  const s = String(v);
  if (s === '小区' || s === 'compound') return ok('compound');
  if (s === '零散楼栋' || s === 'scattered') return ok('scattered');
  return bad('类型应填“小区”或“零散楼栋”');
}

export function period(cell: Cell): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  const s = String(v).toUpperCase().replace('上半年', 'H1').replace('下半年', 'H2').replace(/年/, '');
  return parsePeriod(s) ? ok(s) : bad('半年期应为 2024H1 或 2024H2');
}

export function uscc(cell: Cell): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  const s = String(v).toUpperCase();
  const p = usccProblem(s);
  if (p === 'length') return bad('统一社会信用代码应为 18 位');
  if (p === 'characters') return bad('统一社会信用代码含无效字符（不使用 I、O、Z、S、V）');
  if (p === 'checkDigit') return bad('统一社会信用代码校验位不正确');
  return ok(s);
}

export function score(cell: Cell): Parsed<string | null> {
  const d = decimal(cell, 2);
  if (!d.ok || d.value === null) return d;
  return Number(d.value) > 100 ? bad('考核得分应在 0 至 100 之间') : d;
}

/** Facility categories (3.1, D-18) by their Chinese names or codes; other text is kept (the engine rejects it). */
export const CATEGORY_NAMES: Record<string, string> = {
  公共卫生: 'health',
  消除安全隐患: 'safety',
  安防设施设备: 'security',
  基本物业服务设施: 'basic',
  基本物业管理服务设施与基础设施改造: 'basic',
};

export function category(cell: Cell): Parsed<string | null> {
  const v = plain(cell);
  if (v === null) return ok(null);
  const s = String(v);
  return ok(CATEGORY_NAMES[s] ?? s);
}
