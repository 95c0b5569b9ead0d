/**
 * The part of the city a subject's line depends on. A takeover's half-years and a committee's grant
 * depend only on their own compound (its roster entry, its engagements and committee: programmes T and W in
 * docs/policy.md), so a case's engine record is calculated on that compound alone; a facility
 * subsidy depends on every application of its community and of the city (the quota and the city
 * cap), so F keeps every application. narrow.test.ts checks on the demo city that every line comes
 * out the same as in the whole city's calculation.
 */
import type { Scenario } from '../../rules/scenario/schema.ts';

export function narrowForSubject(s: Scenario, program: 'T' | 'W' | 'F', subject: string): Scenario {
  if (program === 'F') return { ...s, engagements: [], committees: [] };
  const compoundId =
    program === 'T' ? s.engagements?.find((e) => e.id === subject)?.compoundId : s.committees?.find((w) => w.id === subject)?.compoundId;
  if (compoundId === undefined) return { ...s, engagements: [], committees: [], facilityApplications: [] };
  return {
    ...s,
    compounds: s.compounds.filter((c) => c.id === compoundId),
    engagements: (s.engagements ?? []).filter((e) => e.compoundId === compoundId),
    committees: (s.committees ?? []).filter((w) => w.compoundId === compoundId),
    facilityApplications: [],
  };
}
