/** What the database itself guarantees, on every driver. */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { currentRosterCompoundIds } from '../registry/scenario-build.ts';
import { dbRejects } from './errors.ts';
import * as t from './schema.ts';
import { describeDb } from './testing.ts';

describeDb('registry constraints', (ctx, it) => {
  const setup = async (code: string) => {
    const { db } = ctx.database;
    const [c] = await db
      .insert(t.communities)
      .values({ code: `C-${code}`, name: `社区${code}` })
      .returning();
    const [x] = await db
      .insert(t.compounds)
      .values({ code, name: `小区${code}`, communityId: c?.id as number, kind: 'compound', area: '1000.00', households: 10 })
      .returning();
    return { communityId: c?.id as number, compoundId: x?.id as number };
  };

  it('a sealed roster row cannot be updated or deleted', async () => {
    const { db } = ctx.database;
    const { communityId, compoundId } = await setup('R1');
    const [row] = await db
      .insert(t.roster2023)
      .values({ compoundId, communityId, name: '小区R1', kind: 'compound', area: '1000.00', households: 10 })
      .returning();
    // not sealed yet: the snapshot can still be completed, then it is sealed
    await db
      .update(t.roster2023)
      .set({ households: 11 })
      .where(eq(t.roster2023.id, row?.id as number));
    await db
      .update(t.roster2023)
      .set({ sealed: true })
      .where(eq(t.roster2023.id, row?.id as number));
    await assert.rejects(
      db
        .update(t.roster2023)
        .set({ households: 12 })
        .where(eq(t.roster2023.id, row?.id as number)),
      dbRejects(/sealed/),
    );
    await assert.rejects(db.delete(t.roster2023).where(eq(t.roster2023.id, row?.id as number)), dbRejects(/sealed/));
    const [kept] = await db
      .select()
      .from(t.roster2023)
      .where(eq(t.roster2023.id, row?.id as number));
    assert.equal(kept?.households, 11);
  });

  it('a correction appends a row that supersedes the old one; history stays', async () => {
    const { db } = ctx.database;
    const { communityId, compoundId } = await setup('R2');
    const [old] = await db
      .insert(t.roster2023)
      .values({ compoundId, communityId, name: '小区R2', kind: 'compound', area: '1000.00', households: 10, sealed: true })
      .returning();
    assert.ok((await currentRosterCompoundIds(db)).has(compoundId));
    await db.insert(t.roster2023).values({
      compoundId,
      communityId,
      name: '小区R2',
      kind: 'compound',
      area: '1000.00',
      households: 10,
      removed: true,
      supersedesId: old?.id,
      sealed: true,
    });
    assert.ok(!(await currentRosterCompoundIds(db)).has(compoundId));
    assert.equal((await db.select().from(t.roster2023).where(eq(t.roster2023.compoundId, compoundId))).length, 2);
    // a row is superseded once
    await assert.rejects(
      db
        .insert(t.roster2023)
        .values({ compoundId, communityId, name: 'x', kind: 'compound', area: '1.00', households: 1, supersedesId: old?.id }),
    );
  });

  it('checks: area > 0, a USCC-shaped code, one fact row per period, a valid period', async () => {
    const { db } = ctx.database;
    const { communityId } = await setup('R3');
    await assert.rejects(
      db.insert(t.compounds).values({ code: 'BAD', name: 'bad', communityId, kind: 'compound', area: '0.00', households: 1 }),
    );
    await assert.rejects(db.insert(t.companies).values({ code: 'P-BAD', name: 'bad', uscc: '91350100M000100I43' }));
    await db.insert(t.companies).values({ code: 'P-OK', name: 'ok', uscc: '91350100M000100Y43' });
  });
});
