/** Yuan text ⇄ integer fen, exactly: round trips over the whole range, and what is not an amount is refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatFen, formatFenGrouped, parseYuan } from './money.ts';

const MAX_FEN = 10n ** 15n - 1n; // 13 integer digits of yuan and two of fen

test('parseYuan reads yuan with 0–2 decimals as exact fen', () => {
  assert.equal(parseYuan('1234.5'), 123450n);
  assert.equal(parseYuan('1234.50'), 123450n);
  assert.equal(parseYuan('1234'), 123400n);
  assert.equal(parseYuan('0.01'), 1n);
  assert.equal(parseYuan(' 7.07 '), 707n);
  assert.equal(parseYuan('-3.10'), -310n);
  assert.equal(parseYuan('9999999999999.99'), MAX_FEN);
});

test('bad amounts are refused, never rounded', () => {
  for (const bad of ['', '1.234', '1e3', '1,000.00', '¥5', 'abc', '.5', '5.', '--1', '+1', '1 000', '12345678901234', 'NaN', '0x10'])
    assert.throws(() => parseYuan(bad), /not an amount of yuan/, bad);
});

test('formatFen writes two decimals, signs and zero', () => {
  assert.equal(formatFen(0n), '0.00');
  assert.equal(formatFen(5n), '0.05');
  assert.equal(formatFen(-5n), '-0.05');
  assert.equal(formatFen(123450n), '1234.50');
  assert.equal(formatFenGrouped(123456789n), '1,234,567.89');
  assert.equal(formatFenGrouped(-100000n), '-1,000.00');
});

test('parseYuan(formatFen(x)) = x for every fen amount in range (property)', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -MAX_FEN, max: MAX_FEN }), (fen) => parseYuan(formatFen(fen)) === fen),
    { seed: 20250101, numRuns: 2000 },
  );
});

test('formatFen(parseYuan(s)) is s normalised to two decimals (property)', () => {
  const text = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }), fc.constantFrom('', '.d', '.dd'), fc.integer({ min: 0, max: 99 }))
    .map(([yuan, shape, cents]) => {
      const c = String(cents).padStart(2, '0');
      return { text: `${yuan}${shape === '' ? '' : shape === '.d' ? `.${c[0]}` : `.${c}`}`, yuan, shape, c };
    });
  fc.assert(
    fc.property(text, ({ text, yuan, shape, c }) => {
      const want = `${yuan}.${shape === '' ? '00' : shape === '.d' ? `${c[0]}0` : c}`;
      return formatFen(parseYuan(text)) === want;
    }),
    { seed: 42, numRuns: 2000 },
  );
});

test('grouping only inserts commas (property)', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -MAX_FEN, max: MAX_FEN }), (fen) => formatFenGrouped(fen).replaceAll(',', '') === formatFen(fen)),
    { seed: 7, numRuns: 1000 },
  );
});
