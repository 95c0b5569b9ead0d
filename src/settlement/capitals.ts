/**
 * An amount in Chinese financial capitals (大写金额), as written on a payment voucher and on the
 * disbursement approval form (拨付审批表). The rules are the People's Bank of China's "正确填写票据和
 * 结算凭证的基本规定" (annex to 《支付结算办法》) and 《会计基础工作规范》 article 52:
 *
 * - digits 零壹贰叁肆伍陆柒捌玖, places 拾佰仟, sections 万 亿, then 元 角 分; 拾 always has its digit
 *   (10 → 壹拾元整, never 拾元整: a bare 拾 invites a digit written in front of it);
 * - one 零 for every run of zeros lying between two non-zero digits, wherever the run lies: inside a section
 *   (1001 → 壹仟零壹元整), across 万/亿 (10005 → 壹万零伍元整, 100010000 → 壹亿零壹万元整), at 元 before 角
 *   (1680.32 → 壹仟陆佰捌拾元零叁角贰分) and at 角 before 分 (1.05 → 壹元零伍分). The regulation requires 零
 *   in all these places except at 万 or 元 followed by a non-zero 仟 or 角, where it allows 零 or nothing;
 *   we always write it (one rule, nothing left for a forger to fill in). Zeros at the end write nothing;
 *   a section of four zeros writes no 万/亿 (100000000 → 壹亿元整, never 壹亿零元整 or 壹亿万元整);
 * - 整 after 元 and after 角, none after 分: the PBOC rule allows 整 after 角 ("在角之后可以不写整"),
 *   article 52 asks for it ("到元或者角为止的 … 应当写整"), so writing it satisfies both (1.50 → 壹元伍角整);
 * - less than one yuan has no 元 (0.56 → 伍角陆分); zero is 零元整.
 *
 * The currency name 人民币 is the form's to print in front (the form shows "人民币（大写）").
 * Exact digit work on the decimal string: no floating point anywhere.
 */
import { userError } from '../lib/errors.ts';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
/** place inside a four-digit section, by the power of ten modulo 4 */
const PLACES = ['', '拾', '佰', '仟'] as const;
/** the unit closing a section, by the section's index from the right (元 closes the lowest) */
const SECTIONS = ['元', '万', '亿'] as const;

/** yuan without leading zeros, at most 2 decimals: "0", "10005", "0.5", "17032.26" */
const SHAPE = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;
/** 9999亿 9999万 9999 yuan is the largest: twelve integer digits */
const MAX_INTEGER_DIGITS = 12;

/** The shape of an amount refused, said in both languages. */
function refuse(yuan: string): never {
  if (/^-/.test(yuan.trim()))
    throw userError('capitals.negative', `金额不能为负数：${yuan}`, `an amount in capitals cannot be negative: ${yuan}`);
  if (/^(0|[1-9][0-9]*)\.[0-9]{3,}$/.test(yuan))
    throw userError('capitals.decimals', `金额最多两位小数（到分）：${yuan}`, `an amount has at most 2 decimals (fen): ${yuan}`);
  throw userError(
    'capitals.shape',
    `金额应为以元计的小数，如 17032.26：${JSON.stringify(yuan)}`,
    `an amount is yuan as a decimal such as 17032.26: ${JSON.stringify(yuan)}`,
  );
}

/** The amount in words (docs/glossary.md 大写金额): "17032.26" → "壹万柒仟零叁拾贰元贰角陆分"; throws for a negative, a third decimal, a bad shape, ≥ 10^12 yuan. */
export function amountInWords(yuan: string): string {
  const m = SHAPE.exec(yuan);
  if (!m) return refuse(yuan);
  const integer = m[1] ?? '0';
  const [jiao = 0, fen = 0] = [...(m[2] ?? '').padEnd(2, '0')].map(Number);
  if (integer.length > MAX_INTEGER_DIGITS)
    throw userError('capitals.too_large', `金额过大（大写最多到仟亿）：${yuan}`, `an amount in capitals must be below 10^12 yuan: ${yuan}`);

  let out = '';
  // a zero seen after a non-zero digit, written as one 零 only if a non-zero digit follows
  let zeroPending = false;
  const write = (digit: number, unit: string) => {
    if (digit === 0) {
      if (out !== '') zeroPending = true;
      return;
    }
    if (zeroPending) out += '零';
    zeroPending = false;
    out += DIGITS[digit] + unit;
  };

  let sectionHasDigit = false;
  for (let i = 0; i < integer.length; i++) {
    const power = integer.length - 1 - i;
    const digit = Number(integer[i]);
    write(digit, PLACES[power % 4] ?? '');
    if (digit !== 0) sectionHasDigit = true;
    if (power % 4 === 0) {
      // 元 is written whenever there is a whole yuan at all, 万/亿 only for a section with a digit
      if (power > 0 ? sectionHasDigit : out !== '') out += SECTIONS[power / 4];
      sectionHasDigit = false;
    }
  }
  write(jiao, '角');
  write(fen, '分');

  if (out === '') return '零元整';
  return fen === 0 ? `${out}整` : out;
}
