/**
 * Spreadsheet cells to typed values, or a message in zh-CN saying what is wrong (the import report
 * is read by clerks). Excel stores numbers as binary floats: a number cell becomes the shortest
 * decimal that reads back as the same float ("12000.5"), then is checked against the scale the field
 * allows. Text typed with a Chinese input method may hold full-width digits and signs ("１２．５"):
 * numbers, dates and codes read them as ASCII.
 */

import { CATEGORY_NAMES, KIND_NAMES, PROGRAMME_NAMES } from '../registry/labels.ts';
import { usccProblem } from '../registry/uscc.ts';
import { formatDay, parseDay } from '../rules/dates/date.ts';
import { parsePeriod } from '../rules/dates/period.ts';

export type Cell = unknown;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
/** What a non-blank cell holds once formulas, rich text and hyperlinks are unwrapped. */
export type Content = string | number | boolean | Date;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

const FORMULA_WITHOUT_RESULT = '该单元格是公式但没有计算结果：请在 Excel 中重新计算并保存，或粘贴为数值';
const NOT_A_NUMBER = '不是数字';
const SCIENTIFIC = '不是数字：请写出完整的数字，不要用科学计数法（如 1E+12）';
const NEGATIVE = '不能为负数';
const NOT_AN_INTEGER = '应为不小于 0 的整数';

/** exceljs cell values that are objects (formulas, rich text, hyperlinks, errors). */
interface CellObject {
  formula?: string;
  sharedFormula?: string;
  result?: Cell;
  richText?: { text: string }[];
  text?: Cell;
  error?: string;
}

const isFormula = (c: CellObject): boolean => 'formula' in c || 'sharedFormula' in c;
const errorOf = (v: Cell): string | undefined =>
  v !== null && typeof v === 'object' && 'error' in v ? String((v as CellObject).error) : undefined;

/** The content of a cell; blanks (and formulas that calculate to "") → null. */
export function content(cell: Cell): Parsed<Content | null> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'string') {
    const s = cell.trim(); // trim() also removes the full-width space U+3000
    return ok(s === '' ? null : s);
  }
  if (typeof cell === 'number' || typeof cell === 'boolean' || cell instanceof Date) return ok(cell);
  if (typeof cell !== 'object') return ok(String(cell));
  const c = cell as CellObject;
  if (isFormula(c)) {
    if (c.result === undefined || c.result === null) return bad(FORMULA_WITHOUT_RESULT);
    // the streaming reader turns an error result into NaN; the other reader into {error}
    const error = errorOf(c.result) ?? (typeof c.result === 'number' && Number.isNaN(c.result) ? '' : undefined);
    if (error !== undefined) return bad(`公式的计算结果是错误值${error ? ` ${error}` : ''}：请在 Excel 中更正公式，或粘贴为数值`);
    return content(c.result);
  }
  if (c.richText) return content(c.richText.map((x) => x.text).join(''));
  if ('text' in c) return content(c.text); // a hyperlink
  const error = errorOf(c);
  if (error !== undefined) return bad(`单元格是错误值 ${error}：请更正`);
  return ok(null);
}

/** The cell as the report shows it: its value, a formula's text when it has no result, "" for blank. */
export function shown(cell: Cell): string {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
    const c = cell as CellObject;
    if (isFormula(c) && (c.result === undefined || c.result === null)) return `=${c.formula ?? c.sharedFormula ?? ''}`;
    const error = errorOf(c) ?? (isFormula(c) ? errorOf(c.result) : undefined);
    if (error !== undefined) return error;
  }
  const v = content(cell);
  if (!v.ok || v.value === null) return '';
  return v.value instanceof Date ? dayText(v.value) : String(v.value);
}

/** A parser of non-blank content; blanks are null, unreadable cells keep their message. */
const field =
  <T>(parse: (v: Content) => Parsed<T>) =>
  (cell: Cell): Parsed<T | null> => {
    const c = content(cell);
    if (!c.ok) return bad(c.message);
    return c.value === null ? ok(null) : parse(c.value);
  };

