/**
 * `jiangbu backup` and `jiangbu restore` through the command line: a backup never overwrites a file
 * unasked and is never left half-written; a restore checks the backup completely before it touches
 * the registry, and whatever goes wrong, the registry is exactly as before.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { openMigrated } from '../../db/client.ts';
import { LOCK_FILE } from '../../db/lock.ts';
import { type RegistryCli, registryCli } from '../testing.ts';

const example = (name: string) => fileURLToPath(new URL(`../../../policy/erenhot-2025/examples/${name}`, import.meta.url));

/** A tar archive of one file (ustar headers, as `jiangbu backup` makes): an archive, but of no database. */
function tarOf(name: string, content: string): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('0', 156);
  header.write('ustar\0', 257);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

/** Directories beside the registry's (what a restore keeps aside or works in). */
const besides = (dataDir: string) =>
  readdirSync(dirname(dataDir))
    .filter((f) => f.startsWith(`${basename(dataDir)}.`))
    .sort();

describe('jiangbu backup and restore', () => {
  let c: RegistryCli;
  let calc: () => Promise<string>;
  let baseline: string;
  let good: string;
  before(async () => {
    c = registryCli();
    calc = async () => {
      const r = await c.cli('calc', '--db', '--as-of', '2025-12-01');
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.equal((await c.cli('seed', '--scenario', example('04-rectification.json'))).status, 0);
    baseline = await calc();
    good = join(c.work, 'registry.bak');
    const r = await c.cli('backup', good);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^已备份 ${c.dataDir} → ${good}（\\d+ 字节）\\n$`));
  });
  after(() => c.dispose());

  test('backup refuses to overwrite a file without --force, and leaves no temporary file', async () => {
    const bytes = readFileSync(good);
    const again = await c.cli('backup', good);
    assert.equal(again.status, 2);
    assert.equal(again.stderr, `jiangbu: ${good} 已存在：加 --force 覆盖\n`);
    assert.equal((await c.cli('backup', good, '--lang', 'en')).stderr, `jiangbu: ${good} already exists: add --force to overwrite it\n`);
    assert.deepEqual(readFileSync(good), bytes);
    const forced = await c.cli('backup', good, '--force', '--lang', 'en');
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stderr, /^backed up .* \(\d+ bytes\)\n$/);
    assert.deepEqual(readdirSync(c.work).sort(), ['data', 'registry.bak']);
  });

  test('restore of what is not a backup: status 2, one message, no stack, the registry exactly as before', async () => {
    const bad: Record<string, [Uint8Array, RegExp]> = {
      'random.bak': [randomBytes(4096), /不是 jiangbu backup 生成的备份文件/],
      'empty.bak': [new Uint8Array(0), /文件是空的/],
      'text.gz': [gzipSync('这不是备份\n'), /不是 jiangbu backup 生成的备份文件/],
      'no-database.tgz': [gzipSync(tarOf('hello.txt', 'hello')), /其中没有数据库/],
      'truncated.bak': [readFileSync(good).subarray(0, 100_000), /不是 jiangbu backup 生成的备份文件/],
    };
    for (const [name, [bytes, why]] of Object.entries(bad)) {
      const file = join(c.work, name);
      writeFileSync(file, bytes);
      const r = await c.cli('restore', file);
      assert.equal(r.status, 2, name);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^jiangbu: ${file} 不是 jiangbu 登记库的备份：`), name);
      assert.match(r.stderr, why, name);
      assert.match(r.stderr, /登记库未改动。\n$/, name);
      assert.equal(r.stderr.split('\n').length, 2, `${name}: one line`);
      assert.deepEqual(besides(c.dataDir), [], `${name}: nothing moved aside or left behind`);
      rmSync(file);
    }
    const en = join(c.work, 'random.bak');
    writeFileSync(en, randomBytes(100));
    const r = await c.cli('restore', en, '--lang', 'en');
    assert.match(
      r.stderr,
      new RegExp(
        `^jiangbu: ${en} is not a backup of a jiangbu registry: not a backup file made by jiangbu backup; the registry was not changed\\.\\n$`,
      ),
    );
    rmSync(en);
    assert.equal(await calc(), baseline);
  });

  test('restore of a database that is no jiangbu registry: refused after opening it, the registry as before', async () => {
    const other = mkdtempSync(join(tmpdir(), 'jiangbu-other-'));
    const file = join(c.work, 'other.bak');
    try {
      const pglite = new PGlite(other);
      await pglite.exec('create table compound (id int)');
      writeFileSync(file, new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer()));
      await pglite.close();
      const r = await c.cli('restore', file);
      assert.equal(r.status, 2);
      assert.equal(
        r.stderr,
        `jiangbu: ${file} 不是 jiangbu 登记库的备份：其中的数据库不是登记库（没有迁移记录表或 compound 表）；登记库未改动。\n`,
      );
      assert.deepEqual(besides(c.dataDir), []);
      assert.equal(await calc(), baseline);
    } finally {
      rmSync(other, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  });

  test('restore of a file that is not there, or with DATABASE_URL set: refused in zh-CN or English', async () => {
    const missing = join(c.work, 'nothing.bak');
    assert.equal((await c.cli('restore', missing)).stderr, `jiangbu: ${missing}: 文件不存在\n`);
    assert.equal((await c.cli('restore', missing, '--lang', 'en')).stderr, `jiangbu: ${missing}: no such file\n`);
    assert.equal((await c.cli('restore')).stderr, 'jiangbu: 缺少文件：jiangbu restore FILE\n');
    assert.equal((await c.cli('backup', '--lang', 'en')).stderr, 'jiangbu: missing file: jiangbu backup FILE\n');
    const pg = registryCli({ databaseUrl: true });
    try {
      for (const cmd of ['backup', 'restore']) {
        const zh = await pg.cli(cmd, good);
        assert.equal(zh.status, 2);
        assert.equal(zh.stderr, 'jiangbu: 已设置 DATABASE_URL：PostgreSQL 请用 pg_dump / pg_restore 备份和恢复（见 README）\n');
        const en = await pg.cli(cmd, good, '--lang', 'en');
        assert.equal(en.stderr, 'jiangbu: DATABASE_URL is set: back up and restore PostgreSQL with pg_dump / pg_restore (see README)\n');
      }
    } finally {
      pg.dispose();
    }
  });

  test('restore while the registry is open elsewhere: refused, naming the process; nothing changed', async () => {
    const open = await openMigrated({ url: '', dataDir: c.dataDir });
    try {
      const r = await c.cli('restore', good, '--lang', 'en');
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`^jiangbu: the embedded database ${c.dataDir} is in use by process ${process.pid}\\b`));
      assert.deepEqual(besides(c.dataDir), []);
    } finally {
      await open.close();
    }
    assert.equal(await calc(), baseline);
  });

  test('restore over other data: the backup is back, the replaced data kept aside, no lock left behind', async () => {
    assert.equal((await c.cli('seed', '--scenario', example('01-takeover-basic.json'))).status, 0);
    assert.notEqual(await calc(), baseline);
    mkdirSync(`${c.dataDir}.restoring-killed`); // what a restore killed before its swap leaves
    writeFileSync(`${c.dataDir}.restoring-killed/PG_VERSION`, '17');
    const r = await c.cli('restore', good);
    assert.equal(r.status, 0, r.stderr);
    const [kept, ...more] = besides(c.dataDir);
    assert.match(kept ?? '', /^data\.before-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    assert.deepEqual(more, []);
    const keptDir = join(c.work, kept as string);
    assert.equal(r.stderr, `已恢复 ${good} → ${c.dataDir}（原数据保留在 ${keptDir}）\n`);
    assert.equal(existsSync(join(c.dataDir, LOCK_FILE)), false);
    assert.equal(existsSync(join(keptDir, LOCK_FILE)), false);
    assert.ok(existsSync(join(keptDir, 'PG_VERSION')));
    assert.equal(await calc(), baseline);
  });

  test('restore where there is no registry yet: made from the backup, nothing kept aside', async () => {
    const fresh = registryCli();
    try {
      const r = await fresh.cli('restore', good, '--lang', 'en');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, `restored ${good} → ${fresh.dataDir}\n`);
      assert.deepEqual(besides(fresh.dataDir), []);
      const out = await fresh.cli('calc', '--db', '--as-of', '2025-12-01');
      assert.equal(out.stdout, baseline);
    } finally {
      fresh.dispose();
    }
  });
});
