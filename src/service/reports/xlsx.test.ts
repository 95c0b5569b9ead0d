/** The reports as workbooks, on both databases: read back, they hold the report's figures; each export is audited. */
import assert from 'node:assert/strict';
import { desc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { Cell } from '../../excel/cells.ts';
import ExcelJS from '../../excel/exceljs.ts';
import type { UserError } from '../../lib/errors.ts';
import { everyone, seedTwoCities } from '../read/testing.ts';
import type { FundsReport } from './funds.ts';
import { addClaims, addSurvey, appropriate } from './testing.ts';
import { buildReport, exportReport } from './xlsx.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

/** Each sheet's rows as plain values, the header row first. */
async function readBack(bytes: Buffer): Promise<Map<string, Cell[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, Cell[][]>();
  wb.eachSheet((ws) => {
    const rows: Cell[][] = [];
    ws.eachRow((row) => {
      rows.push((row.values as Cell[]).slice(1));
    });
    out.set(ws.name, rows);
  });
  return out;
}

describeDb('reports: xlsx', (ctx, it) => {
  it('the funds report: its rows and totals read back, with Chinese headers; the export is audited', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    await addClaims(db, [
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 1_234_56n, state: 'reserved' },
      { programme: 'W', year: 2025, compound: 'X1', payeeType: 'committee', payeeCode: 'W1', fen: 2_000_00n, state: 'paid' },
      { programme: 'T', year: 2025, compound: 'X2', payeeType: 'company', payeeCode: 'P2', fen: 500_00n, state: 'paid' },
    ]);
    await appropriate(db, 2025, 'T', 1_500_000_00n);
    const as = await everyone(db);
    const file = await exportReport(as.finance, 'funds', { year: 2025 });
    assert.equal(file.fileName, '奖补资金报表-2025.xlsx');
    const sheets = await readBack(file.bytes);
    assert.deepEqual([...sheets.keys()], ['资金明细', '资金合计', '资金（分半年）', '说明']);
    const detail = sheets.get('资金明细') as Cell[][];
    assert.deepEqual(detail[0], [
      '年度',
      '项目',
      '社区编号',
      '社区',
      '收款方类型',
      '收款方编号',
      '收款方',
      '笔数',
      '已预留（元）',
      '已拨付（元）',
    ]);
    const report = (await buildReport(as.finance, 'funds', { year: 2025 })) as FundsReport;
    assert.deepEqual(
      detail.slice(1),
      report.rows.map((x) => [
        x.year,
        { T: '企业承接奖补', W: '业委会一次性补助', F: '设施改造补贴' }[x.programme],
        x.communityCode,
        x.communityName,
        { company: '物业企业', committee: '业委会', community: '社区' }[x.payeeType],
        x.payeeCode,
        x.payeeName,
        x.claims,
        Number(x.reserved),
        Number(x.paid),
      ]),
    );
    assert.equal(file.rows, 3);
    // the half-year sheet: the report's halves, row for row
    assert.deepEqual(
      (sheets.get('资金（分半年）') as Cell[][]).slice(1).map((x) => [x[0], x[2], x[4], x[5], x[6]]),
      report.halves.map((x) => [x.half, x.communityCode, x.claims, Number(x.reserved), Number(x.paid)]),
    );
    const totals = sheets.get('资金合计') as Cell[][];
    assert.deepEqual(totals.at(-1), [2025, '全部项目', 3, 1234.56, 2500, 1500000, 1496265.44]);
    const about = new Map((sheets.get('说明') as Cell[][]).map(([k, v]) => [k, v]));
    assert.deepEqual([about.get('报表'), about.get('范围'), about.get('年度')], ['奖补资金报表', '全市', '2025']);
    assert.match(String(about.get('参数指纹 paramsHash')), /^sha256:/);

    const [event] = await db.select().from(t.auditEvents).orderBy(desc(t.auditEvents.seq)).limit(1);
    assert.deepEqual(
      [event?.action, event?.objectType, event?.objectId, event?.username, event?.detail],
      ['export.report.funds', 'file', '奖补资金报表-2025.xlsx', as.finance.actor.username, { rows: 3, year: 2025, community: null }],
    );
  });

  it('coverage and satisfaction read back; a community’s workbook holds its community only', async () => {
    const db = ctx.database.db;
    await addSurvey(db, 'X1', '2026H1', '2026-06-01', [1, 2, 3, 4, 3]);
    await addSurvey(db, 'X2', '2026H1', '2026-06-01', [1, 5]);
    const as = await everyone(db);
    const coverage = await readBack((await exportReport(as.bureau, 'coverage', { asOf: '2024-03-31' })).bytes);
    assert.deepEqual(coverage.get('覆盖率（全市）'), [
      ['日期', '名单内小区数', '已有物业小区数', '覆盖率（%）', '是否达标', '目标（%）'],
      [new Date(Date.UTC(2024, 0, 31)), 2, 1, 50, '否', 100],
      [new Date(Date.UTC(2024, 1, 29)), 2, 1, 50, '否', 100],
      [new Date(Date.UTC(2024, 2, 31)), 2, 2, 100, '是', 100],
    ]);
    assert.equal(coverage.get('覆盖率（分社区）')?.length, 1 + 3 * 2);

    const mine = await exportReport(as.community, 'satisfaction', { year: 2026 });
    assert.equal(mine.fileName, '群众满意度报表-2026-C1.xlsx');
    const sheets = await readBack(mine.bytes);
    assert.deepEqual(sheets.get('满意度（分社区）'), [
      ['社区编号', '社区', '答卷数', '满意答卷数', '满意率（%）', '是否达标'],
      ['C1', 'C1', 5, 4, 80, '是'],
      ['合计', '本社区', 5, 4, 80, '是'],
    ]);
    assert.deepEqual(sheets.get('满意度（分小区）')?.slice(1), [['C1', 'X1', '幸福小区', 5, 4, 80, '是']]);
    assert.equal(new Map((sheets.get('说明') as Cell[][]).map(([k, v]) => [k, v])).get('范围'), '社区 C1');
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'export.report.satisfaction'));
    assert.deepEqual(event?.detail, { rows: 2, year: 2026, community: 'C1' });
  });

  it('a company or committee exports nothing, and nothing is recorded as exported', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    await assert.rejects(exportReport(as.company, 'funds', {}), code('auth.forbidden'));
    await assert.rejects(exportReport(as.committee, 'coverage', {}), code('auth.forbidden'));
    const exported = await db.select().from(t.auditEvents).where(eq(t.auditEvents.username, as.company.actor.username));
    assert.deepEqual(exported, []);
  });
});
