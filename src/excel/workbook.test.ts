/**
 * Reading workbooks that are not what they should be: every malformed file is one UserError naming
 * the file, in zh-CN and English — never a stack, never an unhandled stream error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UserError } from '../lib/errors.ts';
import ExcelJS from './exceljs.ts';
import { SHEETS, type Sheet } from './sheets.ts';
import { DEFAULT_MAX_UNZIPPED_BYTES, type HeaderProblem, type ReadOptions, readSheet } from './workbook.ts';
import { sheetXml, workbookParts, zipOf } from './zip-testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiangbu-workbook-'));
/** A file named `name` (each in a directory of its own: messages name the file). */
const file = (name: string, bytes: Uint8Array): string => {
  const path = join(mkdtempSync(join(dir, 'f')), name);
  writeFileSync(path, bytes);
  return path;
};

const ROSTER = SHEETS.roster;
const HEADERS = ROSTER.columns.map((c) => c.header);
const ROW = ['恒远街道', '北苑社区', '滨河小区', '小区', null, 12000, 150, 120, '一类'];

/** An .xlsx written by exceljs with the given sheets, each a list of rows. */
async function xlsx(name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [title, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(title);
    for (const r of rows) ws.addRow(r);
  }
  return file(name, new Uint8Array(await wb.xlsx.writeBuffer()));
}

async function read(path: string, sheet: Sheet = ROSTER, options?: ReadOptions) {
  const headers: HeaderProblem[] = [];
  const rows: unknown[][] = [];
  for await (const r of readSheet(path, sheet, (p) => headers.push(...p), undefined, options))
    rows.push(sheet.columns.map((c) => r.raw[c.key] ?? null));
  return { headers, rows };
}

/** The UserError reading `path` throws: its code, reason and both texts. */
async function refusal(path: string, options?: ReadOptions, sheet: Sheet = ROSTER) {
  try {
    await read(path, sheet, options);
  } catch (e) {
    assert.ok(e instanceof UserError, `not a UserError: ${(e as Error).stack}`);
    return { code: e.code, status: e.status, reason: e.details?.reason, zh: e.text.zh, en: e.text.en };
  }
  assert.fail(`${path} was read without a problem`);
}

// Stream errors that escaped would surface here (and fail the file's tests) instead of as results.
const escaped: unknown[] = [];
const onEscape = (e: unknown) => escaped.push(e);
before(() => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
after(async () => {
  await new Promise((r) => setImmediate(r));
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  assert.deepEqual(escaped, []);
});

test('a 0-byte file', async () => {
  const r = await refusal(file('empty.xlsx', new Uint8Array()));
  assert.deepEqual(r, {
    code: 'excel.malformed',
    status: 400,
    reason: 'empty',
    zh: '「empty.xlsx」是空文件（0 字节），不是 Excel 工作簿：请重新保存或上传 .xlsx 文件',
    en: '"empty.xlsx" is empty (0 bytes), not an Excel workbook: save or upload the .xlsx file again',
  });
});

test('a truncated workbook, cut anywhere: one message, no stream error escapes', async () => {
  const whole = readFileSync(await xlsx('whole.xlsx', { [ROSTER.title]: [HEADERS, ...Array.from({ length: 300 }, () => ROW)] }));
  const step = Math.ceil(whole.length / 40);
  for (let cut = 1; cut < whole.length; cut += step) {
    const r = await refusal(file(`cut-${cut}.xlsx`, whole.subarray(0, cut)));
    assert.deepEqual([r.code, r.reason], ['excel.malformed', 'truncated'], `cut at ${cut}`);
    assert.match(r.zh, /^「cut-\d+\.xlsx」不完整（文件被截断/);
    assert.match(r.en, /^"cut-\d+\.xlsx" is incomplete \(the file is truncated/);
  }
  assert.deepEqual(escaped, []);
});

test('a zip that is not a workbook is refused, not read as 0 rows', async () => {
  const r = await refusal(file('notes.xlsx', zipOf([{ name: 'notes.txt', data: 'hello' }])));
  assert.deepEqual(
    [r.reason, r.zh, r.en],
    [
      'not-workbook',
      '「notes.xlsx」是压缩包，但不是 Excel 工作簿（.xlsx）：请在 Excel 中打开原表格并另存为 .xlsx',
      '"notes.xlsx" is a compressed archive but not an Excel workbook (.xlsx): open the spreadsheet in Excel and save it as .xlsx',
    ],
  );
  // a Word document is a zip too
  assert.equal((await refusal(file('letter.docx', zipOf([{ name: 'word/document.xml', data: '<w:document/>' }])))).reason, 'not-workbook');
});

test('random bytes, and an old .xls', async () => {
  const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256);
  const r = await refusal(file('random.xlsx', random));
  assert.deepEqual(
    [r.reason, r.zh, r.en],
    [
      'not-xlsx',
      '「random.xlsx」不是 Excel 工作簿（.xlsx）：请在 Excel 中打开并另存为 .xlsx',
      '"random.xlsx" is not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx',
    ],
  );
  const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...random.subarray(0, 1000)]);
  const xls = await refusal(file('old.xls', ole));
  assert.deepEqual([xls.reason, xls.zh], ['xls', '「old.xls」是旧版 Excel（.xls）文件或设有密码：请在 Excel 中另存为 .xlsx（不设密码）']);
});

