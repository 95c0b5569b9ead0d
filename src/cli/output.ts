/**
 * Files the commands write (workbooks, reports, scenarios, backups). The path is checked before any
 * work is done, so a typo in a directory name costs nothing and reads as one message naming the
 * path — not a stack after a long export.
 */

import { randomBytes } from 'node:crypto';
import { accessSync, constants, linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './context.ts';

export interface OutputOptions {
  /** false: an existing file is refused (`--force` to overwrite it); default true */
  overwrite?: boolean;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** Throws UsageError naming `path` unless a file can be written there. */
export function checkOutputPath(path: string, opts: OutputOptions = {}): void {
  const dir = dirname(path);
  let parent: ReturnType<typeof statSync>;
  try {
    parent = statSync(dir);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new UsageError(`${path}: 目录 ${dir} 不存在`, `${path}: the directory ${dir} does not exist`);
    if (errno(e) === 'ENOTDIR') throw notADirectory(path, dir);
    throw e;
  }
  if (!parent.isDirectory()) throw notADirectory(path, dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${path}: 没有写入目录 ${dir} 的权限`, `${path}: no permission to write in ${dir}`);
  }
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch (e) {
    if (errno(e) !== 'ENOENT') throw e;
  }
  if (target?.isDirectory()) throw new UsageError(`${path} 是目录：请给出文件名`, `${path} is a directory: name a file`);
  if (target && opts.overwrite === false) throw exists(path);
}

const notADirectory = (path: string, dir: string) => new UsageError(`${path}: ${dir} 不是目录`, `${path}: ${dir} is not a directory`);
const exists = (path: string) => new UsageError(`${path} 已存在：加 --force 覆盖`, `${path} already exists: add --force to overwrite it`);

/**
 * Writes `bytes` to `path` whole or not at all: into a temporary file in the same directory, then
 * renamed (or, not to overwrite, hard-linked — which fails if the name was taken meanwhile).
 */
export function writeFileWhole(path: string, bytes: Uint8Array, opts: OutputOptions = {}): void {
  checkOutputPath(path, opts);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    if (opts.overwrite !== false) renameSync(tmp, path);
    else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if (errno(e) === 'EEXIST') throw exists(path);
        // a file system without hard links (FAT on a USB stick): check, then rename
        if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(errno(e) ?? '')) throw e;
        checkOutputPath(path, opts);
        renameSync(tmp, path);
      }
    }
  } catch (e) {
    if (e instanceof UsageError || !errno(e)) throw e;
    // a full disk, a vanished directory: the user's to fix, and nothing half-written is left
    throw new UsageError(`${path}: 写入失败（${errno(e)}），未留下文件`, `${path}: could not be written (${errno(e)}); no file was left`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}
