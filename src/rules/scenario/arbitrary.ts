/** fast-check arbitraries of valid scenarios (test-only): every shape docs/calc-format.md allows, and edges. */
import fc from 'fast-check';
import { dayFromCivil, formatDay, yearOf } from '../dates/date.ts';
import { formatScaled } from '../exact/rational.ts';
import type { CommitteeInput, CompoundInput, EngagementInput, FacilityApplicationInput, PeriodFactsInput, Scenario } from './schema.ts';

const D2023 = dayFromCivil(2023, 6, 1);
const D2027 = dayFromCivil(2027, 3, 31);
const day = (min = D2023, max = D2027) => fc.integer({ min, max });
const fenString = (max: number) => fc.integer({ min: 0, max }).map((n) => formatScaled(BigInt(n), 2));
const ratio = fc.integer({ min: 40, max: 90 }).map((n) => formatScaled(BigInt(n), 2));
const score = fc.option(
  fc.integer({ min: 0, max: 10000 }).map((n) => n / 100),
  { nil: null, freq: 4 },
);
const PERIODS = ['2023H2', '2024H1', '2024H2', '2025H1', '2025H2', '2026H1'];

/** Random facts, and half of the time facts that meet every tier-1 threshold exactly or above (but for a price now and then unknown). */
const facts = (period: string): fc.Arbitrary<PeriodFactsInput> =>
  fc.oneof(
    fc.record({
      period: fc.constant(period),
      committeeSupport: fc.boolean(),
      enhancedServices: fc.boolean(),
      basicServices: fc.boolean(),
      feesReceivableOccupied: fc.oneof(fc.constant('0.00'), fc.constant('100000.00'), fenString(20000000)),
      feesCollected: fc.oneof(fc.constant('60000.00'), fenString(20000000)),
      feeStandard: fc.oneof(fc.constant('0.72'), fenString(300)),
      // null: the price is unknown (not 0)
      marketPrice: fc.oneof(fc.constant('1.20'), fc.constant('0.00'), fenString(300), fc.constant(null)),
      assessmentScore: score,
    }),
    fc.record({
      period: fc.constant(period),
      committeeSupport: fc.constant(true),
      enhancedServices: fc.constant(true),
      basicServices: fc.boolean(),
      feesReceivableOccupied: fc.constant('100000.00'),
      feesCollected: fc.constantFrom('60000.00', '100000.00'),
      feeStandard: fc.constantFrom('0.72', '1.50'),
      marketPrice: fc.constantFrom('1.20', '1.20', '1.20', null),
      assessmentScore: score,
    }),
  );

const compound = (i: number): fc.Arbitrary<CompoundInput> =>
  fc.record({
    id: fc.constant(`X${i}`),
    name: fc.constant(`小区${i}`),
    communityId: fc.constantFrom('C0', 'C1', 'C2'),
    kind: fc.constantFrom('compound' as const, 'scattered' as const),
    area: fc.integer({ min: 1, max: 100_000_000 }).map((n) => formatScaled(BigInt(n), 2)),
    households: fc.integer({ min: 0, max: 300 }),
    onRoster2023: fc.boolean(),
  });

