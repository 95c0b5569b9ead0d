/**
 * A payment claim: what one approved result entitles its payee to. Its id is derived from programme,
 * subject and period, so the same claim always has the same id and its payment can be written once
 * (ledger_transfer_pay_once). Its budget year is D-22 (docs/policy.md).
 */
import type { Payee, Programme } from './accounts.ts';

export interface Claim {
  programme: Programme;
  /** the subject as `calc --db` names it: engagement (T), committee (W), application (F) */
  subject: string;
  /** the half-year of a T claim; none for W and F */
  period: string | null;
  year: number;
  communityCode: string;
  payee: Payee;
  /** fen, > 0 */
  amount: bigint;
}

export const claimId = (programme: Programme, subject: string, period: string | null): string =>
  period ? `${programme}:${subject}:${period}` : `${programme}:${subject}`;

/**
 * D-22 — the budget year a claim is paid from: the year of the half-year claimed (T), of the day the
 * grant falls due six months after the contract (W), of the submission (F, as the quota's year, D-15).
 */
export function budgetYear(
  programme: Programme,
  facts: { period?: string | null; payableFrom?: string | null; submitted?: string | null },
): number {
  const text = programme === 'T' ? facts.period : programme === 'W' ? facts.payableFrom : facts.submitted;
  const year = Number(text?.slice(0, 4));
  if (!text || !Number.isInteger(year) || year < 2000) throw new Error(`no budget year for a ${programme} claim: ${JSON.stringify(facts)}`);
  return year;
}
