/**
 * A deterministic batch of engagements for benchmarks and synthetic registries: each compound has one engagement with
 * four half-years of facts (2024H1–2025H2), a realistic mix of tiers, scores and part months.
 */
import { dayFromCivil, formatDay } from '../dates/date.ts';
import { formatScaled } from '../exact/rational.ts';
import type { CompoundInput, EngagementInput, PeriodFactsInput, Scenario } from './schema.ts';

/** xorshift32: the same batch on every run */
export function prng(seed: number) {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const PERIODS = ['2024H1', '2024H2', '2025H1', '2025H2'];
const D0 = dayFromCivil(2024, 1, 1);

export function generateBatch(count: number, offset = 0, seed = 7): Scenario {
  const rnd = prng(seed + offset);
  const int = (n: number) => Math.floor(rnd() * n);
  const money = (max: number) => formatScaled(BigInt(int(max * 100)), 2);
  const compounds: CompoundInput[] = [];
  const engagements: EngagementInput[] = [];
  for (let i = 0; i < count; i++) {
    const id = `X${offset + i}`;
    compounds.push({
      id,
      name: `小区${offset + i}`,
      communityId: `C${int(60)}`,
      kind: rnd() < 0.15 ? 'scattered' : 'compound',
      area: formatScaled(BigInt(100000 + int(5_000_000)), 2),
      households: int(400),
      onRoster2023: rnd() < 0.97,
    });
    const entry = formatDay(D0 + int(150));
    const periods: PeriodFactsInput[] = PERIODS.map((period) => {
      const receivable = 50000 + int(200000);
      return {
        period,
        committeeSupport: rnd() < 0.6,
        enhancedServices: rnd() < 0.6,
        basicServices: rnd() < 0.9,
        feesReceivableOccupied: formatScaled(BigInt(receivable * 100), 2),
        feesCollected: formatScaled(BigInt(Math.floor(receivable * (0.4 + rnd() * 0.6)) * 100), 2),
        feeStandard: money(2),
        marketPrice: '1.20',
        assessmentScore: rnd() < 0.9 ? 40 + int(6000) / 100 : null,
      };
    });
    engagements.push({
      id: `E${offset + i}`,
      compoundId: id,
      companyId: `P${int(40)}`,
      entryDate: entry,
      contractSigned: entry,
      commitmentSigned: rnd() < 0.98 ? entry : null,
      endDate: null,
      periods,
      rectifications: [],
    });
  }
  return { asOf: '2026-03-31', compounds, engagements, committees: [], facilityApplications: [] };
}
