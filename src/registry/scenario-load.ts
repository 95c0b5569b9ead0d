/**
 * `jiangbu seed --scenario FILE`: a calculation scenario into the registry. The scenario's ids become
 * the records' codes, so `calc --db` names every line's subject as `calc FILE` does.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { EngagementInput, PeriodFactsInput, Scenario } from '../rules/scenario/schema.ts';
import { insertBatched } from './batch.ts';

/**
 * Every registry table, children first: what `replaceRegistry` empties — with the accounts, sessions,
 * cases and notices that refer to the registry (a seeded registry is a demo or test one, with its own).
 * The audit trail is never emptied.
 */
export const REGISTRY_TABLES = [
  'committee_spending',
  'settlement_batch_line',
  'settlement_batch',
  'ledger_transfer',
  'ledger_account',
  'payment_claim',
  'objection',
  'case_event',
  'case_attachment',
  'facility_invoice',
  'case',
  'case_counter',
  'public_notice',
  'assessment_sheet',
  'session',
  'password_history',
  'app_user',
  'complaint',
  'survey_code',
  'survey_response',
  'survey',
  'budget',
  'attachment',
  'attachment_blob',
  'facility_application',
  'facility_project',
  'committee_contract',
  'committee',
  'rectification',
  'assessment',
  'period_facts',
  'engagement',
  'market_price',
  'company',
  'account_change',
  'roster_change',
  'roster2023_entry',
  'compound',
  'community',
  'subdistrict',
];

/**
 * Empties the registry for a seed, inside the seeding transaction. The sealed roster refuses TRUNCATE
 * (migration 0003) unless the transaction says it is a seed (`jiangbu.reseed`): only src/service/seed.ts
 * does, after its checks. The audit trail is not emptied: the seed is one more event in it.
 */
export async function replaceRegistry(tx: Db): Promise<void> {
  await tx.execute(sql`select set_config('jiangbu.reseed', 'on', true)`);
  await tx.execute(sql.raw(`TRUNCATE ${REGISTRY_TABLES.map((x) => `"${x}"`).join(', ')} RESTART IDENTITY CASCADE`));
  await tx.execute(sql`select set_config('jiangbu.reseed', 'off', true)`);
}

export interface LoadCounts {
  communities: number;
  compounds: number;
  roster: number;
  companies: number;
  engagements: number;
  periodFacts: number;
  assessments: number;
  rectifications: number;
  committees: number;
  facilityApplications: number;
}

const distinct = <T>(xs: T[]): T[] => [...new Set(xs)];

/** A half-year's facts as the registry row of an engagement. */
export const periodFactsRow = (engagementId: number, p: PeriodFactsInput) => ({
  engagementId,
  period: p.period,
  committeeSupport: p.committeeSupport,
  enhancedServices: p.enhancedServices,
  basicServices: p.basicServices,
  feesReceivableOccupied: p.feesReceivableOccupied,
  feesCollected: p.feesCollected,
  feeStandard: p.feeStandard,
  marketPrice: p.marketPrice ?? null,
});

/** The half-year facts of engagements (inserted in order, ids given) and their assessment scores. */
export async function insertEngagementFacts(
  d: Db,
  engagements: EngagementInput[],
  engagementIds: { id: number }[],
): Promise<{ facts: number; scored: number }> {
  const facts = engagements.flatMap((e, i) => (e.periods ?? []).map((p) => ({ p, engagementId: engagementIds[i]?.id as number })));
  await insertBatched(
    d,
    t.periodFacts,
    facts.map(({ p, engagementId }) => periodFactsRow(engagementId, p)),
  );
  const scored = facts.filter(({ p }) => p.assessmentScore !== null && p.assessmentScore !== undefined);
  await insertBatched(
    d,
    t.assessments,
    scored.map(({ p, engagementId }) => ({ engagementId, period: p.period, total: String(p.assessmentScore) })),
  );
  return { facts: facts.length, scored: scored.length };
}

