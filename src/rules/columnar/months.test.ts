import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dayFromCivil } from '../dates/date.ts';
import { servedUnits } from '../programmes/takeover/months.ts';
import { servedUnitsByTable } from './months.ts';

test('months served by table equal the month-by-month walk, inside the table and across its edges', () => {
  const lo = dayFromCivil(1985, 1, 1);
  const hi = dayFromCivil(2105, 12, 31);
  fc.assert(
    fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 400 }), (from, length) =>
      assert.equal(servedUnitsByTable(from, from + length), servedUnits(from, from + length)),
    ),
    { numRuns: 5000 },
  );
  for (const [a, b] of [
    [dayFromCivil(1990, 1, 1), dayFromCivil(2100, 12, 31)],
    [dayFromCivil(2024, 2, 29), dayFromCivil(2024, 2, 29)],
    [dayFromCivil(2024, 1, 1), dayFromCivil(2024, 6, 30)],
  ] as const)
    assert.equal(servedUnitsByTable(a, b), servedUnits(a, b));
});
