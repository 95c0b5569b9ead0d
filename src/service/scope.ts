/**
 * Data scopes (docs/domain.md): what an account may see follows from the organisation it is bound to.
 * A community account sees its community's compounds and cases; a company its own engagements and
 * claims; a committee its own record and grant; the bureau and finance the whole city. An object
 * outside the caller's scope is answered as not found (404), so its existence is not revealed.
 */
import { userError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import type { Scope as CalcScope } from './calc-scope.ts';

/** Not found — the same answer whether the object does not exist or is outside the caller's scope. */
export const notFound = (what: { zh: string; en: string }, code: string) =>
  userError(`${what.en.replace(/\s+/g, '_')}.not_found`, `没有${what.zh} ${code}`, `no ${what.en} ${code}`, { status: 404 });

/** The community a community account is bound to (its code), or null for accounts that see the city. */
export function ownCommunity(actor: Actor): string | null {
  if (actor.role === 'community') {
    const code = actor.scope?.community?.code;
    if (!code) throw new Error(`community account ${actor.username} has no community`);
    return code;
  }
  return null;
}

/** A registry calculation's scope as the caller may have it: a community account sees its own community only. */
export function scopedCalc(actor: Actor, asked: CalcScope): CalcScope {
  const own = ownCommunity(actor);
  if (own === null) return asked;
  if (asked.community !== undefined && asked.community !== own)
    throw userError(
      'scope.community',
      `没有编号为 ${asked.community} 的社区（或该社区没有小区）`,
      `no community with code ${asked.community} (or it has no compounds)`,
      {
        status: 404,
      },
    );
  return { ...asked, community: own };
}
