/**
 * Owners' committees (programme W; docs/domain.md): the community records a committee's formation,
 * and the committee's service contract with a company when it is signed — the date its grant counts
 * six months from (programme W in docs/policy.md). The same rules as the committees import: the code is
 * the natural key (compound + date established), a contract cannot precede the committee, the first
 * custodian account is recorded as given (a later change is an account change request).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { requireRole } from './access.ts';
import { chinaDay } from './cases/numbers.ts';
import { compoundByCode } from './cases/subjects.ts';
import { command, type ServiceContext } from './command.ts';
import { committeeCode } from './import/committees.ts';

export interface NewCommittee {
  compoundCode: string;
  established: string;
  filingNo?: string | undefined;
  custodianName?: string | undefined;
  custodianAccountName?: string | undefined;
  custodianAccountNo?: string | undefined;
  members?: { name: string; role: string }[] | undefined;
  serviceContractSigned?: string | undefined;
}

export interface CommitteeRecord {
  code: string;
  compoundCode: string;
  established: string;
  serviceContractSigned: string | null;
}

const notFound = (code: string) => userError('committee.not_found', `没有业委会 ${code}`, `no committee ${code}`, { status: 404 });

function checkDates(established: string, contract: string | undefined, today: string): void {
  if (established > today)
    throw userError('committee.established', `设立日期 ${established} 晚于今天`, `the date established ${established} is after today`);
  if (contract !== undefined && contract < established)
    throw userError(
      'committee.contract_date',
      `服务合同签订日期 ${contract} 早于业委会设立日期 ${established}`,
      `the service contract (${contract}) cannot precede the committee (${established})`,
    );
  if (contract !== undefined && contract > today)
    throw userError(
      'committee.contract_date',
      `服务合同签订日期 ${contract} 晚于今天`,
      `the service contract date ${contract} is after today`,
    );
}

/** The community (its own compounds) or the bureau records a committee's formation. */
export async function recordCommittee(ctx: ServiceContext, w: NewCommittee): Promise<CommitteeRecord> {
  requireRole(ctx.actor, ['community', 'bureau'], { zh: '登记业委会成立', en: 'recording a committee' });
  const today = chinaDay(ctx.now?.() ?? new Date());
  checkDates(w.established, w.serviceContractSigned, today);
  return command(
    ctx,
    (r) => ({
      action: 'committee.record',
      objectType: 'committee',
      objectId: r.code,
      detail: { compound: w.compoundCode, established: w.established },
    }),
    async (tx) => {
      const compound = await compoundByCode(tx, w.compoundCode);
      if (ctx.actor.role === 'community' && ctx.actor.scope?.community?.id !== compound.communityId)
        throw userError('compound.not_found', `没有编号为 ${w.compoundCode} 的小区`, `no compound with code ${w.compoundCode}`, {
          status: 404,
        });
      const code = committeeCode(compound.code, w.established);
      const [dup] = await tx.select({ id: t.committees.id }).from(t.committees).where(eq(t.committees.code, code));
      if (dup)
        throw userError(
          'committee.exists',
          `该小区 ${w.established} 设立的业委会已登记（${code}）`,
          `this committee is recorded already (${code})`,
          {
            status: 409,
          },
        );
      const [row] = await tx
        .insert(t.committees)
        .values({
          code,
          compoundId: compound.id,
          established: w.established,
          filingNo: w.filingNo ?? null,
          custodianName: w.custodianName ?? null,
          custodianAccountName: w.custodianAccountName ?? null,
          custodianAccountNo: w.custodianAccountNo ?? null,
          members: w.members ?? null,
        })
        .returning({ id: t.committees.id });
      if (w.serviceContractSigned)
        await tx.insert(t.committeeContracts).values({ committeeId: row?.id as number, signedOn: w.serviceContractSigned });
      return { code, compoundCode: compound.code, established: w.established, serviceContractSigned: w.serviceContractSigned ?? null };
    },
  );
}

async function committeeInScope(tx: Db, ctx: ServiceContext, code: string) {
  const [row] = await tx
    .select({ w: t.committees, communityId: t.compounds.communityId, compoundCode: t.compounds.code })
    .from(t.committees)
    .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
    .where(eq(t.committees.code, code));
  if (!row) throw notFound(code);
  const a = ctx.actor;
  if (a.role === 'community' && a.scope?.community?.id !== row.communityId) throw notFound(code);
  if (a.role === 'committee' && a.scope?.committee?.id !== row.w.id) throw notFound(code);
  return row;
}

/** The committee's service contract with a company (its first one): recorded once; a correction goes through the bureau's import. */
export async function recordServiceContract(ctx: ServiceContext, code: string, signedOn: string): Promise<CommitteeRecord> {
  requireRole(ctx.actor, ['community', 'bureau', 'committee'], { zh: '登记业委会服务合同', en: 'recording a service contract' });
  const today = chinaDay(ctx.now?.() ?? new Date());
  return command(
    ctx,
    () => ({ action: 'committee.contract', objectType: 'committee', objectId: code, detail: { signedOn } }),
    async (tx) => {
      const { w, compoundCode } = await committeeInScope(tx, ctx, code);
      checkDates(w.established, signedOn, today);
      const [first] = await tx
        .select()
        .from(t.committeeContracts)
        .where(and(eq(t.committeeContracts.committeeId, w.id)))
        .orderBy(asc(t.committeeContracts.signedOn))
        .limit(1);
      if (first)
        throw userError(
          'committee.contract_exists',
          `业委会 ${code} 已登记服务合同（${first.signedOn} 签订）；更正请联系住建局`,
          `committee ${code} has its service contract recorded (signed ${first.signedOn}); corrections go through the housing bureau`,
          { status: 409 },
        );
      await tx.insert(t.committeeContracts).values({ committeeId: w.id, signedOn });
      return { code, compoundCode, established: w.established, serviceContractSigned: signedOn };
    },
  );
}