test('a zip bomb: the unzipped bytes are counted as they stream, up to a limit', async () => {
  assert.equal(DEFAULT_MAX_UNZIPPED_BYTES, 200 * 1024 * 1024);
  const big = await xlsx('big.xlsx', { [ROSTER.title]: [HEADERS, ...Array.from({ length: 500 }, () => ROW)] });
  assert.equal((await read(big)).rows.length, 500);
  const r = await refusal(big, { maxUnzippedBytes: 64 * 1024 });
  assert.deepEqual(
    [r.code, r.reason, r.zh, r.en],
    [
      'excel.malformed',
      'too-large',
      '「big.xlsx」解压后超过 64 KiB 的上限（可能是压缩炸弹，或表格过大）：请检查文件，或拆分为多个文件分别导入',
      '"big.xlsx" unzips to more than the limit of 64 KiB (a zip bomb, or a very large sheet): check the file, or split it into several files',
    ],
  );
  // headers that understate the sizes change nothing: the bytes themselves are counted
  const padding = `<!--${' '.repeat(4 * 1024 * 1024)}-->`;
  const parts = workbookParts([{ name: ROSTER.title, xml: sheetXml([HEADERS, ROW]).replace('<sheetData>', `${padding}<sheetData>`) }]);
  const bomb = file('bomb.xlsx', zipOf(parts.map((p) => ({ ...p, declaredSize: 100 }))));
  assert.equal((await refusal(bomb, { maxUnzippedBytes: 1024 * 1024 })).reason, 'too-large');
  assert.ok(readFileSync(bomb).length < 64 * 1024); // 4 MiB of spaces deflate to a few KiB
});

test('a damaged entry or broken XML is one message', async () => {
  const parts = workbookParts([{ name: ROSTER.title, xml: sheetXml([HEADERS, ROW]) }]);
  const good = zipOf(parts);
  const sheetAt = good.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
  const damaged = Buffer.from(good);
  for (let i = sheetAt; i < sheetAt + 40; i++) damaged[i] = 0xff; // the deflated data of the sheet
  const r = await refusal(file('damaged.xlsx', damaged));
  assert.deepEqual(
    [r.reason, r.zh, r.en],
    [
      'damaged',
      '「damaged.xlsx」已损坏，无法读取：请在 Excel 中打开并重新保存，或重新获取原文件',
      '"damaged.xlsx" is damaged and cannot be read: open it in Excel and save it again, or get the original file again',
    ],
  );
  const broken = workbookParts([{ name: ROSTER.title, xml: '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>街道' }]);
  assert.equal((await refusal(file('broken.xlsx', zipOf(broken)))).reason, 'damaged');
  assert.deepEqual(escaped, []);
});

