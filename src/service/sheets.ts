/**
 * The registry's import sheets as exports (docs/domain.md "Registry sheets"): each kind written in its
 * template's own columns (src/excel/sheets.ts), so a clerk downloads a sheet, edits it and imports it
 * again — and an export imported unchanged changes nothing. Only what the caller may see: the bureau and
 * finance the city, a community its own community's rows (src/service/read/common.ts scopes); personal
 * data masked as the registry's read services mask it. Rows are read a page at a time while the file is
 * written. An audited export (`export.sheet.KIND`).
 */
import { basename } from 'node:path';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type ImportKind, SHEETS } from '../excel/sheets.ts';
import { columnFormat, writeTablesFile } from '../excel/workbook.ts';
import { maskAccount, maskName, maskPhone } from '../lib/mask.ts';
import { categoryName, kindName } from '../registry/labels.ts';
import { requireRole } from './access.ts';
import type { Role } from './actor.ts';
import { record, type ServiceContext } from './command.ts';
import { IMPORT_ROLES } from './import/index.ts';
import { allOf, committeeScope, communityScope, companyScope, compoundScope, engagementScope, seesCity } from './read/common.ts';

/** The registry's sheets (the budgets have their own: src/service/money/budget-files.ts). */
export type SheetKind = Exclude<ImportKind, 'budgets'>;
export const SHEET_KINDS = [
  'communities',
  'prices',
  'roster',
  'companies',
  'engagements',
  'facts',
  'committees',
  'facility',
] as const satisfies readonly SheetKind[];

/** Who imports a registry sheet: the service's own rule (src/service/import/index.ts). */
export const SHEET_IMPORTERS: readonly Role[] = [...new Set(SHEET_KINDS.flatMap((k) => IMPORT_ROLES[k]))];
/** Who exports one: those who read the registry with a scope that bounds a sheet's rows. */
export const SHEET_READERS: readonly Role[] = ['bureau', 'finance', 'community'];

/** Rows per query while the file is written. */
const PAGE = 2000;

type Values = Record<string, unknown>;
const yes = (b: boolean | null | undefined) => (b === null || b === undefined ? null : b ? '是' : '否');
const masked = (v: string | null, mask: (s: string) => string, clear: boolean) => (v === null || clear ? v : mask(v));

/** A query that can still be ordered and cut to a page (a drizzle select with its joins and condition). */
interface Pageable<R> {
  orderBy(...by: SQL[]): { limit(n: number): PromiseLike<R[]> };
}

/**
 * The rows of `query` within `where`, by ascending `id`, read a page at a time as they are consumed
 * (keyset paging: each page after the last id read), each as `row` makes it.
 */
async function* scan<R>(
  id: PgColumn,
  where: SQL | undefined,
  query: (condition: SQL | undefined) => Pageable<R>,
  idOf: (r: R) => number,
  row: (r: R) => Values,
): AsyncGenerator<Values> {
  let last = 0;
  for (;;) {
    const rows = await query(allOf(where, gt(id, last)))
      .orderBy(asc(id))
      .limit(PAGE);
    for (const r of rows) yield row(r);
    if (rows.length < PAGE) return;
    last = idOf(rows[rows.length - 1] as R);
  }
}