/** Full-width ASCII forms (U+FF01–FF5E: "１２．５％") and the minus sign U+2212 as ASCII. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u2212/g, '-');
}

/** "1,234,567.5" → "1234567.5"; commas elsewhere ("12,5") make it not a number. */
function ungroup(s: string): string | null {
  if (!s.includes(',')) return s;
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : null;
}

const SCIENTIFIC_TEXT = /^[-+]?\d+(\.\d+)?e[-+]?\d+$/i;
const CURRENCY = /^[¥￥]|元$/g;

/** A float as a plain decimal string: exact for integers however large, shortest round trip otherwise. */
function numberText(v: number, scale: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(v)) return BigInt(v).toString();
  return v.toFixed(Math.min(20, scale + 2)).replace(/\.?0+$/, '');
}

/**
 * The decimal string of a number typed as text or stored as a number, or the problem; `unit`
 * strips a currency sign or unit the clerk may have typed. Signs are kept for the caller to judge.
 */
function decimalText(v: Content, scale: number, unit: RegExp | null = CURRENCY): Parsed<string> {
  if (typeof v === 'number') return Number.isFinite(v) ? ok(numberText(v, scale)) : bad(NOT_A_NUMBER);
  if (typeof v !== 'string') return bad(NOT_A_NUMBER);
  const s = (unit ? halfWidth(v).replace(unit, '') : halfWidth(v)).trim();
  if (SCIENTIFIC_TEXT.test(s)) return bad(SCIENTIFIC);
  const plain = ungroup(s);
  if (plain === null || !/^-?\d+(\.\d+)?$/.test(plain)) return bad(NOT_A_NUMBER);
  return ok(plain);
}

const decimals = (s: string): number => s.split('.')[1]?.length ?? 0;

export const text = field((v) => ok(v instanceof Date ? dayText(v) : String(v)));

export const integer = field((v) => {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = halfWidth(v);
    if (SCIENTIFIC_TEXT.test(s)) return bad(SCIENTIFIC);
    const plain = ungroup(s);
    n = plain !== null && /^\d+$/.test(plain) ? Number(plain) : Number.NaN;
  } else n = Number.NaN;
  if (!Number.isInteger(n) || n < 0) return bad(NOT_AN_INTEGER);
  if (!Number.isSafeInteger(n)) return bad('数值过大');
  return ok(n);
});

/** A decimal ≥ 0 with at most `scale` decimals, as a decimal string. */
export function decimal(cell: Cell, scale: number): Parsed<string | null> {
  return field<string>((v) => {
    const d = decimalText(v, scale);
    if (!d.ok) return d;
    if (d.value.startsWith('-')) return bad(NEGATIVE);
    if (decimals(d.value) > scale) return bad(`最多 ${scale} 位小数`);
    return ok(d.value);
  })(cell);
}

/** n × 10^-scale as a decimal string without trailing zeros: (855n, 3) → "0.855", (100n, 2) → "1". */
function scaled(n: bigint, scale: number): string {
  const digits = n.toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

const RATIO_SCALE = 6;
/**
 * A ratio: "0.85", "85%" (→ "0.85", exactly) or a percent-formatted cell (exceljs gives 0.85). Its
 * column's range bounds it (0..1 for a collection rate): a bare 85 is refused by the range rather
 * than guessed, since 85% and 0.85 both look like it.
 */
export const ratio = field((v) => {
  const percent = typeof v === 'string' && /[%％]\s*$/.test(v);
  const d = decimalText(percent ? (v as string).replace(/[%％]\s*$/, '') : v, RATIO_SCALE + 2, null);
  if (!d.ok) return d;
  if (d.value.startsWith('-')) return bad(NEGATIVE);
  const [int = '', frac = ''] = d.value.split('.');
  const value = percent ? scaled(BigInt(int + frac), frac.length + 2) : d.value;
  if (decimals(value) > RATIO_SCALE) return bad(`最多 ${RATIO_SCALE} 位小数`);
  return ok(value);
});

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Date cells come as JS Dates at UTC midnight (exceljs); serial numbers count days since 1899-12-30. */
const dayText = (d: Date): string => formatDay(Math.floor(d.getTime() / 86400000));

export const date = field((v) => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? bad('不是有效日期') : ok(dayText(v));
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2958465) return bad('不是有效日期');
    return ok(formatDay(Math.floor((EXCEL_EPOCH + v * 86400000) / 86400000)));
  }
  if (typeof v !== 'string') return bad('不是有效日期');
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(halfWidth(v));
  if (!m) return bad('日期格式应为 YYYY-MM-DD');
  const iso = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return parseDay(iso) === null ? bad('不是有效日期') : ok(iso);
});

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '有']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '无']);

