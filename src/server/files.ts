/**
 * Files over HTTP, shared by the routes that take or give spreadsheets (budgets, batches, registry
 * sheets, reports): the xlsx media type and download header, an upload's own name made safe, and
 * temporary files — an upload streamed to disk, a workbook written to disk and streamed back — so a
 * large file never sits in memory and its directory always goes.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { Sheet } from '../excel/sheets.ts';
import { writeTemplate } from '../excel/workbook.ts';
import { UserError } from '../lib/errors.ts';
import { fileTooLarge } from './errors.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `content-disposition` for a download named `name` (Chinese names as RFC 5987 UTF-8). */
export const download = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** An uploaded file's own name, safe as a file name here (reports name the file as the clerk knows it). */
export const uploadName = (given: string | undefined, fallback: string): string => {
  const name = basename(given ?? '')
    .replace(/[^\p{L}\p{N}._ ()（）-]/gu, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  return name || fallback;
};

/** Runs `fn` with a file in a temporary directory, removed afterwards (the spreadsheet code reads and writes files). */
export async function withTempFile<T>(name: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'jiangbu-'));
  try {
    return await fn(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes a file into a temporary directory and gives it back as a stream to send: a large file (the bank
 * file of a national batch) never sits in memory; the directory goes when the stream closes.
 */
export async function writtenFile(name: string, write: (file: string) => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'jiangbu-'));
  try {
    await write(join(dir, name));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return createReadStream(join(dir, name)).on('close', () => rmSync(dir, { recursive: true, force: true }));
}

/**
 * The upload in form field `file`, streamed into a temporary file under its own (safe) name, and `fn`
 * run on it. The multipart limits apply while it streams: a file over the size limit is refused (413)
 * before anything reads it. Without a file: `missing` (400, naming the field); a file `fn` finds is no
 * workbook (`excel.malformed`) names the field too.
 */
export async function withUpload<T>(
  file: MultipartFile | undefined,
  missing: { code: string; zh: string; en: string },
  fallbackName: string,
  fn: (path: string, name: string) => Promise<T>,
): Promise<T> {
  if (file?.fieldname !== 'file') throw new UserError(missing.code, { zh: missing.zh, en: missing.en }, { details: { field: 'file' } });
  const name = uploadName(file.filename, fallbackName);
  return withTempFile(name, async (path) => {
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) throw fileTooLarge(); // the stream stopped at the limit: never read a cut file
    try {
      return await fn(path, name);
    } catch (e) {
      // a file the reader cannot take as a workbook: the form field it came in is named
      if (e instanceof UserError && e.code === 'excel.malformed')
        throw new UserError(e.code, e.text, { status: e.status, details: { ...e.details, field: 'file' } });
      throw e;
    }
  });
}

/** An import sheet's empty template (headers and notes row), as a stream to send. */
export const templateFile = (sheet: Sheet) =>
  writtenFile('template.xlsx', async (f) => {
    const out = createWriteStream(f);
    await writeTemplate(sheet, out);
    out.end();
    await finished(out);
  });
