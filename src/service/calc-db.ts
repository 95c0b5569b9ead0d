/**
 * The calculation on the registry: build the scenario for the evaluation date, calculate the whole
 * city (F quotas and caps depend on every community), then keep the lines of the scope asked for
 * (src/service/calc-scope.ts, which runs on a worker thread for the server). A scope names
 * registered codes: an unknown one is an error, never an empty result.
 */
import type { Db } from '../db/client.ts';
import { userError } from '../lib/errors.ts';
import { buildScenario, type MissingPrice, type RegistryScenario } from '../registry/scenario-build.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import type { CalcRequest, Outcome } from './calc.ts';
import { calcScoped, type Page, type Scope, type ScopedResult } from './calc-scope.ts';

export type { Scope };

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
      { status: 404 },
    );
}

/** The scenario a calculation of `scope` needs (today: the whole city, see above), the scope checked. */
export async function registryScenario(db: Db, asOf: string, scope: Scope = {}): Promise<RegistryScenario> {
  const built = await buildScenario(db, asOf);
  checkScope(built.scenario, scope);
  return built;
}

/** The periods of the scope whose market price the registry does not hold. */
export function missingPricesInScope(built: RegistryScenario, scope: Scope): MissingPrice[] {
  if (!scope.community && !scope.compound) return built.missingPrices;
  const communityOf = new Map(built.scenario.compounds.map((c) => [c.id, c.communityId]));
  return built.missingPrices.filter(
    (m) => (!scope.compound || m.compound === scope.compound) && (!scope.community || communityOf.get(m.compound) === scope.community),
  );
}

export type RegistryOutcome = Outcome<ScopedResult> & { missingPrices: MissingPrice[] };

export async function calcFromDb(db: Db, asOf: string, scope: Scope = {}, req: CalcRequest = {}, page?: Page): Promise<RegistryOutcome> {
  const built = await registryScenario(db, asOf, scope);
  return { ...calcScoped(built.scenario, scope, req, page), missingPrices: missingPricesInScope(built, scope) };
}
