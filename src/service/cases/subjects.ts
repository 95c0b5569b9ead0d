/** Looking up what a case is about — by the codes users know — inside a transaction. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';

const missing = (what: string, whatEn: string, code: string) =>
  userError(`${whatEn}.not_found`, `没有${what} ${code}`, `no ${whatEn} ${code}`, { status: 404 });

export async function compoundByCode(tx: Db, code: string) {
  const [c] = await tx.select().from(t.compounds).where(eq(t.compounds.code, code));
  if (!c) throw missing('小区', 'compound', code);
  return c;
}

export async function engagementByCode(tx: Db, code: string) {
  const [row] = await tx
    .select({ e: t.engagements, compound: t.compounds, company: t.companies })
    .from(t.engagements)
    .innerJoin(t.compounds, eq(t.engagements.compoundId, t.compounds.id))
    .innerJoin(t.companies, eq(t.engagements.companyId, t.companies.id))
    .where(eq(t.engagements.code, code));
  if (!row) throw missing('承接', 'engagement', code);
  return row;
}

export async function committeeByCode(tx: Db, code: string) {
  const [row] = await tx
    .select({ w: t.committees, compound: t.compounds })
    .from(t.committees)
    .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
    .where(eq(t.committees.code, code));
  if (!row) throw missing('业委会', 'committee', code);
  return row;
}

export async function companyById(tx: Db, id: number) {
  const [c] = await tx.select().from(t.companies).where(eq(t.companies.id, id));
  if (!c) throw new Error(`company ${id} vanished`);
  return c;
}

/** The compound a committee account's committee belongs to. */
export async function committeeCompoundId(tx: Db, committeeId: number | undefined): Promise<number | undefined> {
  if (committeeId === undefined) return undefined;
  const [w] = await tx.select({ compoundId: t.committees.compoundId }).from(t.committees).where(eq(t.committees.id, committeeId));
  return w?.compoundId;
}

/** The engagement of a compound serving on a day, if any (one company per compound at a time). */
export async function servingOn(tx: Db, compoundId: number, day: string) {
  const [e] = await tx
    .select()
    .from(t.engagements)
    .where(
      sql`${t.engagements.compoundId} = ${compoundId} and ${t.engagements.entryDate} <= ${day} and (${t.engagements.endDate} is null or ${t.engagements.endDate} >= ${day})`,
    );
  return e;
}
