/** Programme W (docs/policy.md W.1–W.6). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { committee, compound, scenario } from '../../scenario/fixtures.ts';
import { calc, codes, lineOf } from '../../testing.ts';

const run = (ws: Parameters<typeof committee>[0][], o: Parameters<typeof scenario>[0] = {}) =>
  calc(scenario({ committees: ws.map((w) => committee(w)), ...o }));

describe('W.2 amount by households (D-10)', () => {
  test('100 households: 2,000; 101: 3,000; 0: 2,000', () => {
    for (const [households, amount] of [
      [100, '2000.00'],
      [101, '3000.00'],
      [0, '2000.00'],
    ] as const)
      assert.equal(lineOf(run([{}], { compounds: [compound({ households })] }), 'W1').amount, amount, String(households));
  });
});

describe('W.1 eligibility', () => {
  test('established on 2024-01-01 counts, 2023-12-31 does not', () => {
    assert.equal(lineOf(run([{ established: '2024-01-01' }]), 'W1').status, 'payable');
    const l = lineOf(run([{ established: '2023-12-31', serviceContractSigned: '2024-01-10' }]), 'W1');
    assert.deepEqual([l.status, l.amount, codes(l)], ['ineligible', '0.00', ['W_ESTABLISHED_TOO_EARLY']]);
  });
  test('not on the roster (D-9)', () => {
    assert.deepEqual(codes(lineOf(run([{}], { compounds: [compound({ onRoster2023: false })] }), 'W1')), ['W_NOT_ON_ROSTER']);
  });
  test('W.applyUntil is empty by default; when set, later committees are ineligible (D-12)', () => {
    const s = scenario({ committees: [committee({ established: '2026-05-01', serviceContractSigned: '2026-05-02' })] });
    assert.equal(lineOf(calc(s), 'W1').status, 'payable');
    assert.deepEqual(codes(lineOf(calc(s, { set: { 'W.applyUntil': '2025-12-31' } }), 'W1')), ['W_ESTABLISHED_TOO_LATE']);
  });
});

describe('W.3 when payable', () => {
  test('six months after 08-31 is the end of February', () => {
    const w = { serviceContractSigned: '2024-08-31' };
    const before = calc(scenario({ asOf: '2025-02-27', committees: [committee(w)] }));
    assert.deepEqual([lineOf(before, 'W1').status, lineOf(before, 'W1').payableFrom], ['pending', '2025-02-28']);
    const on = calc(scenario({ asOf: '2025-02-28', committees: [committee(w)] }));
    assert.equal(lineOf(on, 'W1').status, 'payable');
  });
  test('no contract: pending with no payableFrom, amount shown', () => {
    const l = lineOf(run([{ serviceContractSigned: null }]), 'W1');
    assert.deepEqual([l.status, l.payableFrom, l.amount, l.missing], ['pending', undefined, '3000.00', ['serviceContractSigned']]);
  });
  test('not running normally or not reviewed: pending', () => {
    assert.deepEqual(lineOf(run([{ operatingNormally: false }]), 'W1').missing, ['operatingNormally']);
    assert.deepEqual(lineOf(run([{ reviewApproved: false }]), 'W1').missing, ['reviewApproved']);
    assert.equal(run([{ reviewApproved: false }]).totals.W, '0.00');
  });
});

describe('W.4 once per compound (D-11)', () => {
  test('the earliest established claims; the others are ineligible', () => {
    const r = run([
      { id: 'W2', established: '2024-06-01', serviceContractSigned: '2024-07-01' },
      { id: 'W1', established: '2024-03-01' },
    ]);
    assert.equal(lineOf(r, 'W1').status, 'payable');
    assert.deepEqual(codes(lineOf(r, 'W2')), ['W_NOT_FIRST']);
    assert.equal(r.totals.W, '3000.00');
  });
  test('same day: the smallest id as text ("W10" < "W9")', () => {
    const r = run([
      { id: 'W9', established: '2024-06-01', serviceContractSigned: '2024-07-01' },
      { id: 'W10', established: '2024-06-01', serviceContractSigned: '2024-07-01' },
    ]);
    assert.equal(lineOf(r, 'W10').status, 'payable');
    assert.equal(lineOf(r, 'W9').status, 'ineligible');
  });
  test('an ineligible earlier committee does not take the grant', () => {
    const r = run([
      { id: 'W1', established: '2023-11-01', serviceContractSigned: '2023-12-01' },
      { id: 'W2', established: '2024-06-01', serviceContractSigned: null },
    ]);
    assert.equal(lineOf(r, 'W2').status, 'pending');
  });
});
