/**
 * The budget sheet over HTTP, as the finance bureau's clerk uses it: download the template, fill it,
 * upload it (a row-level report; 422 and nothing written when a row is wrong), download the budgets,
 * upload them again unchanged. Only finance uploads; the bureau reads; a community neither.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import ExcelJS from '../excel/exceljs.ts';
import { SHEETS } from '../excel/sheets.ts';
import { compound, scenario } from '../rules/scenario/fixtures.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { multipart, type Signed, signIn } from './testing.ts';

describeDb('the budget sheet over HTTP', (ctx, it) => {
  it('template → filled → imported; a wrong row refused whole; exported and imported again unchanged', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'X1' })] }), { budget: false });
    const app: FastifyInstance = await buildApp({ database: ctx.database, now: () => new Date('2026-03-10T02:00:00Z') });
    try {
      const finance = await signIn(app, db, 'finance');
      const bureau = await signIn(app, db, 'bureau');
      const community = await signIn(app, db, 'community', { scope: 'C1' });
      const get = (who: Signed, url: string) => app.inject({ method: 'GET', url, headers: who.headers });
      const upload = (who: Signed, name: string, bytes: Uint8Array) => {
        const m = multipart(name, bytes);
        return app.inject({ method: 'POST', url: '/api/budgets/import', payload: m.payload, headers: { ...who.headers, ...m.headers } });
      };

      const template = await get(finance, '/api/budgets/template');
      assert.equal(template.statusCode, 200, template.body);
      assert.equal(template.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(String(template.headers['content-disposition']), /^attachment; filename\*=UTF-8''/);
      assert.equal((await get(community, '/api/budgets/template')).statusCode, 403);

      // the clerk fills the template under its notes row
      const fill = async (rows: unknown[][]) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
        const ws = wb.getWorksheet(SHEETS.budgets.title);
        assert.ok(ws);
        assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['年度', '项目', '预算金额（元）', '备注']);
        for (const r of rows) ws.addRow(r);
        return new Uint8Array(await wb.xlsx.writeBuffer());
      };
      const wrong = await upload(
        finance,
        '2025年预算.xlsx',
        await fill([
          [2025, 'T', 1500000],
          [2025, 'W', '60000.005'],
        ]),
      );
      assert.equal(wrong.statusCode, 422, wrong.body);
      assert.deepEqual(
        [wrong.json().applied, wrong.json().file, wrong.json().errors],
        [false, '2025年预算.xlsx', [{ row: 4, column: '预算金额（元）', value: '60000.005', message: '最多 2 位小数' }]],
      );
      assert.deepEqual((await get(finance, '/api/budgets?year=2025')).json().items, []);

      const good = await fill([
        [2025, 'T', 1500000, '二财预〔2025〕3号'],
        [2025, 'W', '60000'],
      ]);
      assert.equal((await upload(bureau, 'x.xlsx', good)).statusCode, 403);
      const done = await upload(finance, '../../etc/2025年预算.xlsx', good);
      assert.equal(done.statusCode, 200, done.body);
      assert.deepEqual([done.json().applied, done.json().created, done.json().file], [true, 2, '2025年预算.xlsx']);
      const figures = (await get(finance, '/api/budgets?year=2025')).json().items as { programme: string; appropriated: string }[];
      assert.deepEqual(
        figures.map((f) => [f.programme, f.appropriated]),
        [
          ['T', '1500000.00'],
          ['W', '60000.00'],
        ],
      );

      // the bureau downloads the budgets; finance uploads that very file: nothing changes
      const exported = await get(bureau, '/api/budgets/export?year=2025');
      assert.equal(exported.statusCode, 200, exported.body);
      assert.equal((await get(community, '/api/budgets/export')).statusCode, 403);
      const again = await upload(finance, '年度预算2025.xlsx', new Uint8Array(exported.rawPayload));
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual([again.json().rows, again.json().unchanged, again.json().created, again.json().updated], [2, 2, 0, 0]);

      // not a workbook: one message naming the file as uploaded
      const pdf = await upload(finance, '预算.pdf', new TextEncoder().encode('%PDF-1.4 not a sheet'));
      assert.equal(pdf.statusCode, 400, pdf.body);
      assert.equal(pdf.json().code, 'excel.malformed');
      assert.match(pdf.json().message, /预算\.pdf/);
      // no file at all
      const none = await app.inject({
        method: 'POST',
        url: '/api/budgets/import',
        headers: { ...finance.headers, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x--\r\n',
      });
      assert.deepEqual([none.statusCode, none.json().code, none.json().field], [400, 'budget_import.missing', 'file']);
    } finally {
      await app.close();
    }
  });
});
