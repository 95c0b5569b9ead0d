/**
 * Owners' committees (业委会) within the caller's scope: a community those of its compounds, a
 * committee its own record. The custodian account number is masked but for its last 4 digits for
 * all but the bureau, finance and the administrator.
 */
import { asc, count, eq, type SQL, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { maskAccount } from '../../lib/mask.ts';
import type { ServiceContext } from '../command.ts';
import { notFound } from '../scope.ts';
import { allOf, committeeScope, type List, type Page, requireRegistryReader, seesCity } from './common.ts';

export interface CommitteeItem {
  code: string;
  compoundCode: string;
  compoundName: string;
  communityCode: string;
  established: string;
  filingNo: string | null;
  /** when the latest service contract with a company was signed (docs/policy.md W.3), or null */
  serviceContractSigned: string | null;
  operatingNormally: boolean;
  reviewApproved: boolean;
  custodianAccountName: string | null;
  custodianAccountNo: string | null;
}

export interface CommitteeFilter {
  community?: string | undefined;
  compound?: string | undefined;
}

const contractSigned = sql<
  string | null
>`(select max(${t.committeeContracts.signedOn})::text from ${t.committeeContracts} where ${t.committeeContracts.committeeId} = ${t.committees.id})`;

function query(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.db
    .select({ w: t.committees, compound: t.compounds, communityCode: t.communities.code, contractSigned })
    .from(t.committees)
    .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(where);
}

type Row = Awaited<ReturnType<typeof query>>[number];

const item = (ctx: ServiceContext, r: Row): CommitteeItem => ({
  code: r.w.code,
  compoundCode: r.compound.code,
  compoundName: r.compound.name,
  communityCode: r.communityCode,
  established: r.w.established,
  filingNo: r.w.filingNo,
  serviceContractSigned: r.contractSigned,
  operatingNormally: r.w.operatingNormally,
  reviewApproved: r.w.reviewApproved,
  custodianAccountName: r.w.custodianAccountName,
  custodianAccountNo: r.w.custodianAccountNo === null || seesCity(ctx.actor) ? r.w.custodianAccountNo : maskAccount(r.w.custodianAccountNo),
});

export async function listCommittees(ctx: ServiceContext, f: CommitteeFilter, page: Page): Promise<List<CommitteeItem>> {
  requireRegistryReader(ctx);
  const where = allOf(
    committeeScope(ctx.db, ctx.actor),
    f.community !== undefined && eq(t.communities.code, f.community),
    f.compound !== undefined && eq(t.compounds.code, f.compound),
  );
  const [n] = await ctx.db
    .select({ n: count() })
    .from(t.committees)
    .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .where(where);
  const rows = await query(ctx, where).orderBy(asc(t.committees.code)).limit(page.limit).offset(page.offset);
  return { items: rows.map((r) => item(ctx, r)), total: Number(n?.n ?? 0) };
}

export async function getCommittee(ctx: ServiceContext, code: string): Promise<CommitteeItem> {
  requireRegistryReader(ctx);
  const [r] = await query(ctx, allOf(committeeScope(ctx.db, ctx.actor), eq(t.committees.code, code)));
  if (!r) throw notFound({ zh: '业委会', en: 'committee' }, code);
  return item(ctx, r);
}
