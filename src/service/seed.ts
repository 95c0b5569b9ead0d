/**
 * `jiangbu seed`: replace the whole registry by a scenario, the demo city or a synthetic national-scale
 * registry — for demo and test databases. A registry that holds real data (anything not made by a
 * seed) is not replaced without `force`; the seeded registry is marked as such (registry_meta) and its
 * roster sealed. The audit trail is kept: the seed is one more event in it.
 */
import { eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { DEMO_BUDGETS, seedDemo } from '../registry/demo.ts';
import { demoAccounts } from '../registry/demo-accounts.ts';
import { loadScenario, replaceRegistry } from '../registry/scenario-load.ts';
import { checkSyntheticCount, seedSyntheticBase, seedSyntheticCity } from '../registry/synthetic.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import { requireRole } from './access.ts';
import { command, type ServiceContext } from './command.ts';
import { seedDemoCases } from './demo-cases.ts';
import { setAppropriationIn } from './money/budgets.ts';
import { registryCounts, registryIsEmpty, type SeedKind, seededWith } from './registry-info.ts';

export type SeedSource =
  | { kind: 'scenario'; scenario: Scenario }
  /** the demo city; `cases: false` leaves out its cases (the registry is then exactly `demoScenario()`) */
  | { kind: 'demo'; cases?: boolean }
  /** `chunk`: compounds per transaction (5,000; tests make it smaller to cross chunks in a small city) */
  | { kind: 'synthetic'; compounds: number; onProgress?: (done: number) => void; chunk?: number };

export interface SeedOptions {
  /** replace a registry that holds real data */
  force?: boolean;
}

export async function seedRegistry(ctx: ServiceContext, source: SeedSource, opts: SeedOptions = {}): Promise<Record<string, number>> {
  requireRole(ctx.actor, ['admin'], { zh: '用演示或测试数据替换登记库', en: 'replacing the registry by seed data' });
  if (!opts.force && !(await registryIsEmpty(ctx.db)) && (await seededWith(ctx.db)) === null) {
    const { compounds } = await registryCounts(ctx.db);
    throw userError(
      'seed.real_data',
      `登记库中有导入的数据（${compounds} 个小区），seed 会清空全部登记数据且不可撤销；确需替换请加 --force（建议先备份）`,
      `the registry holds imported data (${compounds} compounds) and seed would erase all of it; add --force if you mean it (back up first)`,
      { status: 409 },
    );
  }
  if (source.kind === 'synthetic') checkSyntheticCount(source.compounds);
  const kind: SeedKind = source.kind;
  const counts: Record<string, number> = await command(
    ctx,
    (counts) => ({ action: 'registry.seed', objectType: 'registry', objectId: kind, detail: { forced: opts.force === true, counts } }),
    async (tx) => {
      await replaceRegistry(tx);
      if (source.kind === 'scenario') await loadScenario(tx, source.scenario);
      else if (source.kind === 'demo') {
        await seedDemo(tx);
        // the finance bureau's appropriations, through the ledger like any other
        for (const b of DEMO_BUDGETS) await setAppropriationIn(tx, ctx, b);
      } else await seedSyntheticBase(tx, ctx, source.compounds);
      const at = ctx.now?.() ?? new Date();
      await tx
        .update(t.registryMeta)
        .set({ seededWith: kind, seededAt: at, rosterSealedAt: at, rosterSealedBy: ctx.actor.username })
        .where(eq(t.registryMeta.id, 1));
      return registryCounts(tx);
    },
  );
  // the synthetic city's compounds and cases, a chunk per transaction (src/registry/synthetic.ts)
  if (source.kind === 'synthetic') return seedSyntheticCity(ctx, source.compounds, source.onProgress, source.chunk);
  // the demo city comes with an account per role (the seed emptied the accounts with the registry)
  if (kind === 'demo') await demoAccounts(ctx);
  // the demo city's cases go through the one door like anyone's, each move its own transaction
  if (source.kind === 'demo' && source.cases !== false)
    Object.assign(counts, { cases: Object.values(await seedDemoCases(ctx.db)).reduce((a, n) => a + n, 0) });
  return counts;
}
