/** Programme T, rule by rule (docs/policy.md T.1–T.10): each branch and each edge. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compound, engagement, scenario, tier1Facts, tier2Facts } from '../../scenario/fixtures.ts';
import { calc, codes, lineOf } from '../../testing.ts';

const run = (e: Parameters<typeof engagement>[0], o: Parameters<typeof scenario>[0] = {}) =>
  calc(scenario({ engagements: [engagement(e)], ...o }));

describe('T.1/T.9 eligibility of the engagement', () => {
  test('entry on 2024-01-01 counts (D-1); the day before does not', () => {
    const ok = run({ entryDate: '2024-01-01', periods: [tier1Facts('2024H1')] });
    assert.equal(lineOf(ok, 'E1', '2024H1').status, 'payable');
    const early = run({ entryDate: '2023-12-31', contractSigned: '2023-12-31', commitmentSigned: '2023-12-31' });
    assert.equal(early.lines.length, 1);
    assert.deepEqual(codes(lineOf(early, 'E1')), ['T_ENTRY_TOO_EARLY']);
    assert.equal(lineOf(early, 'E1').tier, null);
    assert.equal(lineOf(early, 'E1').period, undefined);
  });
  test('a compound not on the 2023 roster gets one ineligible line', () => {
    const r = run({}, { compounds: [compound({ onRoster2023: false })] });
    assert.deepEqual(
      r.lines.map((l) => [l.status, l.amount, codes(l)]),
      [['ineligible', '0.00', ['T_NOT_ON_ROSTER']]],
    );
  });
  test('a missing contract or commitment letter makes the whole engagement ineligible (D-2)', () => {
    assert.deepEqual(codes(lineOf(run({ contractSigned: null }), 'E1')), ['T_CONTRACT_MISSING']);
    assert.deepEqual(codes(lineOf(run({ commitmentSigned: undefined }), 'E1')), ['T_COMMITMENT_MISSING']);
  });
  test('no day inside the accrual window: signed after the reward ended', () => {
    const r = run({ entryDate: '2025-06-01', contractSigned: '2026-01-05', commitmentSigned: '2025-06-01' });
    assert.deepEqual(codes(lineOf(r, 'E1')), ['T_NO_DAY_SERVED']);
  });
  test('an engagement ending on its first day still served one day', () => {
    const r = run({
      entryDate: '2025-12-31',
      contractSigned: '2025-12-31',
      commitmentSigned: '2025-12-31',
      periods: [tier1Facts('2025H2')],
    });
    const l = lineOf(r, 'E1', '2025H2');
    assert.equal(l.months, '0.0323');
    assert.equal(l.amount, '129.03'); // 0.40 × 10000 × 1/31 = 129.032…
  });
});

describe('T.2/T.3/T.10 accrual window and months', () => {
  test('accrual starts at the latest of entry, contract and commitment', () => {
    const r = run({
      entryDate: '2024-03-15',
      contractSigned: '2024-03-10',
      commitmentSigned: '2024-04-01',
      periods: [tier1Facts('2024H1')],
    });
    assert.equal(lineOf(r, 'E1', '2024H1').months, '3.0000');
  });
  test('the end date is the last day served, inclusive', () => {
    const r = run({ endDate: '2024-02-29', periods: [tier1Facts('2024H1')] });
    assert.equal(r.lines.length, 1);
    assert.equal(lineOf(r, 'E1', '2024H1').months, '2.0000');
  });
  test('no line after T.rewardUntil (2025H2 is the last period)', () => {
    const r = run({});
    assert.deepEqual(
      r.lines.map((l) => l.period),
      ['2024H1', '2024H2', '2025H1', '2025H2'],
    );
  });
  test('facts for a period not served are ignored', () => {
    const r = run({
      entryDate: '2024-07-01',
      contractSigned: '2024-07-01',
      commitmentSigned: '2024-07-01',
      periods: [tier1Facts('2024H1')],
    });
    assert.equal(r.lines[0]?.period, '2024H2');
  });
});

describe('T.4 tier of a period', () => {
  const tierOf = (facts: ReturnType<typeof tier1Facts>, kind: 'compound' | 'scattered' = 'compound') =>
    lineOf(run({ periods: [facts] }, { compounds: [compound({ kind })] }), 'E1', '2024H1');
  test('collection rate exactly 0.60 meets tier 1; just under does not', () => {
    assert.equal(tierOf(tier1Facts('2024H1', { feesReceivableOccupied: '100000.00', feesCollected: '60000.00' })).tier, 1);
    assert.equal(tierOf(tier1Facts('2024H1', { feesReceivableOccupied: '100000.00', feesCollected: '59999.99' })).tier, 2);
  });
  test('fee ratio exactly 0.60 meets tier 1; just under does not', () => {
    assert.equal(tierOf(tier1Facts('2024H1', { feeStandard: '0.72', marketPrice: '1.20' })).tier, 1);
    assert.equal(tierOf(tier1Facts('2024H1', { feeStandard: '0.71', marketPrice: '1.20' })).tier, 2);
  });
  test('receivable 0 or market price 0: the ratio is not met', () => {
    assert.equal(tierOf(tier1Facts('2024H1', { feesReceivableOccupied: '0.00', feesCollected: '0.00' })).tier, 2);
    assert.equal(tierOf(tier1Facts('2024H1', { marketPrice: '0.00' })).tier, 2);
  });
  test('no committee support or no enhanced services: tier 2', () => {
    assert.equal(tierOf(tier1Facts('2024H1', { committeeSupport: false })).tier, 2);
    assert.equal(tierOf(tier1Facts('2024H1', { enhancedServices: false })).tier, 2);
  });
  test('enhanced services include basic services', () => {
    const l = tierOf(tier1Facts('2024H1', { committeeSupport: false, basicServices: false }));
    assert.equal(l.tier, 2);
  });
  test('no services at all: no tier, ineligible, 0.00', () => {
    const l = tierOf(tier2Facts('2024H1', { basicServices: false }));
    assert.deepEqual([l.tier, l.status, l.amount, l.rate], [null, 'ineligible', '0.00', null]);
  });
  test('a scattered unit meeting every tier-1 condition gets tier 2 (D-5)', () => {
    const l = tierOf(tier1Facts('2024H1'), 'scattered');
    assert.deepEqual([l.tier, l.rate, l.amount], [2, '0.20', '12000.00']);
    assert.match(l.reasons[0]?.text ?? '', /D-5/);
  });
  test('T.scatteredMaxTier=1 lets a scattered unit reach tier 1', () => {
    const s = scenario({ compounds: [compound({ kind: 'scattered' })], engagements: [engagement({ periods: [tier1Facts('2024H1')] })] });
    assert.equal(lineOf(calc(s, { set: { 'T.scatteredMaxTier': '1' } }), 'E1', '2024H1').tier, 1);
  });
  test('the tier is decided per half-year (D-4)', () => {
    const r = run({ periods: [tier1Facts('2024H1'), tier2Facts('2024H2')] });
    assert.deepEqual([lineOf(r, 'E1', '2024H1').tier, lineOf(r, 'E1', '2024H2').tier], [1, 2]);
  });
});

describe('T.4 an unknown market price is unknown, never zero', () => {
  const tier2Text = (l: ReturnType<typeof lineOf>) => l.reasons.find((r) => r.code === 'T_TIER2')?.text ?? '';
  test('price null with tier-1 facts: tier 2 at the tier-2 rate, with a reason of its own, and counted in the totals', () => {
    const r = run({ periods: [tier1Facts('2024H1', { marketPrice: null }), tier1Facts('2024H2')] });
    const l = lineOf(r, 'E1', '2024H1');
    // 0.20 × 10000 m² × 6 months
    assert.deepEqual([l.status, l.tier, l.rate, l.amount], ['payable', 2, '0.20', '12000.00']);
    assert.deepEqual(codes(l), ['T_TIER2', 'T_MARKET_PRICE_UNKNOWN', 'T_PAYABLE']);
    assert.equal(
      l.reasons[1]?.text,
      '2024H1: the market reference price of similar compounds is unknown, so the fee ratio cannot be established and tier 1 is not reached',
    );
    assert.match(tier2Text(l), /fee ratio unknown/);
    assert.doesNotMatch(tier2Text(l), /fee ratio not met/);
    assert.equal(l.missing, undefined);
    assert.deepEqual([lineOf(r, 'E1', '2024H2').tier, lineOf(r, 'E1', '2024H2').amount], [1, '24000.00']);
    assert.equal(r.totals.T, '36000.00');
  });
  test('price omitted: the same as null', () => {
    const { marketPrice: _, ...facts } = tier1Facts('2024H1');
    const l = lineOf(run({ periods: [facts] }), 'E1', '2024H1');
    assert.deepEqual([l.tier, l.amount], [2, '12000.00']);
    assert.ok(codes(l).includes('T_MARKET_PRICE_UNKNOWN'));
  });
  test('price "0" stays a failed fee ratio: tier 2, the old reason, no T_MARKET_PRICE_UNKNOWN', () => {
    const r = run({ periods: [tier1Facts('2024H1', { marketPrice: '0' }), tier1Facts('2024H2')] });
    const l = lineOf(r, 'E1', '2024H1');
    assert.deepEqual([l.status, l.tier, l.rate, l.amount], ['payable', 2, '0.20', '12000.00']);
    assert.deepEqual(codes(l), ['T_TIER2', 'T_PAYABLE']);
    assert.match(tier2Text(l), /\(fee ratio not met\)/);
    assert.equal(r.totals.T, '36000.00');
  });
  test('in Chinese: the price is unknown, not the ratio unmet', () => {
    const zh = (marketPrice: string | null) =>
      lineOf(
        calc(scenario({ engagements: [engagement({ periods: [tier1Facts('2024H1', { marketPrice })] })] }), { lang: 'zh' }),
        'E1',
        '2024H1',
      );
    const unknown = zh(null);
    assert.equal(unknown.reasons[1]?.text, '2024H1 同类小区市场价格未知，收费标准比例无法确定，不能认定一档');
    assert.match(unknown.reasons[0]?.text ?? '', /收费标准比例未知/);
    assert.doesNotMatch(unknown.reasons[0]?.text ?? '', /收费标准比例未达标/);
    assert.match(zh('0').reasons[0]?.text ?? '', /（收费标准比例未达标）/);
  });
  test('the unknown price sits beside other unmet conditions, and keeps a scattered unit from looking tier-1 ready', () => {
    const l = lineOf(run({ periods: [tier1Facts('2024H1', { marketPrice: null, committeeSupport: false })] }), 'E1', '2024H1');
    assert.match(tier2Text(l), /\(no help forming the committee, fee ratio unknown \(market price unknown\)\)/);
    const s = lineOf(
      run({ periods: [tier1Facts('2024H1', { marketPrice: null })] }, { compounds: [compound({ kind: 'scattered' })] }),
      'E1',
      '2024H1',
    );
    assert.equal(s.tier, 2);
    assert.doesNotMatch(tier2Text(s), /D-5/);
    assert.ok(codes(s).includes('T_MARKET_PRICE_UNKNOWN'));
  });
  test('no services at all: no tier, and the price is not what decided it', () => {
    const l = lineOf(run({ periods: [tier2Facts('2024H1', { basicServices: false, marketPrice: null })] }), 'E1', '2024H1');
    assert.deepEqual([l.tier, l.status, codes(l)], [null, 'ineligible', ['T_NO_TIER']]);
  });
  test('the trace shows the price as null and the ratio as unknown ("—" for a price of 0)', () => {
    const traceOf = (marketPrice: string | null) =>
      lineOf(
        calc(scenario({ engagements: [engagement({ periods: [tier1Facts('2024H1', { marketPrice })] })] }), { explain: true }),
        'E1',
        '2024H1',
      ).trace ?? [];
    const unknown = traceOf(null);
    const tier = unknown.find((s) => s.code === 'T_TIER2');
    assert.equal(tier?.facts?.marketPrice, null);
    assert.deepEqual([tier?.values?.feeRatio, tier?.values?.feeRatioMet], ['unknown', 'false']);
    assert.deepEqual(
      unknown.map((s) => s.code),
      ['T_ELIGIBLE', 'T_MONTHS', 'T_TIER2', 'T_MARKET_PRICE_UNKNOWN', 'T_AMOUNT', 'T_PAYABLE'],
    );
    const zero = traceOf('0').find((s) => s.code === 'T_TIER2');
    assert.deepEqual([zero?.facts?.marketPrice, zero?.values?.feeRatio], ['0', '—']);
  });
});

describe('T.5 amount', () => {
  test('one rounding per period, half up, exact', () => {
    // 0.40 × 12000 × (17/31 + 3) = 17032.258… → 17032.26
    const r = run(
      { entryDate: '2024-03-15', contractSigned: '2024-03-10', commitmentSigned: '2024-03-10', periods: [tier1Facts('2024H1')] },
      { compounds: [compound({ area: '12000.00' })] },
    );
    assert.equal(lineOf(r, 'E1', '2024H1').amount, '17032.26');
  });
  test('a value exactly on half a fen rounds up', () => {
    // 0.20 × 0.25 m² × 6 months = 0.30; 0.20 × 0.05 × 1/2… use 1 day of a 30-day month: 0.40 × 375 × 1/30 = 5.00;
    // 0.20 × 0.75 × 1/30 = 0.005 → 0.01
    const r = run(
      {
        entryDate: '2024-06-30',
        contractSigned: '2024-06-30',
        commitmentSigned: '2024-06-30',
        endDate: '2024-06-30',
        periods: [tier2Facts('2024H1')],
      },
      { compounds: [compound({ area: '0.75' })] },
    );
    assert.equal(lineOf(r, 'E1', '2024H1').amount, '0.01');
  });
});

describe('T.6/T.8 status of a period', () => {
  test('no facts → pending with no tier, naming the missing facts', () => {
    const l = lineOf(run({}), 'E1', '2024H1');
    assert.deepEqual([l.status, l.tier, l.amount, l.months], ['pending', null, '0.00', '6.0000']);
    assert.deepEqual(l.missing, ['periods[2024H1]']);
  });
  test('not ended on the evaluation date (asOf = the period end) → pending, amount shown', () => {
    const r = calc(scenario({ asOf: '2024-06-30', engagements: [engagement({ periods: [tier1Facts('2024H1')] })] }));
    const l = lineOf(r, 'E1', '2024H1');
    assert.deepEqual([l.status, l.amount], ['pending', '24000.00']);
    assert.equal(r.totals.T, '0.00');
    const next = calc(scenario({ asOf: '2024-07-01', engagements: [engagement({ periods: [tier1Facts('2024H1')] })] }));
    assert.equal(lineOf(next, 'E1', '2024H1').status, 'payable');
  });
  test('no score → pending, naming periods[P].assessmentScore', () => {
    const l = lineOf(run({ periods: [tier1Facts('2024H1', { assessmentScore: null })] }), 'E1', '2024H1');
    assert.deepEqual([l.status, l.missing], ['pending', ['periods[2024H1].assessmentScore']]);
  });
  test('score exactly 60 is payable; 59.99 is withheld', () => {
    assert.equal(lineOf(run({ periods: [tier1Facts('2024H1', { assessmentScore: 60 })] }), 'E1', '2024H1').status, 'payable');
    const w = lineOf(run({ periods: [tier1Facts('2024H1', { assessmentScore: 59.99 })] }), 'E1', '2024H1');
    assert.deepEqual([w.status, w.amount], ['withheld', '24000.00']);
  });
  test('no tier comes before "not ended"', () => {
    const r = calc(
      scenario({ asOf: '2024-03-01', engagements: [engagement({ periods: [tier2Facts('2024H1', { basicServices: false })] })] }),
    );
    assert.equal(lineOf(r, 'E1', '2024H1').status, 'ineligible');
  });
  test('withheld and pending amounts count 0 in the totals', () => {
    const r = run({ periods: [tier1Facts('2024H1', { assessmentScore: 50 }), tier1Facts('2024H2', { assessmentScore: null })] });
    assert.deepEqual(
      r.lines.slice(0, 2).map((l) => [l.status, l.amount]),
      [
        ['withheld', '24000.00'],
        ['pending', '24000.00'],
      ],
    );
    assert.equal(r.totals.T, '0.00');
  });
});

describe('T.7 annual result and rectification', () => {
  const year2024 = (h1: number, h2: number) => [
    tier1Facts('2024H1', { assessmentScore: h1 }),
    tier1Facts('2024H2', { assessmentScore: h2 }),
  ];
  test('a failed year with no record makes later years pending, naming the record', () => {
    const r = run({ periods: [...year2024(50, 60), tier1Facts('2025H1')] });
    const l = lineOf(r, 'E1', '2025H1');
    assert.deepEqual([l.status, l.missing, l.amount], ['pending', ['rectifications[2024]'], '24000.00']);
    assert.equal(lineOf(r, 'E1', '2024H2').status, 'payable'); // its own year is not blocked
  });
  test('an annual mean exactly 60 passes', () => {
    const r = run({ periods: [...year2024(59.5, 60.5), tier1Facts('2025H1')] });
    assert.equal(lineOf(r, 'E1', '2025H1').status, 'payable');
    assert.equal(lineOf(r, 'E1', '2024H1').status, 'withheld');
  });
  test('a year not fully scored blocks nothing', () => {
    const r = run({
      periods: [tier1Facts('2024H1', { assessmentScore: 10 }), tier1Facts('2024H2', { assessmentScore: null }), tier1Facts('2025H1')],
    });
    assert.equal(lineOf(r, 'E1', '2025H1').status, 'payable');
  });
  test('a year with a period without facts is not known', () => {
    const r = run({ periods: [tier1Facts('2024H1', { assessmentScore: 10 }), tier1Facts('2025H1')] });
    assert.equal(lineOf(r, 'E1', '2025H1').status, 'payable');
  });
  test('outcome rectified: service goes on', () => {
    const r = run({
      periods: [...year2024(40, 40), tier1Facts('2025H1'), tier1Facts('2025H2')],
      rectifications: [{ year: 2024, outcome: 'rectified', decidedOn: '2025-03-01' }],
    });
    assert.deepEqual(
      r.lines.map((l) => l.status),
      ['withheld', 'withheld', 'payable', 'payable'],
    );
  });
  for (const outcome of ['failed', 'refused'] as const) {
    test(`outcome ${outcome}: expelled, the decision date is the last day served`, () => {
      const r = run({
        periods: [...year2024(40, 40), tier1Facts('2025H1')],
        rectifications: [{ year: 2024, outcome, decidedOn: '2025-03-20' }],
      });
      assert.deepEqual(
        r.lines.map((l) => l.period),
        ['2024H1', '2024H2', '2025H1'],
      );
      const l = lineOf(r, 'E1', '2025H1');
      assert.deepEqual([l.months, l.amount, l.status], ['2.6452', '10580.65', 'payable']);
      assert.ok(codes(l).includes('T_EXPELLED'));
    });
  }
  test('a record is applied as recorded, even for a year that passed', () => {
    const r = run({ periods: [...year2024(90, 90)], rectifications: [{ year: 2024, outcome: 'refused', decidedOn: '2025-01-01' }] });
    assert.equal(lineOf(r, 'E1', '2025H1').months, '0.0323');
  });
});

describe('explanations', () => {
  test('--explain gives a trace with rules, clause ids, facts, parameters with dates and intermediate values', () => {
    const r = calc(scenario({ engagements: [engagement({ entryDate: '2024-03-15', periods: [tier1Facts('2024H1')] })] }), {
      explain: true,
      lang: 'zh',
    });
    const l = lineOf(r, 'E1', '2024H1');
    const rules = (l.trace ?? []).map((s) => s.rule);
    assert.deepEqual(rules, ['T.accrualWindow', 'T.months', 'T.tier', 'T.amount', 'T.assessmentGate']);
    const months = l.trace?.find((s) => s.rule === 'T.months');
    assert.equal(months?.values?.formula, '17/31 + 3');
    assert.match(months?.text ?? '', /3\.5484 个月/);
    const tier = l.trace?.find((s) => s.rule === 'T.tier');
    assert.deepEqual(
      tier?.params?.map((p) => [p.id, p.value, p.from]),
      [
        ['T.collectionMin', '0.60', '2024-01-01'],
        ['T.feeRatioMin', '0.60', '2024-01-01'],
        ['T.scatteredMaxTier', 2, '2024-01-01'],
        ['T.rate.tier1', '0.40', '2024-01-01'],
      ],
    );
    for (const s of l.trace ?? []) assert.match(s.clause, /^\d/);
  });
  test('every line names clauses; English on request', () => {
    const r = run({ periods: [tier1Facts('2024H1')] });
    assert.match(lineOf(r, 'E1', '2024H1').reasons[0]?.text ?? '', /^tier 1/);
  });
});
