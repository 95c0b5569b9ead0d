/** Excel in: row-level reports, all-or-nothing, idempotent, on every driver. */
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { dbRejects } from '../../db/errors.ts';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import ExcelJS from '../../excel/exceljs.ts';
import { writeReport } from '../../excel/report.ts';
import { type ImportKind, SHEETS } from '../../excel/sheets.ts';
import { readSheet, writeTemplate } from '../../excel/workbook.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { runCalc } from '../calc.ts';
import { importFile } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiangbu-xlsx-'));
let n = 0;

/** A workbook as a person would fill the template: headers, the notes row, then data rows. */
async function sheetFile(kind: ImportKind, rows: unknown[][]): Promise<string> {
  const file = join(dir, `${kind}-${++n}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(SHEETS[kind].columns.map((c) => c.header));
  ws.addRow(SHEETS[kind].columns.map((c) => c.note));
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

const ROSTER_OK = [
  ['恒远街道', '北苑社区', '滨河小区', '小区', '前进路1号', 12000, 150, 120, '一类'],
  ['恒远街道', '北苑社区', '前进路12号楼', '零散楼栋', null, '2345.67', 36, null, null],
  ['盛和街道', '新华社区', '友谊家园', '小区', null, 8000.5, 100, 90, '二类'],
];

describeDb('Excel import', (ctx, it) => {
  it('a template reads back as empty: headers known, notes row skipped', async () => {
    const file = join(dir, 'template.xlsx');
    const out = createWriteStream(file);
    await writeTemplate(SHEETS.roster, out);
    out.end();
    await finished(out);
    const headerProblems: unknown[] = [];
    const rows = [];
    for await (const r of readSheet(file, SHEETS.roster, (p) => headerProblems.push(...p))) rows.push(r);
    assert.deepEqual([headerProblems, rows], [[], []]);
  });

  it('a roster with errors: a row-level report, and nothing changes', async () => {
    const { db } = ctx.database;
    const file = await sheetFile('roster', [
      ...ROSTER_OK,
      ['盛和街道', '新华社区', '', '小区', null, 100, 10, null, null],
      ['盛和街道', '新华社区', '团结苑', '别墅', null, -5, 10.5, null, null],
      ['盛和街道', '新华社区', '康乐新村', '小区', null, '100.123', 10, 11, null],
      ['恒远街道', '北苑社区', '滨河小区', '小区', null, 12000, 150, null, null],
    ]);
    const report = await importFile(db, 'roster', file);
    assert.equal(report.applied, false);
    const errors = report.errors.map((e) => `${e.row} ${e.column} ${e.message}`);
    assert.deepEqual(errors, [
      '6 小区名称 必填',
      '7 类型 类型应填“小区”或“零散楼栋”',
      '7 管理面积（㎡） 不能为负数',
      '7 户数 应为不小于 0 的整数',
      '8 管理面积（㎡） 最多 2 位小数',
      '8 入住户数 入住户数不能超过户数',
      '9  与第 3 行重复',
    ]);
    assert.equal((await db.select().from(t.compounds)).length, 0);
    // the report as a workbook
    const reportFile = join(dir, 'report.xlsx');
    const out = createWriteStream(reportFile);
    await writeReport(report, out);
    out.end();
    await finished(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(reportFile);
    assert.equal(wb.getWorksheet('导入报告')?.rowCount, 1 + report.errors.length + report.warnings.length);
  });

  it('the corrected roster imports, sealed; the same file again changes nothing', async () => {
    const { db } = ctx.database;
    const file = await sheetFile('roster', ROSTER_OK);
    const first = await importFile(db, 'roster', file);
    assert.deepEqual([first.applied, first.created, first.unchanged, first.errors], [true, 3, 0, []]);
    const compounds = await db.select().from(t.compounds);
    assert.deepEqual(
      compounds.map((c) => [c.name, c.kind, c.area, c.households]),
      [
        ['滨河小区', 'compound', '12000.00', 150],
        ['前进路12号楼', 'scattered', '2345.67', 36],
        ['友谊家园', 'compound', '8000.50', 100],
      ],
    );
    assert.equal((await db.select().from(t.communities)).length, 2);
    const again = await importFile(db, 'roster', file);
    assert.deepEqual([again.applied, again.created, again.updated, again.unchanged], [true, 0, 0, 3]);
    assert.equal((await db.select().from(t.roster2023)).length, 3);
    // the database refuses to change a sealed row, whatever the code does
    await assert.rejects(db.update(t.roster2023).set({ households: 1 }).where(eq(t.roster2023.name, '滨河小区')), dbRejects(/sealed/));
  });

  it('a roster file changing a sealed entry is refused with the way to correct it', async () => {
    const { db } = ctx.database;
    const file = await sheetFile('roster', [['恒远街道', '北苑社区', '滨河小区', '小区', null, 12500, 150, null, null]]);
    const report = await importFile(db, 'roster', file);
    assert.equal(report.applied, false);
    assert.match(report.errors[0]?.message ?? '', /已封存.*变更申请/);
  });

  it('companies: the check digit is checked; an update is an update; the account name is warned about', async () => {
    const { db } = ctx.database;
    const bad = await importFile(db, 'companies', await sheetFile('companies', [['恒安物业', '91350100M000100Y44']]));
    assert.deepEqual(
      bad.errors.map((e) => e.message),
      ['统一社会信用代码校验位不正确'],
    );
    const good = await sheetFile('companies', [
      [
        '二连浩特市恒安物业服务有限公司',
        '91350100M000100Y43',
        '中国农业银行',
        '二连浩特市恒安物业服务有限公司',
        '6228480000000000001',
        '王经理',
        '13800000000',
      ],
      ['二连浩特市北疆物业服务有限公司', '91110000802100433B', null, '张三', null, null, null],
    ]);
    const first = await importFile(db, 'companies', good);
    assert.deepEqual([first.applied, first.created], [true, 2]);
    assert.equal(first.warnings.length, 1);
    const changed = await importFile(
      db,
      'companies',
      await sheetFile('companies', [
        [
          '二连浩特市恒安物业服务有限公司',
          '91350100M000100Y43',
          '中国农业银行',
          '二连浩特市恒安物业服务有限公司',
          '6228480000000000001',
          '李经理',
          '13800000000',
        ],
      ]),
    );
    assert.deepEqual([changed.created, changed.updated], [0, 1]);
  });

  it('engagements and facts: unknown names and overlaps are refused; the engine sees what was imported', async () => {
    const { db } = ctx.database;
    const refused = await importFile(
      db,
      'engagements',
      await sheetFile('engagements', [
        ['北苑社区', '没有这个小区', '91350100M000100Y43', '2024-03-15'],
        ['北苑社区', '滨河小区', '91350100M000100Y43', '2024-03-15', '2024-03-10', '2024-03-10', null],
        ['北苑社区', '滨河小区', '91110000802100433B', '2024-06-01'],
      ]),
    );
    assert.deepEqual(
      refused.errors.map((e) => e.row),
      [3, 5],
    );
    assert.match(refused.errors[0]?.message ?? '', /该社区下没有这个小区/);
    assert.match(refused.errors[1]?.message ?? '', /与第 4 行的承接（2024-03-15 至 今）重叠/);
    const engagement = await sheetFile('engagements', [
      ['北苑社区', '滨河小区', '91350100M000100Y43', new Date(Date.UTC(2024, 2, 15)), '2024/3/10', '2024年3月10日', null],
    ]);
    assert.equal((await importFile(db, 'engagements', engagement)).applied, true);
    const facts = await sheetFile('facts', [
      ['北苑社区', '滨河小区', '91350100M000100Y43', '2024-03-15', '2024H1', '是', '是', '是', 100000, 65000, 0.8, 1.2, 85],
      [
        '北苑社区',
        '滨河小区',
        '91350100M000100Y43',
        '2024-03-15',
        '2024下半年',
        '是',
        '是',
        '是',
        '100000.00',
        '59999.99',
        '0.80',
        '1.20',
        70,
      ],
    ]);
    const imported = await importFile(db, 'facts', facts);
    assert.deepEqual([imported.applied, imported.created, imported.errors], [true, 2, []]);
    assert.equal((await importFile(db, 'facts', facts)).unchanged, 2);
    const scenario = await buildScenario(db, '2026-03-31');
    const out = runCalc(scenario);
    assert.ok(out.ok);
    const t1 = out.value.lines.filter((l) => l.program === 'T').map((l) => [l.period, l.tier, l.amount, l.status]);
    assert.deepEqual(t1.slice(0, 2), [
      ['2024H1', 1, '17032.26', 'payable'],
      ['2024H2', 2, '14400.00', 'payable'],
    ]);
  });

  it('committees and facility applications: checked, upserted, and calculated', async () => {
    const { db } = ctx.database;
    const bad = await importFile(
      db,
      'committees',
      await sheetFile('committees', [['北苑社区', '滨河小区', '2024-05-01', null, null, null, null, '2024-04-30', '是', '是']]),
    );
    assert.deepEqual(
      bad.errors.map((e) => e.message),
      ['服务合同签订日期早于业委会设立日期'],
    );
    const committees = await sheetFile('committees', [
      [
        '北苑社区',
        '滨河小区',
        '2024-05-01',
        '二业备〔2024〕1号',
        '王建国',
        '滨河小区业主委员会',
        '6228000000000000001',
        '2024-06-01',
        '是',
        '是',
      ],
      ['新华社区', '友谊家园', '2024-07-01', null, null, null, null, null, '否', '否'],
    ]);
    assert.deepEqual((await importFile(db, 'committees', committees)).created, 2);
    assert.equal((await importFile(db, 'committees', committees)).unchanged, 2);
    const facility = await sheetFile('facility', [
      [
        'F-2025-001',
        '北苑社区',
        '滨河小区',
        '2025-05-10',
        '2025-04-30',
        '消除安全隐患',
        '更换消防设施',
        60000,
        30000,
        20000,
        10000,
        null,
        '是',
        0.65,
        0.7,
      ],
      [
        'F-2025-002',
        '北苑社区',
        '前进路12号楼',
        '2025-06-10',
        '2025-06-01',
        '外墙装饰',
        null,
        10000,
        null,
        null,
        null,
        null,
        '是',
        0.65,
        0.7,
      ],
    ]);
    const imported = await importFile(db, 'facility', facility);
    assert.deepEqual(
      [imported.applied, imported.created, imported.warnings.map((w) => `${w.row} ${w.column} ${w.value}`)],
      [true, 2, ['4 改造类别 外墙装饰']],
    );
    assert.equal((await importFile(db, 'facility', facility)).unchanged, 2);
    const out = runCalc(await buildScenario(db, '2025-12-31'));
    assert.ok(out.ok);
    const lines = Object.fromEntries(
      out.value.lines.filter((l) => l.program !== 'T').map((l) => [l.subject.slice(0, 1), [l.status, l.amount]]),
    );
    assert.deepEqual(lines.F, ['rejected', '0.00']); // the last F line: an unlisted category
    const f1 = out.value.lines.find((l) => l.program === 'F' && l.status !== 'rejected');
    assert.deepEqual([f1?.status, f1?.amount], ['capped', '20000.00']);
    assert.deepEqual(
      out.value.lines.filter((l) => l.program === 'W').map((l) => [l.status, l.amount, l.payableFrom]),
      [
        ['payable', '3000.00', '2024-12-01'],
        ['pending', '2000.00', undefined],
      ],
    );
  });

  it('blank optional cells stay unset: facts without a score import, and the period waits for it', async () => {
    const { db } = ctx.database;
    const facts = await sheetFile('facts', [
      ['北苑社区', '滨河小区', '91350100M000100Y43', '2024-03-15', '2025H1', '是', '否', '是', 100000, 70000, 0.8, null, null],
    ]);
    const imported = await importFile(db, 'facts', facts);
    assert.deepEqual([imported.applied, imported.created, imported.errors], [true, 1, []]);
    const out = runCalc(await buildScenario(db, '2026-03-31'));
    assert.ok(out.ok);
    const line = out.value.lines.find((l) => l.period === '2025H1');
    assert.deepEqual([line?.status, line?.missing], ['pending', ['periods[2025H1].assessmentScore']]);
  });
});
