/**
 * The reward estimator's form as a one-entity calculation scenario (docs/calc-format.md): one compound and
 * one engagement (T), one committee (W) or one facility application (F). Nothing is judged here — a value
 * the form cannot read as a number is sent as typed, and the engine names it (`$.compounds[0].households`);
 * `fieldOf` maps such a path back to the form's field.
 */
import type { Scenario } from './types.ts';

export type Programme = 'T' | 'W' | 'F';

export interface EstimateForm {
  programme: Programme;
  asOf: string;
  // the compound
  kind: 'compound' | 'scattered';
  area: string;
  households: string;
  onRoster2023: boolean;
  // T: the engagement and its half-year facts (the same for every half-year)
  entryDate: string;
  contractSigned?: string;
  commitmentSigned?: string;
  endDate?: string;
  basicServices: boolean;
  committeeSupport: boolean;
  enhancedServices: boolean;
  feesReceivableOccupied: string;
  feesCollected: string;
  feeStandard: string;
  marketPrice?: string;
  assessmentScore?: string;
  // W
  established: string;
  serviceContractSigned?: string;
  operatingNormally: boolean;
  reviewApproved: boolean;
  // F
  category: string;
  investment: string;
  submitted: string;
  accepted?: string;
  committeeEstablished: boolean;
  collectionRate: string;
  feeRatio: string;
}

const optional = (s: string | undefined): string | null => (s?.trim() ? s.trim() : null);
/** A whole or decimal number as the JSON number the scenario wants; anything else as typed, for the engine to refuse. */
const numberOr = (s: string | undefined): number | string | null => {
  const v = s?.trim() ?? '';
  if (v === '') return null;
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
};

/** The half-years from `from`'s to `to`'s, both YYYY-MM-DD: 2024-03-01…2025-12-31 → 2024H1 … 2025H2. */
export function halfYears(from: string, to: string): string[] {
  const at = (d: string) => {
    const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(d);
    return m ? Number(m[1]) * 2 + (Number(m[2]) > 6 ? 1 : 0) : null;
  };
  const a = at(from);
  const b = at(to);
  if (a === null || b === null || b < a || b - a > 40) return [];
  const out: string[] = [];
  for (let h = a; h <= b; h++) out.push(`${Math.floor(h / 2)}H${(h % 2) + 1}`);
  return out;
}

/** The scenario of the form; `rewardUntil` is the last day of the takeover reward (the parameter T.rewardUntil). */
export function scenarioOf(f: EstimateForm, rewardUntil: string): Scenario {
  const compound = {
    id: 'X1',
    name: '—',
    communityId: 'C1',
    kind: f.kind,
    area: f.area?.trim() ?? '',
    households: numberOr(f.households) ?? 0,
    onRoster2023: f.onRoster2023,
  };
  const s = { asOf: f.asOf, compounds: [compound], engagements: [], committees: [], facilityApplications: [] } as unknown as Scenario;
  if (f.programme === 'T') {
    const facts = {
      committeeSupport: f.committeeSupport,
      enhancedServices: f.enhancedServices,
      basicServices: f.basicServices,
      feesReceivableOccupied: f.feesReceivableOccupied?.trim() ?? '',
      feesCollected: f.feesCollected?.trim() ?? '',
      feeStandard: f.feeStandard?.trim() ?? '',
      marketPrice: optional(f.marketPrice),
      assessmentScore: numberOr(f.assessmentScore),
    };
    s.engagements = [
      {
        id: 'E1',
        compoundId: 'X1',
        companyId: 'P1',
        entryDate: f.entryDate,
        contractSigned: optional(f.contractSigned),
        commitmentSigned: optional(f.commitmentSigned),
        endDate: optional(f.endDate),
        periods: halfYears(f.entryDate, optional(f.endDate) ?? rewardUntil).map((period) => ({ period, ...facts })),
        rectifications: [],
      } as unknown as NonNullable<Scenario['engagements']>[number],
    ];
  } else if (f.programme === 'W') {
    s.committees = [
      {
        id: 'W1',
        compoundId: 'X1',
        established: f.established,
        serviceContractSigned: optional(f.serviceContractSigned),
        operatingNormally: f.operatingNormally,
        reviewApproved: f.reviewApproved,
      },
    ];
  } else {
    s.facilityApplications = [
      {
        id: 'F1',
        compoundId: 'X1',
        submitted: f.submitted,
        accepted: optional(f.accepted),
        category: f.category,
        investment: f.investment?.trim() ?? '',
        committeeEstablished: f.committeeEstablished,
        collectionRate: f.collectionRate?.trim() ?? '',
        feeRatio: f.feeRatio?.trim() ?? '',
      },
    ];
  }
  return s;
}

/** The form's field a problem's path names: `$.engagements[0].periods[1].feeStandard` → feeStandard. */
export function fieldOf(path: string): keyof EstimateForm | null {
  if (path === '$.asOf') return 'asOf';
  const m = /^\$\.(?:compounds|engagements|committees|facilityApplications)\[0\](?:\.periods\[\d+\])?\.(\w+)$/.exec(path);
  return m ? (m[1] as keyof EstimateForm) : null;
}

/** "0.60" → "60%", by moving the decimal point in the string (never a float). */
export function percent(ratio: string): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(ratio);
  if (!m) return ratio;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const whole = `${m[1]}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
