/**
 * The applicant's side of a case: editing the draft (and, after a return, correcting it — 补正), and
 * attaching files. Only the applying organisation, only while the case is editable, only over the
 * version it read (a concurrent edit is refused, not overwritten). The subject never changes.
 */
import { and, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { WORKFLOWS } from '../../workflow/index.ts';
import { command, type ServiceContext } from '../command.ts';
import { ATTACHMENT_KINDS, type AttachmentKind, FIELD_NAMES, SUBJECT_FIELDS } from './forms.ts';
import { type CaseView, viewCase, visibleCase } from './read.ts';
import type { CaseRow } from './store.ts';
import { parseForm } from './validate.ts';

/** Is the caller the organisation that applied? */
export function isApplicant(ctx: ServiceContext, row: CaseRow): boolean {
  const a = ctx.actor;
  if (row.applicantType === 'company') return a.role === 'company' && a.scope?.company?.id === row.companyId;
  if (row.applicantType === 'committee') return a.role === 'committee' && a.scope?.committee?.id === row.committeeId;
  if (row.applicantType === 'community') return a.role === 'community' && a.scope?.community?.id === row.communityId;
  return a.role === 'bureau';
}

const notEditable = (row: CaseRow) =>
  userError(
    'case.not_editable',
    `办件当前为“${WORKFLOWS[row.type].states[row.state]}”，不能修改`,
    `a case in state ${row.state} cannot be edited`,
    {
      status: 409,
      details: { state: row.state },
    },
  );

export async function editCase(ctx: ServiceContext, caseNo: string, patch: Record<string, unknown>, version: number): Promise<CaseView> {
  return command(ctx, { action: 'case.edit', objectType: 'case', objectId: caseNo, detail: { fields: Object.keys(patch) } }, async (tx) => {
    const row = await visibleCase(tx, ctx, caseNo, true);
    if (!isApplicant(ctx, row))
      throw userError('case.not_applicant', '只有申请单位可以修改申请', 'only the applying organisation may edit', { status: 403 });
    if (!WORKFLOWS[row.type].editable.includes(row.state)) throw notEditable(row);
    if (row.version !== version)
      throw userError('case.version', '办件已被他人修改，请刷新后再改', 'the case was changed meanwhile: reload it and edit again', {
        status: 409,
        details: { version: row.version },
      });
    const current = row.form as Record<string, unknown>;
    for (const f of SUBJECT_FIELDS[row.type])
      if (f in patch && patch[f] !== current[f])
        throw userError(
          'case.subject',
          `“${FIELD_NAMES[f] ?? f}”确定了申请对象，不能修改：请另行申请`,
          `${f} names the subject and cannot change: open another case`,
        );
    const form = parseForm(row.type, { ...current, ...patch, ...(current.scores ? {} : {}) }) as Record<string, unknown>;
    await tx.update(t.cases).set({ form }).where(eq(t.cases.id, row.id));
    return viewCase(tx, ctx, caseNo);
  });
}

/** Links an uploaded file (the caller's own upload) to a case, as a kind of file the case needs. */
export async function attachToCase(ctx: ServiceContext, caseNo: string, attachmentId: number, kind: string): Promise<CaseView> {
  if (!(ATTACHMENT_KINDS as readonly string[]).includes(kind))
    throw userError(
      'case.attachment_kind',
      `附件类型应为 ${ATTACHMENT_KINDS.join('、')} 之一`,
      `kind must be one of ${ATTACHMENT_KINDS.join(', ')}`,
    );
  return command(ctx, { action: 'case.attach', objectType: 'case', objectId: caseNo, detail: { attachmentId, kind } }, async (tx) => {
    const row = await visibleCase(tx, ctx, caseNo, true);
    if (!isApplicant(ctx, row))
      throw userError('case.not_applicant', '只有申请单位可以上传申请材料', 'only the applying organisation may attach files', {
        status: 403,
      });
    if (!WORKFLOWS[row.type].editable.includes(row.state)) throw notEditable(row);
    const [a] = await tx.select().from(t.attachments).where(eq(t.attachments.id, attachmentId));
    if (!a || a.uploadedBy !== ctx.actor.username)
      throw userError('attachment.not_found', `没有附件 ${attachmentId}`, `no attachment ${attachmentId}`, { status: 404 });
    const [linked] = await tx
      .select()
      .from(t.caseAttachments)
      .where(and(eq(t.caseAttachments.caseId, row.id), eq(t.caseAttachments.attachmentId, attachmentId)));
    if (linked)
      await tx
        .update(t.caseAttachments)
        .set({ kind: kind as AttachmentKind })
        .where(and(eq(t.caseAttachments.caseId, row.id), eq(t.caseAttachments.attachmentId, attachmentId)));
    else await tx.insert(t.caseAttachments).values({ caseId: row.id, attachmentId, kind });
    return viewCase(tx, ctx, caseNo);
  });
}
