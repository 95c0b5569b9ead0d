/** Backup and restore of the embedded database: what is restored calculates as what was backed up. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { calcFromDb } from '../service/calc-db.ts';
import { seedScenario } from '../service/testing.ts';
import { dumpEmbedded, restoreEmbedded } from './backup.ts';
import { openMigrated } from './client.ts';
import { freshDatabase } from './testing.ts';

const example = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../policy/erenhot-2025/examples/04-rectification.json', import.meta.url)), 'utf8'),
);

test('backup, then restore over other data: the registry is back, the replaced data kept aside', async () => {
  const work = mkdtempSync(join(tmpdir(), 'jiangbu-backup-'));
  const { database, dispose } = await freshDatabase('pglite');
  try {
    await seedScenario(database.db, example);
    const before = await calcFromDb(database.db, '2025-12-01');
    writeFileSync(join(work, 'registry.tgz'), await dumpEmbedded(database));
    const target = join(work, 'data');
    const other = await openMigrated({ url: '', dataDir: target });
    await other.close();
    const { kept } = await restoreEmbedded(join(work, 'registry.tgz'), target, new Date('2026-11-29T00:00:00Z'));
    assert.ok(kept?.endsWith('.before-restore-2026-11-29T00-00-00-000Z'));
    assert.ok(readdirSync(kept as string).length > 0);
    const restored = await openMigrated({ url: '', dataDir: target });
    try {
      assert.deepEqual(await calcFromDb(restored.db, '2025-12-01'), before);
    } finally {
      await restored.close();
    }
  } finally {
    await dispose();
    rmSync(work, { recursive: true, force: true });
  }
});
