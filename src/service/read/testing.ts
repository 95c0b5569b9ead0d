/**
 * For tests: a small city with two of everything — communities C1 and C2, compounds X1 and X3 in C1
 * and X2 in C2, companies P1 (serving X1) and P2 (serving X2), committees W1 (X1) and W2 (X2) — and a
 * service context for an account of each role, bound as a signed-in account would be.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { committee, compound, engagement, scenario } from '../../rules/scenario/fixtures.ts';
import type { Actor, Role } from '../actor.ts';
import { scopeOf } from '../auth/sessions.ts';
import type { ServiceContext } from '../command.ts';
import { seedScenario } from '../testing.ts';

/** P2's 统一社会信用代码 (P1 has none on record). */
export const P2_USCC = '91350100M000100Y43';

export const TODAY = new Date('2025-06-01T02:00:00Z');

export const twoCities = () =>
  scenario({
    compounds: [
      compound({ id: 'X1', name: '幸福小区', communityId: 'C1', area: '10000.50' }),
      compound({ id: 'X2', name: '和平小区', communityId: 'C2', area: '8000.00' }),
      compound({ id: 'X3', name: '100%_小区', communityId: 'C1', area: '500.00', onRoster2023: false }),
    ],
    engagements: [
      engagement({ id: 'E1', compoundId: 'X1', companyId: 'P1', entryDate: '2024-01-01' }),
      engagement({ id: 'E2', compoundId: 'X2', companyId: 'P2', entryDate: '2024-03-01', endDate: '2025-01-31' }),
    ],
    committees: [
      committee({ id: 'W1', compoundId: 'X1', established: '2024-03-01' }),
      committee({ id: 'W2', compoundId: 'X2', established: '2024-05-01', serviceContractSigned: null }),
    ],
  });

/** Seeds the two-community city, with the companies' contacts and bank accounts. */
export async function seedTwoCities(db: Db): Promise<void> {
  await seedScenario(db, twoCities(), { budget: false });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
    for (const [code, phone, account] of [
      ['P1', '13812345678', '6222021234567890'],
      ['P2', '13987654321', '6222029876543210'],
    ] as const)
      await tx
        .update(t.companies)
        .set({
          name: `${code}物业`,
          contactName: '张三丰',
          contactPhone: phone,
          bankName: '工商银行',
          bankAccountName: `${code}物业`,
          bankAccountNo: account,
        })
        .where(eq(t.companies.code, code));
    await tx.update(t.companies).set({ uscc: P2_USCC }).where(eq(t.companies.code, 'P2'));
    await tx.update(t.committees).set({ custodianAccountNo: '6217001234560001' }).where(eq(t.committees.code, 'W1'));
  });
}

export type ScopeCodes = { community?: string; company?: string; committee?: string };

/** The service context of an account of `role`, bound to the organisation coded in `scope`. */
export async function contextOf(db: Db, role: Role, scope?: ScopeCodes, now: Date | (() => Date) = TODAY): Promise<ServiceContext> {
  const [c] = scope?.community ? await db.select().from(t.communities).where(eq(t.communities.code, scope.community)) : [];
  const [p] = scope?.company ? await db.select().from(t.companies).where(eq(t.companies.code, scope.company)) : [];
  const [w] = scope?.committee ? await db.select().from(t.committees).where(eq(t.committees.code, scope.committee)) : [];
  const actor: Actor = {
    username: `${role}-${scope?.community ?? scope?.company ?? scope?.committee ?? 'city'}`,
    role,
    channel: 'http',
    scope: await scopeOf(db, { communityId: c?.id ?? null, companyId: p?.id ?? null, committeeId: w?.id ?? null }),
  };
  return { db, actor, now: typeof now === 'function' ? now : () => now };
}

/** One context per role: the scoped roles bound to C1, P1 and W1. */
export async function everyone(db: Db) {
  return {
    admin: await contextOf(db, 'admin'),
    auditor: await contextOf(db, 'auditor'),
    bureau: await contextOf(db, 'bureau'),
    finance: await contextOf(db, 'finance'),
    community: await contextOf(db, 'community', { community: 'C1' }),
    company: await contextOf(db, 'company', { company: 'P1' }),
    committee: await contextOf(db, 'committee', { committee: 'W1' }),
  };
}

export const PAGE = { limit: 50, offset: 0 };
