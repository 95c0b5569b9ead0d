/**
 * Files people upload (contracts, commitment letters, invoices, photos, evidence): the type is read
 * from the bytes, never from the name; size limited; stored once by sha256. An upload is its
 * uploader's until it is attached to a case; then whoever may see the case may read it.
 */
import { eq, inArray } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { MAX_ATTACHMENT_BYTES, storeAttachment } from '../registry/attachments.ts';
import { visibleCase } from './cases/read.ts';
import { command, record, type ServiceContext } from './command.ts';

const starts = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

/** What the bytes are, or null: PDF, PNG, JPEG, and the Office zips (by the parts they hold). */
export function sniffMime(b: Uint8Array): string | null {
  if (starts(b, [0x25, 0x50, 0x44, 0x46])) return 'application/pdf';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const head = Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024))).toString('latin1');
    if (head.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (head.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}

export interface Upload {
  bytes: Uint8Array;
  fileName: string;
}

export interface AttachmentView {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
}

export async function uploadAttachment(ctx: ServiceContext, u: Upload): Promise<AttachmentView> {
  const fileName = u.fileName.replace(/[\\/]/g, '_').slice(0, 200) || 'file';
  if (u.bytes.length > MAX_ATTACHMENT_BYTES)
    throw userError(
      'attachment.too_large',
      `${fileName}：文件超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
      `${fileName}: larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
      {
        status: 413,
      },
    );
  const mime = sniffMime(u.bytes);
  if (!mime)
    throw userError(
      'attachment.type',
      `${fileName}：只能上传 PDF、PNG、JPEG、XLSX 或 DOCX（按文件内容判断）`,
      `${fileName}: PDF, PNG, JPEG, XLSX or DOCX only (judged by content)`,
      {
        status: 415,
      },
    );
  return command(
    ctx,
    (a) => ({
      action: 'attachment.upload',
      objectType: 'attachment',
      objectId: a.id,
      detail: { fileName, mime, size: a.size, sha256: a.sha256 },
    }),
    async (tx) => {
      const stored = await storeAttachment(tx, { bytes: u.bytes, fileName, mime, uploadedBy: ctx.actor.username });
      return { id: stored.id, fileName, mime, size: u.bytes.length, sha256: stored.sha256 };
    },
  );
}

/** A file the caller may read (their own upload, or a file of a case they see); 404 otherwise. */
export async function readAttachment(ctx: ServiceContext, id: number): Promise<AttachmentView & { bytes: Uint8Array }> {
  const missing = userError('attachment.not_found', `没有附件 ${id}`, `no attachment ${id}`, { status: 404 });
  const [a] = await ctx.db.select().from(t.attachments).where(eq(t.attachments.id, id));
  if (!a) throw missing;
  let allowed = a.uploadedBy === ctx.actor.username;
  if (!allowed) {
    const links = await ctx.db
      .select({ caseId: t.caseAttachments.caseId })
      .from(t.caseAttachments)
      .where(eq(t.caseAttachments.attachmentId, id));
    const cases = links.length
      ? await ctx.db
          .select({ caseNo: t.cases.caseNo })
          .from(t.cases)
          .where(
            inArray(
              t.cases.id,
              links.map((l) => l.caseId),
            ),
          )
      : [];
    for (const c of cases) {
      try {
        await visibleCase(ctx.db, ctx, c.caseNo);
        allowed = true;
        break;
      } catch {}
    }
  }
  if (!allowed) throw missing;
  const [blob] = await ctx.db.select().from(t.attachmentBlobs).where(eq(t.attachmentBlobs.sha256, a.sha256));
  await record(ctx, { action: 'attachment.read', objectType: 'attachment', objectId: id, result: 'ok' });
  return { id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, sha256: a.sha256, bytes: blob?.content as Uint8Array };
}
