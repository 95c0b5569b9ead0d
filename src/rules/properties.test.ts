/**
 * Properties that hold for every valid scenario (fast-check): totals, signs, caps, order
 * independence, determinism, and exactness against a day-by-day reference.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadPolicy } from '../policy/load.ts';
import { civilFromDay, daysInMonth, mustParseDay } from './dates/date.ts';
import { calculate, counts } from './engine.ts';
import { add, formatScaled, mul, parseDecimal, type Rational, rational, roundHalfUpScaled } from './exact/rational.ts';
import { presentCalculation } from './present.ts';
import { scenarioArbitrary } from './scenario/arbitrary.ts';
import type { Scenario } from './scenario/schema.ts';
import { validateScenario } from './scenario/validate.ts';

const policy = loadPolicy();
const RUNS = { numRuns: 300, seed: 20250113 };

function valid(s: Scenario): Scenario {
  const v = validateScenario(s);
  if (!v.ok) assert.fail(`generated scenario is invalid: ${JSON.stringify(v.problems.slice(0, 3))}`);
  return v.scenario;
}

test('generated scenarios are valid', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (s) => void valid(s)),
    RUNS,
  );
});

test('totals equal the sum of the counted lines; no amount is negative', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const c = calculate(valid(s), policy);
      const sums = { T: 0n, W: 0n, F: 0n };
      for (const l of c.lines) {
        assert.ok(l.amount >= 0n, `negative amount on ${l.subject}`);
        if (counts(l)) sums[l.program] += l.amount;
      }
      assert.deepEqual([c.totals.T, c.totals.W, c.totals.F], [sums.T, sums.W, sums.F]);
    }),
    RUNS,
  );
});

test('F never exceeds its base, the compound cap, the community quota or the city total', () => {
  const cap = 2_000_000n; // 20000.00 in fen
  const city = 100_000_000n; // 1000000.00 in fen
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const sc = valid(s);
      const c = calculate(sc, policy);
      const compounds = new Map(sc.compounds.map((x) => [x.id, x]));
      const apps = new Map((sc.facilityApplications ?? []).map((a) => [a.id, a]));
      const roster = sc.compounds.filter((x) => x.onRoster2023);
      const cityArea = roster.reduce((a, x) => add(a, parseDecimal(x.area)), rational(0n));
      const byCompound = new Map<string, bigint>();
      const byCommunityYear = new Map<string, bigint>();
      const byYear = new Map<string, bigint>();
      for (const l of c.lines) {
        if (l.program !== 'F' || !counts(l)) continue;
        assert.ok(l.base !== undefined && l.amount <= l.base && l.amount > 0n);
        const a = apps.get(l.subject);
        const x = a && compounds.get(a.compoundId);
        assert.ok(a && x);
        const year = a.submitted.slice(0, 4);
        byCompound.set(x.id, (byCompound.get(x.id) ?? 0n) + l.amount);
        byCommunityYear.set(`${x.communityId}/${year}`, (byCommunityYear.get(`${x.communityId}/${year}`) ?? 0n) + l.amount);
        byYear.set(year, (byYear.get(year) ?? 0n) + l.amount);
      }
      for (const v of byCompound.values()) assert.ok(v <= cap);
      for (const v of byYear.values()) assert.ok(v <= city);
      for (const [k, v] of byCommunityYear) {
        const community = k.split('/')[0];
        const area = roster.filter((x) => x.communityId === community).reduce((a, x) => add(a, parseDecimal(x.area)), rational(0n));
        // granted ≤ quota = city × area / cityArea, compared without dividing
        assert.ok(v * cityArea.n * area.d <= city * area.n * cityArea.d, `community ${community} over its quota`);
      }
    }),
    RUNS,
  );
});

/** Same lines, whatever the order of the input arrays (output order aside). */
function keyed(s: Scenario): Map<string, unknown> {
  const r = presentCalculation(calculate(valid(s), policy), { lang: 'en' });
  return new Map(r.lines.map((l) => [`${l.program}/${l.subject}/${l.period ?? ''}`, l]));
}

