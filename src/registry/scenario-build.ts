/**
 * The calculation scenario from the registry: what `jiangbu calc --db` and, later, every workflow
 * hand to the rules engine. Records are read in the order they were registered (by id), so lines
 * come out in the same order as from the scenario a registry was seeded with.
 */
import { asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { mustParseDay } from '../rules/dates/date.ts';
import { parsePeriod, periodStart } from '../rules/dates/period.ts';
import type {
  CommitteeInput,
  CompoundInput,
  EngagementInput,
  FacilityApplicationInput,
  PeriodFactsInput,
  Scenario,
} from '../rules/scenario/schema.ts';

/** numeric(5,2) "85.50" → 85.5: scores have at most 2 decimals, exact in a double. */
const score = (total: string): number => Number(total);

/** The reference price of a category on a day (docs/policy.md T.4: kept by the bureau with effective dates). */
export function priceLookup(prices: (typeof t.marketPrices.$inferSelect)[]) {
  return (category: string | null, period: string): string | null => {
    if (!category) return null;
    const p = parsePeriod(period);
    if (!p) return null;
    const day = periodStart(p);
    let best: (typeof prices)[number] | undefined;
    for (const x of prices) {
      if (x.category !== category) continue;
      if (mustParseDay(x.effectiveFrom) > day || (x.effectiveTo && mustParseDay(x.effectiveTo) < day)) continue;
      if (!best || x.effectiveFrom > best.effectiveFrom) best = x;
    }
    return best?.price ?? null;
  };
}

/** The roster entries in force, by compound (the view applies approved corrections). */
export async function rosterInForce(db: Db): Promise<Map<number, { kind: 'compound' | 'scattered'; area: string; households: number }>> {
  const result = (await db.execute(
    sql`select compound_id, kind, managed_area::text as area, households from roster2023_current`,
  )) as unknown as {
    rows: { compound_id: number | string; kind: 'compound' | 'scattered'; area: string; households: number | string }[];
  };
  return new Map(result.rows.map((r) => [Number(r.compound_id), { kind: r.kind, area: r.area, households: Number(r.households) }]));
}

/** Compounds on the 2023 roster in force. */
export async function currentRosterCompoundIds(db: Db): Promise<Set<number>> {
  return new Set((await rosterInForce(db)).keys());
}

/** A T period whose market price the registry does not hold (R-8: unknown, never 0). */
export interface MissingPrice {
  engagement: string;
  compound: string;
  period: string;
  /** the compound's category, or null when it has none */
  category: string | null;
}

export interface RegistryScenario {
  scenario: Scenario;
  missingPrices: MissingPrice[];
}

/** `takeover: false` leaves out the engagements and their facts (programmes W and F do not read them). */
export async function buildScenario(db: Db, asOf: string, opts: { takeover?: boolean } = {}): Promise<RegistryScenario> {
  const compoundRows = await db
    .select({ c: t.compounds, community: t.communities.code })
    .from(t.compounds)
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .orderBy(asc(t.compounds.id));
  const roster = await rosterInForce(db);
  const compoundCode = new Map(compoundRows.map(({ c }) => [c.id, c.code]));
  const category = new Map(compoundRows.map(({ c }) => [c.id, c.category]));
  // a roster compound's kind, area and households are those of its roster entry in force
  const compounds: CompoundInput[] = compoundRows.map(({ c, community }) => {
    const entry = roster.get(c.id);
    return {
      id: c.code,
      name: c.name,
      communityId: community,
      kind: entry?.kind ?? c.kind,
      area: entry?.area ?? c.area,
      households: entry?.households ?? c.households,
      onRoster2023: entry !== undefined,
    };
  });

  const { engagements, missingPrices } =
    opts.takeover === false ? { engagements: [], missingPrices: [] } : await takeoverInputs(db, compoundCode, category);

  const firstContract = new Map<number, string>();
  for (const k of await db.select().from(t.committeeContracts).orderBy(asc(t.committeeContracts.signedOn))) {
    if (!firstContract.has(k.committeeId)) firstContract.set(k.committeeId, k.signedOn);
  }
  const committees: CommitteeInput[] = (await db.select().from(t.committees).orderBy(asc(t.committees.id))).map((w) => ({
    id: w.code,
    compoundId: compoundCode.get(w.compoundId) as string,
    established: w.established,
    serviceContractSigned: firstContract.get(w.id) ?? null,
    operatingNormally: w.operatingNormally,
    reviewApproved: w.reviewApproved,
  }));

  // docs/policy.md F.5 (D-21): the compound has an owners' committee — one established by the submission date
  const committeesSince = new Map<number, string>();
  for (const w of await db.select({ compoundId: t.committees.compoundId, established: t.committees.established }).from(t.committees)) {
    const first = committeesSince.get(w.compoundId);
    if (!first || w.established < first) committeesSince.set(w.compoundId, w.established);
  }
  const facilityApplications: FacilityApplicationInput[] = (
    await db
      .select({ a: t.facilityApplications, p: t.facilityProjects })
      .from(t.facilityApplications)
      .innerJoin(t.facilityProjects, eq(t.facilityApplications.projectId, t.facilityProjects.id))
      // an application whose case was rejected after approval releases its quota (docs/domain.md "Workflows")
      .where(
        sql`not exists (select 1 from "case" c where c.facility_application_id = ${t.facilityApplications.id} and c.state = 'rejected')`,
      )
      .orderBy(asc(t.facilityApplications.id))
  ).map(({ a, p }) => ({
    id: a.code,
    compoundId: compoundCode.get(p.compoundId) as string,
    submitted: a.submittedOn,
    accepted: p.acceptedOn,
    category: p.category,
    investment: p.investment,
    committeeEstablished: a.committeeEstablished ?? (committeesSince.get(p.compoundId) ?? '9999-12-31') <= a.submittedOn,
    collectionRate: a.collectionRate,
    feeRatio: a.feeRatio,
  }));

  return { scenario: { asOf, compounds, engagements, committees, facilityApplications }, missingPrices };
}

/** Programme T's engagements with their half-year facts and rectifications. */
async function takeoverInputs(
  db: Db,
  compoundCode: ReadonlyMap<number, string>,
  category: ReadonlyMap<number, string | null>,
): Promise<{ engagements: EngagementInput[]; missingPrices: MissingPrice[] }> {
  const engagementRows = await db
    .select({ e: t.engagements, company: t.companies.code })
    .from(t.engagements)
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .orderBy(asc(t.engagements.id));
  const price = priceLookup(await db.select().from(t.marketPrices));
  const scores = new Map((await db.select().from(t.assessments)).map((a) => [`${a.engagementId}/${a.period}`, score(a.total)] as const));
  const factsOf = new Map<number, PeriodFactsInput[]>();
  const missingPrices: MissingPrice[] = [];
  const engagementById = new Map(engagementRows.map(({ e }) => [e.id, e]));
  for (const f of await db.select().from(t.periodFacts).orderBy(asc(t.periodFacts.id))) {
    const e = engagementById.get(f.engagementId);
    const compoundCategory = e === undefined ? null : (category.get(e.compoundId) ?? null);
    // no recorded price takes the category's reference price; without one the price is unknown
    const marketPrice = f.marketPrice ?? price(compoundCategory, f.period);
    if (marketPrice === null && e)
      missingPrices.push({
        engagement: e.code,
        compound: compoundCode.get(e.compoundId) as string,
        period: f.period,
        category: compoundCategory,
      });
    const list = factsOf.get(f.engagementId) ?? [];
    list.push({
      period: f.period,
      committeeSupport: f.committeeSupport,
      enhancedServices: f.enhancedServices,
      basicServices: f.basicServices,
      feesReceivableOccupied: f.feesReceivableOccupied,
      feesCollected: f.feesCollected,
      feeStandard: f.feeStandard,
      marketPrice,
      assessmentScore: scores.get(`${f.engagementId}/${f.period}`) ?? null,
    });
    factsOf.set(f.engagementId, list);
  }
  const rectsOf = new Map<number, NonNullable<EngagementInput['rectifications']>>();
  for (const r of await db.select().from(t.rectifications).where(isNotNull(t.rectifications.outcome)).orderBy(asc(t.rectifications.id))) {
    const list = rectsOf.get(r.engagementId) ?? [];
    list.push({ year: r.year, outcome: r.outcome as 'rectified' | 'failed' | 'refused', decidedOn: r.decidedOn as string });
    rectsOf.set(r.engagementId, list);
  }
  const engagements: EngagementInput[] = engagementRows.map(({ e, company }) => ({
    id: e.code,
    compoundId: compoundCode.get(e.compoundId) as string,
    companyId: company,
    entryDate: e.entryDate,
    contractSigned: e.contractSigned,
    commitmentSigned: e.commitmentSigned,
    endDate: e.endDate,
    periods: factsOf.get(e.id) ?? [],
    rectifications: rectsOf.get(e.id) ?? [],
  }));

  return { engagements, missingPrices };
}
