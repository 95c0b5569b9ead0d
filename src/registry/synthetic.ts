/**
 * `jiangbu seed --synthetic --compounds N`: a city of national scale for benchmarks — N roster compounds
 * in communities of 2,000, 200 companies, each compound taken over once with four half-years of facts
 * and assessments (src/rules/scenario/generate.ts) — and the work of the platform on it: cases in every
 * state of every workflow (docs/domain.md "Workflows"), public notices and objections, payment claims
 * reserved in the ledger, budgets appropriated. Written a chunk of 5,000 compounds at a time with
 * multi-row inserts, so memory stays flat whatever N; the same N always gives the same rows.
 *
 * **The contract with the settlement benchmark.** After `jiangbu seed --synthetic --compounds N`,
 * `jiangbu settle T --period 2025H1 --as-of 2026-03-31` (SETTLE_DAY) finds every payable 2025H1 claim —
 * published on 2025-08-01 in its community's notice, which closed on 2025-08-08 with no objection open
 * against it — and the engine's amount for each on that day is the amount approved, so no line is held:
 * one batch whose total is the sum of the payable claims (about half the compounds have one). Their
 * payees' accounts pass clause 4.2 (the companies' own accounts in their registered names). Any as-of day
 * after 2025-08-07 finds the same claims and amounts; the tests check SETTLE_DAY.
 *
 * The story, on a fixed calendar (the same in every run, unrelated to the day the seed runs):
 * - the 2023 roster, sealed; a few corrections of it requested, approved (2025-05) or rejected;
 * - every year whose annual result fails (docs/policy.md T.7) has its rectification ordered: 2024's in
 *   January 2025, decided in March 2025 (most rectified, some failed or refused: the company expelled and
 *   its takeover case with it; a new company's takeover of the compound then waits in one of the early
 *   states); 2025's ordered from February 2026, most still open at SETTLE_DAY;
 * - takeover registrations: a few percent of the engagements registered through a takeover case (active,
 *   ended at the end of 2025, or expelled);
 * - 2025H1 claims: most payable half-years claimed, verified, scored, assessed, published on 2025-08-01
 *   in one notice per community and paid out of that notice's closing on 2025-08-08 (a few with an
 *   objection dismissed, a few held by an open one); a share of late claims in March 2026 in every earlier
 *   state, some published on 2026-03-26 in a notice still open at SETTLE_DAY (with objections); some
 *   rejected — among them every fifth half-year whose assessment failed;
 * - committees in 12% of the compounds, and their one-time grants (W) in every state; facility subsidies
 *   (F) per community within its quota, after all chunks (the quotas need the whole roster);
 * - budgets: F 1,000,000.00 a year (the city total, D-19); T and W raised chunk by chunk above what the
 *   chunk reserves (2024–2026).
 *
 * What is not the service's, and why: a case's engine record keeps the line and its reasons but no
 * trace (docs/domain.md "Cases" keeps the explanation; at this scale the trace would be most of the
 * database); an uploaded file is shared by the cases of its uploader (one per uploader and kind); the
 * audit trail has the seed's event (`registry.seed`), one per chunk (`registry.seed.part`, with what it
 * wrote) and one per ledger transfer (`ledger.*`, as the ledger writes them), not one per case move —
 * each case's moves are in its history (`case_event`). Case rows, their
 * history and the registry rows they touched carry the story's actors (synthetic-bureau,
 * synthetic-P001, synthetic-C00001, synthetic-W12) and calendar; ledger transfers and audit events are
 * written as of the seed, by its operator. The seed runs as one transaction per chunk (a single one
 * would update a budget account once per reservation, and PostgreSQL slows with each version of a row
 * one transaction keeps): a seed killed half-way leaves part of the city, marked as seeded, which the
 * next seed replaces.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { Programme } from '../ledger/accounts.ts';
import { formatFen } from '../ledger/money.ts';
import { userError } from '../lib/errors.ts';
import type { AuditRecord } from '../service/audit.ts';
import { command, type ServiceContext } from '../service/command.ts';
import { setAppropriationIn } from '../service/money/budgets.ts';
import { allotCommunityQuota, rosterAreas } from '../service/money/claims.ts';
import { registryCounts } from '../service/registry-info.ts';
import { insertBatched } from './batch.ts';
import { CaseNumbers, Notices, STAND_IN_PDF, type SynthCase, Uploads, writeCases, writeCounters } from './synthetic-cases.ts';
import { reserveInBulk } from './synthetic-ledger.ts';
import { type Base, type ChunkPlan, facilityStory, planChunk, type Story } from './synthetic-story.ts';
import { withCheckChar } from './uscc.ts';

/** The settlement benchmark's as-of day (see the header). */
export const SETTLE_DAY = '2026-03-31';
/** At most this many compounds: the cases of a year must fit their six-digit numbers (JB-2025-T-999999). */
export const SYNTHETIC_MAX_COMPOUNDS = 1_000_000;
const CHUNK = 5000;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function checkSyntheticCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > SYNTHETIC_MAX_COMPOUNDS)
    throw userError(
      'seed.compounds',
      `合成数据的小区数须为 1 至 ${SYNTHETIC_MAX_COMPOUNDS} 之间的整数：${n}`,
      `the synthetic city has 1 to ${SYNTHETIC_MAX_COMPOUNDS} compounds: ${n}`,
      { details: { field: 'compounds' } },
    );
}

