import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mustParseDay } from '../../dates/date.ts';
import { formatMonths, monthsFormula, servedUnits } from './months.ts';

const months = (from: string, to: string) => [
  formatMonths(servedUnits(mustParseDay(from), mustParseDay(to))),
  monthsFormula(mustParseDay(from), mustParseDay(to)),
];

test('a part month counts days served / days in the month (D-3)', () => {
  assert.deepEqual(months('2024-03-15', '2024-06-30'), ['3.5484', '17/31 + 3']);
  assert.deepEqual(months('2024-07-01', '2024-12-31'), ['6.0000', '6']);
});

test('February of a leap year has 29 days; one day is 1/29', () => {
  assert.deepEqual(months('2024-02-29', '2024-02-29'), ['0.0345', '1/29']);
  assert.deepEqual(months('2024-02-10', '2024-06-30'), ['4.6897', '20/29 + 4']);
  assert.deepEqual(months('2025-02-01', '2025-02-28'), ['1.0000', '1']);
});

test('month ends: the last day alone, and a span inside one month', () => {
  assert.deepEqual(months('2024-01-31', '2024-01-31'), ['0.0323', '1/31']);
  assert.deepEqual(months('2024-04-30', '2024-05-01'), ['0.0656', '1/30 + 1/31']);
  assert.deepEqual(months('2025-03-01', '2025-03-20'), ['0.6452', '20/31']);
});