/** Loads a validated scenario into an empty registry, in one transaction. */
export async function loadScenario(db: Db, s: Scenario): Promise<LoadCounts> {
  return db.transaction(async (tx) => {
    const d = tx as unknown as Db;
    const communityCodes = distinct(s.compounds.map((c) => c.communityId));
    const communityIds = await insertBatched(
      d,
      t.communities,
      communityCodes.map((code) => ({ code, name: code })),
    );
    const communityId = new Map(communityCodes.map((code, i) => [code, communityIds[i]?.id as number]));
    const compoundIds = await insertBatched(
      d,
      t.compounds,
      s.compounds.map((c) => ({
        code: c.id,
        name: c.name,
        communityId: communityId.get(c.communityId) as number,
        kind: c.kind,
        area: c.area,
        households: c.households,
      })),
    );
    const compoundId = new Map(s.compounds.map((c, i) => [c.id, compoundIds[i]?.id as number]));
    const rosterRows = s.compounds
      .filter((c) => c.onRoster2023)
      .map((c) => ({
        compoundId: compoundId.get(c.id) as number,
        name: c.name,
        communityId: communityId.get(c.communityId) as number,
        kind: c.kind,
        area: c.area,
        households: c.households,
        sealed: true,
      }));
    await insertBatched(d, t.roster2023, rosterRows);
    const engagements = s.engagements ?? [];
    const companyCodes = distinct(engagements.map((e) => e.companyId));
    const companyIds = await insertBatched(
      d,
      t.companies,
      companyCodes.map((code) => ({ code, name: code })),
    );
    const companyId = new Map(companyCodes.map((code, i) => [code, companyIds[i]?.id as number]));
    const engagementIds = await insertBatched(
      d,
      t.engagements,
      engagements.map((e) => ({
        code: e.id,
        compoundId: compoundId.get(e.compoundId) as number,
        companyId: companyId.get(e.companyId) as number,
        entryDate: e.entryDate,
        contractSigned: e.contractSigned ?? null,
        commitmentSigned: e.commitmentSigned ?? null,
        endDate: e.endDate ?? null,
      })),
    );
    const { facts, scored } = await insertEngagementFacts(d, engagements, engagementIds);
    const rects = engagements.flatMap((e, i) =>
      (e.rectifications ?? []).map((r) => ({
        engagementId: engagementIds[i]?.id as number,
        year: r.year,
        outcome: r.outcome,
        decidedOn: r.decidedOn,
      })),
    );
    await insertBatched(d, t.rectifications, rects);
    const committees = s.committees ?? [];
    const committeeIds = await insertBatched(
      d,
      t.committees,
      committees.map((w) => ({
        code: w.id,
        compoundId: compoundId.get(w.compoundId) as number,
        established: w.established,
        operatingNormally: w.operatingNormally,
        reviewApproved: w.reviewApproved,
      })),
    );
    await insertBatched(
      d,
      t.committeeContracts,
      committees.flatMap((w, i) =>
        w.serviceContractSigned ? [{ committeeId: committeeIds[i]?.id as number, signedOn: w.serviceContractSigned }] : [],
      ),
    );
    const apps = s.facilityApplications ?? [];
    const projectIds = await insertBatched(
      d,
      t.facilityProjects,
      apps.map((a) => ({
        code: a.id,
        compoundId: compoundId.get(a.compoundId) as number,
        category: a.category,
        acceptedOn: a.accepted ?? null,
        investment: a.investment,
      })),
    );
    await insertBatched(
      d,
      t.facilityApplications,
      apps.map((a, i) => ({
        code: a.id,
        projectId: projectIds[i]?.id as number,
        submittedOn: a.submitted,
        committeeEstablished: a.committeeEstablished,
        collectionRate: a.collectionRate,
        feeRatio: a.feeRatio,
      })),
    );
    return {
      communities: communityCodes.length,
      compounds: s.compounds.length,
      roster: rosterRows.length,
      companies: companyCodes.length,
      engagements: engagements.length,
      periodFacts: facts,
      assessments: scored,
      rectifications: rects.length,
      committees: committees.length,
      facilityApplications: apps.length,
    };
  });
}
