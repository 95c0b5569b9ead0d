/** For tests: acting users and a seeded registry, through the service layer like everything else. */
import type { Db } from '../db/client.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import type { Actor, Role } from './actor.ts';
import type { ServiceContext } from './command.ts';
import { setAppropriation } from './money/budgets.ts';
import { seedRegistry } from './seed.ts';

export const testActor = (role: Role = 'admin', username = `test-${role}`): Actor => ({ username, role, channel: 'system' });

/** The service context of `actor` (default: an administrator) on `db`. */
export const as = (db: Db, actor: Actor = testActor()): ServiceContext => ({ db, actor });

/**
 * Replaces the registry by `scenario` (what `jiangbu seed --scenario` does) and, unless `budget` is
 * false, appropriates that much (default 10,000,000.00) to every programme for 2024–2026, as finance.
 */
export async function seedScenario(db: Db, scenario: Scenario, opts: { budget?: string | false } = {}) {
  const counts = await seedRegistry(as(db), { kind: 'scenario', scenario }, { force: true });
  if (opts.budget !== false)
    for (const year of [2024, 2025, 2026])
      for (const programme of ['T', 'W', 'F'] as const)
        await setAppropriation(as(db, testActor('finance')), { year, programme, amount: opts.budget ?? '10000000.00' });
  return counts;
}