export const boolean = field((v) => {
  if (typeof v === 'boolean') return ok(v);
  const s = halfWidth(String(v)).toUpperCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad('应填“是”或“否”');
});

export const kind = field((v) => {
  const s = String(v);
  if (s === KIND_NAMES.compound || s === 'compound') return ok('compound' as const);
  if (s === KIND_NAMES.scattered || s === 'scattered') return ok('scattered' as const);
  return bad('类型应填“小区”或“零散楼栋”');
});

export const period = field((v) => {
  const s = halfWidth(String(v))
    .toUpperCase()
    .replace('上半年', 'H1')
    .replace('下半年', 'H2')
    .replace(/年|\s|-/g, '');
  return parsePeriod(s) ? ok(s) : bad('半年期应写作年份加 H1（上半年）或 H2（下半年），如 2025H1');
});

export const uscc = field((v) => {
  const s = halfWidth(String(v)).toUpperCase();
  const p = usccProblem(s);
  if (p === 'length') return bad('统一社会信用代码应为 18 位');
  if (p === 'characters') return bad('统一社会信用代码含无效字符（不使用 I、O、Z、S、V）');
  if (p === 'checkDigit') return bad('统一社会信用代码校验位不正确');
  return ok(s);
});

/**
 * A bank account number, which must arrive as text: Excel keeps 15 significant digits of a number,
 * so a 19-digit account typed into a number cell has already lost its last digits. Spaces (used to
 * group digits) are dropped; dashes, part of some account numbers, are kept.
 */
export const account = field((v) => {
  if (typeof v === 'number') return bad('账号是数字格式，超过 15 位的数字已被 Excel 改动：请把该列设置为文本格式后重新输入账号');
  const s = halfWidth(String(v)).replace(/\s+/g, '');
  return /^\d+(-\d+)*$/.test(s) ? ok(s) : bad('账号只能由数字组成，可用空格或短横线分隔');
});

/** Facility categories by their Chinese names or codes; other text is kept (the engine rejects it). */
export const category = field((v) => {
  const s = String(v);
  return ok(CATEGORY_NAMES[s] ?? s);
});

/** A year: 2025, "2025" or "2025年" (full-width digits too); whether it is a year the platform keeps is the caller's. */
export const year = field((v) => {
  const s =
    typeof v === 'number'
      ? String(v)
      : halfWidth(String(v))
          .replace(/\s+/g, '')
          .replace(/年(度)?$/, '');
  return /^\d{4}$/.test(s) ? ok(Number(s)) : bad('年度应为四位年份，如 2025');
});

const PROGRAMME_CODES = new Map<string, 'T' | 'W' | 'F'>(
  Object.entries(PROGRAMME_NAMES).flatMap(([code, name]) => [
    [code, code as 'T'],
    [name, code as 'T'],
    [`${code}${name}`, code as 'T'],
  ]),
);

/**
 * A programme by its code (T, W, F, either case), its name (企业承接奖补 …) or both ("T 企业承接奖补",
 * "T（企业承接奖补）").
 */
export const programme = field((v) => {
  const s = halfWidth(String(v))
    .toUpperCase()
    .replace(/[\s()（）]/g, '');
  const code = PROGRAMME_CODES.get(s);
  return code
    ? ok(code)
    : bad(
        `项目应填 ${Object.entries(PROGRAMME_NAMES)
          .map(([c, n]) => `${c}（${n}）`)
          .join('、')} 之一`,
      );
});
