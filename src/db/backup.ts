/**
 * Backup and restore of the embedded database: a compressed tarball of its data directory
 * (PGlite's own dump). For PostgreSQL use pg_dump and pg_restore (README).
 *
 * A restore checks the backup completely before it touches the registry: the file is a tar archive
 * (gzipped) holding a database, which opens, is a jiangbu registry and migrates — all in a staging
 * directory beside the registry's. Only then are the directories swapped, by two renames: the
 * registry is moved aside (kept, never deleted) and the staging directory takes its name. A restore
 * that fails or is killed before the swap leaves the registry as it was; one killed between the two
 * renames leaves both complete on disk.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { UserError } from '../lib/errors.ts';
import { type Database, migrateEmbedded } from './client.ts';
import { acquireLock, LOCK_FILE } from './lock.ts';

/** The embedded database as `jiangbu backup` writes it: its data directory, tarred and gzipped. */
export async function dumpEmbedded(d: Database): Promise<Uint8Array> {
  if (!d.pglite) throw new Error('backup is for the embedded database; for PostgreSQL use pg_dump');
  const dump = await d.pglite.dumpDataDir('gzip');
  return new Uint8Array(await dump.arrayBuffer());
}

/** Why a file is not a backup, in zh-CN and English. */
type Why = { zh: string; en: string };

const WHY = {
  empty: { zh: '文件是空的', en: 'the file is empty' },
  notArchive: { zh: '不是 jiangbu backup 生成的备份文件', en: 'not a backup file made by jiangbu backup' },
  noDatabase: { zh: '其中没有数据库', en: 'it holds no database' },
  unopenable: { zh: '其中的数据库无法打开', en: 'the database in it cannot be opened' },
  notRegistry: {
    zh: '其中的数据库不是登记库（没有迁移记录表或 compound 表）',
    en: 'the database in it is not a jiangbu registry (no migrations table or compound table)',
  },
  unmigratable: { zh: '其中的登记库无法升级到本版本的结构', en: 'the registry in it cannot be brought to this version’s schema' },
} satisfies Record<string, Why>;

const notABackup = (file: string, why: Why, detail?: string) =>
  new UserError(
    'backup.invalid',
    {
      zh: `${file} 不是 jiangbu 登记库的备份：${why.zh}${detail ? `（${detail}）` : ''}；登记库未改动。`,
      en: `${file} is not a backup of a jiangbu registry: ${why.en}${detail ? ` (${detail})` : ''}; the registry was not changed.`,
    },
    { status: 400 },
  );

function readBackup(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('backup.not_found', { zh: `${file}: 文件不存在`, en: `${file}: no such file` });
    if (code === 'EISDIR')
      throw new UserError('backup.not_found', { zh: `${file} 是目录，不是备份文件`, en: `${file} is a directory, not a backup file` });
    throw new UserError('backup.unreadable', { zh: `${file}: 无法读取（${code}）`, en: `${file}: cannot be read (${code})` });
  }
}

const text = (b: Uint8Array, from: number, length: number): string => {
  const s = Buffer.from(b.subarray(from, from + length)).toString('latin1');
  const end = s.indexOf('\0');
  return end < 0 ? s : s.slice(0, end);
};

/**
 * Whether `tar` is a whole tar archive (ustar headers, as PGlite writes them) with a database in
 * it — PostgreSQL's PG_VERSION at its top. Checked here so that PGlite is only given a real archive.
 */
