/**
 * The registry as a whole: empty or not, filled by a seed (a demo or test database) or by real work,
 * and whether the 2023 roster is sealed (registry_meta, migration 0003).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { compounds, registryMeta } from '../db/schema.ts';

export type SeedKind = 'demo' | 'scenario' | 'synthetic';

export async function registryIsEmpty(db: Db): Promise<boolean> {
  return (await db.select({ id: compounds.id }).from(compounds).limit(1)).length === 0;
}

async function meta(db: Db) {
  const [row] = await db.select().from(registryMeta).where(eq(registryMeta.id, 1));
  return row;
}

/** What filled the registry, when a seed did; null for a registry of real data. */
export async function seededWith(db: Db): Promise<SeedKind | null> {
  return (await meta(db))?.seededWith ?? null;
}

/** When the bureau sealed the 2023 roster (ISO), or null while it may still be completed by import. */
export async function rosterSealedAt(db: Db): Promise<string | null> {
  return (await meta(db))?.rosterSealedAt?.toISOString() ?? null;
}

export interface RegistryInfo {
  empty: boolean;
  seededWith: SeedKind | null;
  /** the fictional demo city: nothing in it is real */
  demo: boolean;
  rosterSealedAt: string | null;
}

export async function registryInfo(db: Db): Promise<RegistryInfo> {
  const m = await meta(db);
  const seeded = m?.seededWith ?? null;
  return {
    empty: await registryIsEmpty(db),
    seededWith: seeded,
    demo: seeded === 'demo',
    rosterSealedAt: m?.rosterSealedAt?.toISOString() ?? null,
  };
}

/** How many of each record the registry holds (what a seed or an import reports). */
export async function registryCounts(db: Db): Promise<Record<string, number>> {
  const result = (await db.execute(sql`select
      (select count(*) from subdistrict) as subdistricts,
      (select count(*) from community) as communities,
      (select count(*) from compound) as compounds,
      (select count(*) from roster2023_current) as roster,
      (select count(*) from company) as companies,
      (select count(*) from engagement) as engagements,
      (select count(*) from period_facts) as "periodFacts",
      (select count(*) from assessment) as assessments,
      (select count(*) from rectification) as rectifications,
      (select count(*) from committee) as committees,
      (select count(*) from facility_application) as "facilityApplications",
      (select count(*) from market_price) as "marketPrices",
      (select count(*) from budget) as budgets,
      (select count(*) from survey) as surveys,
      (select count(*) from survey_response) as "surveyResponses"`)) as unknown as { rows: Record<string, number | string>[] };
  return Object.fromEntries(Object.entries(result.rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}
