/**
 * `jiangbu seed --synthetic --compounds N`: a registry of national scale for benchmarks — N roster
 * compounds, each taken over once with four half-years of facts and assessments. Batched
 * multi-row inserts in chunks (savepoints of the seeding transaction), so memory stays flat whatever N.
 */
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { generateBatch } from '../rules/scenario/generate.ts';
import { insertBatched } from './batch.ts';
import { insertEngagementFacts } from './scenario-load.ts';
import { withCheckChar } from './uscc.ts';

const CHUNK = 5000;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Fills an empty registry (inside the seeding transaction, src/service/seed.ts). */
export async function seedSynthetic(db: Db, compounds: number, onProgress?: (done: number) => void): Promise<void> {
  const communityCount = Math.max(1, Math.ceil(compounds / 2000));
  const subdistrictIds = await insertBatched(
    db,
    t.subdistricts,
    Array.from({ length: Math.ceil(communityCount / 10) }, (_, i) => ({ code: `S${pad(i + 1, 4)}`, name: `街道${pad(i + 1, 4)}` })),
  );
  const communityIds = await insertBatched(
    db,
    t.communities,
    Array.from({ length: communityCount }, (_, i) => ({
      code: `C${pad(i + 1, 5)}`,
      name: `社区${pad(i + 1, 5)}`,
      subdistrictId: subdistrictIds[Math.floor(i / 10)]?.id as number,
    })),
  );
  const companyIds = await insertBatched(
    db,
    t.companies,
    Array.from({ length: 200 }, (_, i) => {
      const uscc = withCheckChar(`91152501MA${pad(i + 1, 7)}`);
      return {
        code: `P${pad(i + 1, 3)}`,
        name: `物业服务企业${pad(i + 1, 3)}`,
        uscc,
        bankAccountName: `物业服务企业${pad(i + 1, 3)}`,
        bankAccountNo: `6200${pad(i + 1, 15)}`,
      };
    }),
  );
  for (let offset = 0; offset < compounds; offset += CHUNK) {
    const batch = generateBatch(Math.min(CHUNK, compounds - offset), offset);
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      const communityOf = (i: number) => communityIds[(offset + i) % communityCount]?.id as number;
      const xIds = await insertBatched(
        d,
        t.compounds,
        batch.compounds.map((c, i) => ({
          code: c.id,
          name: c.name,
          communityId: communityOf(i),
          kind: c.kind,
          area: c.area,
          households: c.households,
        })),
      );
      await insertBatched(
        d,
        t.roster2023,
        batch.compounds.map((c, i) => ({
          compoundId: xIds[i]?.id as number,
          name: c.name,
          communityId: communityOf(i),
          kind: c.kind,
          area: c.area,
          households: c.households,
          sealed: true,
        })),
      );
      const engagements = batch.engagements ?? [];
      const eIds = await insertBatched(
        d,
        t.engagements,
        engagements.map((e, i) => ({
          code: e.id,
          compoundId: xIds[i]?.id as number,
          companyId: companyIds[(offset + i) % companyIds.length]?.id as number,
          entryDate: e.entryDate,
          contractSigned: e.contractSigned ?? null,
          commitmentSigned: e.commitmentSigned ?? null,
        })),
      );
      await insertEngagementFacts(d, engagements, eIds);
    });
    onProgress?.(Math.min(compounds, offset + CHUNK));
  }
}
