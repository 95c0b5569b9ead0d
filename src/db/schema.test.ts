/**
 * What the database itself guarantees, on every driver, whatever the code does: each constraint is
 * tested by its name (or SQLSTATE), so a test passes only for the refusal it is about.
 */
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { currentRosterCompoundIds } from '../registry/scenario-build.ts';
import { actAs } from '../service/command.ts';
import { testActor } from '../service/testing.ts';
import type { Db } from './client.ts';
import { dbRejects, sqlState, violates } from './errors.ts';
import * as t from './schema.ts';
import { describeDb } from './testing.ts';

describeDb('registry constraints', (ctx, it) => {
  /** Runs `fn` in a transaction under an acting user, as the service layer does. */
  const acting = <T>(fn: (tx: Db) => Promise<T>): Promise<T> =>
    ctx.database.db.transaction(async (tx) => {
      await actAs(tx as unknown as Db, testActor('bureau', 'db-test'));
      return fn(tx as unknown as Db);
    });
  const setup = (code: string) =>
    acting(async (db) => {
      const [c] = await db
        .insert(t.communities)
        .values({ code: `C-${code}`, name: `社区${code}` })
        .returning();
      const [x] = await db
        .insert(t.compounds)
        .values({ code, name: `小区${code}`, communityId: c?.id as number, kind: 'compound', area: '1000.00', households: 10 })
        .returning();
      return { communityId: c?.id as number, compoundId: x?.id as number };
    });
  const entry = (compoundId: number, communityId: number, o: Partial<typeof t.roster2023.$inferInsert> = {}) => ({
    compoundId,
    communityId,
    name: 'x',
    kind: 'compound' as const,
    area: '1000.00',
    households: 10,
    ...o,
  });

  it('a sealed roster row cannot be updated, deleted or truncated', async () => {
    const { communityId, compoundId } = await setup('R1');
    const row = await acting(async (db) => {
      const [r] = await db.insert(t.roster2023).values(entry(compoundId, communityId)).returning();
      // not sealed yet: the snapshot can still be completed, then it is sealed
      await db
        .update(t.roster2023)
        .set({ households: 11 })
        .where(eq(t.roster2023.id, r?.id as number));
      await db
        .update(t.roster2023)
        .set({ sealed: true })
        .where(eq(t.roster2023.id, r?.id as number));
      return r;
    });
    const id = row?.id as number;
    await assert.rejects(
      acting((db) => db.update(t.roster2023).set({ households: 12 }).where(eq(t.roster2023.id, id))),
      dbRejects(/sealed/),
    );
    await assert.rejects(
      acting((db) => db.delete(t.roster2023).where(eq(t.roster2023.id, id))),
      dbRejects(/sealed/),
    );
    await assert.rejects(
      acting((db) => db.execute(sql`TRUNCATE roster2023_entry CASCADE`)),
      dbRejects(/cannot be truncated/),
    );
    await assert.rejects(
      acting((db) => db.execute(sql`TRUNCATE compound CASCADE`)),
      dbRejects(/cannot be truncated/),
    );
    const [kept] = await ctx.database.db.select().from(t.roster2023).where(eq(t.roster2023.id, id));
    assert.equal(kept?.households, 11);
  });

  it('a correction appends a row that supersedes the old one; history stays; links are foreign keys', async () => {
    const { db } = ctx.database;
    const { communityId, compoundId } = await setup('R2');
    const [old] = await acting((tx) =>
      tx
        .insert(t.roster2023)
        .values(entry(compoundId, communityId, { sealed: true }))
        .returning(),
    );
    assert.ok((await currentRosterCompoundIds(db)).has(compoundId));
    await acting((tx) =>
      tx.insert(t.roster2023).values(entry(compoundId, communityId, { removed: true, supersedesId: old?.id, sealed: true })),
    );
    assert.ok(!(await currentRosterCompoundIds(db)).has(compoundId));
    assert.equal((await db.select().from(t.roster2023).where(eq(t.roster2023.compoundId, compoundId))).length, 2);
    await assert.rejects(
      acting((tx) => tx.insert(t.roster2023).values(entry(compoundId, communityId, { supersedesId: old?.id }))),
      violates('roster2023_supersedes_once'),
    );
    await assert.rejects(
      acting((tx) => tx.insert(t.roster2023).values(entry(compoundId, communityId, { supersedesId: 999999 }))),
      violates('roster2023_entry_supersedes_id_roster2023_entry_id_fk'),
    );
    await assert.rejects(
      acting((tx) => tx.insert(t.roster2023).values(entry(compoundId, communityId, { changeId: 999999 }))),
      violates('roster2023_entry_change_id_roster_change_id_fk'),
    );
    await assert.rejects(
      acting((tx) => tx.insert(t.roster2023).values(entry(compoundId, communityId, { kind: 'villa' as 'compound' }))),
      violates('roster2023_kind'),
    );
  });

  it('checks: area > 0, kinds, a USCC-shaped code, budgets per programme, rectification outcomes', async () => {
    const { communityId } = await setup('R3');
    await assert.rejects(
      acting((db) =>
        db.insert(t.compounds).values({ code: 'BAD', name: 'bad', communityId, kind: 'compound', area: '0.00', households: 1 }),
      ),
      violates('compound_area_positive'),
    );
    await assert.rejects(
      acting((db) =>
        db.insert(t.compounds).values({ code: 'BAD', name: 'bad', communityId, kind: 'villa' as 'compound', area: '1', households: 1 }),
      ),
      violates('compound_kind'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.companies).values({ code: 'P-BAD', name: 'bad', uscc: '91350100M000100I43' })),
      violates('company_uscc_format'),
    );
    await acting((db) => db.insert(t.companies).values({ code: 'P-OK', name: 'ok', uscc: '91350100M000100Y43' }));
    await assert.rejects(
      acting((db) => db.insert(t.budgets).values({ year: 2025, programme: 'X' as 'T', amount: '1.00' })),
      violates('budget_programme'),
    );
  });

  it('a roster change is tied to its decision and its evidence; an attachment names no owner', async () => {
    const { compoundId } = await setup('R4');
    const attachment = await acting(async (db) => {
      await db
        .insert(t.attachmentBlobs)
        .values({ sha256: 'a'.repeat(64), content: new Uint8Array([1]) })
        .onConflictDoNothing();
      const [a] = await db
        .insert(t.attachments)
        .values({ sha256: 'a'.repeat(64), size: 1, mime: 'application/pdf', fileName: 'x.pdf', uploadedBy: 'u' })
        .returning();
      return a?.id as number;
    });
    const change = { compoundId, action: 'add' as const, reason: 'r', requestedBy: 'u', evidenceAttachmentId: attachment };
    await assert.rejects(
      acting((db) => db.insert(t.rosterChanges).values({ ...change, evidenceAttachmentId: 999999 })),
      violates('roster_change_evidence_attachment_id_attachment_id_fk'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.rosterChanges).values({ ...change, status: 'approved' })),
      violates('roster_change_decided'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.rosterChanges).values({ ...change, decidedBy: 'b', decidedAt: new Date() })),
      violates('roster_change_decided'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.rosterChanges).values({ ...change, action: 'remove' })),
      violates('roster_change_target'),
    );
    await assert.rejects(
      acting((db) =>
        db.insert(t.rosterChanges).values({ ...change, status: 'maybe' as 'approved', decidedBy: 'b', decidedAt: new Date() }),
      ),
      violates('roster_change_status'),
    );
    await acting((db) => db.insert(t.rosterChanges).values(change));
  });

  it('who made and changed a row, and its version, come from the acting user; without one the change is refused', async () => {
    const { db } = ctx.database;
    const { compoundId } = await setup('R5');
    await acting((tx) => tx.update(t.compounds).set({ address: '新地址' }).where(eq(t.compounds.id, compoundId)));
    const [x] = await db.select().from(t.compounds).where(eq(t.compounds.id, compoundId));
    assert.deepEqual([x?.createdBy, x?.updatedBy, x?.version, x?.updatedAt instanceof Date], ['db-test', 'db-test', 2, true]);
    await assert.rejects(db.update(t.compounds).set({ address: '绕过' }).where(eq(t.compounds.id, compoundId)), sqlState('JB001'));
    await assert.rejects(
      db.insert(t.subdistricts).values({ code: 'S-NOBODY', name: '无人街道' }),
      (e) => sqlState('23502')(e), // created_by is NOT NULL and nobody is acting
    );
    // the version cannot be forged either: the database counts it
    await acting((tx) => tx.update(t.compounds).set({ version: 99, createdBy: 'forger' }).where(eq(t.compounds.id, compoundId)));
    const [y] = await db.select().from(t.compounds).where(eq(t.compounds.id, compoundId));
    assert.deepEqual([y?.version, y?.createdBy], [3, 'db-test']);
  });

  it('payee account changes: one payee each, one open request per payee, tied to their decision', async () => {
    const [company] = await acting((db) =>
      db.insert(t.companies).values({ code: 'P-AC', name: 'ac', uscc: '91110000802100433B' }).returning(),
    );
    const request = { companyId: company?.id as number, accountName: 'ac', accountNo: '1', requestedBy: 'u' };
    await acting((db) => db.insert(t.accountChanges).values(request));
    await assert.rejects(
      acting((db) => db.insert(t.accountChanges).values(request)),
      violates('account_change_open_company'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.accountChanges).values({ ...request, companyId: null })),
      violates('account_change_payee'),
    );
    await assert.rejects(
      acting((db) => db.insert(t.accountChanges).values({ ...request, status: 'rejected' })),
      violates('account_change_decided'),
    );
  });

  it('the audit trail is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { db } = ctx.database;
    await acting((tx) =>
      tx
        .insert(t.auditEvents)
        .values({ at: new Date().toISOString(), username: 'u', role: 'admin', action: 'test', result: 'ok', hash: 'b'.repeat(64) }),
    );
    await assert.rejects(db.update(t.auditEvents).set({ action: 'changed' }), dbRejects(/append-only/));
    await assert.rejects(db.delete(t.auditEvents), dbRejects(/append-only/));
    await assert.rejects(db.execute(sql`TRUNCATE audit_event`), dbRejects(/append-only/));
    await assert.rejects(
      db.insert(t.auditEvents).values({
        at: new Date().toISOString(),
        username: 'u',
        role: 'admin',
        action: 'test',
        result: 'maybe' as 'ok',
        hash: 'c'.repeat(64),
      }),
      violates('audit_event_result'),
    );
  });
});
