/**
 * The funds report (issue 8): the money of the approved claims by budget year, programme, community and
 * payee — reserved (a claim reserved or in a settlement batch), paid (the bank confirmed), and how many
 * claims — with totals per programme and year and, for the whole city, the year's appropriation.
 * Voided claims are not counted. Sums are taken by the database as bigint fen and shown as yuan.
 */
import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { PayeeType, Programme } from '../../ledger/accounts.ts';
import type { ServiceContext } from '../command.ts';
import { appropriations } from '../money/budgets.ts';
import { reportCommunity, requireReportReader, yuan } from './common.ts';
import { type FundsHalfRow, fundsByHalfYear } from './funds-halves.ts';

export type { FundsHalfRow, PayeeType, Programme };

export interface FundsRow {
  year: number;
  programme: Programme;
  communityCode: string;
  communityName: string;
  payeeType: PayeeType;
  payeeCode: string;
  payeeName: string;
  claims: number;
  /** yuan: claims reserved (in a batch or not yet), not yet paid */
  reserved: string;
  /** yuan: claims the bank paid */
  paid: string;
}

export interface FundsTotal {
  year: number;
  /** null: every programme of the year */
  programme: Programme | null;
  claims: number;
  reserved: string;
  paid: string;
  /** yuan appropriated to the budget (city-wide readers only; null for a community) */
  appropriated: string | null;
  /** appropriated − reserved − paid (null with `appropriated`) */
  unspent: string | null;
}

export interface FundsReport {
  /** the year asked for, or null for every year */
  year: number | null;
  /** the community the report is limited to (a community account), or null for the city */
  community: string | null;
  rows: FundsRow[];
  /** per year and programme, then per year (programme null) */
  totals: FundsTotal[];
  /** the same claims per half-year, programme and community (src/service/reports/funds-halves.ts) */
  halves: FundsHalfRow[];
}

interface Sums {
  claims: number;
  reserved: bigint;
  paid: bigint;
}

const c = t.paymentClaims;
const fenText = (cond: SQL) => sql<string>`coalesce(sum(${c.amount}) filter (where ${cond}), 0)::text`;

/** Each payee's name: a company's, a community's, a committee's after its compound (康乐苑业主委员会). */
async function payeeNames(db: Db, codes: { type: PayeeType; code: string }[]): Promise<(type: PayeeType, code: string) => string> {
  const of = (type: PayeeType) => [...new Set(codes.filter((x) => x.type === type).map((x) => x.code))];
  const names = new Map<string, string>();
  const companies = of('company');
  if (companies.length > 0)
    for (const r of await db
      .select({ code: t.companies.code, name: t.companies.name })
      .from(t.companies)
      .where(inArray(t.companies.code, companies)))
      names.set(`company:${r.code}`, r.name);
  const committees = of('committee');
  if (committees.length > 0)
    for (const r of await db
      .select({ code: t.committees.code, compound: t.compounds.name })
      .from(t.committees)
      .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
      .where(inArray(t.committees.code, committees)))
      names.set(`committee:${r.code}`, `${r.compound}业主委员会`);
  const communities = of('community');
  if (communities.length > 0)
    for (const r of await db
      .select({ code: t.communities.code, name: t.communities.name })
      .from(t.communities)
      .where(inArray(t.communities.code, communities)))
      names.set(`community:${r.code}`, r.name);
  return (type, code) => names.get(`${type}:${code}`) ?? code;
}

const order = (a: FundsRow, b: FundsRow) =>
  a.year - b.year ||
  t.PROGRAMMES.indexOf(a.programme) - t.PROGRAMMES.indexOf(b.programme) ||
  a.communityCode.localeCompare(b.communityCode) ||
  a.payeeType.localeCompare(b.payeeType) ||
  a.payeeCode.localeCompare(b.payeeCode);

/** The funds report for a budget year (or every year), within the caller's scope. */
export async function fundsReport(ctx: ServiceContext, opts: { year?: number | undefined } = {}): Promise<FundsReport> {
  requireReportReader(ctx);
  const year = opts.year ?? null;
  const own = reportCommunity(ctx.actor);
  const grouped = await ctx.db
    .select({
      year: c.year,
      programme: c.programme,
      communityCode: t.communities.code,
      communityName: t.communities.name,
      payeeType: c.payeeType,
      payeeCode: c.payeeCode,
      claims: sql<number>`count(*)::int`,
      reserved: fenText(sql`${c.state} = 'reserved'`),
      paid: fenText(sql`${c.state} = 'paid'`),
    })
    .from(c)
    .innerJoin(t.communities, eq(c.communityId, t.communities.id))
    .where(and(ne(c.state, 'voided'), year !== null ? eq(c.year, year) : undefined, own !== null ? eq(c.communityId, own) : undefined))
    .groupBy(c.year, c.programme, t.communities.code, t.communities.name, c.payeeType, c.payeeCode);
  const nameOf = await payeeNames(
    ctx.db,
    grouped.map((r) => ({ type: r.payeeType, code: r.payeeCode })),
  );

  const sums = new Map<string, Sums & { year: number; programme: Programme | null }>();
  const add = (year: number, programme: Programme | null, s: Sums) => {
    const key = `${year}:${programme ?? '*'}`;
    const to = sums.get(key) ?? { year, programme, claims: 0, reserved: 0n, paid: 0n };
    to.claims += s.claims;
    to.reserved += s.reserved;
    to.paid += s.paid;
    sums.set(key, to);
  };
  const rows: FundsRow[] = grouped.map((r) => {
    const s = { claims: Number(r.claims), reserved: BigInt(r.reserved), paid: BigInt(r.paid) };
    add(r.year, r.programme, s);
    add(r.year, null, s);
    return { ...r, payeeName: nameOf(r.payeeType, r.payeeCode), claims: s.claims, reserved: yuan(s.reserved), paid: yuan(s.paid) };
  });

  // the city's appropriation is no community's figure: a community account sees its claims only
  const appropriated = own === null ? await appropriations(ctx.db, year) : new Map<string, bigint>();
  // a year and programme with a budget but no claims yet has its line in the totals
  const none: Sums = { claims: 0, reserved: 0n, paid: 0n };
  for (const key of appropriated.keys()) {
    const [y, p] = key.split(':') as [string, Programme];
    add(Number(y), p, none);
    add(Number(y), null, none);
  }
  const budgetOf = (year: number, programme: Programme | null): bigint | null => {
    if (own !== null) return null;
    if (programme !== null) return appropriated.get(`${year}:${programme}`) ?? 0n;
    return t.PROGRAMMES.reduce((n, p) => n + (appropriated.get(`${year}:${p}`) ?? 0n), 0n);
  };
  const totals: FundsTotal[] = [...sums.values()]
    .sort((a, b) => a.year - b.year || rank(a.programme) - rank(b.programme))
    .map((s) => {
      const budget = budgetOf(s.year, s.programme);
      return {
        year: s.year,
        programme: s.programme,
        claims: s.claims,
        reserved: yuan(s.reserved),
        paid: yuan(s.paid),
        appropriated: budget === null ? null : yuan(budget),
        unspent: budget === null ? null : yuan(budget - s.reserved - s.paid),
      };
    });
  const halves = await fundsByHalfYear(ctx.db, { year, community: own });
  return { year, community: own === null ? null : (ctx.actor.scope?.community?.code ?? null), rows: rows.sort(order), totals, halves };
}

/** Programmes in their order, the year's total after them. */
const rank = (p: Programme | null) => (p === null ? t.PROGRAMMES.length : t.PROGRAMMES.indexOf(p));