/**
 * The city's frame, inside the seeding transaction (src/service/seed.ts): subdistricts, communities
 * and companies with their accounts, the stand-in file, and F's budgets (the city total each year).
 */
export async function seedSyntheticBase(tx: Db, ctx: ServiceContext, compounds: number): Promise<void> {
  checkSyntheticCount(compounds);
  const communityCount = Math.max(1, Math.ceil(compounds / 2000));
  const subdistrictIds = await insertBatched(
    tx,
    t.subdistricts,
    Array.from({ length: Math.ceil(communityCount / 10) }, (_, i) => ({ code: `S${pad(i + 1, 4)}`, name: `街道${pad(i + 1, 4)}` })),
  );
  await insertBatched(
    tx,
    t.communities,
    Array.from({ length: communityCount }, (_, i) => ({
      code: `C${pad(i + 1, 5)}`,
      name: `社区${pad(i + 1, 5)}`,
      subdistrictId: subdistrictIds[Math.floor(i / 10)]?.id as number,
      // F is paid to the community's own account (clause 4.2)
      bankName: '中国工商银行二连浩特分行',
      bankAccountName: `社区${pad(i + 1, 5)}居民委员会`,
      bankAccountNo: `9558${pad(i + 1, 15)}`,
    })),
  );
  await insertBatched(
    tx,
    t.companies,
    Array.from({ length: 200 }, (_, i) => ({
      code: `P${pad(i + 1, 3)}`,
      name: `物业服务企业${pad(i + 1, 3)}`,
      uscc: withCheckChar(`91152501MA${pad(i + 1, 7)}`),
      bankName: '中国建设银行二连浩特支行',
      bankAccountName: `物业服务企业${pad(i + 1, 3)}`,
      bankAccountNo: `6200${pad(i + 1, 15)}`,
    })),
  );
  await tx
    .insert(t.attachmentBlobs)
    .values({ sha256: createHash('sha256').update(STAND_IN_PDF).digest('hex'), content: STAND_IN_PDF })
    .onConflictDoNothing();
  for (const year of [2024, 2025, 2026]) await setAppropriationIn(tx, ctx, { year, programme: 'F', amount: '1000000.00' });
}

/** What every chunk shares: the frame's ids, the case counters, the uploads and notices made so far. */
interface City extends Base {
  numbers: CaseNumbers;
  uploads: Uploads;
  notices: Notices;
  /** T and W appropriations so far, by `year:programme` (fen) */
  appropriated: Map<string, bigint>;
  /** the ledger accounts made so far, by code */
  accounts: Map<string, number>;
}

async function loadCity(db: Db, compounds: number): Promise<City> {
  const communities = await db
    .select({ id: t.communities.id, code: t.communities.code, name: t.communities.name })
    .from(t.communities)
    .orderBy(t.communities.id);
  const companies = await db.select({ id: t.companies.id, code: t.companies.code }).from(t.companies).orderBy(t.companies.id);
  return {
    compounds,
    communities,
    companies,
    counters: new Map(),
    numbers: new CaseNumbers(),
    uploads: new Uploads(createHash('sha256').update(STAND_IN_PDF).digest('hex')),
    notices: new Notices(),
    appropriated: new Map(),
    accounts: new Map(),
  };
}

/** The claims a chunk's cases reserve, by budget year and programme (fen). */
function reservedBy(cases: SynthCase[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of cases)
    if (c.reservation) {
      const key = `${c.reservation.claim.year}:${c.reservation.claim.programme}`;
      out.set(key, (out.get(key) ?? 0n) + c.reservation.claim.amount);
    }
  return out;
}

