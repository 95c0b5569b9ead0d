/**
 * Programme T's inputs read straight from the registry as columns (src/rules/columnar/): the rows of
 * `engagement ⋈ compound ⋈ roster in force ⋈ period facts ⋈ assessment`, pushed one by one into a
 * TakeoverColumnsBuilder — the values buildScenario gives the engine (R-8: a roster compound's kind
 * and area are its roster entry's in force; a period without a recorded market price takes its
 * category's reference price), without building the city's scenario. A settlement reads the
 * engagements of one community at a time (docs/domain.md "Settlement at national scale").
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rawRows } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type TakeoverColumns, TakeoverColumnsBuilder } from '../rules/columnar/index.ts';
import { priceLookup } from './scenario-build.ts';

/** One row of the T facts query (`period` null: an engagement with no half-year recorded). */
export interface TakeoverFactsRow {
  id: number;
  engagement: string;
  compound: string;
  company: string;
  kind: 'compound' | 'scattered';
  area: string;
  on_roster: boolean;
  entry_date: string;
  contract_signed: string | null;
  commitment_signed: string | null;
  end_date: string | null;
  category: string | null;
  period: string | null;
  committee_support: boolean | null;
  enhanced_services: boolean | null;
  basic_services: boolean | null;
  fees_receivable: string | null;
  fees_collected: string | null;
  fee_standard: string | null;
  market_price: string | null;
  score: string | null;
}

/** The columns of a TakeoverFactsRow, from `e` (engagement) and the joins of TAKEOVER_FACTS_JOINS. */
export const TAKEOVER_FACTS_COLUMNS = sql`e.id, e.code as engagement, x.code as compound, co.code as company,
      coalesce(r.kind, x.kind) as kind, coalesce(r.managed_area, x.managed_area)::text as area, r.id is not null as on_roster,
      e.entry_date::text as entry_date, e.contract_signed::text as contract_signed,
      e.commitment_signed::text as commitment_signed, e.end_date::text as end_date, x.category,
      f.period, f.committee_support, f.enhanced_services, f.basic_services,
      f.fees_receivable_occupied::text as fees_receivable, f.fees_collected::text as fees_collected,
      f.fee_standard::text as fee_standard, f.market_price::text as market_price, a.total::text as score`;

/** An engagement `e`'s compound, company, roster entry in force and half-years with their assessments. */
export const TAKEOVER_FACTS_JOINS = sql`join compound x on x.id = e.compound_id
    join company co on co.id = e.company_id
    left join roster2023_current r on r.compound_id = x.id
    left join period_facts f on f.engagement_id = e.id
    left join assessment a on a.engagement_id = e.id and a.period = f.period`;

/**
 * The facts query, engagement by engagement and half-year by half-year in the order they were
 * recorded (as buildScenario reads them). `where` narrows the engagements (`e` is the engagement).
 */
export function takeoverFactsQuery(where: SQL): SQL {
  return sql`select ${TAKEOVER_FACTS_COLUMNS} from engagement e ${TAKEOVER_FACTS_JOINS} where ${where} order by e.id, f.id`;
}

export type Rectifications = ReadonlyMap<number, { year: number; outcome: 'rectified' | 'failed' | 'refused'; decidedOn: string }[]>;

/** The decided rectifications of the given engagements (registry ids), by engagement, in the order recorded. */
export async function rectificationsOf(db: Db, engagementIds: readonly number[]): Promise<Rectifications> {
  const rects = new Map<number, { year: number; outcome: 'rectified' | 'failed' | 'refused'; decidedOn: string }[]>();
  if (engagementIds.length === 0) return rects;
  for (const r of await rawRows<{ engagement_id: number; year: number; outcome: 'rectified' | 'failed' | 'refused'; decided_on: string }>(
    db,
    sql`select engagement_id, year, outcome, decided_on::text as decided_on from rectification
        where outcome is not null and engagement_id = any(${sql.param([...engagementIds])}::int[]) order by id`,
  )) {
    const list = rects.get(Number(r.engagement_id)) ?? [];
    list.push({ year: Number(r.year), outcome: r.outcome, decidedOn: r.decided_on });
    rects.set(Number(r.engagement_id), list);
  }
  return rects;
}

/** The reference prices (a small table, read once per settlement). */
export async function referencePrices(db: Db): Promise<ReturnType<typeof priceLookup>> {
  return priceLookup(await db.select().from(t.marketPrices));
}

/**
 * The columns of the given engagements (registry ids), as of `asOf`. Engagements that do not exist
 * are simply absent; the caller finds an engagement by its code in `columns.engagementId`.
 */
export async function takeoverColumns(
  db: Db,
  asOf: string,
  engagementIds: readonly number[],
  price?: ReturnType<typeof priceLookup>,
): Promise<TakeoverColumns> {
  const builder = new TakeoverColumnsBuilder(Math.max(16, engagementIds.length), asOf);
  if (engagementIds.length === 0) return builder.build();
  const lookup = price ?? (await referencePrices(db));
  const rows = await rawRows<TakeoverFactsRow>(db, takeoverFactsQuery(sql`e.id = any(${sql.param([...engagementIds])}::int[])`));
  const rects = await rectificationsOf(db, engagementIds);
  pushTakeoverRows(builder, rows, rects, lookup);
  return builder.build();
}

/**
 * Rows of the facts query into the builder. An engagement starts where `startOf(row)` changes (by
 * default its id; a settlement, whose rows come claim by claim, starts one per claim).
 */
export function pushTakeoverRows(
  builder: TakeoverColumnsBuilder,
  rows: readonly TakeoverFactsRow[],
  rects: Rectifications,
  price: ReturnType<typeof priceLookup>,
  startOf: (row: TakeoverFactsRow) => number = (row) => Number(row.id),
): void {
  let last: number | null = null;
  for (const r of rows) {
    const id = Number(r.id);
    const start = startOf(r);
    if (start !== last) {
      builder.engagement({
        engagementId: r.engagement,
        compoundId: r.compound,
        companyId: r.company,
        kind: r.kind,
        area: r.area,
        onRoster2023: r.on_roster,
        entryDate: r.entry_date,
        contractSigned: r.contract_signed,
        commitmentSigned: r.commitment_signed,
        endDate: r.end_date,
        rectifications: rects.get(id) ?? null,
      });
      last = start;
    }
    if (r.period === null) continue;
    builder.facts({
      period: r.period,
      committeeSupport: r.committee_support as boolean,
      enhancedServices: r.enhanced_services as boolean,
      basicServices: r.basic_services as boolean,
      feesReceivableOccupied: r.fees_receivable as string,
      feesCollected: r.fees_collected as string,
      feeStandard: r.fee_standard as string,
      // no recorded price takes the category's reference price; without one the price is unknown
      marketPrice: r.market_price ?? price(r.category, r.period),
      // numeric(5,2) "85.50" → 85.5, as buildScenario reads it
      assessmentScore: r.score === null ? null : Number(r.score),
    });
  }
}
