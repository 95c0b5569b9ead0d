/**
 * The registry from the command line, as a clerk uses it: wrong codes and flags are refused naming
 * them, messages are Chinese (English with --lang en), exports carry names and totals, not codes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from '../excel/exceljs.ts';
import { type RegistryCli, registryCli } from './testing.ts';

/** The rows of a sheet of a workbook, as arrays of plain values. */
async function sheetRows(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  assert.ok(ws, `no sheet ${sheet} in ${file}`);
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('the registry from the command line (demo city)', () => {
  let r: RegistryCli;
  before(async () => {
    r = registryCli();
    const seeded = await r.cli('seed', '--demo');
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.match(seeded.stderr, /演示城市（虚构数据）.*企业 40/);
    assert.match(seeded.stderr, /Demo accounts[\s\S]*\ndemo-community +community +C05 +友谊社区 +Jiangbu-Demo-2026\n/);
  });
  after(() => r.dispose());

  test('a code the registry does not hold is an error naming it, not an empty result', async () => {
    const compound = await r.cli('calc', '--db', '--compound', 'NOPE');
    assert.deepEqual([compound.status, compound.stdout, compound.stderr], [2, '', 'jiangbu: 没有编号为 NOPE 的小区\n']);
    const community = await r.cli('calc', '--db', '--community', 'NOPE', '--lang', 'en');
    assert.deepEqual([community.status, community.stderr], [2, 'jiangbu: no community with code NOPE (or it has no compounds)\n']);
    const lines = await r.cli('export', 'lines', join(r.work, 'x.xlsx'), '--compound', 'NOPE');
    assert.equal(lines.status, 2);
    assert.match(lines.stderr, /NOPE/);
  });

  test('a flag the command does not take is refused, not ignored', async () => {
    const scenario = await r.cli('export', 'scenario', '--community', 'C01');
    assert.deepEqual(
      [scenario.status, scenario.stderr],
      [2, 'jiangbu: jiangbu export scenario 不支持选项 --community（见 jiangbu help）\n'],
    );
    const roster = await r.cli('export', 'roster', join(r.work, 'r.xlsx'), '--as-of', '2025-01-01', '--lang', 'en');
    assert.deepEqual([roster.status, roster.stderr], [2, 'jiangbu: jiangbu export roster does not take --as-of (see jiangbu help)\n']);
    assert.equal((await r.cli('roster', 'decide', '1', '--approve', '--by', '住建局')).status, 2);
  });

  test('messages are Chinese, English with --lang en: usage, unknown things, bad dates, parameters', async () => {
    const zh = await r.cli('help');
    assert.match(zh.stdout, /^jiangbu — 二连浩特市物业管理奖补/);
    assert.match((await r.cli('help', '--lang', 'en')).stdout, /^jiangbu — Erenhot property-management subsidies/);
    const cases: [string[], string, string][] = [
      [['frobnicate'], '未知命令：frobnicate', 'unknown command: frobnicate'],
      [['calc', '--db', '--as-of', '2025-02-30'], '--as-of 2025-02-30：不是有效日期', '--as-of 2025-02-30: not a date'],
      [['import', 'nothing', 'x.xlsx'], '没有“nothing”这种表', 'expected one of: communities'],
      [['import', 'roster', join('/nonexistent', 'x.xlsx')], '不存在', 'no such file'],
      [['calc', '--db', '--set', 'T.nothing=1'], '没有这个参数', 'unknown parameter'],
      [['calc', '--db', '--frob'], '未知选项 --frob', 'unknown option --frob'],
      [['roster', 'request', '--compound', 'X'], '用法：jiangbu roster request', 'usage: jiangbu roster request'],
    ];
    for (const [args, zhText, enText] of cases) {
      const a = await r.cli(...args);
      assert.equal(a.status, 2, args.join(' '));
      assert.ok(a.stderr.includes(zhText), `${args.join(' ')}: ${a.stderr}`);
      const b = await r.cli(...args, '--lang', 'en');
      assert.ok(b.stderr.includes(enText), `${args.join(' ')} --lang en: ${b.stderr}`);
      assert.ok(
        !/[\u4e00-\u9fff]/.test(b.stderr.replace(/“nothing”|\/nonexistent/g, '')),
        `${args.join(' ')} --lang en is English: ${b.stderr}`,
      );
    }
  });

  test('the lines export names compounds, communities and companies, says what is missing in words, and totals', async () => {
    const file = join(r.work, 'lines.xlsx');
    const out = await r.cli('export', 'lines', file, '--as-of', '2026-03-31');
    assert.equal(out.status, 0, out.stderr);
    const [head, ...rows] = await sheetRows(file, '奖补测算 2026-03-31');
    assert.deepEqual(head?.slice(0, 7), ['项目', '对象编号', '社区', '小区', '物业企业', '半年期', '状态']);
    const t = rows.find((x) => x[0] === '企业承接奖补');
    assert.ok(t && String(t[2]).endsWith('社区') && String(t[4]).includes('物业'), JSON.stringify(t));
    const missing = rows.map((x) => String(x[13] ?? '')).filter(Boolean);
    assert.ok(missing.length > 0);
    assert.ok(
      missing.every((m) => !/periods\[|rectifications\[|assessmentScore/.test(m)),
      missing.join(' | '),
    );
    const totals = rows.filter((x) => String(x[0]).startsWith('合计'));
    assert.deepEqual(
      totals.map((x) => x[0]),
      ['合计：企业承接奖补（可发放/核定）', '合计：业委会一次性补助（可发放/核定）', '合计：设施改造补贴（可发放/核定）'],
    );
    const calc = JSON.parse((await r.cli('calc', '--db', '--as-of', '2026-03-31')).stdout);
    assert.deepEqual(
      totals.map((x) => Number(x[10]).toFixed(2)),
      [calc.totals.T, calc.totals.W, calc.totals.F],
    );
    const about = await sheetRows(file, '说明');
    assert.ok(about.some((x) => x[0] === '参数指纹 paramsHash' && x[1] === calc.policy.paramsHash));
    assert.ok(about.some((x) => x[0] === '程序版本' && /^\d+\.\d+\.\d+/.test(String(x[1]))));
  });

  test('the compounds export: 已有物业 follows the engagements on the day asked; kinds in words', async () => {
    const file = join(r.work, 'compounds.xlsx');
    assert.equal((await r.cli('export', 'compounds', file, '--as-of', '2023-06-30')).status, 0);
    const [head, ...before] = await sheetRows(file, '小区');
    const managed = (head as unknown[]).findIndex((h) => String(h).startsWith('已有物业'));
    const onRoster = (head as unknown[]).indexOf('在2023年底名单');
    // before 2024 no roster compound had a company
    assert.ok(before.filter((x) => x[onRoster] === '是').every((x) => x[managed] === '否'));
    assert.equal((await r.cli('export', 'compounds', file, '--as-of', '2025-06-30')).status, 0);
    const [, ...later] = await sheetRows(file, '小区');
    assert.ok(later.filter((x) => x[onRoster] === '是').some((x) => x[managed] === '是'));
    assert.ok(later.every((x) => x[4] === '小区' || x[4] === '零散楼栋'));
  });

  test('every change and export is in the audit trail, and the chain holds', async () => {
    const v = await r.cli('audit', 'verify');
    assert.equal(v.status, 0, v.stdout);
    assert.match(v.stdout, /^审计日志完好：已校验 \d+ 条\n$/);
    // retention: nothing younger than 184 days; the date is checked; the chain holds after a purge
    const young = await r.cli('audit', 'purge', '--before', '2026-11-01');
    assert.equal(young.status, 2);
    assert.match(young.stderr, /至少保留 184 天：--before 最晚为 \d{4}-\d{2}-\d{2}/);
    assert.equal((await r.cli('audit', 'purge')).status, 2);
    assert.equal((await r.cli('audit', 'purge', '--before', '2020-13-01')).status, 2);
    const old = await r.cli('audit', 'purge', '--before', '2020-01-01', '--lang', 'en');
    assert.deepEqual([old.status, old.stdout], [0, 'purged 0 audit events before 2020-01-01\n']);
    assert.equal((await r.cli('audit', 'verify')).status, 0);
  });
});
