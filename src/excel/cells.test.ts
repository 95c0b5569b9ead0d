/** Cells to typed values: what a clerk types, what Excel stores, and the messages the report shows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryName, kindName } from '../registry/labels.ts';
import * as cells from './cells.ts';

const value = <T>(p: cells.Parsed<T>): T => {
  assert.ok(p.ok, p.ok ? '' : p.message);
  return p.value;
};
const message = (p: cells.Parsed<unknown>): string => {
  assert.ok(!p.ok, `expected a problem, got ${JSON.stringify(p)}`);
  return p.message;
};

test('a formula without a cached result says so, in every column type, not 必填', () => {
  // exceljs gives {formula} (streaming) or {formula, result: undefined} for a formula Excel never calculated
  const formulas = [{ formula: 'A2*2' }, { formula: 'A2*2', result: undefined }, { sharedFormula: 'B2' }];
  const parsers = [cells.text, cells.integer, (c: cells.Cell) => cells.decimal(c, 2), cells.date, cells.boolean, cells.account];
  for (const f of formulas)
    for (const parse of parsers) assert.equal(message(parse(f)), '该单元格是公式但没有计算结果：请在 Excel 中重新计算并保存，或粘贴为数值');
  assert.equal(cells.shown({ formula: 'A2*2' }), '=A2*2');
});

test('a formula with a cached result is read as its result; an error result is a problem', () => {
  assert.equal(value(cells.decimal({ formula: 'A2*2', result: 1200.5 }, 2)), '1200.5');
  assert.equal(value(cells.text({ formula: 'A2', result: '' })), null); // =IF(…,"",…) is a blank
  assert.match(message(cells.decimal({ formula: '1/0', result: { error: '#DIV/0!' } }, 2)), /^公式的计算结果是错误值 #DIV\/0!/);
  assert.match(message(cells.decimal({ formula: '1/0', result: Number.NaN }, 2)), /^公式的计算结果是错误值/); // streaming reader
  assert.match(message(cells.text({ error: '#N/A' })), /^单元格是错误值 #N\/A/);
});

test('full-width digits, point, comma, minus and percent are read as their ASCII forms', () => {
  assert.equal(value(cells.decimal('１２，３４５．６７', 2)), '12345.67');
  assert.equal(value(cells.decimal('￥１２０００', 2)), '12000');
  assert.equal(message(cells.decimal('－５', 2)), '不能为负数');
  assert.equal(value(cells.integer('１５０')), 150);
  assert.equal(value(cells.integer('１，５００')), 1500);
  assert.equal(value(cells.date('２０２４－０３－１５')), '2024-03-15');
  assert.equal(value(cells.date('２０２４年３月１５日')), '2024-03-15');
  assert.equal(value(cells.date('２０２４／３／５')), '2024-03-05');
  assert.equal(value(cells.ratio('８５％')), '0.85');
  assert.equal(value(cells.period('２０２５Ｈ１')), '2025H1');
});

test('commas are thousands separators only: "12,5" is not 125', () => {
  assert.equal(value(cells.decimal('1,234,567.5', 2)), '1234567.5');
  assert.equal(message(cells.decimal('12,5', 2)), '不是数字');
  assert.equal(message(cells.integer('1,00')), '应为不小于 0 的整数');
});

test('scientific notation typed as text is not a number', () => {
  for (const s of ['1e12', '1.2E+12', '１Ｅ１２'])
    assert.equal(message(cells.decimal(s, 2)), '不是数字：请写出完整的数字，不要用科学计数法（如 1E+12）');
  assert.equal(message(cells.integer('1e5')), '不是数字：请写出完整的数字，不要用科学计数法（如 1E+12）');
  // a number cell shown in scientific notation is a number: its range is checked by the column
  assert.equal(value(cells.decimal(1e12, 2)), '1000000000000');
  assert.equal(value(cells.decimal(1e21, 2)), '1000000000000000000000');
});

test('account numbers are text: a number cell has already lost its digits', () => {
  assert.equal(
    message(cells.account(6222020604001235000)),
    '账号是数字格式，超过 15 位的数字已被 Excel 改动：请把该列设置为文本格式后重新输入账号',
  );
  assert.equal(message(cells.account(12345678)), message(cells.account(6222020604001235000)));
  assert.equal(value(cells.account('6222 0206 0400 1234 567')), '6222020604001234567');
  assert.equal(value(cells.account('0403-01-012345')), '0403-01-012345');
  assert.equal(value(cells.account('６２２２０２０６０４００１２３４５６７')), '6222020604001234567');
  assert.equal(message(cells.account('6222O20604')), '账号只能由数字组成，可用空格或短横线分隔');
  assert.equal(message(cells.account('6.22202060400123E+18')), '账号只能由数字组成，可用空格或短横线分隔');
});

test('ratios: a decimal, a percentage (exact) or a percent-formatted cell (the column bounds them)', () => {
  assert.equal(value(cells.ratio('0.85')), '0.85');
  assert.equal(value(cells.ratio('85%')), '0.85');
  assert.equal(value(cells.ratio('85.5 %')), '0.855');
  assert.equal(value(cells.ratio('100%')), '1');
  assert.equal(value(cells.ratio('5%')), '0.05');
  assert.equal(value(cells.ratio('0.1%')), '0.001');
  assert.equal(value(cells.ratio(0.85)), '0.85'); // a cell formatted as percent: exceljs gives the fraction
  assert.equal(value(cells.ratio(1)), '1');
  assert.equal(value(cells.ratio('120%')), '1.2');
  assert.equal(message(cells.ratio('-5%')), '不能为负数');
  assert.equal(message(cells.ratio('0.1234567')), '最多 6 位小数');
  assert.equal(message(cells.ratio('八成')), '不是数字');
});

test('half-years: the message shows how to write one', () => {
  assert.equal(value(cells.period('2024下半年')), '2024H2');
  assert.equal(value(cells.period('2024年上半年')), '2024H1');
  assert.equal(value(cells.period('2024h1')), '2024H1');
  assert.equal(message(cells.period('2024')), '半年期应写作年份加 H1（上半年）或 H2（下半年），如 2025H1');
});

test('internal codes have Chinese names for users', () => {
  assert.equal(kindName('compound'), '小区');
  assert.equal(kindName('scattered'), '零散楼栋');
  assert.equal(categoryName('health'), '公共卫生');
  assert.equal(categoryName('safety'), '消除安全隐患');
  assert.equal(categoryName('security'), '安防设施设备');
  assert.equal(categoryName('basic'), '基本物业服务设施');
  assert.equal(categoryName('外墙装饰'), '外墙装饰'); // not a code: the user's own text
  assert.equal(value(cells.category(categoryName('basic'))), 'basic');
});

test('the value shown in the report is what the cell holds', () => {
  assert.equal(cells.shown(new Date(Date.UTC(2024, 2, 15))), '2024-03-15');
  assert.equal(cells.shown({ richText: [{ text: '滨河' }, { text: '小区' }] }), '滨河小区');
  assert.equal(cells.shown({ formula: 'A1', result: 12 }), '12');
  assert.equal(cells.shown({ error: '#REF!' }), '#REF!');
  assert.equal(cells.shown(null), '');
});
