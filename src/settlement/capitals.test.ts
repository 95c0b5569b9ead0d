import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../lib/errors.ts';
import { amountInWords } from './capitals.ts';

/** [yuan, capitals]: the brief's cases, the regulation's own examples, and bugs other libraries had. */
const CASES: [string, string][] = [
  // the brief
  ['17032.26', '壹万柒仟零叁拾贰元贰角陆分'],
  ['10005.00', '壹万零伍元整'],
  ['10005', '壹万零伍元整'],
  ['0.00', '零元整'],
  ['0', '零元整'],
  ['100000000.00', '壹亿元整'],
  ['0.56', '伍角陆分'],
  ['1.05', '壹元零伍分'],
  ['1.50', '壹元伍角整'],
  ['1.5', '壹元伍角整'],
  ['0.5', '伍角整'],
  ['1001', '壹仟零壹元整'],
  ['100010000.00', '壹亿零壹万元整'],
  ['1000000.01', '壹佰万元零壹分'],
  ['123456789012.34', '壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分'],
  // the regulation's examples (with 零 where it leaves 零 to the writer)
  ['1409.50', '壹仟肆佰零玖元伍角整'],
  ['6007.14', '陆仟零柒元壹角肆分'],
  ['1680.32', '壹仟陆佰捌拾元零叁角贰分'],
  ['107000.53', '壹拾万零柒仟元零伍角叁分'],
  ['16409.02', '壹万陆仟肆佰零玖元零贰分'],
  ['325.04', '叁佰贰拾伍元零肆分'],
  // other libraries' bugs: a lost 万 (ec-do), 壹亿零元 / 壹亿万 (hutool), 拾万 without 壹 (rime-ice),
  // 壹拾万零元整 (hutool), 零零零 (fishbase), a lost 元 after 万 (Alfred_NumToCny)
  ['100000', '壹拾万元整'],
  ['10000', '壹万元整'],
  ['20000', '贰万元整'],
  ['300000', '叁拾万元整'],
  ['200000000', '贰亿元整'],
  ['110000', '壹拾壹万元整'],
  ['1000000', '壹佰万元整'],
  ['12000.01', '壹万贰仟元零壹分'],
  ['1100000000', '壹拾壹亿元整'],
  ['309825', '叁拾万零玖仟捌佰贰拾伍元整'],
  ['160102.30', '壹拾陆万零壹佰零贰元叁角整'],
  ['1205623', '壹佰贰拾万零伍仟陆佰贰拾叁元整'],
  // 拾 always with its digit, and small amounts
  ['10', '壹拾元整'],
  ['11', '壹拾壹元整'],
  ['1', '壹元整'],
  ['0.01', '壹分'],
  ['0.05', '伍分'],
  ['0.10', '壹角整'],
  ['0.99', '玖角玖分'],
  ['10.50', '壹拾元零伍角整'],
  ['100.01', '壹佰元零壹分'],
  ['101.10', '壹佰零壹元壹角整'],
  // zeros inside and across sections
  ['1010', '壹仟零壹拾元整'],
  ['10101', '壹万零壹佰零壹元整'],
  ['100001234', '壹亿零壹仟贰佰叁拾肆元整'],
  ['100000001', '壹亿零壹元整'],
  ['1000100', '壹佰万零壹佰元整'],
  ['10001000', '壹仟万零壹仟元整'],
  ['100100000000', '壹仟零壹亿元整'],
  ['100000000000.01', '壹仟亿元零壹分'],
  ['500050005000.50', '伍仟亿零伍仟万零伍仟元零伍角整'],
  ['20000000000', '贰佰亿元整'],
  ['999999999999.99', '玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  // amounts this policy pays (T.n half-year rewards, the W grant)
  ['2200.08', '贰仟贰佰元零捌分'],
  ['50000.00', '伍万元整'],
  ['1234.50', '壹仟贰佰叁拾肆元伍角整'],
];

test(`amountInWords: ${CASES.length} amounts as a payment voucher writes them`, () => {
  assert.ok(CASES.length >= 40);
  for (const [yuan, capitals] of CASES) assert.equal(amountInWords(yuan), capitals, yuan);
});

test('amountInWords refuses a negative, a third decimal, a bad shape and 10^12 yuan or more, naming why', () => {
  const refusals: [string, string][] = [
    ['-1', 'capitals.negative'],
    ['-0.01', 'capitals.negative'],
    ['1.234', 'capitals.decimals'],
    ['0.001', 'capitals.decimals'],
    ['', 'capitals.shape'],
    ['1.', 'capitals.shape'],
    ['.5', 'capitals.shape'],
    ['01', 'capitals.shape'],
    ['1e5', 'capitals.shape'],
    [' 1', 'capitals.shape'],
    ['1,000', 'capitals.shape'],
    ['１２', 'capitals.shape'],
    ['+1', 'capitals.shape'],
    ['NaN', 'capitals.shape'],
    ['1000000000000', 'capitals.too_large'],
    ['1000000000000.00', 'capitals.too_large'],
  ];
  for (const [yuan, code] of refusals)
    assert.throws(
      () => amountInWords(yuan),
      (e: unknown) => e instanceof UserError && e instanceof Error && e.code === code,
      JSON.stringify(yuan),
    );
});

const DIGIT_VALUES = new Map([...'零壹贰叁肆伍陆柒捌玖'].map((c, i) => [c, BigInt(i)]));
const PLACE_VALUES = new Map([
  ['拾', 10n],
  ['佰', 100n],
  ['仟', 1000n],
]);

/**
 * Capitals back to fen, written apart from the converter: digits times places add up to a section,
 * 万 multiplies its section, 亿 everything before it; 零 and 整 carry no value. Refuses a digit without
 * a unit and anything it does not know, so a malformed output cannot pass by accident.
 */
function parseCapitals(s: string): bigint {
  const [whole = '', rest = ''] = s.includes('元') ? s.split('元') : ['', s];
  let yi = 0n;
  let wan = 0n;
  let section = 0n;
  let digit: bigint | null = null;
  for (const c of whole) {
    if (DIGIT_VALUES.has(c)) {
      if (digit !== null && digit !== 0n) throw new Error(`two digits in a row in ${s}`);
      digit = DIGIT_VALUES.get(c) ?? 0n;
    } else if (PLACE_VALUES.has(c)) {
      if (digit === null || digit === 0n) throw new Error(`a place without its digit in ${s}`);
      section += digit * (PLACE_VALUES.get(c) ?? 0n);
      digit = null;
    } else if (c === '万') {
      wan = (section + (digit ?? 0n)) * 10_000n;
      section = 0n;
      digit = null;
    } else if (c === '亿') {
      yi = (section + (digit ?? 0n)) * 100_000_000n;
      section = 0n;
      digit = null;
    } else throw new Error(`unexpected ${c} in ${s}`);
  }
  const yuan = yi + wan + section + (digit ?? 0n);
  let fen = yuan * 100n;
  const small = rest.replace(/整$/, '').replace(/^零/, '');
  for (const [, d = '', unit] of small.matchAll(/(.)([角分])/g)) fen += (DIGIT_VALUES.get(d) ?? 0n) * (unit === '角' ? 10n : 1n);
  if (small.replace(/.[角分]/g, '') !== '') throw new Error(`unexpected ${small} in ${s}`);
  return fen;
}

const yuanOf = (fen: bigint): string => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

test('property: the capitals of any amount below 10^12 yuan read back as that amount, written by the rules', () => {
  // amounts with many zeros are where converters go wrong: draw digits from a zero-heavy alphabet too
  const zeroHeavy = fc
    .array(fc.constantFrom('0', '0', '0', '1', '5', '9'), { minLength: 1, maxLength: 14 })
    .map((ds) => BigInt(ds.join('')) % 100_000_000_000_000n);
  const anyFen = fc.bigInt({ min: 0n, max: 99_999_999_999_999n });
  fc.assert(
    fc.property(fc.oneof(anyFen, zeroHeavy), (fen) => {
      const capitals = amountInWords(yuanOf(fen));
      assert.equal(parseCapitals(capitals), fen, capitals);
      if (fen === 0n) return assert.equal(capitals, '零元整');
      // one 零 for each run of zeros between non-zero digits, read off the fen digits
      const zeroRuns =
        fen
          .toString()
          .replace(/^0+|0+$/g, '')
          .match(/0+/g)?.length ?? 0;
      assert.equal(capitals.match(/零/g)?.length ?? 0, zeroRuns, `零 count: ${capitals}`);
      assert.ok(!capitals.includes('零零'), capitals);
      assert.ok(!/零[元万亿角分整]/.test(capitals), capitals);
      assert.ok(!capitals.endsWith('零'), capitals);
      assert.ok(!capitals.startsWith('零'), capitals);
      assert.ok(!/(^|[^壹贰叁肆伍陆柒捌玖])拾/.test(capitals), `拾 without its digit: ${capitals}`);
      assert.equal(capitals.endsWith('整'), fen % 10n === 0n, `整 exactly when there is no 分: ${capitals}`);
      assert.equal(capitals.includes('元'), fen >= 100n, capitals);
    }),
    { numRuns: 5000, seed: 20250801 },
  );
});
