/** Bad input (docs/calc-format.md): refused, every problem named by its JSON path, in zh-CN and English. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { application, committee, compound, engagement, scenario, tier1Facts } from './fixtures.ts';
import { formatProblems } from './problems.ts';
import { validateScenario, validateScenarioText } from './validate.ts';

/** The problems of an input as `path code` strings. */
function problems(input: unknown): string[] {
  const v = validateScenario(input);
  assert.equal(v.ok, false, 'should be refused');
  return v.ok ? [] : v.problems.map((p) => `${p.path} ${p.code}`);
}

const withCompound = (o: Record<string, unknown>) => ({ ...scenario(), compounds: [{ ...compound(), ...o }] });

describe('shape', () => {
  test('a valid scenario passes; nulls and omitted optional arrays are fine', () => {
    assert.equal(validateScenario(scenario()).ok, true);
    assert.equal(validateScenario({ asOf: '2025-01-01', compounds: [] }).ok, true);
    assert.equal(
      validateScenario({ asOf: '2025-01-01', compounds: [], engagements: null, committees: null, facilityApplications: null }).ok,
      true,
    );
  });
  test('missing required fields and wrong types', () => {
    assert.deepEqual(problems({ compounds: [] }), ['$.asOf required']);
    assert.deepEqual(problems(withCompound({ onRoster2023: 'yes' })), ['$.compounds[0].onRoster2023 type.boolean']);
    assert.deepEqual(problems(withCompound({ name: undefined })), ['$.compounds[0].name required']);
    assert.deepEqual(problems([]), ['$ type.object']);
  });
  test('numbers where decimal strings are required', () => {
    assert.deepEqual(problems(withCompound({ area: 12000 })), ['$.compounds[0].area decimal.number']);
    const s = scenario({
      engagements: [engagement({ periods: [{ ...tier1Facts('2024H1'), feesCollected: 65000 as unknown as string }] })],
    });
    assert.deepEqual(problems(s), ['$.engagements[0].periods[0].feesCollected decimal.number']);
    assert.deepEqual(problems(withCompound({ area: '1,000' })), ['$.compounds[0].area decimal.format']);
  });
  test('impossible dates', () => {
    assert.deepEqual(problems({ ...scenario(), asOf: '2025-02-30' }), ['$.asOf date.invalid']);
    const s = scenario({ committees: [committee({ established: '2023-02-29' })] });
    assert.deepEqual(problems(s), ['$.committees[0].established date.invalid']);
  });
  test('negative money or ratios, area ≤ 0', () => {
    assert.deepEqual(problems(withCompound({ area: '0.00' })), ['$.compounds[0].area area.positive']);
    assert.deepEqual(problems(withCompound({ area: '-5' })), ['$.compounds[0].area decimal.negative']);
    const s = scenario({ facilityApplications: [application({ investment: '-1.00', collectionRate: '-0.1' })] });
    assert.deepEqual(problems(s), [
      '$.facilityApplications[0].investment decimal.negative',
      '$.facilityApplications[0].collectionRate decimal.negative',
    ]);
  });
  test('households a whole number ≥ 0; scores 0–100 with at most 2 decimals', () => {
    assert.deepEqual(problems(withCompound({ households: -1 })), ['$.compounds[0].households integer.negative']);
    assert.deepEqual(problems(withCompound({ households: 10.5 })), ['$.compounds[0].households integer.whole']);
    const bad = (assessmentScore: unknown) =>
      problems(
        scenario({ engagements: [engagement({ periods: [tier1Facts('2024H1', { assessmentScore: assessmentScore as number })] })] }),
      );
    assert.deepEqual(bad(100.5), ['$.engagements[0].periods[0].assessmentScore score.range']);
    assert.deepEqual(bad(85.555), ['$.engagements[0].periods[0].assessmentScore score.decimals']);
    assert.deepEqual(bad('85'), ['$.engagements[0].periods[0].assessmentScore type.number']);
  });
  test('a market price may be null or omitted (unknown); text that is no decimal, or a number, is still refused', () => {
    const withPrice = (marketPrice: unknown) =>
      scenario({ engagements: [engagement({ periods: [tier1Facts('2024H1', { marketPrice: marketPrice as string })] })] });
    assert.equal(validateScenario(withPrice(null)).ok, true);
    const { marketPrice: _, ...omitted } = tier1Facts('2024H1');
    assert.equal(validateScenario(scenario({ engagements: [engagement({ periods: [omitted] })] })).ok, true);
    assert.deepEqual(problems(withPrice('abc')), ['$.engagements[0].periods[0].marketPrice decimal.format']);
    assert.deepEqual(problems(withPrice(1.2)), ['$.engagements[0].periods[0].marketPrice decimal.number']);
    assert.deepEqual(problems(withPrice('-1.20')), ['$.engagements[0].periods[0].marketPrice decimal.negative']);
  });
  test('an unknown kind, period or rectification outcome', () => {
    assert.deepEqual(problems(withCompound({ kind: 'villa' })), ['$.compounds[0].kind kind.invalid']);
    const s = scenario({ engagements: [engagement({ periods: [tier1Facts('2024H3')] })] });
    assert.deepEqual(problems(s), ['$.engagements[0].periods[0].period period.invalid']);
    const r = scenario({
      engagements: [engagement({ rectifications: [{ year: 2024, outcome: 'maybe' as 'failed', decidedOn: '2025-02-01' }] })],
    });
    assert.deepEqual(problems(r), ['$.engagements[0].rectifications[0].outcome outcome.invalid']);
  });
});

