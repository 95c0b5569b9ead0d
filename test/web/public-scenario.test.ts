/** The reward estimator's scenario: the half-years of an engagement, a problem's path back to its field, a ratio as a percentage. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateScenario } from '../../src/rules/scenario/validate.ts';
import { type EstimateForm, fieldOf, halfYears, percent, scenarioOf } from '../../web/src/components/public/scenario.ts';

test('halfYears: from the entry’s half-year to the last day’s, both included; nothing for a bad or reversed range', () => {
  assert.deepEqual(halfYears('2024-03-15', '2025-12-31'), ['2024H1', '2024H2', '2025H1', '2025H2']);
  assert.deepEqual(halfYears('2024-07-01', '2024-07-02'), ['2024H2']);
  assert.deepEqual(halfYears('2024-06-30', '2024-07-01'), ['2024H1', '2024H2']);
  assert.deepEqual(halfYears('2026-01-01', '2025-12-31'), []);
  assert.deepEqual(halfYears('', '2025-12-31'), []);
});

test('fieldOf: the engine’s path names the form’s field', () => {
  assert.equal(fieldOf('$.compounds[0].area'), 'area');
  assert.equal(fieldOf('$.engagements[0].periods[3].feeStandard'), 'feeStandard');
  assert.equal(fieldOf('$.committees[0].established'), 'established');
  assert.equal(fieldOf('$.facilityApplications[0].collectionRate'), 'collectionRate');
  assert.equal(fieldOf('$.asOf'), 'asOf');
  assert.equal(fieldOf('$.engagements'), null);
});

test('percent: the decimal point moved in the string', () => {
  assert.equal(percent('0.60'), '60%');
  assert.equal(percent('0.4'), '40%');
  assert.equal(percent('1.00'), '100%');
  assert.equal(percent('0.125'), '12.5%');
  assert.equal(percent('0'), '0%');
  assert.equal(percent('n/a'), 'n/a');
});

test('scenarioOf: one compound and the one entity of the programme; a number typed wrong goes to the engine, which names it', () => {
  const form: EstimateForm = {
    programme: 'W',
    asOf: '2026-06-30',
    kind: 'compound',
    area: '800.5',
    households: '12x',
    onRoster2023: true,
    entryDate: '2024-01-01',
    basicServices: true,
    committeeSupport: false,
    enhancedServices: false,
    feesReceivableOccupied: '1',
    feesCollected: '1',
    feeStandard: '1',
    established: '2024-03-01',
    serviceContractSigned: '',
    operatingNormally: true,
    reviewApproved: false,
    category: 'safety',
    investment: '1',
    submitted: '2025-05-01',
    committeeEstablished: true,
    collectionRate: '0.7',
    feeRatio: '0.7',
  };
  const s = scenarioOf(form, '2025-12-31');
  assert.deepEqual([s.compounds.length, s.engagements?.length, s.committees?.length, s.facilityApplications?.length], [1, 0, 1, 0]);
  assert.equal(s.committees?.[0]?.serviceContractSigned, null, 'an empty date is unknown');
  const bad = validateScenario(s);
  assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => fieldOf(p.path)), ['households']);
  const t = scenarioOf({ ...form, programme: 'T', households: '12' }, '2025-12-31');
  assert.deepEqual(
    t.engagements?.[0]?.periods?.map((p) => p.period),
    ['2024H1', '2024H2', '2025H1', '2025H2'],
  );
  assert.equal(validateScenario(t).ok, true);
});
