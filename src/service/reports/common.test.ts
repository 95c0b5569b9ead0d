/** The reports' exact figures: yuan from fen, percentages and targets without floats. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDecimal } from '../../rules/exact/rational.ts';
import { meets, percent, share, targetPercent, yuan } from './common.ts';

describe('report figures', () => {
  test('yuan from fen, exactly, however large', () => {
    assert.equal(yuan(123456n), '1234.56');
    assert.equal(yuan(5n), '0.05');
    assert.equal(yuan(0n), '0.00');
    assert.equal(yuan(9_007_199_254_740_993n), '90071992547409.93');
  });

  test('percentages to two decimals, half up; none without a whole', () => {
    assert.equal(percent(1, 3), '33.33');
    assert.equal(percent(2, 3), '66.67');
    assert.equal(percent(1, 8), '12.50');
    assert.equal(percent(1, 80_000), '0.00');
    assert.equal(percent(1, 20_000), '0.01'); // 0.005 % rounds up
    assert.equal(percent(3, 3), '100.00');
    assert.equal(percent(0, 0), null);
  });

  test('a target is met exactly at its value, not a hair below', () => {
    const eighty = parseDecimal('0.80');
    assert.equal(meets(4, 5, eighty), true);
    assert.equal(meets(79_999, 100_000, eighty), false);
    assert.equal(meets(0, 0, eighty), null);
    assert.equal(targetPercent(eighty), '80.00');
    assert.equal(targetPercent(parseDecimal('1.00')), '100.00');
    // 2/3 shows as 66.67 but does not reach 0.6667
    assert.deepEqual(share(2, 3, parseDecimal('0.6667')), { part: 2, whole: 3, percent: '66.67', met: false });
  });
});
