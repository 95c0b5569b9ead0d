/**
 * Attachments (evidence, invoices, contracts): the content is stored once by its sha256; its size
 * and type are checked — the declared type must be what the bytes are. An attachment names no owner:
 * what it belongs to (a roster change, a case) refers to it by a foreign key.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type UserError, userError } from '../lib/errors.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const TYPES: { mime: string; magic: number[]; label: string }[] = [
  { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46], label: 'PDF' },
  { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47], label: 'PNG' },
  { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff], label: 'JPEG' },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP, label: 'XLSX' },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP, label: 'DOCX' },
];

export interface NewAttachment {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  uploadedBy: string;
}

/** Why these bytes may not be stored, or null. */
export function attachmentProblem(a: Pick<NewAttachment, 'bytes' | 'mime' | 'fileName'>): UserError | null {
  const f = a.fileName;
  if (a.bytes.length === 0) return userError('attachment.empty', `${f}：文件为空`, `${f}: the file is empty`);
  const mb = MAX_ATTACHMENT_BYTES / 1024 / 1024;
  if (a.bytes.length > MAX_ATTACHMENT_BYTES)
    return userError('attachment.too_large', `${f}：文件超过 ${mb} MB`, `${f}: larger than ${mb} MB`, { status: 413 });
  const type = TYPES.find((x) => x.mime === a.mime);
  const labels = TYPES.map((x) => x.label);
  if (!type)
    return userError(
      'attachment.type',
      `${f}：不支持的文件类型（可上传 ${labels.join('、')}）`,
      `${f}: unsupported file type (${labels.join(', ')} accepted)`,
      { status: 415 },
    );
  if (!type.magic.every((b, i) => a.bytes[i] === b))
    return userError('attachment.content', `${f}：文件内容不是 ${type.label}`, `${f}: the content is not ${type.label}`, { status: 415 });
  return null;
}

export async function storeAttachment(db: Db, a: NewAttachment): Promise<{ id: number; sha256: string }> {
  const problem = attachmentProblem(a);
  if (problem) throw problem;
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  await db.insert(t.attachmentBlobs).values({ sha256, content: a.bytes }).onConflictDoNothing();
  const [row] = await db
    .insert(t.attachments)
    .values({
      sha256,
      size: a.bytes.length,
      mime: a.mime,
      fileName: a.fileName,
      uploadedBy: a.uploadedBy,
    })
    .returning({ id: t.attachments.id });
  return { id: row?.id as number, sha256 };
}