test('a workbook written by hand: stored or deflated entries, the workbook part first or last', async () => {
  for (const workbookLast of [false, true])
    for (const method of ['store', 'deflate'] as const) {
      const parts = workbookParts(
        [{ name: ROSTER.title, xml: sheetXml([HEADERS, ['恒远街道', '北苑社区', '滨河小区', '小区', null, 12000, 150]]) }],
        {
          workbookLast,
        },
      );
      const { headers, rows } = await read(file('hand.xlsx', zipOf(parts.map((p) => ({ ...p, method })))));
      assert.deepEqual(headers, []);
      assert.deepEqual(rows, [['恒远街道', '北苑社区', '滨河小区', '小区', null, 12000, 150, null, null]]);
    }
});

test('an instructions sheet first: the sheet is found by its title, else by its headers', async () => {
  const instructions = [['填表说明'], ['1. 每个小区填一行']];
  const byTitle = await xlsx('title.xlsx', { 填表说明: instructions, 其他: [HEADERS, ROW], [ROSTER.title]: [HEADERS, ROW, ROW] });
  assert.equal((await read(byTitle)).rows.length, 2);
  const byHeaders = await xlsx('headers.xlsx', { 填表说明: instructions, Sheet2: [['备注'], ['无']], 数据: [HEADERS, ROW] });
  assert.deepEqual((await read(byHeaders)).rows, [ROW]);
  const none = await refusal(await xlsx('none.xlsx', { 填表说明: instructions, Sheet2: [['街道', '社区']] }));
  assert.deepEqual(
    [none.reason, none.zh, none.en],
    [
      'no-sheet',
      '「none.xlsx」中没有「2023年底在册无物业小区名单」工作表：没有这个名称的工作表，也没有哪张工作表的第一行含有全部必填列（街道、社区、小区名称、类型、管理面积（㎡）、户数）。文件中的工作表：填表说明、Sheet2',
      '"none.xlsx" has no sheet "2023年底在册无物业小区名单": no sheet has that name, and no sheet\'s first row holds all the required columns (街道, 社区, 小区名称, 类型, 管理面积（㎡）, 户数). Sheets in the file: 填表说明, Sheet2',
    ],
  );
});

test('the sheet found by its title reports its missing columns, even when it is empty', async () => {
  const missing = await read(await xlsx('missing.xlsx', { [ROSTER.title]: [HEADERS.filter((h) => h !== '户数'), ROW.slice(0, 6)] }));
  assert.deepEqual(missing.headers, [{ column: '户数', message: '缺少必填列' }]);
  const empty = await read(await xlsx('blank.xlsx', { [ROSTER.title]: [] }));
  assert.deepEqual(
    empty.headers.map((h) => h.column),
    ['街道', '社区', '小区名称', '类型', '管理面积（㎡）', '户数'],
  );
});

test('headers match whatever the width of their brackets and spaces', async () => {
  const typed = HEADERS.map((h) => h.replace('（', '(').replace('）', ')').replace('小区名称', '小区 名称'));
  const { headers, rows } = await read(await xlsx('typed.xlsx', { data: [typed, ROW] }));
  assert.deepEqual([headers, rows], [[], [ROW]]);
});

test('the file is named as the caller says (an upload keeps its own name)', async () => {
  const r = await refusal(file('tmp-upload', new Uint8Array()), { name: '名单.xlsx' });
  assert.match(r.zh, /^「名单\.xlsx」是空文件/);
});

test('the unzip limit is a setting: JIANGBU_MAX_UNZIPPED_MB', async () => {
  const big = await xlsx('setting.xlsx', { [ROSTER.title]: [HEADERS, ...Array.from({ length: 500 }, () => ROW)] });
  const before = process.env.JIANGBU_MAX_UNZIPPED_MB;
  try {
    process.env.JIANGBU_MAX_UNZIPPED_MB = '0.0625';
    const r = await refusal(big);
    assert.deepEqual([r.reason, r.en.includes('64 KiB')], ['too-large', true]);
    process.env.JIANGBU_MAX_UNZIPPED_MB = 'abc';
    await assert.rejects(read(big), (e) => e instanceof UserError && e.code === 'config.invalid');
  } finally {
    if (before === undefined) delete process.env.JIANGBU_MAX_UNZIPPED_MB;
    else process.env.JIANGBU_MAX_UNZIPPED_MB = before;
  }
  assert.equal((await read(big)).rows.length, 500);
});