test('the result does not depend on the order of the input arrays', () => {
  fc.assert(
    fc.property(scenarioArbitrary, fc.integer(), (s, seed) => {
      const shuffle = <T>(xs: readonly T[] | null | undefined): T[] => {
        const out = [...(xs ?? [])];
        let x = seed | 0 || 1;
        for (let i = out.length - 1; i > 0; i--) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          const j = Math.abs(x) % (i + 1);
          [out[i], out[j]] = [out[j] as T, out[i] as T];
        }
        return out;
      };
      const shuffled: Scenario = {
        ...s,
        compounds: shuffle(s.compounds),
        engagements: shuffle(s.engagements).map((e) => ({ ...e, periods: shuffle(e.periods), rectifications: shuffle(e.rectifications) })),
        committees: shuffle(s.committees),
        facilityApplications: shuffle(s.facilityApplications),
      };
      assert.deepEqual(keyed(shuffled), keyed(s));
    }),
    RUNS,
  );
});

test('the engine is deterministic', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const a = presentCalculation(calculate(valid(s), policy, { explain: true }), { explain: true });
      const b = presentCalculation(calculate(valid(structuredClone(s)), policy, { explain: true }), { explain: true });
      assert.deepEqual(a, b);
    }),
    { ...RUNS, numRuns: 100 },
  );
});

/** Reference: Σ over each served day of rate × area / days-in-that-month, exact, rounded once. */
function referenceAmount(rate: string, area: string, from: string, to: string): string {
  let total: Rational = rational(0n);
  const perDay = mul(parseDecimal(rate), parseDecimal(area));
  for (let d = mustParseDay(from); d <= mustParseDay(to); d++) {
    const { y, m } = civilFromDay(d);
    total = add(total, mul(perDay, rational(1n, BigInt(daysInMonth(y, m)))));
  }
  return formatScaled(roundHalfUpScaled(total, 2), 2);
}

test('T amounts equal exact rational arithmetic, day by day', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const sc = valid(s);
      const c = presentCalculation(calculate(sc, policy, { explain: true }), { explain: true });
      for (const l of c.lines) {
        if (l.program !== 'T' || l.tier === null || l.tier === undefined) continue;
        const e = sc.engagements?.find((x) => x.id === l.subject);
        const x = e && sc.compounds.find((y) => y.id === e.compoundId);
        const months = l.trace?.find((t) => t.rule === 'T.months');
        assert.ok(x && months && l.rate);
        const [from, to] = (months.text.match(/\d{4}-\d{2}-\d{2}/g) ?? []) as [string, string];
        assert.equal(l.amount, referenceAmount(l.rate, x.area, from, to), `${l.subject} ${l.period}`);
      }
    }),
    { ...RUNS, numRuns: 150 },
  );
});

test('an unknown market price never reaches tier 1; a tier-2 line says it is unknown, and only then', () => {
  let seen = 0;
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      const sc = valid(s);
      const price = new Map<string, string | null | undefined>();
      for (const e of sc.engagements ?? []) for (const f of e.periods ?? []) price.set(`${e.id}/${f.period}`, f.marketPrice);
      for (const l of presentCalculation(calculate(sc, policy), { lang: 'en' }).lines) {
        if (l.program !== 'T' || l.period === undefined || !price.has(`${l.subject}/${l.period}`)) continue;
        const unknown = price.get(`${l.subject}/${l.period}`) == null;
        const said = l.reasons.some((r) => r.code === 'T_MARKET_PRICE_UNKNOWN');
        if (unknown) assert.notEqual(l.tier, 1, `${l.subject} ${l.period}`);
        assert.equal(said, unknown && l.tier === 2, `${l.subject} ${l.period}`);
        if (said) seen++;
      }
    }),
    RUNS,
  );
  assert.ok(seen > 0, 'the generator never produced a tier-2 line with an unknown price');
});

test('the generator reaches every status of every programme (the properties above are not vacuous)', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(scenarioArbitrary, (s) => {
      for (const l of calculate(valid(s), policy).lines) seen.add(`${l.program}:${l.status}${l.program === 'T' ? `:${l.tier}` : ''}`);
    }),
    RUNS,
  );
  for (const want of [
    'T:payable:1',
    'T:payable:2',
    'T:withheld:1',
    'T:pending:null',
    'T:ineligible:null',
    'W:payable',
    'W:pending',
    'W:ineligible',
    'F:granted',
    'F:capped',
    'F:rejected',
  ])
    assert.ok(seen.has(want), `never saw ${want}`);
});
