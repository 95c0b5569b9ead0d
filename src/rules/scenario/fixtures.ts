/**
 * Builders for scenarios in tests, property tests and benchmarks: every field has a plausible
 * default, a test states only the facts it is about.
 */
import type { CommitteeInput, CompoundInput, EngagementInput, FacilityApplicationInput, PeriodFactsInput, Scenario } from './schema.ts';

export const compound = (o: Partial<CompoundInput> = {}): CompoundInput => ({
  id: 'X1',
  name: '测试小区',
  communityId: 'C1',
  kind: 'compound',
  area: '10000.00',
  households: 120,
  onRoster2023: true,
  ...o,
});

/** Facts that meet tier 1 and pass the assessment. */
export const tier1Facts = (period: string, o: Partial<PeriodFactsInput> = {}): PeriodFactsInput => ({
  period,
  committeeSupport: true,
  enhancedServices: true,
  basicServices: true,
  feesReceivableOccupied: '100000.00',
  feesCollected: '70000.00',
  feeStandard: '0.90',
  marketPrice: '1.20',
  assessmentScore: 80,
  ...o,
});

/** Facts that meet tier 2 only (basic services, nothing more). */
export const tier2Facts = (period: string, o: Partial<PeriodFactsInput> = {}): PeriodFactsInput =>
  tier1Facts(period, { committeeSupport: false, enhancedServices: false, feesCollected: '10000.00', ...o });

export const engagement = (o: Partial<EngagementInput> = {}): EngagementInput => ({
  id: 'E1',
  compoundId: 'X1',
  companyId: 'P1',
  entryDate: '2024-01-01',
  contractSigned: '2024-01-01',
  commitmentSigned: '2024-01-01',
  endDate: null,
  periods: [],
  rectifications: [],
  ...o,
});

export const committee = (o: Partial<CommitteeInput> = {}): CommitteeInput => ({
  id: 'W1',
  compoundId: 'X1',
  established: '2024-03-01',
  serviceContractSigned: '2024-04-01',
  operatingNormally: true,
  reviewApproved: true,
  ...o,
});

export const application = (o: Partial<FacilityApplicationInput> = {}): FacilityApplicationInput => ({
  id: 'F1',
  compoundId: 'X1',
  submitted: '2025-05-01',
  accepted: '2025-04-01',
  category: 'safety',
  investment: '10000.00',
  committeeEstablished: true,
  collectionRate: '0.70',
  feeRatio: '0.70',
  ...o,
});

export const scenario = (o: Partial<Scenario> = {}): Scenario => ({
  asOf: '2026-12-31',
  compounds: [compound()],
  engagements: [],
  committees: [],
  facilityApplications: [],
  ...o,
});
