/**
 * Backup and restore of the embedded database: a compressed tarball of its data directory
 * (PGlite's own dump). For PostgreSQL use pg_dump and pg_restore (README).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Database, defaultDataDir } from './client.ts';
import { acquireLock, LOCK_FILE } from './lock.ts';

export async function backupEmbedded(d: Database, file: string): Promise<number> {
  if (!d.pglite) throw new Error('backup is for the embedded database; for PostgreSQL use pg_dump');
  const dump = await d.pglite.dumpDataDir('gzip');
  const bytes = new Uint8Array(await dump.arrayBuffer());
  writeFileSync(file, bytes);
  return bytes.length;
}

/**
 * Restores a backup into the embedded data directory. What was there is kept beside it
 * (`<dir>.before-restore-<time>`), never deleted.
 */
export async function restoreEmbedded(file: string, dataDir = defaultDataDir(), now = new Date()): Promise<string | null> {
  if (existsSync(dataDir)) acquireLock(dataDir).release(); // nobody has it open
  const blob = new Blob([readFileSync(file)]);
  let kept: string | null = null;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    kept = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, kept);
  }
  const pglite = new PGlite({ dataDir, loadDataDir: blob });
  await pglite.waitReady;
  await pglite.close();
  rmSync(join(dataDir, LOCK_FILE), { force: true }); // the backed-up directory's lock, not ours
  return kept;
}
