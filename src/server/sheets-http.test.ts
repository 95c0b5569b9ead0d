/**
 * The registry's sheets over HTTP, as the housing bureau's clerk and a community use them: templates,
 * imports (all or nothing, the row-level report), exports in the template's columns within the caller's
 * scope — and every export imported again changes nothing. The tests run in order on one registry.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import ExcelJS from '../excel/exceljs.ts';
import { SHEETS } from '../excel/sheets.ts';
import { MAX_ATTACHMENT_BYTES } from '../registry/attachments.ts';
import { SHEET_KINDS, type SheetKind } from '../service/sheets.ts';
import { buildApp } from './app.ts';
import { multipart, type Signed, signIn } from './testing.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HENGAN = '91350100M000100Y43';
const BEIJIANG = '91110000802100433B';
const NORTH = { 街道: '恒远街道', 社区: '北苑社区' };
const WEST = { 街道: '盛和街道', 社区: '新华社区' };

type Row = Record<string, unknown>;

/** A workbook's first sheet as rows of shown values (dates as YYYY-MM-DD). */
async function read(bytes: Buffer): Promise<{ title: string; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.ok(ws);
  const rows: string[][] = [];
  ws.eachRow((r) => {
    rows.push(
      (r.values as unknown[])
        .slice(1)
        .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v))),
    );
  });
  return { title: ws.name, rows };
}

