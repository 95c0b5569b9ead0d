import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatMoney, roundDownFen, roundHalfUpFen } from './money.ts';
import { add, cmp, divRoundHalfUp, mul, parseDecimal, rational, toExactString, toFixed } from './rational.ts';

describe('decimal strings', () => {
  test('parse exactly', () => {
    assert.deepEqual(parseDecimal('12345.67'), rational(1234567n, 100n));
    assert.deepEqual(parseDecimal('0.60'), rational(3n, 5n));
    assert.deepEqual(parseDecimal('-1.5'), rational(-3n, 2n));
    assert.throws(() => parseDecimal('1e3'));
    assert.throws(() => parseDecimal('.5'));
  });
  test('0.1 + 0.2 is 0.3, exactly', () => {
    assert.equal(cmp(add(parseDecimal('0.1'), parseDecimal('0.2')), parseDecimal('0.3')), 0);
  });
  test('exact and fixed forms', () => {
    assert.equal(toExactString(rational(17n, 31n)), '17/31');
    assert.equal(toExactString(rational(3n, 8n)), '0.375');
    assert.equal(toFixed(rational(110n, 31n), 4), '3.5484');
  });
});

describe('rounding to the fen', () => {
  test('half a fen rounds up', () => {
    assert.equal(formatMoney(roundHalfUpFen(parseDecimal('0.005'))), '0.01');
    assert.equal(formatMoney(roundHalfUpFen(parseDecimal('2.675'))), '2.68'); // a float would give 2.67
    assert.equal(formatMoney(roundHalfUpFen(parseDecimal('1.0049999'))), '1.00');
  });
  test('quotas round down', () => {
    assert.equal(formatMoney(roundDownFen(rational(1000000n * 5000n, 3n * 1000n))), '1666666.66');
  });
  test('half up agrees with the definition floor(x + 1/2) on random fractions', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const q = divRoundHalfUp(n, d);
        // q - 1/2 ≤ n/d < q + 1/2
        assert.ok(2n * n >= (2n * q - 1n) * d && 2n * n < (2n * q + 1n) * d);
      }),
    );
  });
  test('multiplication is exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 6 }), (a, b) => {
        const p = mul(rational(BigInt(a), 100n), rational(BigInt(b), 100n));
        assert.equal(cmp(p, rational(BigInt(a) * BigInt(b), 10000n)), 0);
      }),
    );
  });
});
