/**
 * Money over HTTP on the demo city: budgets as finance (every row) and as a community (its own quota
 * rows only); a settlement; approval with the password again; the bank file (xlsx); the 拨付审批表
 * (html, the total in 大写); the bank's answer uploaded as multipart — all lines paid, the batch settled.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { demoOrganisations } from '../registry/demo-accounts.ts';
import { seedRegistry } from '../service/seed.ts';
import { as } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { multipart, type Signed, signIn, TEST_PASSWORD } from './testing.ts';

describeDb('money over HTTP', (ctx, it) => {
  const now = () => new Date('2026-03-10T02:00:00Z');

  it('budgets, a batch, its approval, bank file, form and bank result', async () => {
    const { db } = ctx.database;
    await seedRegistry(as(db), { kind: 'demo' }, { force: true });
    const app: FastifyInstance = await buildApp({ database: ctx.database, now });
    try {
      const finance = await signIn(app, db, 'finance');
      const communityCode = demoOrganisations().community;
      const community = await signIn(app, db, 'community', { scope: communityCode });
      const call = async (who: Signed, method: 'GET' | 'POST', url: string, payload?: object) => {
        const res = await app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
        return { status: res.statusCode, body: res.body, headers: res.headers, raw: res.rawPayload };
      };

      // budgets: finance sees every programme and every community's quota; a community its own quota only
      const all = await call(finance, 'GET', '/api/budgets?year=2026');
      assert.equal(all.status, 200, all.body);
      const items = JSON.parse(all.body).items as { programme: string; community: { code: string } | null }[];
      assert.deepEqual(
        items.filter((i) => i.community === null).map((i) => i.programme),
        ['F', 'T', 'W'],
      );
      assert.ok(new Set(items.filter((i) => i.community).map((i) => i.community?.code)).size > 1);
      const mine = await call(community, 'GET', '/api/budgets');
      assert.equal(mine.status, 200, mine.body);
      const mineItems = JSON.parse(mine.body).items as { programme: string; community: { code: string } | null }[];
      assert.ok(mineItems.length > 0);
      assert.ok(
        mineItems.every((i) => i.programme === 'F' && i.community?.code === communityCode),
        mine.body,
      );
      assert.equal((await call(community, 'POST', '/api/batches', { programme: 'T', period: '2025H1' })).status, 403);

      // settle, approve (wrong password, then right), then the files
      const made = await call(finance, 'POST', '/api/batches', { programme: 'T', period: '2025H1', asOf: '2026-03-10' });
      assert.equal(made.status, 201, made.body);
      const batch = JSON.parse(made.body) as { batch: string; total: string; lines: { amount: string }[] };
      assert.equal(batch.batch, 'PB-2025H1-T-001');
      assert.ok(batch.lines.length > 0);
      const explained = await call(finance, 'GET', `/api/batches/${batch.batch}/lines/1/explanation`);
      assert.equal(explained.status, 200, explained.body);
      assert.deepEqual([JSON.parse(explained.body).rebuiltMatches, JSON.parse(explained.body).amount], [true, batch.lines[0]?.amount]);
      const page = JSON.parse((await call(finance, 'GET', `/api/batches/${batch.batch}?offset=1&limit=1`)).body);
      assert.deepEqual([page.lines.length, page.lines[0]?.seq], [1, 2]);
      assert.equal((await call(finance, 'GET', `/api/batches/${batch.batch}?limit=100000`)).status, 400);
      const none = await call(finance, 'POST', '/api/batches', { programme: 'T', period: '2025H1', asOf: '2026-03-10' });
      assert.deepEqual([none.status, JSON.parse(none.body).batch], [200, null]);
      assert.equal((await call(finance, 'GET', `/api/batches/${batch.batch}/bank-file`)).status, 409);
      const wrong = await call(finance, 'POST', `/api/batches/${batch.batch}/approve`, { password: 'not-my-password' });
      assert.deepEqual([wrong.status, JSON.parse(wrong.body).code], [403, 'batch.password']);
      const approved = await call(finance, 'POST', `/api/batches/${batch.batch}/approve`, { password: TEST_PASSWORD });
      assert.equal(approved.status, 200, approved.body);
      assert.equal(JSON.parse(approved.body).state, 'approved');

      const file = await call(finance, 'GET', `/api/batches/${batch.batch}/bank-file`);
      assert.equal(file.status, 200, file.body);
      assert.equal(file.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(file.raw.subarray(0, 2).toString(), 'PK');

      const form = await call(finance, 'GET', `/api/batches/${batch.batch}/form`);
      assert.equal(form.status, 200);
      assert.match(String(form.headers['content-type']), /^text\/html/);
      assert.match(form.body, /大写/);
      assert.ok(form.body.includes(batch.batch));

      // the bank's answer: the same sheet with 成功 in every line's result
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      assert.ok(ws);
      let lines = 0;
      ws.eachRow((row, n) => {
        if (n === 1) return;
        row.getCell(8).value = '成功';
        lines++;
      });
      assert.equal(lines, batch.lines.length);
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
      const m = multipart('result.xlsx', bytes);
      const res = await app.inject({
        method: 'POST',
        url: `/api/batches/${batch.batch}/bank-result`,
        headers: { ...finance.headers, ...m.headers },
        payload: m.payload,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { paid: lines, failed: 0, returned: 0, unchanged: 0, problems: [], settled: true });
      const after = await call(finance, 'GET', `/api/batches/${batch.batch}`);
      assert.equal(JSON.parse(after.body).state, 'settled');
      const paid = JSON.parse((await call(finance, 'GET', '/api/budgets?year=2025')).body).items.find(
        (i: { programme: string; community: unknown }) => i.programme === 'T' && i.community === null,
      );
      assert.equal(paid.paid, batch.total);
      // the same answer again (imported twice): every line has this result already, nothing changes
      const again = await app.inject({
        method: 'POST',
        url: `/api/batches/${batch.batch}/bank-result`,
        headers: { ...finance.headers, ...m.headers },
        payload: m.payload,
      });
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(again.json(), { paid: 0, failed: 0, returned: 0, unchanged: lines, problems: [], settled: true });
      const still = JSON.parse((await call(finance, 'GET', '/api/budgets?year=2025')).body).items.find(
        (i: { programme: string; community: unknown }) => i.programme === 'T' && i.community === null,
      );
      assert.deepEqual(still, paid);
    } finally {
      await app.close();
    }
  });
});