/** Up to two engagements of one compound, one after the other. */
const engagementsOf = (compoundId: string, k: number): fc.Arbitrary<EngagementInput[]> =>
  fc
    .tuple(day(), fc.integer({ min: 0, max: 700 }), fc.integer({ min: 1, max: 200 }), fc.boolean(), fc.integer({ min: 0, max: 2 }))
    .chain(([entry1, length, gap, ended, count]) => {
      const spans = [
        { from: entry1, to: ended || count === 2 ? entry1 + length : null },
        { from: entry1 + length + gap, to: null },
      ].slice(0, count);
      return fc.tuple(
        ...spans.map((s, j) =>
          fc
            .record({
              contractOffset: fc.option(fc.integer({ min: -30, max: 60 }), { nil: null, freq: 8 }),
              commitmentOffset: fc.option(fc.integer({ min: -30, max: 60 }), { nil: null, freq: 8 }),
              periods: fc.subarray(PERIODS).chain((ps) => fc.tuple(...ps.map(facts))),
              rect: fc.array(
                fc.record({
                  dy: fc.integer({ min: 0, max: 2 }),
                  outcome: fc.constantFrom('rectified' as const, 'failed' as const, 'refused' as const),
                  offset: fc.integer({ min: 0, max: 300 }),
                }),
                { maxLength: 2 },
              ),
            })
            .map(({ contractOffset, commitmentOffset, periods, rect }): EngagementInput => {
              const contract = contractOffset === null ? null : s.from + contractOffset;
              const commitment = commitmentOffset === null ? null : s.from + commitmentOffset;
              const startYear = yearOf(Math.max(s.from, contract ?? s.from, commitment ?? s.from));
              const years = new Set<number>();
              const rectifications = rect
                .filter((r) => !years.has(startYear + r.dy) && years.add(startYear + r.dy))
                .map((r) => ({
                  year: startYear + r.dy,
                  outcome: r.outcome,
                  decidedOn: formatDay(dayFromCivil(startYear + r.dy + 1, 1, 1) + r.offset),
                }));
              return {
                id: `E${k}_${j}`,
                compoundId,
                companyId: `P${j}`,
                entryDate: formatDay(s.from),
                contractSigned: contract === null ? null : formatDay(contract),
                commitmentSigned: commitment === null ? null : formatDay(commitment),
                endDate: s.to === null ? null : formatDay(s.to),
                periods,
                rectifications,
              };
            }),
        ),
      );
    });

const committee = (i: number, compounds: number): fc.Arbitrary<CommitteeInput> =>
  fc
    .record({
      compound: fc.integer({ min: 0, max: compounds - 1 }),
      established: day(),
      contract: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null, freq: 6 }),
      operatingNormally: fc.boolean(),
      reviewApproved: fc.boolean(),
    })
    .map((r) => ({
      id: `W${i}`,
      compoundId: `X${r.compound}`,
      established: formatDay(r.established),
      serviceContractSigned: r.contract === null ? null : formatDay(r.established + r.contract),
      operatingNormally: r.operatingNormally,
      reviewApproved: r.reviewApproved,
    }));

const application = (i: number, compounds: number): fc.Arbitrary<FacilityApplicationInput> =>
  fc
    .record({
      compound: fc.integer({ min: 0, max: compounds - 1 }),
      submitted: day(dayFromCivil(2024, 10, 1)),
      acceptedBefore: fc.option(fc.integer({ min: -10, max: 200 }), { nil: null, freq: 8 }),
      category: fc.constantFrom('health', 'safety', 'security', 'basic', 'basic', 'other'),
      investment: fc.oneof(fenString(10_000_000), fc.constant('50000.00'), fc.constant('0.01')),
      committeeEstablished: fc.boolean(),
      collectionRate: ratio,
      feeRatio: ratio,
    })
    .map((r) => ({
      id: `F${i}`,
      compoundId: `X${r.compound}`,
      submitted: formatDay(r.submitted),
      accepted: r.acceptedBefore === null ? null : formatDay(r.submitted - r.acceptedBefore),
      category: r.category,
      investment: r.investment,
      committeeEstablished: r.committeeEstablished,
      collectionRate: r.collectionRate,
      feeRatio: r.feeRatio,
    }));

export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .record({
      asOf: day(dayFromCivil(2024, 1, 1)).map(formatDay),
      compounds: fc.tuple(...Array.from({ length: n }, (_, i) => compound(i))),
      engagements: fc.tuple(...Array.from({ length: n }, (_, i) => engagementsOf(`X${i}`, i))).map((xs) => xs.flat()),
      committees: fc.integer({ min: 0, max: 5 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => committee(i, n)))),
      facilityApplications: fc
        .integer({ min: 0, max: 12 })
        .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => application(i, n)))),
    })
    .map((s) => s as Scenario),
);
