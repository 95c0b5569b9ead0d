/**
 * Corrections of the sealed 2023 roster: a request with evidence; the housing bureau approves or
 * rejects it. An approved change appends a roster entry that supersedes the one in force (or adds
 * one); no entry is ever changed, so the history stays.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type NewAttachment, storeAttachment } from './attachments.ts';
import { currentRosterCompoundIds } from './scenario-build.ts';

export class RosterChangeError extends Error {}

export interface RosterValues {
  name?: string;
  kind?: 'compound' | 'scattered';
  area?: string;
  households?: number;
}

export interface ChangeRequest {
  compoundCode: string;
  action: 'add' | 'remove' | 'amend';
  reason: string;
  values?: RosterValues;
  evidence: Omit<NewAttachment, 'ownerType' | 'ownerId' | 'uploadedBy'>;
  requestedBy: string;
}

async function currentEntry(db: Db, compoundId: number) {
  if (!(await currentRosterCompoundIds(db)).has(compoundId)) return undefined;
  const entries = await db.select().from(t.roster2023).where(eq(t.roster2023.compoundId, compoundId));
  const superseded = new Set(entries.map((e) => e.supersedesId));
  return entries.find((e) => !superseded.has(e.id) && !e.removed);
}

export async function requestRosterChange(db: Db, r: ChangeRequest): Promise<number> {
  if (!r.reason.trim()) throw new RosterChangeError('须说明更正理由');
  return db.transaction(async (tx) => {
    const d = tx as unknown as Db;
    const [compound] = await d.select().from(t.compounds).where(eq(t.compounds.code, r.compoundCode));
    if (!compound) throw new RosterChangeError(`没有编号为 ${r.compoundCode} 的小区`);
    const onRoster = (await currentEntry(d, compound.id)) !== undefined;
    if (r.action === 'add' && onRoster) throw new RosterChangeError('该小区已在名单中');
    if (r.action !== 'add' && !onRoster) throw new RosterChangeError('该小区不在名单中');
    const [change] = await d
      .insert(t.rosterChanges)
      .values({ compoundId: compound.id, action: r.action, reason: r.reason, values: r.values ?? null, requestedBy: r.requestedBy })
      .returning({ id: t.rosterChanges.id });
    const id = change?.id as number;
    const evidence = await storeAttachment(d, { ...r.evidence, ownerType: 'roster_change', ownerId: id, uploadedBy: r.requestedBy });
    await d.update(t.rosterChanges).set({ evidenceAttachmentId: evidence.id }).where(eq(t.rosterChanges.id, id));
    return id;
  });
}

export async function decideRosterChange(
  db: Db,
  id: number,
  decision: { approve: boolean; decidedBy: string; note?: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const d = tx as unknown as Db;
    const [change] = await d
      .select()
      .from(t.rosterChanges)
      .where(and(eq(t.rosterChanges.id, id), eq(t.rosterChanges.status, 'requested')));
    if (!change) throw new RosterChangeError(`没有待审核的名单变更申请 ${id}`);
    await d
      .update(t.rosterChanges)
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        decidedBy: decision.decidedBy,
        decidedAt: new Date(),
        decisionNote: decision.note ?? null,
      })
      .where(eq(t.rosterChanges.id, id));
    if (!decision.approve) return;
    const [compound] = await d.select().from(t.compounds).where(eq(t.compounds.id, change.compoundId));
    if (!compound) throw new RosterChangeError('小区不存在');
    const current = await currentEntry(d, compound.id);
    const values = (change.values ?? {}) as RosterValues;
    const base = current ?? {
      name: compound.name,
      kind: compound.kind,
      area: compound.area,
      households: compound.households,
      communityId: compound.communityId,
    };
    await d.insert(t.roster2023).values({
      compoundId: compound.id,
      communityId: base.communityId,
      name: values.name ?? base.name,
      kind: values.kind ?? base.kind,
      area: values.area ?? base.area,
      households: values.households ?? base.households,
      removed: change.action === 'remove',
      supersedesId: current?.id ?? null,
      changeId: change.id,
      sealed: true,
    });
  });
}
