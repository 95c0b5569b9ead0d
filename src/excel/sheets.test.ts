/** Rows to typed values: every number checked against its column's range before the database sees it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmp, isDecimalString, parseDecimal } from '../rules/exact/rational.ts';
import { type Column, parseRow, SHEETS, type Sheet } from './sheets.ts';

/** A row of `sheet` from values by header; other columns blank. */
function row(sheet: Sheet, byHeader: Record<string, unknown>) {
  const raw: Record<string, unknown> = {};
  for (const c of sheet.columns) if (c.header in byHeader) raw[c.key] = byHeader[c.header];
  return parseRow(sheet, raw);
}
const problems = (sheet: Sheet, byHeader: Record<string, unknown>) =>
  row(sheet, byHeader).problems.map((p) => `${p.column}|${p.value}|${p.message}`);

const ROSTER = { 街道: '恒远街道', 社区: '北苑社区', 小区名称: '滨河小区', 类型: '小区', '管理面积（㎡）': 12000, 户数: 150 };

test('a number beyond its column range is a row-level problem naming the column and the range', () => {
  assert.deepEqual(problems(SHEETS.roster, { ...ROSTER, '管理面积（㎡）': 1e12 }), [
    '管理面积（㎡）|1000000000000|超出范围：应在 0.01 至 10,000,000 之间',
  ]);
  assert.deepEqual(problems(SHEETS.roster, { ...ROSTER, '管理面积（㎡）': '0' }), [
    '管理面积（㎡）|0|超出范围：应在 0.01 至 10,000,000 之间',
  ]);
  assert.deepEqual(problems(SHEETS.roster, { ...ROSTER, 户数: 100001, 入住户数: 100002 }), [
    '户数|100001|超出范围：应在 0 至 100,000 之间',
    '入住户数|100002|超出范围：应在 0 至 100,000 之间',
  ]);
  assert.deepEqual(problems(SHEETS.roster, { ...ROSTER, '管理面积（㎡）': '1e12' }), [
    '管理面积（㎡）|1e12|不是数字：请写出完整的数字，不要用科学计数法（如 1E+12）',
  ]);
  assert.deepEqual(row(SHEETS.roster, { ...ROSTER, '管理面积（㎡）': '10,000,000' }).problems, []);
  const facts = {
    社区: '北苑社区',
    小区名称: '滨河小区',
    企业统一社会信用代码: '91350100M000100Y43',
    进驻日期: '2024-03-15',
    半年期: '2024H1',
    协助成立或充实业委会: '是',
    完善设施并增加保洁维修: '是',
    提供基本保洁和基础维修: '是',
    '实际入住户应收物业费（元）': 100000,
    '实收物业费（元）': 65000,
    '收费标准（元/㎡/月）': 0.8,
  };
  assert.deepEqual(row(SHEETS.facts, facts).problems, []);
  assert.deepEqual(
    problems(SHEETS.facts, {
      ...facts,
      '实际入住户应收物业费（元）': 1e12,
      '收费标准（元/㎡/月）': 1200,
      '同类小区市场价格（元/㎡/月）': '1000.5',
      半年考核得分: 100.5,
    }),
    [
      '实际入住户应收物业费（元）|1000000000000|超出范围：应在 0 至 999,999,999,999.99 之间',
      '收费标准（元/㎡/月）|1200|超出范围：应在 0 至 1,000 之间',
      '同类小区市场价格（元/㎡/月）|1000.5|超出范围：应在 0 至 1,000 之间',
      '半年考核得分|100.5|超出范围：应在 0 至 100 之间',
    ],
  );
});

test('every numeric column of every sheet has a range within the database limits of its type', () => {
  const LIMITS: Record<string, string> = {
    money: '999999999999.99', // numeric(14,2)
    area: '9999999999.99', // numeric(12,2)
    integer: '2147483647',
    score: '100', // numeric(5,2), checked 0–100
    price: '1000',
    ratio: '10', // unconstrained numeric; a collection rate 0–1, a fee ratio up to 10
  };
  const numeric = (c: Column) => c.type in LIMITS;
  for (const sheet of Object.values(SHEETS) as Sheet[])
    for (const c of sheet.columns.filter(numeric)) {
      const where = `${sheet.kind}.${c.key}`;
      assert.ok(c.min !== undefined && isDecimalString(c.min), `${where}: min`);
      assert.ok(c.max !== undefined && isDecimalString(c.max), `${where}: max`);
      assert.ok(cmp(parseDecimal(c.min), parseDecimal('0')) >= 0, `${where}: min ≥ 0`);
      assert.ok(cmp(parseDecimal(c.min), parseDecimal(c.max)) < 0, `${where}: min < max`);
      assert.ok(cmp(parseDecimal(c.max), parseDecimal(LIMITS[c.type] as string)) <= 0, `${where}: max within ${c.type} limits`);
    }
});

