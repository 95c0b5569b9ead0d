/**
 * The calculation on the registry: build the scenario for the evaluation date, calculate the whole
 * city (F quotas and caps depend on every community), then keep the lines of the scope asked for.
 */
import type { Db } from '../db/client.ts';
import { buildScenario } from '../registry/scenario-build.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import type { CalcRequest, Outcome } from './calc.ts';
import { calcScoped, type Page, type Scope, type ScopedResult } from './calc-scope.ts';

export type { Scope };

/** The scenario a calculation of `scope` needs (today: the whole city, see above). */
export async function registryScenario(db: Db, asOf: string, _scope: Scope = {}): Promise<Scenario> {
  return buildScenario(db, asOf);
}

export async function calcFromDb(
  db: Db,
  asOf: string,
  scope: Scope = {},
  req: CalcRequest = {},
  page?: Page,
): Promise<Outcome<ScopedResult>> {
  return calcScoped(await registryScenario(db, asOf, scope), scope, req, page);
}
