/**
 * Which cases an account sees (docs/domain.md "Data scopes"): the bureau and finance all of them; a
 * community those of its community; a company its own; a committee its own — and the claims of its
 * compound, which it scores. The auditor and the administrator see none (the auditor reads the trail).
 * One rule, as a query condition for lists and as a test for one case; outside it a case is not found.
 */
import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import type { CaseRow } from './store.ts';

/** The committee's compound, which a committee account needs for the claims it scores. */
export interface CommitteeScope {
  committeeCompoundId?: number | undefined;
}

export function caseCondition(actor: Actor, c: CommitteeScope = {}): SQL | undefined {
  switch (actor.role) {
    case 'bureau':
    case 'finance':
      return undefined;
    case 'community':
      return eq(t.cases.communityId, actor.scope?.community?.id ?? -1);
    case 'company':
      return eq(t.cases.companyId, actor.scope?.company?.id ?? -1);
    case 'committee':
      return or(
        eq(t.cases.committeeId, actor.scope?.committee?.id ?? -1),
        and(eq(t.cases.type, 'claim'), eq(t.cases.compoundId, c.committeeCompoundId ?? -1)),
      );
    default:
      return sql`false`;
  }
}

export function caseVisible(actor: Actor, row: CaseRow, c: CommitteeScope = {}): boolean {
  switch (actor.role) {
    case 'bureau':
    case 'finance':
      return true;
    case 'community':
      return row.communityId === actor.scope?.community?.id;
    case 'company':
      return row.companyId !== null && row.companyId === actor.scope?.company?.id;
    case 'committee':
      return (
        (row.committeeId !== null && row.committeeId === actor.scope?.committee?.id) ||
        (row.type === 'claim' && row.compoundId === c.committeeCompoundId)
      );
    default:
      return false;
  }
}

export const caseNotFound = (caseNo: string) => userError('case.not_found', `没有办件 ${caseNo}`, `no case ${caseNo}`, { status: 404 });
