/**
 * The 2023 roster (docs/glossary.md; docs/domain.md): a snapshot whose entries never change. Corrections
 * are requests with evidence that the housing bureau approves or rejects; an approval appends an entry
 * superseding the one in force (or adds one), so history stays, and brings the compound's own record
 * in line — from then on the corrected values are the truth for every calculation (R-8).
 *
 * A decision is made once: compare-and-set on the open request, decisions on one compound serialised
 * by locking the compound, and the entry the request was aimed at re-checked — a request whose target
 * was superseded meanwhile (say, a removal and an amendment both pending) is refused, not applied.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { type NewAttachment, storeAttachment } from '../registry/attachments.ts';
import { kindName } from '../registry/labels.ts';
import { requireRole } from './access.ts';
import { insertCase, recordMove } from './cases/store.ts';
import { command, decisionOf, type ServiceContext } from './command.ts';
import { sameDecimal } from './import/common.ts';

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
  values?: RosterValues | undefined;
  evidence: Omit<NewAttachment, 'uploadedBy'>;
}

type Entry = typeof t.roster2023.$inferSelect;

/** The compound's entry in force (the view `roster2023_current` applies approved corrections). */
async function entryInForce(tx: Db, compoundId: number): Promise<Entry | undefined> {
  const result = (await tx.execute(sql`select id from roster2023_current where compound_id = ${compoundId}`)) as unknown as {
    rows: { id: number | string }[];
  };
  const id = result.rows[0]?.id;
  if (id === undefined) return undefined;
  const [e] = await tx
    .select()
    .from(t.roster2023)
    .where(eq(t.roster2023.id, Number(id)));
  return e;
}

async function compoundByCode(tx: Db, code: string) {
  const [c] = await tx.select().from(t.compounds).where(eq(t.compounds.code, code));
  if (!c) throw userError('compound.not_found', `没有编号为 ${code} 的小区`, `no compound with code ${code}`, { status: 404 });
  return c;
}

/** The values an amendment would change, or none. */
function amended(entry: Entry, v: RosterValues): (keyof RosterValues)[] {
  const out: (keyof RosterValues)[] = [];
  if (v.name !== undefined && v.name !== entry.name) out.push('name');
  if (v.kind !== undefined && v.kind !== entry.kind) out.push('kind');
  if (v.area !== undefined && !sameDecimal(v.area, entry.area)) out.push('area');
  if (v.households !== undefined && v.households !== entry.households) out.push('households');
  return out;
}

export interface ChangeInput {
  compoundCode: string;
  action: 'add' | 'remove' | 'amend';
  reason: string;
  values?: RosterValues | undefined;
  evidenceAttachmentId: number;
}

/**
 * Records a correction request and its case (type `roster`) inside the caller's transaction. A
 * community account asks for its own compounds only; what cannot be right is refused up front.
 */
export async function requestRosterChangeIn(tx: Db, ctx: ServiceContext, r: ChangeInput): Promise<{ changeId: number; caseNo: string }> {
  if (!r.reason.trim()) throw userError('roster.change.reason', '须说明更正理由', 'a reason is required');
  const values = r.values && Object.keys(r.values).length > 0 ? r.values : undefined;
  if (r.action === 'amend' && !values)
    throw userError(
      'roster.change.no_values',
      '更正申请须给出更正后的值（名称、类型、面积或户数）',
      'an amendment needs the corrected values (name, kind, area or households)',
    );
  if (r.action === 'remove' && values) throw userError('roster.change.values', '移出申请不带更正值', 'a removal takes no values');
  const compound = await compoundByCode(tx, r.compoundCode);
  if (ctx.actor.role === 'community' && ctx.actor.scope?.community?.id !== compound.communityId)
    throw userError('compound.not_found', `没有编号为 ${r.compoundCode} 的小区`, `no compound with code ${r.compoundCode}`, {
      status: 404,
    });
  const entry = await entryInForce(tx, compound.id);
  if (r.action === 'add' && entry)
    throw userError('roster.change.on_roster', `小区 ${r.compoundCode} 已在名单中`, `compound ${r.compoundCode} is already on the roster`, {
      status: 409,
    });
  if (r.action !== 'add' && !entry)
    throw userError('roster.change.not_on_roster', `小区 ${r.compoundCode} 不在名单中`, `compound ${r.compoundCode} is not on the roster`, {
      status: 409,
    });
  if (r.action === 'amend' && entry && values && amended(entry, values).length === 0)
    throw userError(
      'roster.change.no_change',
      '更正值与名单登记值相同，没有需要更正的内容',
      'the values are those on the roster already: nothing to amend',
    );
  const [change] = await tx
    .insert(t.rosterChanges)
    .values({
      compoundId: compound.id,
      action: r.action,
      reason: r.reason.trim(),
      values: values ?? null,
      targetEntryId: entry?.id ?? null,
      evidenceAttachmentId: r.evidenceAttachmentId,
      requestedBy: ctx.actor.username,
    })
    .returning({ id: t.rosterChanges.id });
  const changeId = change?.id as number;
  const row = await insertCase(tx, ctx, {
    type: 'roster',
    communityId: compound.communityId,
    compoundId: compound.id,
    applicantType: ctx.actor.role === 'community' ? 'community' : 'bureau',
    rosterChangeId: changeId,
    form: {
      compoundCode: r.compoundCode,
      action: r.action,
      reason: r.reason.trim(),
      ...(values ? { values } : {}),
      evidenceAttachmentId: r.evidenceAttachmentId,
    },
  });
  await tx.insert(t.caseAttachments).values({ caseId: row.id, attachmentId: r.evidenceAttachmentId, kind: 'evidence' });
  return { changeId, caseNo: row.caseNo };
}

