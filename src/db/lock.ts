/**
 * The embedded database belongs to one process at a time (PGlite is not multi-process): a lock
 * file in its directory names the process that has it open. A lock left by a process that is gone
 * is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DatabaseBusyError extends Error {}

const LOCK = '.jiangbu.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, LOCK), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Throws DatabaseBusyError when another live process has the directory open. */
export function assertNotLocked(dir: string): void {
  const pid = holder(dir);
  if (pid !== null && pid !== process.pid && alive(pid))
    throw new DatabaseBusyError(
      `内嵌数据库 ${dir} 正被进程 ${pid} 使用（如 npm start）：请先停止该进程，或设置 DATABASE_URL 使用 PostgreSQL。` +
        ` / the embedded database ${dir} is in use by process ${pid} (npm start?): stop it first, or set DATABASE_URL to use PostgreSQL.`,
    );
}

export function acquireLock(dir: string): () => void {
  assertNotLocked(dir);
  const path = join(dir, LOCK);
  try {
    unlinkSync(path); // stale, or ours
  } catch {}
  const fd = openSync(path, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => {
    if (holder(dir) === process.pid) unlinkSync(path);
  };
}
