/**
 * The calculation on the registry: build the scenario for the evaluation date, calculate the whole
 * city (F quotas and caps depend on every community), then keep the lines of the scope asked for.
 */
import type { Db } from '../db/client.ts';
import { withOverrides } from '../policy/load.ts';
import { buildScenario } from '../registry/scenario-build.ts';
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

export async function calcFromDb(db: Db, asOf: string, scope: Scope = {}, req: CalcRequest = {}): Promise<Outcome<ResultJson>> {
  const policy = withOverrides(req.overrides ?? []);
  const v = validateScenario(await buildScenario(db, asOf));
  if (!v.ok) return v;
  const calc = calculate(v.scenario, policy, { explain: req.explain ?? false });
  const keep = subjectsInScope(v.scenario, scope);
  if (keep) {
    calc.lines = calc.lines.filter((l) => keep.has(`${l.program}/${l.subject}`));
    calc.totals = totalsOf(calc.lines);
  }
  return { ok: true, value: presentCalculation(calc, { lang: req.lang ?? 'zh', explain: req.explain ?? false }) };
}
