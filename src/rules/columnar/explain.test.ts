/** A columnar line's explanation is the engine's own for that line: reasons and trace, word for word. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadPolicy } from '../../policy/load.ts';
import { calculate } from '../engine.ts';
import { argsOf, type Reason } from '../explain/types.ts';
import type { TLine } from '../lines.ts';
import { scenarioArbitrary } from '../scenario/arbitrary.ts';
import { generateBatch } from '../scenario/generate.ts';
import type { Scenario } from '../scenario/schema.ts';
import { validateScenario } from '../scenario/validate.ts';
import { columnsFromScenario } from './columns.ts';
import { explainLine } from './explain.ts';
import { settleT } from './settle.ts';

const policy = loadPolicy();
/** reasons with their arguments read (some are built lazily, as functions) */
const read = (reasons: Reason[]) => reasons.map((r) => ({ code: r.code, args: argsOf(r) }));

/** Every T line of the scenario explained from the columns equals the engine's line with --explain. */
function assertExplained(scenario: Scenario): void {
  const want = calculate(scenario, policy, { explain: true }).lines.filter((l): l is TLine => l.program === 'T');
  const columns = columnsFromScenario(scenario);
  const settled = settleT(columns, policy);
  assert.equal(settled.lines, want.length);
  want.forEach((line, i) => {
    const got = explainLine(columns, settled, i, policy);
    assert.deepEqual(
      [got.subject, got.period, got.status, got.amount, got.months, read(got.reasons), got.missing, got.trace],
      [line.subject, line.period, line.status, line.amount, line.months, read(line.reasons), line.missing, line.trace],
    );
  });
}

test('random scenarios: every line explained as the engine explains it', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const v = validateScenario(s);
      assert.ok(v.ok);
      assertExplained(v.scenario);
    }),
    { numRuns: 150, seed: 1205 },
  );
});

test('generated batch, odd values included: scores as given, decimals as written', () => {
  const s = generateBatch(50, 3);
  (s.compounds[0] as { area: string }).area = '0012000.50';
  const f = s.engagements?.[1]?.periods?.[0];
  if (f) f.feeStandard = '1.5';
  assertExplained(s);
});

test('without explain: reasons only', () => {
  const s = generateBatch(5, 0);
  const columns = columnsFromScenario(s);
  const line = explainLine(columns, settleT(columns, policy), 2, policy, false);
  assert.equal(line.trace, undefined);
  assert.ok(line.reasons.length > 0);
  assert.throws(() => explainLine(columns, settleT(columns, policy), 99, policy), RangeError);
});
