/**
 * The columnar settlement gives the engine's T lines exactly, line for line: statuses, tiers,
 * months, amounts to the fen and reason codes — on random scenarios (fast-check), on dated
 * parameters, on values only the engine reads, on the worked examples and on the benchmark batch.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildPolicy, loadPolicy, publishedParameters, withOverrides } from '../../policy/load.ts';
import { calculate } from '../engine.ts';
import { fen, formatMoney } from '../exact/money.ts';
import { rational, roundHalfUpScaled } from '../exact/rational.ts';
import type { Policy } from '../params/types.ts';
import { MONTH_UNITS } from '../programmes/takeover/months.ts';
import { scenarioArbitrary } from '../scenario/arbitrary.ts';
import { generateBatch } from '../scenario/generate.ts';
import type { Scenario } from '../scenario/schema.ts';
import { validateScenario } from '../scenario/validate.ts';
import { columnsFromScenario } from './columns.ts';
import { amountFen, payableTotal, settleT } from './settle.ts';
import { asLines, engineLines } from './testing.ts';

const policy = loadPolicy();

function valid(s: Scenario): Scenario {
  const v = validateScenario(s);
  if (!v.ok) assert.fail(`scenario should be valid: ${JSON.stringify(v.problems.slice(0, 3))}`);
  return v.scenario;
}

function assertSame(scenario: Scenario, p: Policy = policy): void {
  const columns = columnsFromScenario(scenario);
  const settled = settleT(columns, p);
  assert.deepEqual(asLines(settled, columns.engagementId), engineLines(scenario, p));
  assert.equal(payableTotal(settled), calculate(scenario, p).totals.T);
}

/** The published parameters with T's values changed from mid-2025 on: the columns look parameters up by day. */
function datedPolicy(): Policy {
  const defs = publishedParameters();
  const change: Record<string, string | number> = {
    'T.rate.tier1': '0.455',
    'T.rate.tier2': '0.2',
    'T.collectionMin': '0.7',
    'T.feeRatioMin': '0.55',
    'T.passScore': '59.5',
    'T.scatteredMaxTier': 1,
    'T.rewardUntil': '2026-03-31',
    'T.entryFrom': '2024-02-01',
  };
  for (const d of defs) {
    const v = change[d.id];
    const first = d.values[0];
    if (v === undefined || !first) continue;
    d.values = [
      { ...first, to: '2025-04-30' },
      { from: '2025-05-01', to: null, value: v },
    ];
  }
  return buildPolicy(defs);
}

describe('columnar settlement of programme T', () => {
  test('amounts: round_half_up_fen(rate × area × months) exactly, in plain numbers and beyond them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(fc.integer({ min: 1, max: 1e8 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 6 * MONTH_UNITS }),
        (rate, rateScale, area, areaScale, units) => {
          const exact = rational(BigInt(rate) * BigInt(area) * BigInt(units), 10n ** BigInt(rateScale + areaScale) * BigInt(MONTH_UNITS));
          const want = roundHalfUpScaled(exact, 2);
          if (want > BigInt(Number.MAX_SAFE_INTEGER)) assert.throws(() => amountFen(rate, rateScale, area, areaScale, units), RangeError);
          else assert.equal(BigInt(amountFen(rate, rateScale, area, areaScale, units)), want);
        },
      ),
      { numRuns: 5000, seed: 12 },
    );
  });

  test('random scenarios: every line as the engine gives it, to the fen and the reason code', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => assertSame(valid(s))),
      { numRuns: 400, seed: 20261205 },
    );
  });

  test('random scenarios under dated parameters and overrides (3-decimal rate, scattered tier 1)', () => {
    const policies = [
      datedPolicy(),
      withOverrides([
        { id: 'T.rate.tier1', text: '0.405' },
        { id: 'T.scatteredMaxTier', text: '1' },
        { id: 'T.passScore', text: '60.5' },
      ]),
    ];
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 0, max: 1 }), (s, k) => assertSame(valid(s), policies[k])),
      { numRuns: 300, seed: 51205 },
    );
  });

  test('values the columns do not hold exactly go through the engine, with the same result', () => {
    const s = generateBatch(40, 0);
    const e = s.engagements ?? [];
    (s.compounds[0] as { area: string }).area = '0012000.50';
    (s.compounds[1] as { area: string }).area = '123456789012.34567';
    const f = e[2]?.periods?.[0];
    if (f) f.feesCollected = '000.10';
    const g = e[3]?.periods?.[1];
    if (g) g.marketPrice = '1.2000000000000001';
    const columns = columnsFromScenario(s);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((i) => columns.fallback[i]),
      [1, 1, 1, 1, 0],
    );
    assertSame(s);
  });

  test('the same asOf given to settleT as the scenario has gives the same lines; another date moves the gates', () => {
    const s = generateBatch(300, 5); // (its scores are binary fractions the schema refuses: the engine reads them all the same)
    const columns = columnsFromScenario(s);
    assert.deepEqual(settleT(columns, policy, s.asOf), settleT(columns, policy));
    const earlier = { ...s, asOf: '2025-08-01' };
    // reusing a settlement's arrays (smaller batch into a larger one's room) gives the same lines
    const large = settleT(columnsFromScenario(generateBatch(600, 9)), policy);
    assert.deepEqual(asLines(settleT(columns, policy, '2025-08-01', large), columns.engagementId), engineLines(earlier, policy));
    assert.deepEqual(asLines(settleT(columns, policy, '2025-08-01'), columns.engagementId), engineLines(earlier, policy));
  });

  test('the benchmark batch (3 × 7,000 engagements): the engine’s lines and checksum, on the columns', () => {
    for (const offset of [0, 250_000, 490_000]) {
      const batch = generateBatch(7_000, offset);
      assert.equal(columnsFromScenario(batch).fallback.indexOf(1), -1);
      assertSame(batch);
    }
  });

  const dir = new URL('../../../policy/erenhot-2025/examples/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))) {
    const scenario = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Scenario;
    if (!(scenario.engagements ?? []).length) continue;
    test(`worked example ${file}: its T lines`, () => {
      const expected = JSON.parse(readFileSync(new URL(file.replace(/\.json$/, '.expected.json'), dir), 'utf8')) as {
        lines: { program: string; subject: string; period?: string; status: string; amount: string }[];
      };
      const columns = columnsFromScenario(valid(scenario));
      const got = asLines(settleT(columns, policy), columns.engagementId);
      const want = expected.lines.filter((l) => l.program === 'T');
      assert.ok(want.length > 0);
      assert.deepEqual(
        got.map((l) => [l.subject, l.period, l.status, formatMoney(fen(l.amount))]),
        want.map((l) => [l.subject, l.period, l.status, l.amount]),
      );
      assertSame(valid(scenario));
    });
  }
});
