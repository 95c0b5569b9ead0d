/**
 * The ledger's accounts (docs/domain.md "Money"), named by code. Which may not be overdrawn is part of
 * the account: a budget, a quota, a reservation, a payee's received money — the database refuses any
 * transfer that takes one below zero (ledger_account_no_overdraft, migration 0005).
 */
export type Programme = 'T' | 'W' | 'F';
export type PayeeType = 'company' | 'committee' | 'community';

export interface Payee {
  type: PayeeType;
  /** company.code, committee.code or community.code */
  code: string;
}

export interface AccountSpec {
  code: string;
  kind: 'source' | 'budget' | 'quota_source' | 'quota' | 'quota_used' | 'reserved' | 'paid' | 'spent';
  programme?: Programme;
  year?: number;
  /** the community the money is for (reservations and payments; F quotas) */
  communityCode?: string;
  payee?: Payee;
  noOverdraft: boolean;
}

/** Where a programme's appropriation comes from: the city's special fund (专项资金) for the year. */
export const source = (year: number, programme: Programme): AccountSpec => ({
  code: `source:${year}:${programme}`,
  kind: 'source',
  programme,
  year,
  noOverdraft: false,
});

/** A programme's budget for the year: appropriated in, reserved out. */
export const budget = (year: number, programme: Programme): AccountSpec => ({
  code: `budget:${year}:${programme}`,
  kind: 'budget',
  programme,
  year,
  noOverdraft: true,
});

/**
 * F's community quotas are limits, not money (docs/policy.md F.caps 2): each community's quota for the
 * year is allotted from the year's quota source, and every F reservation also moves its amount from the
 * community's quota to its used quota — so the F budget and the quota must both hold it.
 */
export const quotaSource = (year: number): AccountSpec => ({
  code: `quota_source:${year}:F`,
  kind: 'quota_source',
  programme: 'F',
  year,
  noOverdraft: false,
});

export const quota = (year: number, communityCode: string): AccountSpec => ({
  code: `quota:${year}:F:${communityCode}`,
  kind: 'quota',
  programme: 'F',
  year,
  communityCode,
  noOverdraft: true,
});

export const quotaUsed = (year: number, communityCode: string): AccountSpec => ({
  code: `quota_used:${year}:F:${communityCode}`,
  kind: 'quota_used',
  programme: 'F',
  year,
  communityCode,
  noOverdraft: true,
});

const payeeAccount =
  (kind: 'reserved' | 'paid') =>
  (year: number, programme: Programme, communityCode: string, payee: Payee): AccountSpec => ({
    code: `${kind}:${year}:${programme}:${communityCode}:${payee.type}:${payee.code}`,
    kind,
    programme,
    year,
    communityCode,
    payee,
    noOverdraft: true,
  });

/** Approved for a payee, not yet paid. */
export const reserved = payeeAccount('reserved');
/** Paid to a payee (for a committee, also what its spending is drawn from: clause 3.3). */
export const paid = payeeAccount('paid');

/** What an owners' committee spent of its grant (clause 3.3). */
export const spent = (communityCode: string, committeeCode: string): AccountSpec => ({
  code: `spent:W:${communityCode}:committee:${committeeCode}`,
  kind: 'spent',
  programme: 'W',
  communityCode,
  payee: { type: 'committee', code: committeeCode },
  noOverdraft: false,
});