/** T and W raised by what the chunk reserves and a fifth more, and a floor per compound; in whole 10,000s. */
async function appropriateFor(tx: Db, ctx: ServiceContext, city: City, cases: SynthCase[], count: number): Promise<void> {
  const need = reservedBy(cases);
  const floor: Record<Programme, bigint> = { T: 2000_00n, W: 300_00n, F: 0n };
  for (const year of [2024, 2025, 2026])
    for (const programme of ['T', 'W'] as const) {
      const key = `${year}:${programme}`;
      const raw = ((need.get(key) ?? 0n) * 6n) / 5n + floor[programme] * BigInt(count);
      const add = ((raw + 1_000_000n - 1n) / 1_000_000n) * 1_000_000n;
      const total = (city.appropriated.get(key) ?? 0n) + add;
      city.appropriated.set(key, total);
      await setAppropriationIn(tx, ctx, { year, programme, amount: formatFen(total) });
    }
}

/** Reservations of the cases just written (their ids in order). */
const approvalsOf = (cases: SynthCase[], ids: number[]) =>
  cases.flatMap((c, i) => (c.reservation ? [{ ...c.reservation, caseId: ids[i] as number }] : []));

async function writeStory(tx: Db, ctx: ServiceContext, city: City, story: Story, count: number): Promise<number> {
  const ids = await writeCases(tx, city.uploads, story.cases);
  if (count > 0) await appropriateFor(tx, ctx, city, story.cases, count);
  await reserveInBulk(tx, ctx, approvalsOf(story.cases, ids), city.accounts);
  await writeCounters(tx, city.numbers);
  return ids.length;
}

/** Audit of a part of the seed: what it wrote. */
const partEvent = (detail: Record<string, unknown>): Omit<AuditRecord, 'result'> => ({
  action: 'registry.seed.part',
  objectType: 'registry',
  objectId: 'synthetic',
  detail,
});

/**
 * The chunks after the frame, each in a transaction of its own with its audit event, then the facility
 * subsidies; returns the registry's counts and the cases'.
 */
export async function seedSyntheticCity(
  ctx: ServiceContext,
  compounds: number,
  onProgress?: (done: number) => void,
  chunk = CHUNK,
): Promise<Record<string, number>> {
  checkSyntheticCount(compounds);
  const city = await loadCity(ctx.db, compounds);
  let cases = 0;
  // the next chunk is planned (the engine's work) while this one is written (the database's)
  const plan = (offset: number) => {
    const p = offset < compounds ? planChunk(city, offset, Math.min(chunk, compounds - offset)) : null;
    p?.catch(() => {}); // its failure is met where it is awaited
    return p;
  };
  let next = plan(0);
  for (let offset = 0; offset < compounds; offset += chunk) {
    const count = Math.min(chunk, compounds - offset);
    const planned = await (next as Promise<ChunkPlan>);
    next = plan(offset + chunk);
    cases += await command<number>(
      ctx,
      (n) => partEvent({ from: `X${offset}`, to: `X${offset + count - 1}`, compounds: count, cases: n }),
      async (tx) => {
        await writeRegistry(tx, city, planned);
        const story = await planned.story(tx, city);
        return writeStory(tx, ctx, city, story, count);
      },
    );
    onProgress?.(offset + count);
  }
  cases += await command<number>(
    ctx,
    (n) => partEvent({ programme: 'F', cases: n }),
    async (tx) => {
      // the quotas as ensureQuota (src/service/money/claims.ts) allots them, the roster's areas read once
      const areas = await rosterAreas(tx);
      const story = await facilityStory(tx, city, (year, community, quotaDay) =>
        allotCommunityQuota(tx, ctx, year, community.code, quotaDay, areas(community.id)),
      );
      return writeStory(tx, ctx, city, story, 0);
    },
  );
  return { ...(await registryCounts(ctx.db)), cases };
}

/** The chunk's registry rows, in the order their ids are needed. */
async function writeRegistry(tx: Db, city: City, p: ChunkPlan): Promise<void> {
  const compoundIds = await insertBatched(tx, t.compounds, p.compounds);
  p.setIds('compound', compoundIds);
  const entryIds = await insertBatched(tx, t.roster2023, p.rosterEntries());
  p.setIds('rosterEntry', entryIds);
  await city.uploads.resolve(tx, p.rosterUploads());
  const changeIds = await insertBatched(tx, t.rosterChanges, p.rosterChanges(city.uploads));
  p.setIds('rosterChange', changeIds);
  await insertBatched(tx, t.roster2023, p.supersedingEntries());
  const engagementIds = await insertBatched(tx, t.engagements, p.engagements());
  p.setIds('engagement', engagementIds);
  await insertBatched(tx, t.periodFacts, p.periodFacts());
  await insertBatched(tx, t.assessments, p.assessments());
  await insertBatched(tx, t.rectifications, p.rectifications());
  const committeeIds = await insertBatched(tx, t.committees, p.committees());
  p.setIds('committee', committeeIds);
  await insertBatched(tx, t.committeeContracts, p.committeeContracts());
}
