/**
 * A calculation of the whole city kept to a scope (a community, a compound) and a page of its lines.
 * F quotas and caps depend on every community, so the city is calculated whole; the totals and the
 * line count are those of the scope, and only the page's lines are presented.
 */
import { withOverrides } from '../policy/load.ts';
import { calculate, totalsOf } from '../rules/engine.ts';
import { presentCalculation, type ResultJson } from '../rules/present.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import type { CalcRequest, Outcome } from './calc.ts';

export interface Scope {
  /** a community's code */
  community?: string | undefined;
  /** a compound's code */
  compound?: string | undefined;
}

export interface Page {
  offset: number;
  limit: number;
}

export type ScopedResult = ResultJson & { page?: Page & { total: number } };

/** The compound (and its community) each line's subject belongs to. */
function subjectsInScope(s: Scenario, scope: Scope): Set<string> | null {
  if (!scope.community && !scope.compound) return null;
  const communityOf = new Map(s.compounds.map((c) => [c.id, c.communityId]));
  const inScope = (compoundId: string) =>
    (!scope.compound || compoundId === scope.compound) && (!scope.community || communityOf.get(compoundId) === scope.community);
  const keep = new Set<string>();
  for (const e of s.engagements ?? []) if (inScope(e.compoundId)) keep.add(`T/${e.id}`);
  for (const w of s.committees ?? []) if (inScope(w.compoundId)) keep.add(`W/${w.id}`);
  for (const a of s.facilityApplications ?? []) if (inScope(a.compoundId)) keep.add(`F/${a.id}`);
  return keep;
}

/** `scenario` as the registry built it (validated here); without a page every line of the scope. */
export function calcScoped(scenario: unknown, scope: Scope, req: CalcRequest = {}, page?: Page): Outcome<ScopedResult> {
  const policy = withOverrides(req.overrides ?? []);
  const v = validateScenario(scenario);
  if (!v.ok) return v;
  const calc = calculate(v.scenario, policy, { explain: req.explain ?? false });
  const keep = subjectsInScope(v.scenario, scope);
  if (keep) {
    calc.lines = calc.lines.filter((l) => keep.has(`${l.program}/${l.subject}`));
    calc.totals = totalsOf(calc.lines);
  }
  const total = calc.lines.length;
  if (page) calc.lines = calc.lines.slice(page.offset, page.offset + page.limit);
  const value: ScopedResult = presentCalculation(calc, { lang: req.lang ?? 'zh', explain: req.explain ?? false });
  if (page) value.page = { ...page, total };
  return { ok: true, value };
}
