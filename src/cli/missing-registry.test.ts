/**
 * Commands that only read the registry refuse when there is none, instead of making an empty one
 * and printing empty results; commands that write make it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openMigrated } from '../db/client.ts';
import { registryCli } from './testing.ts';

const example = fileURLToPath(new URL('../../policy/erenhot-2025/examples/02-committee.json', import.meta.url));

const readOnly = (work: string): string[][] => [
  ['calc', '--db'],
  ['export', 'compounds', join(work, 'compounds.xlsx')],
  ['export', 'lines', join(work, 'lines.xlsx')],
  ['export', 'scenario'],
  ['roster', 'changes'],
  ['backup', join(work, 'registry.bak')],
];

describe('a registry that does not exist', () => {
  test('read-only commands refuse (status 2, how to make one, zh-CN) and leave no directory behind', async () => {
    const { work, dataDir, cli, dispose } = registryCli();
    try {
      for (const args of readOnly(work)) {
        const r = await cli(...args);
        assert.equal(r.status, 2, args.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, new RegExp(`^jiangbu: 登记库 ${dataDir} 不存在：.*jiangbu seed --demo.*jiangbu import roster.*npm start`));
        assert.equal(r.stderr.split('\n').length, 2, 'one line');
        assert.equal(existsSync(dataDir), false, `${args.join(' ')} made ${dataDir}`);
      }
      assert.deepEqual(readdirSync(work), [], 'no output files either');
    } finally {
      dispose();
    }
  });

  test('--lang en; an empty directory is no registry either, and stays empty', async () => {
    const { dataDir, cli, dispose } = registryCli();
    try {
      mkdirSync(dataDir);
      const r = await cli('calc', '--db', '--lang', 'en');
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`^jiangbu: the registry ${dataDir} does not exist: .*jiangbu seed --demo`));
      assert.deepEqual(readdirSync(dataDir), []);
    } finally {
      dispose();
    }
  });

  test('a command that writes makes it; then the read-only ones read it', async () => {
    const { dataDir, cli, dispose } = registryCli();
    try {
      assert.equal((await cli('seed', '--scenario', example)).status, 0);
      assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
      const r = await cli('calc', '--db', '--as-of', '2025-03-01');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).totals.W, '5000.00');
    } finally {
      dispose();
    }
  });

  test('with DATABASE_URL nothing changes: the server database is opened', {
    skip: !process.env.DATABASE_URL && 'DATABASE_URL is not set',
  }, async () => {
    const d = await openMigrated({ create: false });
    try {
      assert.equal(d.kind, 'postgres');
    } finally {
      await d.close();
    }
  });
});