test('ratios: a collection rate lies in 0..1, a fee ratio may pass 1; a bare 85 is refused with what to write', () => {
  const row = {
    申请编号: 'F1',
    社区: '北苑社区',
    小区名称: '滨河小区',
    申请日期: '2025-05-10',
    改造类别: '公共卫生',
    '实际投入（元）': '1000',
  };
  assert.deepEqual(problems(SHEETS.facility, { ...row, 物业费收缴率: '85%', 收费标准与市场价格之比: '1.2' }), []);
  assert.deepEqual(problems(SHEETS.facility, { ...row, 物业费收缴率: 85, 收费标准与市场价格之比: '120%' }), [
    '物业费收缴率|85|比例应在 0 至 1 之间：请填写小数（如 0.85）或百分数（如 85%）',
  ]);
  assert.deepEqual(problems(SHEETS.facility, { ...row, 物业费收缴率: '120%', 收费标准与市场价格之比: '85' }), [
    '物业费收缴率|120%|比例应在 0 至 1 之间：请填写小数（如 0.85）或百分数（如 85%）',
    '收费标准与市场价格之比|85|比例应在 0 至 10 之间：请填写小数（如 0.85）或百分数（如 85%）',
  ]);
});

test('account numbers are text columns: a number cell is refused with what to do', () => {
  const company = { 企业名称: '恒安物业', 统一社会信用代码: '91350100M000100Y43' };
  assert.deepEqual(problems(SHEETS.companies, { ...company, 银行账号: 6222020604001235000 }), [
    '银行账号|6222020604001235000|账号是数字格式，超过 15 位的数字已被 Excel 改动：请把该列设置为文本格式后重新输入账号',
  ]);
  assert.equal(row(SHEETS.companies, { ...company, 银行账号: '6222 0206 0400 1234 567' }).values.bankAccountNo, '6222020604001234567');
  const committee = { 社区: '北苑社区', 小区名称: '滨河小区', 设立日期: '2024-05-01', 合同正常运行: '是', 住建局和社区审核通过: '是' };
  assert.deepEqual(
    problems(SHEETS.committees, { ...committee, 保管账号: 6228000000000000000 }).map((p) => p.split('|')[0]),
    ['保管账号'],
  );
});

test('ratios: 85% is 0.85, a bare 85 is refused', () => {
  const facility = {
    申请编号: 'F-1',
    社区: '北苑社区',
    小区名称: '滨河小区',
    申请日期: '2025-05-10',
    改造类别: '公共卫生',
    '实际投入（元）': 1000,
    已成立业委会: '是',
  };
  const ok = row(SHEETS.facility, { ...facility, 物业费收缴率: '85%', 收费标准与市场价格之比: 0.7 });
  assert.deepEqual([ok.problems, ok.values.collectionRate, ok.values.feeRatio], [[], '0.85', '0.7']);
  assert.deepEqual(problems(SHEETS.facility, { ...facility, 物业费收缴率: 85, 收费标准与市场价格之比: '70%' }), [
    '物业费收缴率|85|比例应在 0 至 1 之间：请填写小数（如 0.85）或百分数（如 85%）',
  ]);
});

test('a formula without a result in a required column says 公式, not 必填', () => {
  assert.deepEqual(problems(SHEETS.roster, { ...ROSTER, '管理面积（㎡）': { formula: 'B2*C2' } }), [
    '管理面积（㎡）|=B2*C2|该单元格是公式但没有计算结果：请在 Excel 中重新计算并保存，或粘贴为数值',
  ]);
});

test('every row-level problem names its column', () => {
  const all = row(SHEETS.roster, { 类型: '别墅', '管理面积（㎡）': -1, 户数: 10, 入住户数: 11 }).problems;
  assert.ok(all.length >= 5);
  for (const p of all)
    assert.ok(
      SHEETS.roster.columns.some((c) => c.header === p.column),
      JSON.stringify(p),
    );
});
