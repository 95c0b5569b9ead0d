/** The console's money and dates: amounts grouped as strings (never through a float), days as YYYY-MM-DD. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateTime, day, money, percent } from '../../web/src/format.ts';

test('money: the API decimal string grouped, two decimals, exact past what a float holds', () => {
  assert.equal(money('1234.56'), '¥1,234.56');
  assert.equal(money('1234.5'), '¥1,234.50');
  assert.equal(money('0'), '¥0.00');
  assert.equal(money('999'), '¥999.00');
  assert.equal(money('1000'), '¥1,000.00');
  assert.equal(money('-20.00'), '-¥20.00');
  assert.equal(money('12345678901234567.89'), '¥12,345,678,901,234,567.89');
  assert.equal(money(null), '—');
  assert.equal(money(''), '—');
  assert.equal(money('n/a'), 'n/a', 'not a number: shown as it came');
});

test('day and dateTime: a day as it is, an instant in Beijing time', () => {
  assert.equal(day('2025-06-30'), '2025-06-30');
  assert.equal(day('2025-06-30T16:30:00.000Z'), '2025-07-01');
  assert.equal(day(null), '—');
  assert.equal(dateTime('2025-06-30T16:30:00.000Z'), '2025-07-01 00:30');
});

test('percent: the API’s two decimals to one, half up, as a string', () => {
  assert.equal(percent('87.45'), '87.5%');
  assert.equal(percent('87.44'), '87.4%');
  assert.equal(percent('100.00'), '100.0%');
  assert.equal(percent('5.45'), '5.5%');
  assert.equal(percent('0.04'), '0.0%');
  assert.equal(percent('80'), '80.0%');
  assert.equal(percent('99.95'), '100.0%');
  assert.equal(percent(null), '—');
});