describe('records that must fit together', () => {
  test('a compoundId that names no compound', () => {
    assert.deepEqual(problems(scenario({ engagements: [engagement({ compoundId: 'X9' })] })), [
      '$.engagements[0].compoundId compound.unknown',
    ]);
    assert.deepEqual(problems(scenario({ committees: [committee({ compoundId: 'X9' })] })), [
      '$.committees[0].compoundId compound.unknown',
    ]);
    assert.deepEqual(problems(scenario({ facilityApplications: [application({ compoundId: 'X9' })] })), [
      '$.facilityApplications[0].compoundId compound.unknown',
    ]);
  });
  test('duplicate ids within an array', () => {
    assert.deepEqual(problems(scenario({ compounds: [compound(), compound()] })), ['$.compounds[1].id id.duplicate']);
    assert.deepEqual(problems(scenario({ committees: [committee(), committee({ established: '2024-04-01' })] })), [
      '$.committees[1].id id.duplicate',
    ]);
    assert.deepEqual(problems(scenario({ facilityApplications: [application(), application()] })), [
      '$.facilityApplications[1].id id.duplicate',
    ]);
  });
  test('a repeated period in one engagement', () => {
    const s = scenario({ engagements: [engagement({ periods: [tier1Facts('2024H1'), tier1Facts('2024H2'), tier1Facts('2024H1')] })] });
    assert.deepEqual(problems(s), ['$.engagements[0].periods[2].period period.repeated']);
  });
  test('overlapping engagements of one compound (spans inclusive, open end)', () => {
    const overlap = scenario({ engagements: [engagement({ endDate: '2024-09-30' }), engagement({ id: 'E2', entryDate: '2024-09-30' })] });
    assert.deepEqual(problems(overlap), ['$.engagements[1].entryDate engagement.overlap']);
    const open = scenario({
      engagements: [engagement({ entryDate: '2025-01-01' }), engagement({ id: 'E2', entryDate: '2024-01-01', endDate: null })],
    });
    assert.deepEqual(problems(open), ['$.engagements[1].entryDate engagement.overlap']);
    const fine = scenario({ engagements: [engagement({ endDate: '2024-09-30' }), engagement({ id: 'E2', entryDate: '2024-10-01' })] });
    assert.equal(validateScenario(fine).ok, true);
  });
  test('an end date before the entry date', () => {
    assert.deepEqual(problems(scenario({ engagements: [engagement({ endDate: '2023-12-31' })] })), [
      '$.engagements[0].endDate endDate.beforeEntry',
    ]);
  });
  test('invalid rectification records (docs/policy.md T.7)', () => {
    const rect = (records: { year: number; outcome: 'rectified' | 'failed' | 'refused'; decidedOn: string }[]) =>
      scenario({
        engagements: [
          engagement({ entryDate: '2024-03-01', contractSigned: '2024-03-01', commitmentSigned: '2025-02-01', rectifications: records }),
        ],
      });
    // the window starts in 2025 (commitment letter), so 2024 is too early
    assert.deepEqual(problems(rect([{ year: 2024, outcome: 'failed', decidedOn: '2025-03-01' }])), [
      '$.engagements[0].rectifications[0].year rectification.yearBeforeStart',
    ]);
    assert.deepEqual(problems(rect([{ year: 2025, outcome: 'failed', decidedOn: '2025-12-31' }])), [
      '$.engagements[0].rectifications[0].decidedOn rectification.decidedTooEarly',
    ]);
    assert.deepEqual(
      problems(
        rect([
          { year: 2025, outcome: 'rectified', decidedOn: '2026-01-10' },
          { year: 2025, outcome: 'failed', decidedOn: '2026-02-10' },
        ]),
      ),
      ['$.engagements[0].rectifications[1].year rectification.repeated'],
    );
    assert.equal(validateScenario(rect([{ year: 2025, outcome: 'refused', decidedOn: '2026-01-01' }])).ok, true);
  });
  test('a committee contract signed before the committee existed', () => {
    const s = scenario({ committees: [committee({ established: '2024-05-01', serviceContractSigned: '2024-04-30' })] });
    assert.deepEqual(problems(s), ['$.committees[0].serviceContractSigned committee.contractBeforeEstablished']);
    assert.equal(
      validateScenario(scenario({ committees: [committee({ established: '2024-05-01', serviceContractSigned: '2024-05-01' })] })).ok,
      true,
    );
  });
  test('an unknown facility category is not bad input', () => {
    assert.equal(validateScenario(scenario({ facilityApplications: [application({ category: 'decoration' })] })).ok, true);
  });
  test('every problem is reported at once', () => {
    const s = { ...scenario(), asOf: '2025-13-01', compounds: [{ ...compound(), area: 5, kind: 'x' }] };
    assert.equal(problems(s).length, 3);
  });
});

describe('messages', () => {
  test('zh-CN and English, each naming the path', () => {
    const v = validateScenarioText('{"asOf": "2025-02-30", "compounds": []}');
    assert.equal(v.ok, false);
    if (v.ok) return;
    assert.equal(formatProblems(v.problems, 'zh'), '输入无效（1 处）：\n  $.asOf: 不是有效的日期（YYYY-MM-DD）');
    assert.equal(formatProblems(v.problems, 'en'), 'invalid input (1 problem):\n  $.asOf: is not a valid calendar date (YYYY-MM-DD)');
  });
  test('JSON syntax errors', () => {
    const v = validateScenarioText('{"asOf": ');
    assert.equal(v.ok ? '' : v.problems[0]?.code, 'json.syntax');
  });
});