/** Each community's subdistrict and name, by id (the places every sheet names rows by). */
async function places(db: Db): Promise<(communityId: number) => { subdistrict: string | null; community: string | null }> {
  const rows = await db
    .select({ id: t.communities.id, community: t.communities.name, subdistrict: t.subdistricts.name })
    .from(t.communities)
    .leftJoin(t.subdistricts, eq(t.communities.subdistrictId, t.subdistricts.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (id) => ({ subdistrict: byId.get(id)?.subdistrict ?? null, community: byId.get(id)?.community ?? null });
}

type Rows = (ctx: ServiceContext) => Promise<AsyncIterable<Values>>;

const ROWS: Record<SheetKind, Rows> = {
  async communities({ db, actor }) {
    const where = communityScope(db, actor);
    const place = await places(db);
    return scan(
      t.communities.id,
      where,
      (c) => db.select().from(t.communities).where(c),
      (r) => r.id,
      (c) => ({ ...place(c.id), code: c.code }),
    );
  },

  async prices({ db }) {
    return scan(
      t.marketPrices.id,
      undefined,
      (c) => db.select().from(t.marketPrices).where(c),
      (r) => r.id,
      (r) => ({
        category: r.category,
        price: r.price,
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        source: r.source,
      }),
    );
  },

  /** The roster in force: each compound whose entry no other supersedes (and not removed), as registered. */
  async roster({ db, actor }) {
    const where = allOf(compoundScope(db, actor, t.compounds.id), sql`${t.roster2023.id} in (select id from roster2023_current)`);
    const place = await places(db);
    return scan(
      t.roster2023.id,
      where,
      (c) =>
        db
          .select({ e: t.roster2023, x: t.compounds })
          .from(t.roster2023)
          .innerJoin(t.compounds, eq(t.roster2023.compoundId, t.compounds.id))
          .where(c),
      (r) => r.e.id,
      ({ e, x }) => ({
        ...place(x.communityId),
        name: x.name,
        kind: kindName(e.kind),
        address: x.address,
        area: e.area,
        households: e.households,
        occupiedHouseholds: x.occupiedHouseholds,
        category: x.category,
      }),
    );
  },

  /** The contact's phone always masked; the name and account number but for the city's roles. */
  async companies({ db, actor }) {
    const where = companyScope(db, actor);
    const clear = seesCity(actor);
    return scan(
      t.companies.id,
      where,
      (c) => db.select().from(t.companies).where(c),
      (r) => r.id,
      (c) => ({
        name: c.name,
        uscc: c.uscc,
        bankName: c.bankName,
        bankAccountName: c.bankAccountName,
        bankAccountNo: masked(c.bankAccountNo, maskAccount, clear),
        contactName: masked(c.contactName, maskName, clear),
        contactPhone: masked(c.contactPhone, maskPhone, false),
      }),
    );
  },

  async engagements({ db, actor }) {
    const where = engagementScope(db, actor);
    const place = await places(db);
    return scan(
      t.engagements.id,
      where,
      (c) =>
        db
          .select({ e: t.engagements, x: t.compounds, uscc: t.companies.uscc })
          .from(t.engagements)
          .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
          .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
          .where(c),
      (r) => r.e.id,
      ({ e, x, uscc }) => ({
        ...place(x.communityId),
        compound: x.name,
        uscc,
        entryDate: e.entryDate,
        contractSigned: e.contractSigned,
        commitmentSigned: e.commitmentSigned,
        endDate: e.endDate,
      }),
    );
  },

  /** Each half-year's facts with the half-year's assessment score, if any. */
  async facts({ db, actor }) {
    const where = engagementScope(db, actor);
    const place = await places(db);
    return scan(
      t.periodFacts.id,
      where,
      (c) =>
        db
          .select({ f: t.periodFacts, e: t.engagements, x: t.compounds, uscc: t.companies.uscc, score: t.assessments.total })
          .from(t.periodFacts)
          .innerJoin(t.engagements, eq(t.periodFacts.engagementId, t.engagements.id))
          .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
          .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
          .leftJoin(
            t.assessments,
            and(eq(t.assessments.engagementId, t.periodFacts.engagementId), eq(t.assessments.period, t.periodFacts.period)),
          )
          .where(c),
      (r) => r.f.id,
      ({ f, e, x, uscc, score }) => ({
        ...place(x.communityId),
        compound: x.name,
        uscc,
        entryDate: e.entryDate,
        period: f.period,
        committeeSupport: yes(f.committeeSupport),
        enhancedServices: yes(f.enhancedServices),
        basicServices: yes(f.basicServices),
        feesReceivableOccupied: f.feesReceivableOccupied,
        feesCollected: f.feesCollected,
        feeStandard: f.feeStandard,
        marketPrice: f.marketPrice,
        assessmentScore: score,
      }),
    );
  },

  /** The service contract is the committee's first; the custodian's name and account masked but for the city's roles. */
  async committees({ db, actor }) {
    const where = committeeScope(db, actor);
    const clear = seesCity(actor);
    const place = await places(db);
    return scan(
      t.committees.id,
      where,
      (c) =>
        db
          .select({
            w: t.committees,
            x: t.compounds,
            contract: sql<
              string | null
            >`(select min(${t.committeeContracts.signedOn})::text from ${t.committeeContracts} where ${t.committeeContracts.committeeId} = ${t.committees.id})`,
          })
          .from(t.committees)
          .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
          .where(c),
      (r) => r.w.id,
      ({ w, x, contract }) => ({
        ...place(x.communityId),
        compound: x.name,
        established: w.established,
        filingNo: w.filingNo,
        custodianName: masked(w.custodianName, maskName, clear),
        custodianAccountName: w.custodianAccountName,
        custodianAccountNo: masked(w.custodianAccountNo, maskAccount, clear),
        serviceContractSigned: contract,
        operatingNormally: yes(w.operatingNormally),
        reviewApproved: yes(w.reviewApproved),
      }),
    );
  },

  /** 已成立业委会 is the registry's fact on the submission date (what the import checks it against). */
  async facility({ db, actor }) {
    const where = compoundScope(db, actor, t.facilityProjects.compoundId);
    const place = await places(db);
    return scan(
      t.facilityApplications.id,
      where,
      (c) =>
        db
          .select({
            a: t.facilityApplications,
            f: t.facilityProjects,
            x: t.compounds,
            committee: sql<boolean>`exists (select 1 from ${t.committees} where ${t.committees.compoundId} = ${t.compounds.id} and ${t.committees.established} <= ${t.facilityApplications.submittedOn})`,
          })
          .from(t.facilityApplications)
          .innerJoin(t.facilityProjects, eq(t.facilityApplications.projectId, t.facilityProjects.id))
          .innerJoin(t.compounds, eq(t.facilityProjects.compoundId, t.compounds.id))
          .where(c),
      (r) => r.a.id,
      ({ a, f, x, committee }) => ({
        code: a.code,
        ...place(x.communityId),
        compound: x.name,
        submitted: a.submittedOn,
        accepted: f.acceptedOn,
        category: categoryName(f.category),
        description: f.description,
        investment: f.investment,
        fundingResidents: f.fundingResidents,
        fundingCompany: f.fundingCompany,
        fundingCommunity: f.fundingCommunity,
        fundingOther: f.fundingOther,
        committeeEstablished: yes(committee),
        collectionRate: a.collectionRate,
        feeRatio: a.feeRatio,
      }),
    );
  },
};

/**
 * Writes a registry sheet to an .xlsx file in its template's columns, with what the caller may see;
 * returns the number of rows. The bureau, finance and a community account (its own community) may.
 */
export async function exportSheet(ctx: ServiceContext, kind: SheetKind, file: string): Promise<number> {
  const sheet = SHEETS[kind];
  requireRole(ctx.actor, SHEET_READERS, { zh: `导出${sheet.title}`, en: `exporting ${kind}` });
  const rows = await ROWS[kind](ctx);
  const n = await writeTablesFile(file, [
    {
      title: sheet.title,
      columns: sheet.columns.map((c) => ({ header: c.header, format: columnFormat(c.type) })),
      rows: cellsOf(rows, sheet.columns),
    },
  ]);
  await record(ctx, { action: `export.sheet.${kind}`, objectType: 'file', objectId: basename(file), result: 'ok', detail: { rows: n } });
  return n;
}

async function* cellsOf(rows: AsyncIterable<Values>, columns: readonly { key: string }[]): AsyncGenerator<unknown[]> {
  for await (const v of rows) yield columns.map((c) => v[c.key] ?? null);
}
