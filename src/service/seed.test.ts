/** A seed replaces demo and test registries only: imported data is not wiped without --force. */
import assert from 'node:assert/strict';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { UserError } from '../lib/errors.ts';
import { compound, scenario } from '../rules/scenario/fixtures.ts';
import { command } from './command.ts';
import { registryInfo } from './registry-info.ts';
import { seedRegistry } from './seed.ts';
import { as, seedScenario, testActor } from './testing.ts';

describeDb('seeding', (ctx, it) => {
  it('marks the registry as seeded and seals its roster; a seeded registry may be seeded again', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A' })] }));
    const info = await registryInfo(db);
    assert.deepEqual([info.seededWith, info.demo, info.rosterSealedAt !== null, info.empty], ['scenario', false, true, false]);
    await seedRegistry(as(db), { kind: 'demo' });
    assert.equal((await registryInfo(db)).demo, true);
  });

  it('refuses to replace a registry of real data without force, and only an administrator seeds', async () => {
    const { db } = ctx.database;
    // the registry holds data no seed made (as after `jiangbu import`): mark it so
    await command(as(db), { action: 'test.real' }, (tx) => tx.update(t.registryMeta).set({ seededWith: null, seededAt: null }));
    const refused = seedRegistry(as(db), { kind: 'scenario', scenario: scenario({ compounds: [compound({ id: 'B' })] }) });
    await assert.rejects(refused, (e) => (e as UserError).code === 'seed.real_data' && /--force/.test((e as UserError).messageIn('zh')));
    assert.equal((await db.select().from(t.compounds)).length > 0, true);
    await assert.rejects(
      seedRegistry(as(db, testActor('bureau')), { kind: 'demo' }, { force: true }),
      (e) => (e as UserError).code === 'auth.forbidden',
    );
    const counts = await seedRegistry(
      as(db),
      { kind: 'scenario', scenario: scenario({ compounds: [compound({ id: 'B' })] }) },
      { force: true },
    );
    assert.equal(counts.compounds, 1);
  });

  it('the audit trail survives a seed: the seed is one more event in it', async () => {
    const { db } = ctx.database;
    const seeds = (await db.select().from(t.auditEvents)).filter((e) => e.action === 'registry.seed');
    assert.equal(seeds.length, 3);
    assert.deepEqual(
      seeds.map((e) => [e.objectId, (e.detail as { forced: boolean }).forced]),
      [
        ['scenario', true], // seedScenario (tests) forces
        ['demo', false],
        ['scenario', true],
      ],
    );
  });
});
