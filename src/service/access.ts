/**
 * Who may do what. Step 2 has one rule per decision (the housing bureau decides corrections); step 3
 * grows this into the one policy table every route and command consults, with data scopes.
 */

import { userError } from '../lib/errors.ts';
import { type Actor, ROLE_LABELS, type Role } from './actor.ts';

/** Refuses (403) unless the actor holds one of `roles`; the administrator may act for any role. */
export function requireRole(actor: Actor, roles: readonly Role[], what: { zh: string; en: string }): void {
  if (actor.role === 'admin' || (actor.role !== 'public' && roles.includes(actor.role))) return;
  throw userError(
    'auth.forbidden',
    `${what.zh}须由${roles.map((r) => ROLE_LABELS[r]).join('或')}办理`,
    `${what.en}: only ${roles.join(' or ')} may do this`,
    { status: 403 },
  );
}
