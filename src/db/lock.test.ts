/**
 * The embedded database's lock: one process at a time, also when processes start at the same
 * moment, and a lock left by a dead process is taken over by exactly one of those who find it.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '../lib/errors.ts';
import { acquireLock, DatabaseBusyError, LOCK_FILE, takeoverFile } from './lock.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lockModule = new URL('./lock.ts', import.meta.url).href;
// a child of the test runner must not think it is a test file itself
const { NODE_TEST_CONTEXT: _, ...env } = process.env;

/** The id of a process that has ended (a lock it left is stale). */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => p.on('exit', r));
  return p.pid as number;
}

/** A process that lives until killed, recognisable by its command line. */
function sleeper(): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000) // jiangbu-lock-test-sleeper']);
}

const withDir = async (fn: (dir: string) => Promise<void> | void) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiangbu-lock-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('the embedded database lock', () => {
  test('taken and released; taken again by the same process while held is refused', () =>
    withDir((dir) => {
      const lock = acquireLock(dir);
      assert.ok(existsSync(join(dir, LOCK_FILE)));
      assert.throws(() => acquireLock(dir), DatabaseBusyError);
      lock.release();
      assert.deepEqual(readdirSync(dir), []);
      acquireLock(dir).release();
    }));

  test('held by a live process: refused, naming its process id and command line, zh-CN and English', () =>
    withDir(async (dir) => {
      const other = sleeper();
      try {
        writeFileSync(join(dir, LOCK_FILE), `${other.pid} abc\n`);
        const e = (() => {
          try {
            acquireLock(dir);
          } catch (e) {
            return e;
          }
          assert.fail('the lock was taken from a live process');
        })();
        assert.ok(e instanceof DatabaseBusyError && e instanceof UserError);
        assert.equal(e.code, 'db.busy');
        assert.match(e.messageIn('zh'), new RegExp(`^内嵌数据库 .+ 正被进程 ${other.pid}（.*jiangbu-lock-test-sleeper.*）使用`));
        assert.match(
          e.messageIn('en'),
          new RegExp(`^the embedded database .+ is in use by process ${other.pid} \\(.*jiangbu-lock-test-sleeper.*\\)`),
        );
        assert.doesNotMatch(e.messageIn('zh'), /npm start/);
      } finally {
        other.kill();
        await new Promise((r) => other.on('exit', r));
      }
    }));

  test('a lock left by a dead process is taken over, also one in the old format (a bare process id)', () =>
    withDir(async (dir) => {
      const dead = await deadPid();
      for (const stale of [`${dead} 0123456789abcdef\n`, String(dead), '', 'garbage']) {
        writeFileSync(join(dir, LOCK_FILE), stale);
        const lock = acquireLock(dir);
        assert.deepEqual(readdirSync(dir), [LOCK_FILE]);
        lock.release();
        assert.deepEqual(readdirSync(dir), []);
      }
    }));

  test('a takeover abandoned half-way (its taker died) is itself taken over', () =>
    withDir(async (dir) => {
      const dead = await deadPid();
      const stale = `${dead} 1111111111111111\n`;
      writeFileSync(join(dir, LOCK_FILE), stale);
      const takeover = takeoverFile(join(dir, LOCK_FILE), stale);
      writeFileSync(takeover, `${dead} 2222222222222222\n`);
      writeFileSync(takeoverFile(takeover, `${dead} 2222222222222222\n`), `${dead} 3333333333333333\n`);
      const lock = acquireLock(dir);
      lock.release();
      assert.deepEqual(readdirSync(dir).sort(), []);
    }));

  test('a takeover under way by a live process: refused, naming that process', () =>
    withDir(async (dir) => {
      const dead = await deadPid();
      const other = sleeper();
      try {
        const stale = `${dead} 1111111111111111\n`;
        writeFileSync(join(dir, LOCK_FILE), stale);
        writeFileSync(takeoverFile(join(dir, LOCK_FILE), stale), `${other.pid} 2222222222222222\n`);
        assert.throws(
          () => acquireLock(dir),
          (e: DatabaseBusyError) => e.messageIn('en').includes(`process ${other.pid}`),
        );
      } finally {
        other.kill();
        await new Promise((r) => other.on('exit', r));
      }
    }));
});

/** A process that takes the lock when told, says what happened, and releases it when told. */
function racer(dir: string) {
  const script = `
    import { acquireLock } from ${JSON.stringify(lockModule)};
    import { createInterface } from 'node:readline';
    let lock = null;
    console.log('ready');
    for await (const line of createInterface({ input: process.stdin })) {
      const [what, at] = line.split(' ');
      if (what === 'go') {
        while (Date.now() < Number(at)); // both racers start in the same millisecond
        try {
          lock = acquireLock(${JSON.stringify(dir)});
          console.log('won');
        } catch (e) {
          console.log((e.code === 'db.busy' ? 'busy ' : 'error ') + JSON.stringify(e.messageIn?.('en') ?? e.message));
        }
      } else if (what === 'release') {
        lock?.release();
        lock = null;
        console.log('released');
      }
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('the racer ended');
    return r.value as string;
  };
  return { child, next, send: (s: string) => child.stdin.write(`${s}\n`) };
}

test('two processes starting at once: exactly one gets the lock, also when they both find a stale lock', () =>
  withDir(async (dir) => {
    const dead = await deadPid();
    const racers = [racer(dir), racer(dir)];
    try {
      for (const r of racers) assert.equal(await r.next(), 'ready');
      for (let round = 0; round < 60; round++) {
        if (round % 2 === 1) writeFileSync(join(dir, LOCK_FILE), `${dead} ${String(round).padStart(16, '0')}\n`);
        const at = Date.now() + 15;
        for (const r of racers) r.send(`go ${at}`);
        const said = await Promise.all(racers.map((r) => r.next()));
        const winners = said.flatMap((s, i) => (s === 'won' ? [i] : []));
        assert.equal(winners.length, 1, `round ${round}: ${said.join(' | ')}`);
        const winner = racers[winners[0] as number]?.child.pid;
        const loser = said.find((s) => s !== 'won') as string;
        assert.match(loser, new RegExp(`^busy ".*in use by process ${winner}\\b`), `round ${round}`);
        for (const r of racers) r.send('release');
        for (const r of racers) assert.equal(await r.next(), 'released');
        assert.deepEqual(readdirSync(dir), [], `round ${round}: files left behind`);
      }
    } finally {
      for (const r of racers) r.child.stdin.end();
      await Promise.all(racers.map((r) => new Promise((ok) => (r.child.exitCode === null ? r.child.on('exit', ok) : ok(null)))));
    }
  }));
