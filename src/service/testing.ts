/** For tests: acting users and a seeded registry, through the service layer like everything else. */
import type { Db } from '../db/client.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import type { Actor, Role } from './actor.ts';
import type { ServiceContext } from './command.ts';
import { seedRegistry } from './seed.ts';

export const testActor = (role: Role = 'admin', username = `test-${role}`): Actor => ({ username, role, channel: 'system' });

/** The service context of `actor` (default: an administrator) on `db`. */
export const as = (db: Db, actor: Actor = testActor()): ServiceContext => ({ db, actor });

/** Replaces the registry by `scenario` (what `jiangbu seed --scenario` does). */
export const seedScenario = (db: Db, scenario: Scenario) => seedRegistry(as(db), { kind: 'scenario', scenario }, { force: true });
