/**
 * A zip file (an .xlsx is one) read through its central directory, with random access: parts are
 * read in the order the reader needs them, and every byte unzipped is counted against a limit as it
 * streams — whatever sizes the headers claim (a zip bomb claims small ones). What is wrong with a
 * file that is not a sound zip is told apart: cut off, not a zip at all, an old .xls.
 */
import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export type ZipProblemReason = 'empty' | 'truncated' | 'not-xlsx' | 'xls' | 'too-large' | 'damaged';

/** Why a file cannot be read as a zip; `detail` is for logs, not users. */
export class ZipProblem extends Error {
  constructor(
    readonly reason: ZipProblemReason,
    detail: string,
  ) {
    super(detail);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** as the directory claims: not trusted */
  size: number;
  offset: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50 };
const LOCAL_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The compound-file header of .xls (and of password-protected .xlsx, which Excel encrypts into one). */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** What a file without an end-of-directory record is, judged by its first bytes. */
function withoutDirectory(head: Buffer): ZipProblem {
  if (head.length >= OLE_SIGNATURE.length && head.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE))
    return new ZipProblem('xls', 'compound file (.xls or encrypted)');
  const start = head.subarray(0, LOCAL_SIGNATURE.length);
  if (start.equals(LOCAL_SIGNATURE.subarray(0, start.length))) return new ZipProblem('truncated', 'no end of central directory');
  return new ZipProblem('not-xlsx', 'no zip signature');
}

/** Where the central directory is, from the end record (and its zip64 form when the fields overflow). */
async function locateDirectory(fh: FileHandle, size: number): Promise<{ offset: number; size: number; end: number }> {
  const tailStart = Math.max(0, size - END_SIZE - MAX_COMMENT);
  const tail = await readAt(fh, tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - END_SIZE; i >= 0 && at < 0; i--)
    if (tail.readUInt32LE(i) === SIG.end && i + END_SIZE + tail.readUInt16LE(i + 20) <= tail.length) at = i;
  if (at < 0) throw withoutDirectory(await readAt(fh, 0, OLE_SIGNATURE.length));
  const end = tailStart + at;
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if (dirSize === 0xffffffff || dirOffset === 0xffffffff || tail.readUInt16LE(at + 10) === 0xffff) {
    const locator = await readAt(fh, end - 20, 20);
    if (locator.length === 20 && locator.readUInt32LE(0) === SIG.locator64) {
      const record = await readAt(fh, Number(locator.readBigUInt64LE(8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== SIG.end64) throw new ZipProblem('damaged', 'bad zip64 end record');
      dirSize = Number(record.readBigUInt64LE(40));
      dirOffset = Number(record.readBigUInt64LE(48));
    }
  }
  if (dirOffset + dirSize > end) throw new ZipProblem('damaged', 'central directory outside the file');
  return { offset: dirOffset, size: dirSize, end };
}

/** Sizes and offset that overflow 32 bits live in the zip64 extra field (id 1), in this order. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 1) {
      let p = i + 4;
      const next = () => {
        const v = p + 8 <= i + 4 + len ? Number(extra.readBigUInt64LE(p)) : Number.NaN;
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.offset === 0xffffffff) entry.offset = next();
      return;
    }
    i += 4 + len;
  }
}

function parseDirectory(dir: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (let p = 0; p < dir.length; ) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== SIG.central) throw new ZipProblem('damaged', 'bad central directory entry');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      flags: dir.readUInt16LE(p + 8),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      offset: dir.readUInt32LE(p + 42),
    };
    applyZip64(entry, dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export interface ZipReader {
  /** entries by name, lower-cased (part names in a package are case-insensitive) */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** bytes of the file read so far, for progress */
  readonly bytesRead: number;
  /** the entry's content, counted against the limit as it streams */
  open(entry: ZipEntry): Promise<Readable>;
}

/** Opens the zip in `fh` (`size` bytes); reading more than `maxUnzipped` bytes in all fails with 'too-large'. */
export async function openZip(fh: FileHandle, size: number, maxUnzipped: number): Promise<ZipReader> {
  if (size === 0) throw new ZipProblem('empty', '0 bytes');
  const where = await locateDirectory(fh, size);
  const list = parseDirectory(await readAt(fh, where.offset, where.size));
  const entries = new Map(list.map((e) => [e.name.toLowerCase(), e]));
  let unzipped = 0;
  let bytesRead = 0;
  return {
    entries,
    get bytesRead() {
      return bytesRead;
    },
    async open(entry) {
      if (entry.flags & 1) throw new ZipProblem('damaged', `${entry.name}: encrypted entry`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipProblem('damaged', `${entry.name}: compression method ${entry.method}`);
      const header = await readAt(fh, entry.offset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== SIG.local) throw new ZipProblem('damaged', `${entry.name}: bad local header`);
      const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (start + entry.compressedSize > where.end) throw new ZipProblem('damaged', `${entry.name}: data outside the file`);
      const source =
        entry.compressedSize === 0
          ? Readable.from([])
          : fh.createReadStream({ start, end: start + entry.compressedSize - 1, autoClose: false });
      source.on('data', (chunk: Buffer) => {
        bytesRead += chunk.length;
      });
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          unzipped += chunk.length;
          if (unzipped > maxUnzipped) done(new ZipProblem('too-large', `more than ${maxUnzipped} bytes unzipped`));
          else done(null, chunk);
        },
      });
      // Errors of any stage (a bad deflate stream, the limit) reach the reader through `counter`;
      // the callback only keeps them from being reported twice.
      const streams = entry.method === 8 ? [source, createInflateRaw(), counter] : [source, counter];
      return pipeline(streams, () => {}) as unknown as Readable;
    },
  };
}
