/** The builder's parsers read what the general ones read, and hand everything else to them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatDay, parseDay } from '../dates/date.ts';
import { parsePeriod, periodIndex } from '../dates/period.ts';
import { formatScaled } from '../exact/rational.ts';
import { dayNumber, decimalInto, periodNumber } from './parse.ts';

test('dayNumber: every day from 1900 to 2200, and not-dates refused', () => {
  fc.assert(fc.property(fc.integer({ min: -25567, max: 84006 }), (d) => assert.equal(dayNumber(formatDay(d)), d)));
  for (const s of ['2025-02-29', '2024-13-01', '2024-00-10', '2024-1-01', '2024/01/01', '20240101', 'abcd-ef-gh', '']) {
    assert.equal(parseDay(s), null);
    assert.throws(() => dayNumber(s), RangeError);
  }
  assert.equal(dayNumber('2024-02-29'), parseDay('2024-02-29'));
});

test('periodNumber: as periodIndex(parsePeriod)', () => {
  for (const s of ['2024H1', '2024H2', '1999H2', '0001H1'])
    assert.equal(periodNumber(s), periodIndex(parsePeriod(s) ?? { year: -1, half: 1 }));
  for (const s of ['2024H3', '2024h1', '24H1', '2024-H1']) assert.throws(() => periodNumber(s), RangeError);
});

test('decimalInto: plain decimals exactly; leading zeros, signs, beyond 16 characters or safe integers refused', () => {
  const units = new Float64Array(1);
  const scales = new Uint8Array(1);
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), fc.integer({ min: 0, max: 14 }), (u, k) => {
      const s = formatScaled(u, k);
      assert.equal(decimalInto(s, units, scales, 0), true);
      assert.equal(formatScaled(BigInt(units[0] as number), scales[0] as number), s);
    }),
  );
  for (const s of ['012.5', '00', '-1', '1.', '.5', '1.2.3', '1e5', '', '12345678901234567', '9999999999999999', '0.0000000000000001'])
    assert.equal(decimalInto(s, units, scales, 0), false, s);
});
