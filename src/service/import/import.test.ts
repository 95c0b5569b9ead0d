/**
 * Excel in, through the service layer: row-level reports, all-or-nothing, idempotent, on every driver.
 * The tests run in order on one registry, the way a clerk would fill it: places, prices, the roster,
 * companies, takeovers and facts, committees, facility applications.
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
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
import { decideAccountChange, listAccountChanges } from '../accounts.ts';
import { runCalc } from '../calc.ts';
import { calcFromDb } from '../calc-db.ts';
import { decideRosterChange, requestRosterChange, sealRoster } from '../roster.ts';
import { as, testActor } from '../testing.ts';
import { importFile } from './index.ts';
import { type Row, sheetFile, xlsxDir } from './testing.ts';

const dir = xlsxDir;

const P = { 街道: '恒远街道', 社区: '北苑社区' };
const X = { ...P, 小区名称: '滨河小区' };
const HENGAN = '91350100M000100Y43';
const BEIJIANG = '91110000802100433B';
const ROSTER_OK: Row[] = [
  { ...X, 类型: '小区', 地址: '前进路1号', '管理面积（㎡）': 12000, 户数: 150, 入住户数: 120, 同类小区类别: '一类' },
  { ...P, 小区名称: '前进路12号楼', 类型: '零散楼栋', '管理面积（㎡）': '2345.67', 户数: 36 },
  {
    街道: '盛和街道',
    社区: '新华社区',
    小区名称: '友谊家园',
    类型: '小区',
    '管理面积（㎡）': 8000.5,
    户数: 100,
    入住户数: 90,
    同类小区类别: '二类',
  },
];
const pdf = { bytes: new TextEncoder().encode('%PDF-1.4 证明'), fileName: '证明.pdf', mime: 'application/pdf' };

describeDb('Excel import', (ctx, it) => {
  const clerk = () => as(ctx.database.db, testActor('bureau', 'clerk-wang'));
  const imp = async (kind: ImportKind, rows: Row[]) => importFile(clerk(), kind, await sheetFile(kind, rows));
  const errors = (r: { errors: { row: number; column: string; message: string }[] }) =>
    r.errors.map((e) => `${e.row} ${e.column} ${e.message}`);

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

  it('an import never creates a subdistrict or community: an unknown name is an error naming the closest', async () => {
    const { db } = ctx.database;
    const refused = await imp('roster', ROSTER_OK);
    assert.equal(refused.applied, false);
    assert.match(refused.errors[0]?.message ?? '', /街道“恒远街道”未登记.*jiangbu import communities/);
    const places = await imp('communities', [
      { 街道: '恒远街道', 社区: '北苑社区' },
      { 街道: '恒远街道', 社区: '锡林社区', 社区编码: 'C02' },
      { 街道: '盛和街道', 社区: '新华社区' },
      { 街道: '盛和街道', 社区: '北苑社区' },
    ]);
    assert.deepEqual([places.applied, places.created, places.errors], [true, 4, []]);
    assert.equal((await imp('communities', [{ 街道: '恒远街道', 社区: '锡林社区', 社区编码: 'C02' }])).unchanged, 1);
    const typo = await imp('roster', [{ ...ROSTER_OK[0], 社区: '北院社区' }]);
    assert.deepEqual(errors(typo), ['3 社区 恒远街道下没有“北院社区”社区；是否为：北苑社区？（社区须先登记：jiangbu import communities）']);
    const subTypo = await imp('roster', [{ ...ROSTER_OK[0], 街道: '恒远街道办' }]);
    assert.match(subTypo.errors[0]?.message ?? '', /街道“恒远街道办”未登记；是否为：恒远街道？/);
    assert.equal((await db.select().from(t.communities)).length, 4);
    assert.equal((await db.select().from(t.compounds)).length, 0);
  });

  it('market reference prices: a sheet of their own; overlapping periods are refused', async () => {
    const overlap = await imp('prices', [
      { 同类小区类别: '一类', '市场参考价格（元/㎡/月）': '1.20', 起始日期: '2024-01-01', 截止日期: '2024-12-31' },
      { 同类小区类别: '一类', '市场参考价格（元/㎡/月）': '1.30', 起始日期: '2024-07-01' },
    ]);
    assert.match(errors(overlap).join('\n'), /价格期间重叠/);
    const prices = await imp('prices', [
      { 同类小区类别: '一类', '市场参考价格（元/㎡/月）': '1.20', 起始日期: '2024-01-01', 依据: '2024年调查' },
      { 同类小区类别: '二类', '市场参考价格（元/㎡/月）': '0.90', 起始日期: '2024-01-01' },
    ]);
    assert.deepEqual([prices.applied, prices.created], [true, 2]);
  });

  it('a roster with errors: a row-level report, and nothing changes', async () => {
    const { db } = ctx.database;
    const report = await imp('roster', [
      ...ROSTER_OK,
      { 街道: '盛和街道', 社区: '新华社区', 类型: '小区', '管理面积（㎡）': 100, 户数: 10 },
      { 街道: '盛和街道', 社区: '新华社区', 小区名称: '团结苑', 类型: '别墅', '管理面积（㎡）': -5, 户数: 10.5 },
      { 街道: '盛和街道', 社区: '新华社区', 小区名称: '康乐新村', 类型: '小区', '管理面积（㎡）': '100.123', 户数: 10, 入住户数: 11 },
      { ...X, 类型: '小区', '管理面积（㎡）': 12000, 户数: 150 },
      { 街道: '盛和街道', 社区: '新华社区', 小区名称: '阳光苑', 类型: '小区', '管理面积（㎡）': 500, 户数: 10, 同类小区类别: '五类' },
    ]);
    assert.equal(report.applied, false);
    assert.deepEqual(errors(report), [
      '6 小区名称 必填',
      '7 类型 类型应填“小区”或“零散楼栋”',
      '7 管理面积（㎡） 不能为负数',
      '7 户数 应为不小于 0 的整数',
      '8 管理面积（㎡） 最多 2 位小数',
      '8 入住户数 入住户数不能超过户数',
      '9 街道、社区、小区名称 与第 3 行重复（街道、社区、小区名称相同）',
      '10 同类小区类别 类别“五类”没有登记市场参考价格（已登记的类别：一类、二类；先导入：jiangbu import prices）',
    ]);
    assert.equal((await db.select().from(t.compounds)).length, 0);
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
    const first = await imp('roster', ROSTER_OK);
    assert.deepEqual([first.applied, first.created, first.unchanged, first.errors], [true, 3, 0, []]);
    const compounds = await db.select().from(t.compounds);
    assert.deepEqual(
      compounds.map((c) => [c.name, c.kind, c.area, c.households, c.createdBy]),
      [
        ['滨河小区', 'compound', '12000.00', 150, 'clerk-wang'],
        ['前进路12号楼', 'scattered', '2345.67', 36, 'clerk-wang'],
        ['友谊家园', 'compound', '8000.50', 100, 'clerk-wang'],
      ],
    );
    const again = await imp('roster', ROSTER_OK);
    assert.deepEqual([again.applied, again.created, again.updated, again.unchanged], [true, 0, 0, 3]);
    assert.equal((await db.select().from(t.roster2023)).length, 3);
    // the database refuses to change a sealed row, whatever the code does
    await assert.rejects(db.update(t.roster2023).set({ households: 1 }).where(eq(t.roster2023.name, '滨河小区')), dbRejects(/sealed/));
    // and any change that names no acting user did not come through the service layer
    await assert.rejects(
      db.update(t.compounds).set({ address: 'x' }).where(eq(t.compounds.name, '滨河小区')),
      (e) => (e as { cause?: { code?: string } }).cause?.code === 'JB001',
    );
  });

  it('a roster file changing a sealed entry is refused with the way to correct it; unsealed fields are updated, each change reported', async () => {
    const { db } = ctx.database;
    const sealed = await imp('roster', [{ ...ROSTER_OK[0], '管理面积（㎡）': 12500, 类型: '零散楼栋' }]);
    assert.equal(sealed.applied, false);
    assert.deepEqual(
      sealed.errors.map((e) => [e.column, e.value]),
      [
        ['类型', '零散楼栋'],
        ['管理面积（㎡）', '12500'],
      ],
    );
    assert.match(sealed.errors[0]?.message ?? '', /登记值 小区）.*名单变更申请.*jiangbu roster request --compound X-/);
    const updated = await imp('roster', [
      { ...ROSTER_OK[0], 地址: '前进路1号院', 入住户数: 130, 同类小区类别: '二类' },
      ROSTER_OK[1] as Row,
    ]);
    assert.deepEqual([updated.applied, updated.updated, updated.unchanged], [true, 1, 1]);
    assert.deepEqual(
      updated.changes.map((c) => `${c.row} ${c.column} ${c.from} → ${c.to}`),
      ['3 地址 前进路1号 → 前进路1号院', '3 入住户数 120 → 130', '3 同类小区类别 一类 → 二类'],
    );
    const [x] = await db.select().from(t.compounds).where(eq(t.compounds.name, '滨河小区'));
    assert.deepEqual(
      [x?.address, x?.occupiedHouseholds, x?.category, x?.version, x?.updatedBy],
      ['前进路1号院', 130, '二类', 2, 'clerk-wang'],
    );
    assert.equal((await imp('roster', [{ ...ROSTER_OK[0], 地址: null, 入住户数: null, 同类小区类别: null }])).unchanged, 1); // blanks keep
    await imp('roster', [{ ...ROSTER_OK[0], 同类小区类别: '一类' }]);
  });

  it('an approved removal is not undone by an import; after sealing, new roster rows need a roster change', async () => {
    const { db } = ctx.database;
    const [x] = await db.select().from(t.compounds).where(eq(t.compounds.name, '前进路12号楼'));
    const id = await requestRosterChange(clerk(), {
      compoundCode: x?.code as string,
      action: 'remove',
      reason: '2023年底已有物业',
      evidence: pdf,
    });
    await decideRosterChange(clerk(), id, { approve: true });
    const back = await imp('roster', ROSTER_OK);
    assert.equal(back.applied, false);
    assert.deepEqual(errors(back), [
      `4 小区名称 该小区已于 ${new Date().toISOString().slice(0, 10)} 经名单变更 #${id}移出2023年底名单，导入不能恢复；如需恢复，须提交名单变更申请并经住建局审核（jiangbu roster request --compound ${x?.code} --action add）`,
    ]);
    const before = await sealRoster(clerk());
    const late = await imp('roster', [
      { 街道: '盛和街道', 社区: '新华社区', 小区名称: '迟报小区', 类型: '小区', '管理面积（㎡）': 500, 户数: 10 },
    ]);
    assert.match(
      late.errors[0]?.message ?? '',
      new RegExp(`2023年底名单已于 ${before.slice(0, 10)} 封存：新增在册小区须经住建局审核的名单变更`),
    );
    assert.equal((await db.select().from(t.roster2023)).length, 4);
  });

  it('companies: the check digit is checked; a blank cell never erases; an account change waits for the bureau', async () => {
    const { db } = ctx.database;
    const bad = await imp('companies', [{ 企业名称: '恒安物业', 统一社会信用代码: '91350100M000100Y44' }]);
    assert.deepEqual(
      bad.errors.map((e) => e.message),
      ['统一社会信用代码校验位不正确'],
    );
    const hengan = { 企业名称: '二连浩特市恒安物业服务有限公司', 统一社会信用代码: HENGAN };
    const account = { 开户银行: '中国农业银行', 账户名称: '二连浩特市恒安物业服务有限公司', 银行账号: '6228480000000000001' };
    const first = await imp('companies', [
      { ...hengan, ...account, 联系人: '王经理', 联系电话: '13800000000' },
      { 企业名称: '二连浩特市北疆物业服务有限公司', 统一社会信用代码: BEIJIANG, 开户银行: '张三' },
    ]);
    assert.deepEqual([first.applied, first.created], [true, 2]);
    const blanks = await imp('companies', [{ ...hengan, 联系人: '李经理' }]);
    assert.deepEqual([blanks.updated, blanks.changes.map((c) => `${c.column} ${c.from} → ${c.to}`)], [1, ['联系人 王经理 → 李经理']]);
    const [kept] = await db.select().from(t.companies).where(eq(t.companies.uscc, HENGAN));
    assert.deepEqual([kept?.bankAccountNo, kept?.contactPhone], ['6228480000000000001', '13800000000']);
    const changed = await imp('companies', [{ ...hengan, ...account, 银行账号: '6228480000000000002' }]);
    assert.equal(changed.applied, true);
    assert.match(
      changed.warnings.map((w) => w.message).join('\n'),
      /账户变更已提交住建局审核中（账户变更 #\d+）：审核通过前仍按原账户拨付/,
    );
    const [still] = await db.select().from(t.companies).where(eq(t.companies.uscc, HENGAN));
    assert.equal(still?.bankAccountNo, '6228480000000000001');
    assert.equal((await imp('companies', [{ ...hengan, ...account, 银行账号: '6228480000000000002' }])).unchanged, 1);
    const conflict = await imp('companies', [{ ...hengan, ...account, 银行账号: '6228480000000000003' }]);
    assert.match(errors(conflict)[0] ?? '', /已有待审核的账户变更/);
    const [open] = await listAccountChanges(db, 'requested');
    assert.deepEqual(
      [open?.old.accountNo, open?.new.accountNo, open?.requestedBy],
      ['6228480000000000001', '6228480000000000002', 'clerk-wang'],
    );
    await decideAccountChange(as(db, testActor('bureau')), open?.id as number, true);
    const [now] = await db.select().from(t.companies).where(eq(t.companies.uscc, HENGAN));
    assert.equal(now?.bankAccountNo, '6228480000000000002');
  });

  it('engagements and facts: unknown names and overlaps are refused; a takeover has no area of its own; the engine sees what was imported', async () => {
    const { db } = ctx.database;
    assert.ok(!SHEETS.engagements.columns.some((c) => c.header.includes('面积')));
    const refused = await imp('engagements', [
      { ...P, 小区名称: '没有这个小区', 企业统一社会信用代码: HENGAN, 进驻日期: '2024-03-15' },
      { ...X, 企业统一社会信用代码: HENGAN, 进驻日期: '2024-03-15', 物业服务合同签订日期: '2024-03-10', 服务承诺书签订日期: '2024-03-10' },
      { ...X, 企业统一社会信用代码: BEIJIANG, 进驻日期: '2024-06-01' },
      { 社区: '北苑社区', 小区名称: '滨河小区', 企业统一社会信用代码: BEIJIANG, 进驻日期: '2023-06-01' },
    ]);
    assert.deepEqual(
      refused.errors.map((e) => `${e.row} ${e.column}`),
      ['3 小区名称', '5 进驻日期', '6 社区'],
    );
    assert.match(refused.errors[0]?.message ?? '', /北苑社区没有“没有这个小区”小区/);
    assert.match(refused.errors[1]?.message ?? '', /与第 4 行的承接（2024-03-15 至 今）重叠/);
    assert.match(refused.errors[2]?.message ?? '', /社区“北苑社区”在多个街道（恒远街道、盛和街道）都有：请填写「街道」/);
    const engagement = await imp('engagements', [
      {
        ...X,
        企业统一社会信用代码: HENGAN,
        进驻日期: new Date(Date.UTC(2024, 2, 15)),
        物业服务合同签订日期: '2024/3/10',
        服务承诺书签订日期: '2024年3月10日',
      },
    ]);
    assert.equal(engagement.applied, true);
    const fact = { ...X, 企业统一社会信用代码: HENGAN, 进驻日期: '2024-03-15' };
    const facts = [
      {
        ...fact,
        半年期: '2024H1',
        协助成立或充实业委会: '是',
        完善设施并增加保洁维修: '是',
        提供基本保洁和基础维修: '是',
        '实际入住户应收物业费（元）': 100000,
        '实收物业费（元）': 65000,
        '收费标准（元/㎡/月）': 0.8,
        '同类小区市场价格（元/㎡/月）': 1.2,
        半年考核得分: 85,
      },
      {
        ...fact,
        半年期: '2024下半年',
        协助成立或充实业委会: '是',
        完善设施并增加保洁维修: '是',
        提供基本保洁和基础维修: '是',
        '实际入住户应收物业费（元）': '100000.00',
        '实收物业费（元）': '59999.99',
        '收费标准（元/㎡/月）': '0.80',
        '同类小区市场价格（元/㎡/月）': '1.20',
        半年考核得分: 70,
      },
    ];
    const imported = await imp('facts', facts);
    assert.deepEqual([imported.applied, imported.created, imported.errors], [true, 2, []]);
    assert.equal((await imp('facts', facts)).unchanged, 2);
    const out = runCalc((await buildScenario(db, '2026-03-31')).scenario);
    assert.ok(out.ok);
    const t1 = out.value.lines.filter((l) => l.program === 'T').map((l) => [l.period, l.tier, l.amount, l.status]);
    assert.deepEqual(t1.slice(0, 2), [
      ['2024H1', 1, '17032.26', 'payable'],
      ['2024H2', 2, '14400.00', 'payable'],
    ]);
  });

  it('a market price the registry does not hold is unknown, never zero, and calc says which', async () => {
    const { db } = ctx.database;
    await imp('roster', [{ ...ROSTER_OK[0], 同类小区类别: null }]);
    const fact = { ...X, 企业统一社会信用代码: HENGAN, 进驻日期: '2024-03-15' };
    await imp('facts', [
      {
        ...fact,
        半年期: '2025H1',
        协助成立或充实业委会: '是',
        完善设施并增加保洁维修: '是',
        提供基本保洁和基础维修: '是',
        '实际入住户应收物业费（元）': 100000,
        '实收物业费（元）': 70000,
        '收费标准（元/㎡/月）': 0.8,
        半年考核得分: 90,
      },
    ]);
    // with the compound's category 一类 the reference price 1.20 applies: tier 1
    let out = await calcFromDb(db, '2026-03-31');
    assert.ok(out.ok);
    assert.deepEqual(
      out.value.lines.filter((l) => l.period === '2025H1').map((l) => [l.tier, l.amount]),
      [[1, '28800.00']],
    );
    assert.deepEqual(out.missingPrices, []);
    // a category with no price in force on the period's first day: unknown, tier 2 with its own reason
    await imp('prices', [{ 同类小区类别: '一类', '市场参考价格（元/㎡/月）': '1.20', 起始日期: '2024-01-01', 截止日期: '2024-12-31' }]);
    out = await calcFromDb(db, '2026-03-31');
    assert.ok(out.ok);
    const line = out.value.lines.find((l) => l.period === '2025H1');
    assert.deepEqual([line?.tier, line?.amount], [2, '14400.00']);
    assert.ok(line?.reasons.some((r) => r.code === 'T_MARKET_PRICE_UNKNOWN'));
    assert.ok(!line?.reasons.some((r) => /未达标/.test(r.text) && /收费标准比例/.test(r.text)));
    assert.deepEqual(
      out.missingPrices.map((m) => [m.category, m.period]),
      [['一类', '2025H1']],
    );
  });

  it('committees and facility applications: a declaration contradicting the registry is an error', async () => {
    const { db } = ctx.database;
    const bad = await imp('committees', [
      { ...X, 设立日期: '2024-05-01', 与物业企业签订服务合同日期: '2024-04-30', 合同正常运行: '是', 住建局和社区审核通过: '是' },
    ]);
    assert.deepEqual(
      bad.errors.map((e) => e.message),
      ['服务合同签订日期早于业委会设立日期'],
    );
    const committees = [
      {
        ...X,
        设立日期: '2024-05-01',
        备案号: '二业备〔2024〕1号',
        补助资金保管人: '王建国',
        保管账户名称: '滨河小区业主委员会',
        保管账号: '6228000000000000001',
        与物业企业签订服务合同日期: '2024-06-01',
        合同正常运行: '是',
        住建局和社区审核通过: '是',
      },
      { 街道: '盛和街道', 社区: '新华社区', 小区名称: '友谊家园', 设立日期: '2024-07-01', 合同正常运行: '否', 住建局和社区审核通过: '否' },
    ];
    assert.equal((await imp('committees', committees)).created, 2);
    assert.equal((await imp('committees', committees)).unchanged, 2);
    const application = {
      ...X,
      申请日期: '2025-05-10',
      验收日期: '2025-04-30',
      改造类别: '消除安全隐患',
      '实际投入（元）': 60000,
      物业费收缴率: 0.65,
      收费标准与市场价格之比: '70%',
    };
    const contradicted = await imp('facility', [
      { 申请编号: 'F-2025-001', ...application, 已成立业委会: '否' },
      { 申请编号: 'F-2025-002', ...application, 社区: '北苑社区', 小区名称: '前进路12号楼', 已成立业委会: '是' },
    ]);
    assert.deepEqual(
      contradicted.errors.map((e) => `${e.row} ${e.column} ${e.message}`),
      [
        '3 已成立业委会 与登记不符：该小区的业委会已于 2024-05-01 设立',
        '4 已成立业委会 与登记不符：申请日 2025-05-10 前该小区没有登记业委会（先导入业委会：jiangbu import committees）',
      ],
    );
    const facility = [
      {
        申请编号: 'F-2025-001',
        ...application,
        改造内容: '更换消防设施',
        '其中居民出资（元）': 30000,
        '其中企业出资（元）': 20000,
        '其中社区补助（元）': 10000,
      },
      { 申请编号: 'F-2025-002', ...application, 小区名称: '前进路12号楼', 改造类别: '外墙装饰', '实际投入（元）': 10000 },
    ];
    const imported = await imp('facility', facility);
    assert.deepEqual(
      [imported.applied, imported.created, imported.warnings.map((w) => `${w.row} ${w.column} ${w.value}`)],
      [true, 2, ['4 改造类别 外墙装饰']],
    );
    assert.equal((await imp('facility', facility)).unchanged, 2);
    const out = runCalc((await buildScenario(db, '2025-12-31')).scenario);
    assert.ok(out.ok);
    const f = out.value.lines.filter((l) => l.program === 'F').map((l) => [l.subject, l.status, l.amount]);
    assert.deepEqual(f, [
      ['F-2025-001', 'capped', '20000.00'],
      ['F-2025-002', 'rejected', '0.00'],
    ]);
    assert.deepEqual(
      out.value.lines.filter((l) => l.program === 'W').map((l) => [l.status, l.amount, l.payableFrom]),
      [
        ['payable', '3000.00', '2024-12-01'],
        ['pending', '2000.00', undefined],
      ],
    );
  });

  it('every import that changed the registry is one audit event, by the acting user', async () => {
    const { db } = ctx.database;
    const events = (await db.select().from(t.auditEvents)).filter((e) => e.action.startsWith('import.'));
    assert.ok(events.length >= 10);
    assert.ok(events.every((e) => e.username === 'clerk-wang' && e.result === 'ok' && /^[0-9a-f]{64}$/.test(e.objectId ?? '')));
  });
});
