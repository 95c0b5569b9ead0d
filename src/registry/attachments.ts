/**
 * Attachments (evidence, invoices, contracts): the content is stored once by its sha256; its size
 * and type are checked — the declared type must be what the bytes are.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const TYPES: { mime: string; magic: number[]; label: string }[] = [
  { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46], label: 'PDF' },
  { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47], label: 'PNG' },
  { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff], label: 'JPEG' },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP, label: 'XLSX' },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP, label: 'DOCX' },
];

export class AttachmentError extends Error {}

export interface NewAttachment {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  ownerType: string;
  ownerId: number;
  uploadedBy: string;
}

/** Why these bytes may not be stored, or null. */
export function attachmentProblem(a: Pick<NewAttachment, 'bytes' | 'mime'>): string | null {
  if (a.bytes.length === 0) return '文件为空';
  if (a.bytes.length > MAX_ATTACHMENT_BYTES) return `文件超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
  const type = TYPES.find((x) => x.mime === a.mime);
  if (!type) return `不支持的文件类型 ${a.mime}（可上传 ${TYPES.map((x) => x.label).join('、')}）`;
  if (!type.magic.every((b, i) => a.bytes[i] === b)) return `文件内容不是 ${type.label}`;
  return null;
}

export async function storeAttachment(db: Db, a: NewAttachment): Promise<{ id: number; sha256: string }> {
  const problem = attachmentProblem(a);
  if (problem) throw new AttachmentError(problem);
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  await db.insert(t.attachmentBlobs).values({ sha256, content: a.bytes }).onConflictDoNothing();
  const [row] = await db
    .insert(t.attachments)
    .values({
      sha256,
      size: a.bytes.length,
      mime: a.mime,
      fileName: a.fileName,
      ownerType: a.ownerType,
      ownerId: a.ownerId,
      uploadedBy: a.uploadedBy,
    })
    .returning({ id: t.attachments.id });
  return { id: row?.id as number, sha256 };
}
