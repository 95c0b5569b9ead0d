/**
 * Importing files that are not what they look like, end to end: a malformed file is one UserError
 * (never "导入完成：0 行"), numbers out of range are row-level errors (never a database error), and
 * the registry is left as it was.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import ExcelJS from '../../excel/exceljs.ts';
import { IMPORT_KINDS, SHEETS } from '../../excel/sheets.ts';
import { zipOf } from '../../excel/zip-testing.ts';
import { UserError } from '../../lib/errors.ts';
import { as } from '../testing.ts';
import { importFile as importAs } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiangbu-malformed-'));

async function workbook(name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [title, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(title);
    for (const r of rows) ws.addRow(r);
  }
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const headers = (kind: keyof typeof SHEETS) => SHEETS[kind].columns.map((c) => c.header);

describeDb('Importing malformed files', (ctx, it) => {
  const importFile = (db: typeof ctx.database.db, kind: (typeof IMPORT_KINDS)[number], file: string) => importAs(as(db), kind, file);

  it('a zip that is not a workbook is refused for every kind, not imported as 0 rows', async () => {
    const file = join(dir, 'not-a-workbook.xlsx');
    writeFileSync(file, zipOf([{ name: 'readme.txt', data: '这不是表格' }]));
    for (const kind of IMPORT_KINDS)
      await assert.rejects(importFile(ctx.database.db, kind, file), (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.deepEqual([e.code, e.details?.reason], ['excel.malformed', 'not-workbook'], kind);
        assert.match(e.messageIn('zh'), /^「not-a-workbook\.xlsx」是压缩包，但不是 Excel 工作簿/);
        return true;
      });
  });

  it('a roster behind an instructions sheet imports; 1e12 in an area is a row-level error, not a database error', async () => {
    const { db } = ctx.database;
    const places = await workbook('places.xlsx', { [SHEETS.communities.title]: [headers('communities'), ['恒远街道', '北苑社区']] });
    assert.equal((await importFile(db, 'communities', places)).applied, true);
    const prices = await workbook('prices.xlsx', { [SHEETS.prices.title]: [headers('prices'), ['一类', '1.20', '2024-01-01']] });
    assert.equal((await importFile(db, 'prices', prices)).applied, true);
    const instructions = [['填表说明：每个小区填一行'], ['面积单位：平方米']];
    const row = ['恒远街道', '北苑社区', '滨河小区', '小区', null, 12000, 150, 120, '一类'];
    const tooBig = await workbook('too-big.xlsx', {
      填表说明: instructions,
      名单: [headers('roster'), row, ['恒远街道', '北苑社区', '友谊家园', '小区', null, 1e12, 100, null, null]],
    });
    const refused = await importFile(db, 'roster', tooBig);
    assert.equal(refused.applied, false);
    assert.deepEqual(
      refused.errors.map((e) => [e.row, e.column, e.value, e.message]),
      [[3, '管理面积（㎡）', '1000000000000', '超出范围：应在 0.01 至 10,000,000 之间']],
    );
    assert.equal((await db.select().from(t.compounds)).length, 0);
    const imported = await importFile(
      db,
      'roster',
      await workbook('roster.xlsx', { 填表说明: instructions, 名单: [headers('roster'), row] }),
    );
    assert.deepEqual([imported.applied, imported.created], [true, 1]);
  });

  it('an account number typed as a number is refused with what to do; as text it is kept whole', async () => {
    const { db } = ctx.database;
    const company = ['二连浩特市恒安物业服务有限公司', '91350100M000100Y43', '中国农业银行', '二连浩特市恒安物业服务有限公司'];
    const asNumber = await importFile(
      db,
      'companies',
      await workbook('number.xlsx', { [SHEETS.companies.title]: [headers('companies'), [...company, 6222020604001235000]] }),
    );
    assert.deepEqual(
      asNumber.errors.map((e) => [e.column, e.value, e.message]),
      [['银行账号', '6222020604001235000', '账号是数字格式，超过 15 位的数字已被 Excel 改动：请把该列设置为文本格式后重新输入账号']],
    );
    const asText = await importFile(
      db,
      'companies',
      await workbook('text.xlsx', { [SHEETS.companies.title]: [headers('companies'), [...company, '6222 0206 0400 1234 567']] }),
    );
    assert.deepEqual([asText.applied, asText.errors], [true, []]);
    assert.deepEqual(
      (await db.select().from(t.companies)).map((c) => c.bankAccountNo),
      ['6222020604001234567'],
    );
  });
});