describeDb('the registry sheets over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  let bureau: Signed;
  let finance: Signed;
  let community: Signed;
  after(() => (app as FastifyInstance | undefined)?.close());

  const get = (who: Signed, url: string) => app.inject({ method: 'GET', url, headers: who.headers });
  const upload = (who: Signed, kind: string, name: string, bytes: Uint8Array) => {
    const m = multipart(name, bytes);
    return app.inject({ method: 'POST', url: `/api/sheets/${kind}/import`, payload: m.payload, headers: { ...who.headers, ...m.headers } });
  };
  /** The template downloaded over HTTP, filled the way a clerk fills it: rows under the notes row, by header. */
  const fill = async (kind: SheetKind, rows: Row[]): Promise<Uint8Array> => {
    const template = await get(bureau, `/api/sheets/${kind}/template`);
    assert.equal(template.statusCode, 200, template.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SHEETS[kind].title);
    assert.ok(ws, kind);
    const headers = SHEETS[kind].columns.map((c) => c.header);
    for (const r of rows) {
      for (const k of Object.keys(r)) assert.ok(headers.includes(k), `${kind} has no column ${k}`);
      ws.addRow(headers.map((h) => r[h] ?? null));
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };
  const count = async (table: typeof t.engagements | typeof t.compounds | typeof t.companies) =>
    (await ctx.database.db.select().from(table)).length;

  it('setup: an app, the bureau and finance', async () => {
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-03-10T02:00:00Z') });
    bureau = await signIn(app, ctx.database.db, 'bureau');
    finance = await signIn(app, ctx.database.db, 'finance');
  });

  it('every kind’s template downloads and opens: its headers, then its notes; the bureau’s alone', async () => {
    for (const kind of SHEET_KINDS) {
      const res = await get(bureau, `/api/sheets/${kind}/template`);
      assert.equal(res.statusCode, 200, `${kind}: ${res.body}`);
      assert.equal(res.headers['content-type'], XLSX);
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename*=UTF-8''${encodeURIComponent(`${SHEETS[kind].title}模板.xlsx`)}`,
      );
      const { title, rows } = await read(res.rawPayload);
      assert.equal(title, SHEETS[kind].title.slice(0, 31));
      assert.deepEqual(rows, [SHEETS[kind].columns.map((c) => c.header), SHEETS[kind].columns.map((c) => c.note)], kind);
    }
    assert.equal((await get(finance, '/api/sheets/roster/template')).statusCode, 403);
    const budgets = await get(bureau, '/api/sheets/budgets/template');
    assert.equal(budgets.statusCode, 400, 'the budget sheet has routes of its own');
  });

  it('good files import, kind after kind; each answers its report', async () => {
    const steps: [SheetKind, Row[], number][] = [
      [
        'communities',
        [
          { ...NORTH, 社区编码: 'C1' },
          { ...WEST, 社区编码: 'C2' },
        ],
        2,
      ],
      ['prices', [{ 同类小区类别: '一类', '市场参考价格（元/㎡/月）': '1.20', 起始日期: '2024-01-01', 依据: '2024年调查' }], 1],
      [
        'roster',
        [
          {
            ...NORTH,
            小区名称: '滨河小区',
            类型: '小区',
            地址: '前进路1号',
            '管理面积（㎡）': 12000,
            户数: 150,
            入住户数: 120,
            同类小区类别: '一类',
          },
          { ...NORTH, 小区名称: '前进路12号楼', 类型: '零散楼栋', '管理面积（㎡）': '2345.67', 户数: 36 },
          { ...WEST, 小区名称: '友谊家园', 类型: '小区', '管理面积（㎡）': 8000.5, 户数: 100, 入住户数: 90 },
        ],
        3,
      ],
      [
        'companies',
        [
          {
            企业名称: '二连浩特市恒安物业服务有限公司',
            统一社会信用代码: HENGAN,
            开户银行: '中国农业银行',
            账户名称: '二连浩特市恒安物业服务有限公司',
            银行账号: '6228480000000000001',
            联系人: '王经理',
            联系电话: '13800001234',
          },
          { 企业名称: '二连浩特市北疆物业服务有限公司', 统一社会信用代码: BEIJIANG, 联系人: '赵经理', 联系电话: '13900005678' },
        ],
        2,
      ],
      [
        'engagements',
        [
          {
            ...NORTH,
            小区名称: '滨河小区',
            企业统一社会信用代码: HENGAN,
            进驻日期: '2024-03-15',
            物业服务合同签订日期: '2024-03-10',
            服务承诺书签订日期: '2024-03-10',
          },
          { ...WEST, 小区名称: '友谊家园', 企业统一社会信用代码: BEIJIANG, 进驻日期: '2024-05-01', 服务结束日期: '2025-04-30' },
        ],
        2,
      ],
      [
        'facts',
        [
          {
            ...NORTH,
            小区名称: '滨河小区',
            企业统一社会信用代码: HENGAN,
            进驻日期: '2024-03-15',
            半年期: '2024H2',
            协助成立或充实业委会: '是',
            完善设施并增加保洁维修: '是',
            提供基本保洁和基础维修: '是',
            '实际入住户应收物业费（元）': '180000.00',
            '实收物业费（元）': 126000,
            '收费标准（元/㎡/月）': '0.90',
            半年考核得分: '85.5',
          },
          {
            ...WEST,
            小区名称: '友谊家园',
            企业统一社会信用代码: BEIJIANG,
            进驻日期: '2024-05-01',
            半年期: '2024H2',
            协助成立或充实业委会: '否',
            完善设施并增加保洁维修: '否',
            提供基本保洁和基础维修: '是',
            '实际入住户应收物业费（元）': 90000,
            '实收物业费（元）': 45000,
            '收费标准（元/㎡/月）': 0.8,
            '同类小区市场价格（元/㎡/月）': '1.1',
          },
        ],
        2,
      ],
      [
        'committees',
        [
          {
            ...NORTH,
            小区名称: '滨河小区',
            设立日期: '2024-06-01',
            备案号: '恒备2024-1',
            补助资金保管人: '李四',
            保管账户名称: '滨河小区业主委员会',
            保管账号: '6217000000000000011',
            与物业企业签订服务合同日期: '2024-07-01',
            合同正常运行: '是',
            住建局和社区审核通过: '否',
          },
          { ...WEST, 小区名称: '友谊家园', 设立日期: '2024-08-01', 合同正常运行: '否', 住建局和社区审核通过: '否' },
        ],
        2,
      ],
      [
        'facility',
        [
          {
            申请编号: 'F-2025-001',
            ...NORTH,
            小区名称: '滨河小区',
            申请日期: '2025-03-01',
            验收日期: '2025-02-20',
            改造类别: '消除安全隐患',
            改造内容: '更换消防管线',
            '实际投入（元）': 50000,
            '其中居民出资（元）': 20000,
            '其中企业出资（元）': 30000,
            物业费收缴率: '65%',
            收费标准与市场价格之比: 0.75,
          },
          {
            申请编号: 'F-2025-002',
            ...WEST,
            小区名称: '友谊家园',
            申请日期: '2025-04-01',
            验收日期: '2025-03-20',
            改造类别: '公共卫生',
            '实际投入（元）': '12000.50',
            物业费收缴率: 0.5,
            收费标准与市场价格之比: '0.6',
          },
        ],
        2,
      ],
    ];
    for (const [kind, rows, created] of steps) {
      const res = await upload(bureau, kind, `${SHEETS[kind].title}.xlsx`, await fill(kind, rows));
      assert.equal(res.statusCode, 200, `${kind}: ${res.body}`);
      const body = res.json();
      assert.deepEqual(
        [body.kind, body.applied, body.rows, body.created, body.errors, body.file],
        [kind, true, rows.length, created, [], `${SHEETS[kind].title}.xlsx`],
        kind,
      );
      assert.match(body.summary.zh, /^导入完成/);
      assert.match(body.summary.en, /^imported/);
    }
    // the import is audited as the service writes it: the clerk, the file, its counts
    const [event] = await ctx.database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'import.roster'));
    assert.ok(event);
    const detail = event.detail as { file: string; created: number };
    assert.deepEqual(
      [event.objectType, event.username, detail.file, detail.created],
      ['file', bureau.username, '2023年底在册无物业小区名单.xlsx', 3],
    );
    community = await signIn(app, ctx.database.db, 'community', { scope: 'C1' });
  });

  it('a file with a typo in a code, a bad date and an unknown community is refused whole, naming each row; nothing is written', async () => {
    const before = await count(t.engagements);
    const bytes = await fill('engagements', [
      { ...NORTH, 小区名称: '前进路12号楼', 企业统一社会信用代码: BEIJIANG, 进驻日期: '2025-01-01' },
      { ...NORTH, 小区名称: '前进路12号楼', 企业统一社会信用代码: '91110000802100433C', 进驻日期: '2025-01-01' },
      { ...WEST, 小区名称: '友谊家园', 企业统一社会信用代码: HENGAN, 进驻日期: '2025-02-30' },
      { 街道: '恒远街道', 社区: '北院社区', 小区名称: '滨河小区', 企业统一社会信用代码: HENGAN, 进驻日期: '2025-06-01' },
    ]);
    const res = await upload(bureau, 'engagements', '承接.xlsx', bytes);
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json();
    assert.deepEqual([body.applied, body.rows, body.created, body.updated], [false, 4, 0, 0]);
    assert.deepEqual(
      body.errors.map((e: { row: number; column: string; value: string; message: string }) => [e.row, e.column, e.value, e.message]),
      [
        [4, '企业统一社会信用代码', '91110000802100433C', '统一社会信用代码校验位不正确'],
        [5, '进驻日期', '2025-02-30', '不是有效日期'],
        [6, '社区', '北院社区', '恒远街道下没有“北院社区”社区；是否为：北苑社区？（社区须先登记：jiangbu import communities）'],
      ],
    );
    assert.match(body.summary.zh, /^导入未执行：发现 3 处阻断性错误，登记数据未作任何改动/);
    assert.match(body.summary.en, /^not imported: 3 blocking errors, the registry is unchanged/);
    assert.equal(await count(t.engagements), before, 'the good row was not written either');
  });

  it('an upload that is no workbook by its bytes is refused naming `file`; a workbook under any name is read', async () => {
    const pdf = await upload(bureau, 'roster', '名单.xlsx', new TextEncoder().encode('%PDF-1.4 这不是表格'));
    assert.equal(pdf.statusCode, 400, pdf.body);
    assert.deepEqual([pdf.json().code, pdf.json().field, pdf.json().reason], ['excel.malformed', 'file', 'not-xlsx']);
    assert.match(pdf.json().message, /^「名单\.xlsx」不是 Excel 工作簿/);
    const named = await upload(
      bureau,
      'prices',
      'prices.pdf',
      await fill('prices', [{ 同类小区类别: '一类', '市场参考价格（元/㎡/月）': 1.2, 起始日期: '2024-01-01' }]),
    );
    assert.equal(named.statusCode, 200, named.body);
    assert.deepEqual([named.json().unchanged, named.json().file], [1, 'prices.pdf']);
    const none = await app.inject({
      method: 'POST',
      url: '/api/sheets/roster/import',
      headers: { ...bureau.headers, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\ncontent-disposition: form-data; name="note"\r\n\r\nhello\r\n--x--\r\n',
    });
    assert.equal(none.statusCode, 400, none.body);
    assert.deepEqual([none.json().code, none.json().field], ['sheet_import.missing', 'file']);
  });

  it('an upload over the size limit is refused (413) and writes nothing', async () => {
    const before = await count(t.compounds);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const res = await upload(bureau, 'roster', 'big.xlsx', big);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().code, 'attachment.too_large');
    assert.equal(await count(t.compounds), before);
  });

  it('a community imports nothing; its exports hold its own community’s rows only, personal data masked', async () => {
    const good = await fill('roster', [{ ...WEST, 小区名称: '友谊家园', 类型: '小区', '管理面积（㎡）': 8000.5, 户数: 100, 入住户数: 90 }]);
    const refused = await upload(community, 'roster', 'roster.xlsx', good);
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().code, 'auth.forbidden');
    assert.equal((await upload(finance, 'roster', 'roster.xlsx', good)).statusCode, 403);

    const rowsOf = async (kind: SheetKind) => {
      const res = await get(community, `/api/sheets/${kind}/export`);
      assert.equal(res.statusCode, 200, `${kind}: ${res.body}`);
      const { rows } = await read(res.rawPayload);
      assert.deepEqual(
        rows[0],
        SHEETS[kind].columns.map((c) => c.header),
        kind,
      );
      return rows.slice(1);
    };
    assert.deepEqual(await rowsOf('communities'), [['恒远街道', '北苑社区', 'C1']]);
    assert.deepEqual(
      (await rowsOf('roster')).map((r) => r.slice(0, 3)),
      [
        ['恒远街道', '北苑社区', '滨河小区'],
        ['恒远街道', '北苑社区', '前进路12号楼'],
      ],
    );
    // the companies serving its compounds: the phone and the contact's name masked, the account but its last 4
    assert.deepEqual(await rowsOf('companies'), [
      [
        '二连浩特市恒安物业服务有限公司',
        HENGAN,
        '中国农业银行',
        '二连浩特市恒安物业服务有限公司',
        '***************0001',
        '王**',
        '138****1234',
      ],
    ]);
    assert.deepEqual(
      (await rowsOf('engagements')).map((r) => [r[2], r[3]]),
      [['滨河小区', HENGAN]],
    );
    assert.deepEqual(
      (await rowsOf('facts')).map((r) => [r[2], r[5]]),
      [['滨河小区', '2024H2']],
    );
    const committees = await rowsOf('committees');
    assert.deepEqual(
      committees.map((r) => [r[2], r[5], r[7]]),
      [['滨河小区', '李*', '***************0011']],
    );
    assert.deepEqual(
      (await rowsOf('facility')).map((r) => r[0]),
      ['F-2025-001'],
    );
    assert.equal((await rowsOf('prices')).length, 1, 'the reference prices are the city’s');
  });

  it('every sheet the bureau exports imports again unchanged: nothing created, updated or changed', async () => {
    for (const kind of SHEET_KINDS) {
      const res = await get(bureau, `/api/sheets/${kind}/export`);
      assert.equal(res.statusCode, 200, `${kind}: ${res.body}`);
      assert.equal(res.headers['content-type'], XLSX);
      const { rows } = await read(res.rawPayload);
      assert.deepEqual(
        rows[0],
        SHEETS[kind].columns.map((c) => c.header),
        kind,
      );
      const n = kind === 'prices' ? 1 : kind === 'roster' ? 3 : 2;
      assert.equal(rows.length - 1, n, kind);
      const again = await upload(bureau, kind, `${kind}.xlsx`, res.rawPayload);
      assert.equal(again.statusCode, 200, `${kind}: ${again.body}`);
      const body = again.json();
      assert.deepEqual(
        [body.applied, body.rows, body.created, body.updated, body.unchanged, body.errors, body.changes],
        [true, n, 0, 0, n, [], []],
        `${kind}: ${again.body}`,
      );
    }
    // the bureau sees the accounts in clear, the phones masked all the same — and those masks kept what is stored
    const companies = await read((await get(bureau, '/api/sheets/companies/export')).rawPayload);
    assert.deepEqual(companies.rows[1]?.slice(4), ['6228480000000000001', '王经理', '138****1234']);
    const [hengan] = await ctx.database.db.select().from(t.companies).where(eq(t.companies.uscc, HENGAN));
    assert.deepEqual([hengan?.contactPhone, hengan?.contactName], ['13800001234', '王经理']);
    const exports = await ctx.database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'export.sheet.companies'));
    assert.ok(exports.some((e) => e.username === community.username && (e.detail as { rows: number }).rows === 1));
    assert.ok(exports.some((e) => e.username === bureau.username && (e.detail as { rows: number }).rows === 2));
  });
});
