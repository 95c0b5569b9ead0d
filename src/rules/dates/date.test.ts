import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addMonthsClamped, civilFromDay, dayFromCivil, formatDay, mustParseDay, parseDay } from './date.ts';
import { formatPeriod, parsePeriod, periodEnd, periodOfDay, periodStart } from './period.ts';

describe('calendar dates', () => {
  test('impossible dates are refused', () => {
    for (const s of ['2025-02-29', '2025-02-30', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '20240101', ''])
      assert.equal(parseDay(s), null, s);
  });
  test('leap days', () => {
    assert.notEqual(parseDay('2024-02-29'), null);
    assert.notEqual(parseDay('2000-02-29'), null);
    assert.equal(parseDay('1900-02-29'), null);
    assert.equal(mustParseDay('2024-03-01') - mustParseDay('2024-02-28'), 2);
  });
  test('round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (d) => {
        const { y, m, d: dd } = civilFromDay(d);
        assert.equal(dayFromCivil(y, m, dd), d);
        assert.equal(mustParseDay(formatDay(d)), d);
      }),
    );
  });
  test('six months after, the same day or the month end (docs/policy.md W.3)', () => {
    const plus6 = (s: string) => formatDay(addMonthsClamped(mustParseDay(s), 6));
    assert.equal(plus6('2024-08-31'), '2025-02-28');
    assert.equal(plus6('2023-08-31'), '2024-02-29');
    assert.equal(plus6('2024-08-30'), '2025-02-28');
    assert.equal(plus6('2024-09-01'), '2025-03-01');
    assert.equal(plus6('2024-12-31'), '2025-06-30');
    assert.equal(plus6('2024-07-31'), '2025-01-31');
  });
});

describe('half-year periods', () => {
  test('bounds', () => {
    const p = parsePeriod('2024H2');
    assert.ok(p);
    assert.equal(formatDay(periodStart(p)), '2024-07-01');
    assert.equal(formatDay(periodEnd(p)), '2024-12-31');
    assert.equal(formatPeriod(periodOfDay(mustParseDay('2024-06-30'))), '2024H1');
    assert.equal(formatPeriod(periodOfDay(mustParseDay('2024-07-01'))), '2024H2');
  });
  test('unknown periods', () => {
    for (const s of ['2024H3', '2024H0', '2024h1', '24H1']) assert.equal(parsePeriod(s), null, s);
  });
});
