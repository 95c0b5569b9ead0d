/**
 * The embedded database belongs to one process at a time (PGlite is not multi-process): a lock
 * file in its directory names the process that has it open ("<pid> <nonce>", the nonce telling
 * one taking of the lock from another).
 *
 * The lock file is created atomically: written whole under a temporary name, then hard-linked to
 * its name, which fails when the name exists — so no process ever sees a half-written lock, and
 * of two processes starting at once exactly one succeeds.
 *
 * A lock left by a process that is gone is taken over, and exactly one of the processes that find
 * it may do so: the one that first creates the takeover file named after that lock's content
 * (itself a lock, taken the same way). Holding it, the taker checks that the stale lock is still
 * there and renames its own lock over it. Nobody else removes a lock whose holder is dead, so the
 * check stays true until the rename. A taker that dies half-way leaves a takeover file whose
 * holder is dead: it is taken over the same way, one level deeper.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/errors.ts';

export const LOCK_FILE = '.jiangbu.lock';

/** Another process has the embedded database open: stop it, or use PostgreSQL. */
export class DatabaseBusyError extends UserError {
  constructor(dir: string, pid: number, commandLine: string | null) {
    const zhWho = commandLine ? `进程 ${pid}（${commandLine}）` : `进程 ${pid}`;
    const enWho = commandLine ? `process ${pid} (${commandLine})` : `process ${pid}`;
    super(
      'db.busy',
      {
        zh: `内嵌数据库 ${dir} 正被${zhWho}使用：请先结束该进程，或设置 DATABASE_URL 使用 PostgreSQL。`,
        en: `the embedded database ${dir} is in use by ${enWho}: stop it first, or set DATABASE_URL to use PostgreSQL.`,
      },
      { status: 409, details: { pid } },
    );
  }
}

export interface Lock {
  /** Removes the lock file — from `dir` when the database directory has been moved there (restore). */
  release(dir?: string): void;
}

/** Locks this process holds, by content: a lock with our own id but not listed here is a dead process's whose id was reused. */
const heldHere = new Set<string>();

/** How deep a chain of abandoned takeovers is followed before giving up (each level is a process that died mid-takeover). */
const MAX_TAKEOVER_DEPTH = 8;

function alive(pid: number, content: string): boolean {
  if (pid === process.pid) return heldHere.has(content);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id a lock names; null when the content is unreadable (then no one can hold it). */
function holderPid(content: string): number | null {
  const pid = Number(content.trim().split(/\s+/)[0]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** The process's command line, where the system tells it (Linux); shortened. */
function commandLine(pid: number): string | null {
  try {
    const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const line = words.join(' ');
    return line ? (line.length > 160 ? `${line.slice(0, 157)}...` : line) : null;
  } catch {
    return null;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The file whose creation gives the right to replace the stale lock at `path` that reads `content`. */
export function takeoverFile(path: string, content: string): string {
  return `${path}.${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

/** Writes `content` under a temporary name beside `path`, hands the name to `use`, and removes what is left. */
function withTempFile<T>(path: string, content: string, use: (tmp: string) => T): T {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    return use(tmp);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

/** Creates `path` with `content` if nothing is there: true when this call created it. */
function createExclusive(path: string, content: string): boolean {
  return withTempFile(path, content, (tmp) => {
    try {
      linkSync(tmp, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  });
}

function releaseFile(path: string, content: string): void {
  // only the holder removes its lock, and it is alive: nobody replaces it between the read and the unlink
  if (readText(path) === content) unlinkSync(path);
}

/** Makes `path` hold `content`, or throws DatabaseBusyError naming the live process that holds it. */
function take(path: string, content: string, dbDir: string, depth: number): void {
  for (;;) {
    if (createExclusive(path, content)) return;
    const seen = readText(path);
    if (seen === null) continue; // released in between: try again
    const pid = holderPid(seen);
    if (pid !== null && alive(pid, seen)) throw new DatabaseBusyError(dbDir, pid, commandLine(pid));
    if (depth >= MAX_TAKEOVER_DEPTH) throw new Error(`${path}: too many abandoned lock takeovers; remove ${path}.* by hand`);
    const takeover = takeoverFile(path, seen);
    take(takeover, content, dbDir, depth + 1);
    try {
      if (readText(path) === seen) {
        withTempFile(path, content, (tmp) => renameSync(tmp, path));
        return;
      }
      // someone took it over before us and has released it since: start again
    } finally {
      releaseFile(takeover, content);
    }
  }
}

/** Takes the lock of the embedded database in `dir`, or throws DatabaseBusyError. */
export function acquireLock(dir: string): Lock {
  const content = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  take(join(dir, LOCK_FILE), content, dir, 0);
  heldHere.add(content);
  return {
    release: (where = dir) => {
      releaseFile(join(where, LOCK_FILE), content);
      heldHere.delete(content);
    },
  };
}
