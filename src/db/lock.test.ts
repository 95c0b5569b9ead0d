import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireLock, assertNotLocked, DatabaseBusyError } from './lock.ts';

test('one process at a time; a lock left by a dead process is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiangbu-lock-'));
  try {
    const release = acquireLock(dir);
    assertNotLocked(dir); // our own lock does not stop us
    release();
    // another live process holds it
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    writeFileSync(join(dir, '.jiangbu.lock'), String(other.pid));
    assert.throws(() => acquireLock(dir), DatabaseBusyError);
    other.kill();
    await new Promise((r) => other.on('exit', r));
    // now it is stale
    acquireLock(dir)();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
