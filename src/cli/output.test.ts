/** Files the commands write: a path that cannot be written is refused up front, naming it, never with a stack. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkOutputPath } from './output.ts';
import { registryCli } from './testing.ts';

/** Runs `fn` with a CLI on a registry that does not exist: a refused output must not make one either. */
async function withCli(fn: (c: ReturnType<typeof registryCli>) => Promise<void>, opts?: Parameters<typeof registryCli>[0]) {
  const c = registryCli(opts);
  try {
    await fn(c);
    assert.equal(existsSync(c.dataDir), false, 'the registry was touched');
  } finally {
    c.dispose();
  }
}

describe('an output path whose directory does not exist', () => {
  test('export, backup, template, import --report: status 2, one line naming the path, zh-CN and English', () =>
    withCli(async ({ work, cli }) => {
      const roster = join(work, 'roster.xlsx');
      assert.equal((await cli('template', 'roster', roster)).status, 0);
      const missing = join(work, 'nodir');
      const cases: [string[], string][] = [
        [['export', 'compounds', join(missing, 'x.xlsx')], join(missing, 'x.xlsx')],
        [['export', 'lines', join(missing, 'l.xlsx')], join(missing, 'l.xlsx')],
        [['export', 'scenario', join(missing, 's.json')], join(missing, 's.json')],
        [['backup', join(missing, 'x.bak')], join(missing, 'x.bak')],
        [['template', 'roster', join(missing, 't.xlsx')], join(missing, 't.xlsx')],
        [['import', 'roster', roster, '--report', join(missing, 'r.xlsx')], join(missing, 'r.xlsx')],
      ];
      for (const [args, path] of cases) {
        const zh = await cli(...args);
        assert.equal(zh.status, 2, args.join(' '));
        assert.equal(zh.stderr, `jiangbu: ${path}: 目录 ${missing} 不存在\n`);
        assert.equal(zh.stdout, '');
        const en = await cli(...args, '--lang', 'en');
        assert.equal(en.stderr, `jiangbu: ${path}: the directory ${missing} does not exist\n`);
      }
      assert.equal(existsSync(missing), false);
      assert.deepEqual(readdirSync(work), ['roster.xlsx']);
    }));

  test('a path that is a directory, or under a file: refused', () =>
    withCli(async ({ work, cli }) => {
      const dir = join(work, 'out');
      mkdirSync(dir);
      for (const args of [
        ['export', 'compounds', dir],
        ['backup', dir],
        ['template', 'companies', dir],
      ]) {
        const r = await cli(...args);
        assert.equal(r.status, 2, args.join(' '));
        assert.equal(r.stderr, `jiangbu: ${dir} 是目录：请给出文件名\n`);
      }
      assert.equal((await cli('backup', dir, '--lang', 'en')).stderr, `jiangbu: ${dir} is a directory: name a file\n`);
      const file = join(work, 'file.txt');
      writeFileSync(file, 'x');
      const under = await cli('template', 'roster', join(file, 't.xlsx'));
      assert.equal(under.status, 2);
      assert.equal(under.stderr, `jiangbu: ${join(file, 't.xlsx')}: ${file} 不是目录\n`);
    }));
});

describe('checkOutputPath', () => {
  test('an existing file: overwritten by default, refused with overwrite: false (add --force)', () =>
    withCli(async ({ work }) => {
      const file = join(work, 'a.bak');
      writeFileSync(file, 'x');
      checkOutputPath(file);
      assert.throws(
        () => checkOutputPath(file, { overwrite: false }),
        (e: { code: string; messageIn: (l: string) => string }) =>
          e.code === 'usage' &&
          e.messageIn('zh') === `${file} 已存在：加 --force 覆盖` &&
          e.messageIn('en') === `${file} already exists: add --force to overwrite it`,
      );
      checkOutputPath(join(work, 'new.bak'), { overwrite: false });
    }));
});

describe('jiangbu template without a file name', () => {
  test('stdout a terminal: refused, telling how to name a file or redirect; nothing written', () =>
    withCli(
      async ({ cli }) => {
        const r = await cli('template', 'roster');
        assert.equal(r.status, 2);
        assert.equal(r.binary.length, 0);
        assert.match(
          r.stderr,
          /^jiangbu: 模板是 xlsx 文件，不能写到终端：请给出文件名（jiangbu template roster 名单模板\.xlsx）或重定向标准输出（jiangbu template roster > 名单模板\.xlsx）\n$/,
        );
        const en = await cli('template', 'companies', '--lang', 'en');
        assert.match(
          en.stderr,
          /^jiangbu: a template is an xlsx file, not for a terminal: name a file \(jiangbu template companies 企业模板\.xlsx\) or redirect stdout/,
        );
      },
      { stdoutIsTerminal: true },
    ));

  test('stdout a pipe or file: the workbook goes there', () =>
    withCli(async ({ cli }) => {
      const r = await cli('template', 'roster');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.binary.subarray(0, 2).toString(), 'PK');
    }));
});
