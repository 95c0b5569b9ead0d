/**
 * The budget sheet at the command line: `template budgets`, `import budgets` (the operator acts as the
 * administrator), `export budgets` and back, `budget set --note`; a wrong row leaves the budgets as they were.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from '../../excel/exceljs.ts';
import { compound, scenario } from '../../rules/scenario/fixtures.ts';
import { type RegistryCli, registryCli } from '../testing.ts';

describe('budgets from a sheet at the command line', () => {
  let r: RegistryCli;
  before(async () => {
    r = registryCli();
    const file = join(r.work, 'city.json');
    writeFileSync(file, JSON.stringify(scenario({ compounds: [compound({ id: 'X1' })] })));
    assert.equal((await r.cli('seed', '--scenario', file)).status, 0);
  });
  after(() => r.dispose());

  /** The template, filled with `rows` under its notes row. */
  const filled = async (name: string, rows: unknown[][]) => {
    const template = join(r.work, 'template.xlsx');
    assert.equal((await r.cli('template', 'budgets', template)).status, 0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    for (const row of rows) wb.worksheets[0]?.addRow(row);
    const file = join(r.work, name);
    await wb.xlsx.writeFile(file);
    return file;
  };
  const show = async () =>
    (JSON.parse((await r.cli('budget', 'show', '--year', '2025', '--json')).stdout) as { programme: string; appropriated: string }[]).map(
      (b) => `${b.programme} ${b.appropriated}`,
    );

  test('a wrong row: exit 2, the report names row and column, nothing changes', async () => {
    const file = await filled('wrong.xlsx', [
      [2025, 'T', 1500000],
      [2025, 'Q', 1],
    ]);
    const res = await r.cli('import', 'budgets', file);
    assert.equal(res.status, 2);
    assert.match(res.stderr, /导入未执行：发现 1 处阻断性错误/);
    assert.match(res.stderr, /第 4 行 「项目」（Q）：项目应填 T（企业承接奖补）、W（业委会一次性补助）、F（设施改造补贴） 之一/);
    assert.deepEqual(await show(), []);
  });

  test('a good sheet, then its export imported again: nothing moves the second time', async () => {
    const file = await filled('good.xlsx', [
      [2025, 'T', 1500000, '二财预〔2025〕3号'],
      [2025, '设施改造补贴', '1,000,000.00'],
    ]);
    const res = await r.cli('import', 'budgets', file);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /^导入完成：2 行，新增 2，更新 0，未变 0/);
    assert.deepEqual(await show(), ['F 1000000.00', 'T 1500000.00']);
    const exported = join(r.work, 'export.xlsx');
    const out = await r.cli('export', 'budgets', exported, '--year', '2025');
    assert.deepEqual([out.status, out.stderr], [0, `已导出 2 项年度预算到 ${exported}\n`]);
    const again = await r.cli('import', 'budgets', exported);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /^导入完成：2 行，新增 0，更新 0，未变 2；警告 0 条。/);
    const set = await r.cli('budget', 'set', '--year', '2025', '--programme', 'T', '--amount', '1600000', '--note', '追加');
    assert.deepEqual([set.status, set.stdout], [0, '2025年 T 预算：1500000.00 → 1600000.00 元\n']);
    assert.equal((await r.cli('export', 'budgets')).status, 2);
    assert.equal((await r.cli('export', 'budgets', join(r.work, 'x.xlsx'), '--as-of', '2025-01-01')).status, 2);
  });
});