/** `jiangbu roster request`: the evidence file stored, then the request and its case. */
export async function requestRosterChange(ctx: ServiceContext, r: ChangeRequest): Promise<number> {
  return command(
    ctx,
    (id) => ({
      action: 'roster.change.request',
      objectType: 'roster_change',
      objectId: id,
      detail: { compound: r.compoundCode, action: r.action, values: r.values },
    }),
    async (tx) => {
      const evidence = await storeAttachment(tx, { ...r.evidence, uploadedBy: ctx.actor.username });
      return (await requestRosterChangeIn(tx, ctx, { ...r, evidenceAttachmentId: evidence.id })).changeId;
    },
  );
}

export interface Decision {
  approve: boolean;
  note?: string | undefined;
}

/** The bureau's decision inside the caller's transaction; the change's case moves with it. */
export async function decideRosterChangeIn(tx: Db, ctx: ServiceContext, id: number, decision: Decision): Promise<void> {
  const [open] = await tx.select({ compoundId: t.rosterChanges.compoundId }).from(t.rosterChanges).where(eq(t.rosterChanges.id, id));
  if (open) await tx.select({ id: t.compounds.id }).from(t.compounds).where(eq(t.compounds.id, open.compoundId)).for('update');
  const [change] = await tx
    .update(t.rosterChanges)
    .set(decisionOf(ctx, decision.approve, decision.note))
    .where(and(eq(t.rosterChanges.id, id), eq(t.rosterChanges.status, 'requested')))
    .returning();
  if (!change)
    throw userError('roster.change.not_open', `没有待审核的名单变更申请 #${id}`, `no open roster change request #${id}`, { status: 404 });
  const [caseRow] = await tx.select().from(t.cases).where(eq(t.cases.rosterChangeId, id));
  if (caseRow)
    await recordMove(tx, ctx, caseRow, {
      action: decision.approve ? 'approve' : 'reject',
      to: decision.approve ? 'approved' : 'rejected',
      comment: decision.note,
    });
  if (!decision.approve) return;
  const current = await entryInForce(tx, change.compoundId);
  if ((current?.id ?? null) !== change.targetEntryId)
    throw userError(
      'roster.change.stale',
      current
        ? `申请 #${id} 所针对的名单条目已被其他变更更正（现行条目 #${current.id}）：请驳回后按现行名单重新申请`
        : `申请 #${id} 所针对的小区已不在名单中：请驳回后重新申请`,
      `request #${id} was aimed at a roster entry that another change has since superseded: reject it and request again`,
      { status: 409 },
    );
  const [compound] = await tx.select().from(t.compounds).where(eq(t.compounds.id, change.compoundId));
  if (!compound) throw new Error(`roster change ${id}: compound ${change.compoundId} vanished`);
  const v = (change.values ?? {}) as RosterValues;
  const base = current ?? compound;
  const next = {
    name: v.name ?? base.name,
    kind: v.kind ?? base.kind,
    area: v.area ?? base.area,
    households: v.households ?? base.households,
  };
  await tx.insert(t.roster2023).values({
    compoundId: compound.id,
    communityId: current?.communityId ?? compound.communityId,
    ...next,
    removed: change.action === 'remove',
    supersedesId: current?.id ?? null,
    changeId: change.id,
    sealed: true,
  });
  if (change.action !== 'remove') {
    if (next.name !== compound.name) {
      const [clash] = await tx
        .select({ id: t.compounds.id })
        .from(t.compounds)
        .where(and(eq(t.compounds.communityId, compound.communityId), eq(t.compounds.name, next.name)));
      if (clash)
        throw userError(
          'roster.change.name_taken',
          `社区内已有名为“${next.name}”的小区`,
          `the community already has a compound named ${next.name}`,
          { status: 409 },
        );
    }
    if (compound.occupiedHouseholds !== null && compound.occupiedHouseholds > next.households)
      throw userError(
        'roster.change.households',
        `更正后的户数 ${next.households} 少于登记的入住户数 ${compound.occupiedHouseholds}：请先更正入住户数`,
        `the corrected households ${next.households} are fewer than the ${compound.occupiedHouseholds} occupied households on record`,
        { status: 409 },
      );
    await tx.update(t.compounds).set(next).where(eq(t.compounds.id, compound.id));
  }
}

