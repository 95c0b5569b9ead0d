/** Programme F (docs/policy.md, programme F): checks, base, and the three caps in order. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { application, compound, scenario } from '../../scenario/fixtures.ts';
import { calc, codes, lineOf } from '../../testing.ts';

const run = (apps: Parameters<typeof application>[0][], o: Parameters<typeof scenario>[0] = {}, set?: Record<string, string>) =>
  calc(scenario({ facilityApplications: apps.map((a) => application(a)), ...o }), set ? { set } : {});

describe('F checks', () => {
  const rejectedBy = (a: Parameters<typeof application>[0]) => {
    const l = lineOf(run([a]), 'F1');
    assert.equal(l.status, 'rejected');
    assert.equal(l.amount, '0.00');
    return codes(l);
  };
  test('each check names its reason', () => {
    assert.deepEqual(rejectedBy({ accepted: null }), ['F_NOT_ACCEPTED']);
    assert.deepEqual(rejectedBy({ accepted: '2025-05-02' }), ['F_ACCEPTED_AFTER_SUBMISSION']);
    assert.deepEqual(rejectedBy({ accepted: '2024-12-31', submitted: '2025-01-10' }), ['F_ACCEPTED_TOO_EARLY']);
    assert.deepEqual(rejectedBy({ submitted: '2027-01-01', accepted: '2026-12-01' }), ['F_SUBMITTED_TOO_LATE']);
    assert.deepEqual(rejectedBy({ category: 'decoration' }), ['F_CATEGORY']);
    assert.deepEqual(rejectedBy({ committeeEstablished: false }), ['F_NO_COMMITTEE']);
    assert.deepEqual(rejectedBy({ collectionRate: '0.5999' }), ['F_COLLECTION_LOW']);
    assert.deepEqual(rejectedBy({ feeRatio: '0.59' }), ['F_FEE_RATIO_LOW']);
  });
  test('the first failed check wins (roster before acceptance)', () => {
    const l = lineOf(run([{ accepted: null }], { compounds: [compound({ onRoster2023: false })] }), 'F1');
    assert.deepEqual(codes(l), ['F_NOT_ON_ROSTER']);
  });
  test('thresholds are inclusive; accepted on the submission day is fine', () => {
    const l = lineOf(run([{ collectionRate: '0.60', feeRatio: '0.6', accepted: '2025-05-01' }]), 'F1');
    assert.equal(l.status, 'granted');
  });
  test('every listed category is accepted (D-18)', () => {
    for (const category of ['health', 'safety', 'security', 'basic']) assert.equal(lineOf(run([{ category }]), 'F1').status, 'granted');
  });
});

describe('F base and caps', () => {
  test('base = 40% of the investment, half up to the fen (D-17)', () => {
    const l = lineOf(run([{ investment: '1234.56' }]), 'F1');
    assert.deepEqual([l.base, l.amount, l.status], ['493.82', '493.82', 'granted']); // 493.824
    const half = lineOf(run([{ investment: '0.0125' }]), 'F1');
    assert.equal(half.base, '0.01'); // 0.005 → 0.01
  });
  test('base 0.00: rejected, nothing to grant', () => {
    const l = lineOf(run([{ investment: '0.01' }]), 'F1');
    assert.deepEqual([l.status, l.base, codes(l)], ['rejected', '0.00', ['F_BASE', 'F_NOTHING_TO_GRANT']]);
  });
  test('the compound cap is cumulative across years (D-14)', () => {
    const r = run([
      { id: 'F1', investment: '40000.00', submitted: '2025-05-01' },
      { id: 'F2', investment: '20000.00', submitted: '2026-02-01', accepted: '2026-01-01' },
      { id: 'F3', investment: '1000.00', submitted: '2026-03-01', accepted: '2026-01-01' },
    ]);
    assert.deepEqual(
      r.lines.map((l) => [l.status, l.amount]),
      [
        ['granted', '16000.00'],
        ['capped', '4000.00'],
        ['rejected', '0.00'],
      ],
    );
    assert.ok(codes(lineOf(r, 'F2')).includes('F_CAP_COMPOUND'));
    assert.ok(codes(lineOf(r, 'F3')).includes('F_QUOTA_EXHAUSTED'));
  });
  test('community quotas are shared by roster area, rounded down, per submission year (D-15)', () => {
    // C1 holds 1/3 of the roster area: quota floor(1000000/3) = 333333.33
    const compounds = [
      compound({ id: 'A', communityId: 'C1', area: '1000.00' }),
      compound({ id: 'B', communityId: 'C2', area: '2000.00' }),
      compound({ id: 'Z', communityId: 'C1', area: '99999.00', onRoster2023: false }),
    ];
    const apps = Array.from({ length: 17 }, (_, i) => ({
      id: `F${String(i).padStart(2, '0')}`,
      compoundId: 'A',
      submitted: '2025-05-01',
      investment: '50000.00',
    }));
    const r = run(apps, { compounds }, { 'F.compoundCap': '1000000' });
    assert.equal(r.lines.filter((l) => l.status === 'granted').length, 16); // 16 × 20000 = 320000
    const last = lineOf(r, 'F16');
    assert.deepEqual([last.status, last.amount], ['capped', '13333.33']);
    assert.ok(codes(last).includes('F_CAP_COMMUNITY'));
    assert.equal(r.totals.F, '333333.33');
  });
  test('decided in order of submission, then id as text, not in input order', () => {
    const compounds = [
      compound({ id: 'A', communityId: 'C1', area: '100.00' }),
      compound({ id: 'B', communityId: 'C2', area: '999900.00' }),
    ];
    // quota of C1 = 1000000 × 100 / 1000000 = 100.00
    const r = run(
      [
        { id: 'F2', compoundId: 'A', submitted: '2025-06-01', investment: '200.00' },
        { id: 'F10', compoundId: 'A', submitted: '2025-06-01', investment: '200.00' },
        { id: 'F1', compoundId: 'A', submitted: '2025-06-02', investment: '200.00' },
      ],
      { compounds },
    );
    assert.deepEqual(
      r.lines.map((l) => [l.subject, l.status, l.amount]),
      [
        ['F2', 'capped', '20.00'],
        ['F10', 'granted', '80.00'],
        ['F1', 'rejected', '0.00'],
      ],
    );
  });
  test('the city total only bites when parameters change (D-19)', () => {
    const compounds = [compound({ id: 'A', communityId: 'C1', area: '1.00' })];
    const r = run([{ compoundId: 'A', investment: '50000.00' }], { compounds }, { 'F.cityAnnualTotal': '5000' });
    const l = lineOf(r, 'F1');
    assert.deepEqual([l.status, l.amount], ['capped', '5000.00']);
  });
});
