/**
 * The calculation on the registry: build the scenario for the evaluation date, calculate the whole
 * city (F quotas and caps depend on every community), then keep the lines of the scope asked for.
 */
import type { Db } from '../db/client.ts';
import { withOverrides } from '../policy/load.ts';
import { buildScenario, type MissingPrice } from '../registry/scenario-build.ts';
import { calculate, totalsOf } from '../rules/engine.ts';
import { presentCalculation, type ResultJson } from '../rules/present.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import type { CalcRequest, Outcome } from './calc.ts';
import { userError } from './errors.ts';

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

/** A scope names registered codes: an unknown one is an error, never an empty result. */
function checkScope(s: Scenario, scope: Scope): void {
  if (scope.compound !== undefined) {
    const c = s.compounds.find((x) => x.id === scope.compound);
    if (!c)
      throw userError('scope.compound', `没有编号为 ${scope.compound} 的小区`, `no compound with code ${scope.compound}`, { status: 404 });
    if (scope.community !== undefined && c.communityId !== scope.community)
      throw userError(
        'scope.mismatch',
        `小区 ${scope.compound} 不属于社区 ${scope.community}`,
        `compound ${scope.compound} is not in community ${scope.community}`,
        { status: 404 },
      );
  }
  if (scope.community !== undefined && !s.compounds.some((x) => x.communityId === scope.community))
    throw userError(
      'scope.community',
      `没有编号为 ${scope.community} 的社区（或该社区没有小区）`,
      `no community with code ${scope.community} (or it has no compounds)`,
      {
        status: 404,
      },
    );
}

export type RegistryOutcome = Outcome<ResultJson> & { missingPrices: MissingPrice[] };

export async function calcFromDb(db: Db, asOf: string, scope: Scope = {}, req: CalcRequest = {}): Promise<RegistryOutcome> {
  const policy = withOverrides(req.overrides ?? []);
  const built = await buildScenario(db, asOf);
  checkScope(built.scenario, scope);
  const missingPrices = built.missingPrices.filter((m) => !scope.compound || m.compound === scope.compound);
  const v = validateScenario(built.scenario);
  if (!v.ok) return { ...v, missingPrices };
  const calc = calculate(v.scenario, policy, { explain: req.explain ?? false });
  const keep = subjectsInScope(v.scenario, scope);
  if (keep) {
    calc.lines = calc.lines.filter((l) => keep.has(`${l.program}/${l.subject}`));
    calc.totals = totalsOf(calc.lines);
  }
  const inScope = keep ? missingPrices.filter((m) => keep.has(`T/${m.engagement}`)) : missingPrices;
  return { ok: true, value: presentCalculation(calc, { lang: req.lang ?? 'zh', explain: req.explain ?? false }), missingPrices: inScope };
}