export async function decideRosterChange(ctx: ServiceContext, id: number, decision: Decision): Promise<void> {
  requireRole(ctx.actor, ['bureau'], { zh: '名单变更审核', en: 'deciding a roster change' });
  await command(
    ctx,
    { action: decision.approve ? 'roster.change.approve' : 'roster.change.reject', objectType: 'roster_change', objectId: id },
    (tx) => decideRosterChangeIn(tx, ctx, id, decision),
  );
}

/** Seals the 2023 roster as a whole: from then on only approved roster changes add entries. */
export async function sealRoster(ctx: ServiceContext): Promise<string> {
  requireRole(ctx.actor, ['bureau'], { zh: '封存2023年底名单', en: 'sealing the 2023 roster' });
  return command(ctx, { action: 'roster.seal', objectType: 'roster2023', objectId: '2023' }, async (tx) => {
    const at = ctx.now?.() ?? new Date();
    const [row] = await tx
      .update(t.registryMeta)
      .set({ rosterSealedAt: at, rosterSealedBy: ctx.actor.username })
      .where(and(eq(t.registryMeta.id, 1), sql`${t.registryMeta.rosterSealedAt} is null`))
      .returning();
    if (!row) throw userError('roster.sealed', '2023年底名单已经封存', 'the 2023 roster is sealed already', { status: 409 });
    return at.toISOString();
  });
}

export interface RosterChangeView {
  id: number;
  compound: { code: string; name: string; community: string };
  action: 'add' | 'remove' | 'amend';
  reason: string;
  values: RosterValues | null;
  /** the values in words, e.g. 面积 12000.50 → 12500 */
  valuesText: string;
  status: 'requested' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  evidence: { fileName: string; sha256: string; size: number };
}

const LABELS: Record<keyof RosterValues, string> = { name: '名称', kind: '类型', area: '面积', households: '户数' };

function valuesText(v: RosterValues | null, before: Entry | undefined): string {
  if (!v) return '';
  return (Object.keys(LABELS) as (keyof RosterValues)[])
    .filter((k) => v[k] !== undefined)
    .map((k) => {
      const show = (x: unknown) => (k === 'kind' ? kindName(String(x)) : String(x));
      return `${LABELS[k]} ${before ? `${show(before[k])} → ` : ''}${show(v[k])}`;
    })
    .join('；');
}

export async function listRosterChanges(db: Db): Promise<RosterChangeView[]> {
  const rows = await db
    .select({ c: t.rosterChanges, compound: t.compounds, community: t.communities.name, a: t.attachments, target: t.roster2023 })
    .from(t.rosterChanges)
    .innerJoin(t.compounds, eq(t.rosterChanges.compoundId, t.compounds.id))
    .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
    .innerJoin(t.attachments, eq(t.rosterChanges.evidenceAttachmentId, t.attachments.id))
    .leftJoin(t.roster2023, eq(t.rosterChanges.targetEntryId, t.roster2023.id))
    .orderBy(asc(t.rosterChanges.id));
  return rows.map(({ c, compound, community, a, target }) => ({
    id: c.id,
    compound: { code: compound.code, name: compound.name, community },
    action: c.action,
    reason: c.reason,
    values: c.values as RosterValues | null,
    valuesText: valuesText(c.values as RosterValues | null, target ?? undefined),
    status: c.status,
    requestedBy: c.requestedBy,
    requestedAt: c.requestedAt.toISOString(),
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    note: c.decisionNote,
    evidence: { fileName: a.fileName, sha256: a.sha256, size: a.size },
  }));
}
