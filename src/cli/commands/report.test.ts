/** `jiangbu report …` on an embedded registry: tables, JSON, the workbook, usage errors. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openMigrated } from '../../db/client.ts';
import ExcelJS from '../../excel/exceljs.ts';
import { seedTwoCities } from '../../service/read/testing.ts';
import { addClaims } from '../../service/reports/testing.ts';
import { type RegistryCli, registryCli } from '../testing.ts';

describe('jiangbu report', () => {
  let r: RegistryCli;
  before(async () => {
    r = registryCli();
    const d = await openMigrated({ url: '', dataDir: r.dataDir });
    await seedTwoCities(d.db);
    await addClaims(d.db, [
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 1_000_00n, state: 'paid' },
    ]);
    await d.close();
  });
  after(() => r.dispose());

  test('tables on the terminal, JSON with --json', async () => {
    const text = await r.cli('report', 'funds', '--year', '2025');
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^资金明细\n年度 +项目 +社区编号/);
    assert.match(text.stdout, /P1物业 +1 +0\.00 +1000\.00/);
    const json = await r.cli('report', 'coverage', '--as-of', '2024-02-15', '--json');
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(
      JSON.parse(json.stdout).points.map((p: { day: string; total: { percent: string } }) => [p.day, p.total.percent]),
      [
        ['2024-01-31', '50.00'],
        ['2024-02-15', '50.00'],
      ],
    );
  });

  test('--xlsx writes the workbook', async () => {
    const file = join(r.work, '满意度.xlsx');
    const res = await r.cli('report', 'satisfaction', '--year', '2026', '--xlsx', file);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, '');
    assert.ok(existsSync(file));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['满意度（分社区）', '满意度（分小区）', '说明'],
    );
  });

  test('usage errors: status 2, nothing on stdout', async () => {
    for (const args of [
      ['report'],
      ['report', 'budget'],
      ['report', 'funds', '--year', '25'],
      ['report', 'coverage', '--year', '2025'],
      ['report', 'funds', '--as-of', '2025-01-01'],
      ['report', 'coverage', '--as-of', '2025-02-30'],
    ]) {
      const res = await r.cli(...args);
      assert.deepEqual([res.status, res.stdout], [2, ''], args.join(' '));
    }
  });
});