function holdsDatabase(tar: Uint8Array): boolean {
  let hasVersion = false;
  let at = 0;
  while (at < tar.length) {
    if (at + 512 > tar.length) return false;
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return hasVersion; // the end-of-archive blocks
    if (text(header, 257, 5) !== 'ustar') return false;
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) return false;
    const prefix = text(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(header, 0, 100);
    if (name.replace(/^\.?\/+/, '') === 'PG_VERSION') hasVersion = true;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return at === tar.length && hasVersion;
}

/** The backup as an uncompressed tar archive with a database in it, or a refusal naming the file. */
function unpackBackup(file: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw notABackup(file, WHY.empty);
  let tar = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = gunzipSync(bytes);
    } catch {
      throw notABackup(file, WHY.notArchive);
    }
  }
  const ustar = tar.length >= 512 && text(tar, 257, 5) === 'ustar';
  if (!ustar) throw notABackup(file, WHY.notArchive);
  if (!holdsDatabase(tar)) throw notABackup(file, WHY.noDatabase);
  return tar;
}

/** Loads the archive into `dir`, checks that it is a jiangbu registry and migrates it. */
async function loadRegistry(file: string, tar: Uint8Array, dir: string): Promise<void> {
  let pglite: PGlite | undefined;
  try {
    try {
      pglite = new PGlite({ dataDir: dir, loadDataDir: new Blob([tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }) });
      await pglite.waitReady;
    } catch (e) {
      throw notABackup(file, WHY.unopenable, (e as Error).message);
    }
    const found = await pglite.query<{ migrations: boolean; compound: boolean }>(
      `select to_regclass('drizzle.__drizzle_migrations') is not null as migrations,
              to_regclass('public.compound') is not null as compound`,
    );
    const row = found.rows[0];
    if (!row?.migrations || !row.compound) throw notABackup(file, WHY.notRegistry);
    try {
      await migrateEmbedded(pglite);
    } catch (e) {
      throw notABackup(file, WHY.unmigratable, (e as Error).message);
    }
  } finally {
    await pglite?.close().catch(() => {});
  }
}

/**
 * Removes staging directories of restores that were killed before their swap. Called holding the
 * registry's lock, which every restore holds while its staging directory is in use.
 */
function removeAbandonedStaging(dataDir: string): void {
  const name = basename(dataDir);
  for (const f of readdirSync(dirname(dataDir)))
    if (f.startsWith(`${name}.restoring-`)) rmSync(join(dirname(dataDir), f), { recursive: true, force: true });
}

const entries = (dir: string) => readdirSync(dir).filter((f) => f !== LOCK_FILE);

/**
 * Restores a backup into the embedded data directory `dataDir`. What was there is kept beside it
 * (`<dir>.before-restore-<time>`, returned), never deleted. Throws UserError — the registry
 * unchanged — when the file is not a backup of a registry or the registry is in use.
 */
export async function restoreEmbedded(file: string, dataDir: string, now = new Date()): Promise<{ kept: string | null }> {
  const tar = unpackBackup(file, readBackup(file));
  const made = mkdirSync(dataDir, { recursive: true }) !== undefined;
  let lock: ReturnType<typeof acquireLock>;
  try {
    lock = acquireLock(dataDir);
  } catch (e) {
    if (made) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  removeAbandonedStaging(dataDir);
  const staging = mkdtempSync(`${dataDir}.restoring-`);
  try {
    await loadRegistry(file, tar, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    lock.release();
    if (made) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // the backed-up directory's lock came with it; the restored registry is ours until the swap is done
  rmSync(join(staging, LOCK_FILE), { force: true });
  const stagingLock = acquireLock(staging);
  const kept = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(dataDir, kept);
  try {
    renameSync(staging, dataDir);
  } catch (e) {
    // something made a new registry in the moment between the renames: leave both where they are
    throw new UserError(
      'backup.swap_failed',
      {
        zh: `恢复未完成（${(e as Error).message}）：原登记库在 ${kept}，备份的数据在 ${staging}。`,
        en: `the restore did not finish (${(e as Error).message}): the registry is in ${kept}, the backup's data in ${staging}.`,
      },
      { status: 500 },
    );
  }
  lock.release(kept);
  stagingLock.release(dataDir);
  if (entries(kept).length > 0) return { kept };
  rmdirSync(kept); // there was nothing to keep
  return { kept: null };
}
