/** The report routes on both databases: JSON, the xlsx export and its audit event, the scope, refusals. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../../db/testing.ts';
import ExcelJS from '../../excel/exceljs.ts';
import { seedTwoCities, TODAY } from '../../service/read/testing.ts';
import { addClaims, addSurvey } from '../../service/reports/testing.ts';
import { buildApp } from '../app.ts';
import { type Signed, signIn } from '../testing.ts';

describeDb('GET /api/reports/*', (ctx, it) => {
  let app: FastifyInstance;
  let bureau: Signed;
  let community: Signed;
  let auditor: Signed;
  after(() => (app as FastifyInstance | undefined)?.close());
  const get = (who: Signed, url: string) => app.inject({ method: 'GET', url, headers: who.headers });

  it('setup: the two-community city with claims and a survey', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    await addClaims(db, [
      { programme: 'T', year: 2025, compound: 'X1', payeeType: 'company', payeeCode: 'P1', fen: 1_000_00n, state: 'paid' },
      { programme: 'T', year: 2025, compound: 'X2', payeeType: 'company', payeeCode: 'P2', fen: 250_50n, state: 'reserved' },
    ]);
    await addSurvey(db, 'X2', '2026H1', '2026-06-01', [1, 4]);
    app = await buildApp({ database: ctx.database, now: () => TODAY, auth: { loginPerMinute: 1000 } });
    bureau = await signIn(app, db, 'bureau');
    community = await signIn(app, db, 'community', { scope: 'C1' });
    auditor = await signIn(app, db, 'auditor');
  });

  it('JSON: the city for the bureau, its community for a community account', async () => {
    const city = await get(bureau, '/api/reports/funds?year=2025');
    assert.equal(city.statusCode, 200, city.body);
    assert.deepEqual(
      city.json().rows.map((x: { payeeCode: string; paid: string; reserved: string }) => [x.payeeCode, x.reserved, x.paid]),
      [
        ['P1', '0.00', '1000.00'],
        ['P2', '250.50', '0.00'],
      ],
    );
    const own = (await get(community, '/api/reports/funds?year=2025')).json();
    assert.deepEqual([own.community, own.rows.length, own.totals.at(-1).paid, own.totals.at(-1).appropriated], ['C1', 1, '1000.00', null]);

    const coverage = (await get(auditor, '/api/reports/coverage')).json();
    assert.deepEqual([coverage.asOf, coverage.goal.by, coverage.points.at(-1).total.percent], ['2025-06-01', '2025-12-31', '50.00']);
    const ownCoverage = (await get(community, '/api/reports/coverage?asOf=2025-06-01')).json();
    assert.deepEqual(
      ownCoverage.points.at(-1).communities.map((c: { code: string }) => c.code),
      ['C1'],
    );

    const satisfaction = (await get(bureau, '/api/reports/satisfaction')).json();
    assert.deepEqual([satisfaction.year, satisfaction.total], [2026, { part: 1, whole: 2, percent: '50.00', met: false }]);
    const ownSatisfaction = (await get(community, '/api/reports/satisfaction')).json();
    assert.deepEqual([ownSatisfaction.total, ownSatisfaction.compounds], [{ part: 0, whole: 0, percent: null, met: null }, []]);
  });

  it('format=xlsx: a workbook to download, and the export in the audit trail', async () => {
    const res = await get(community, '/api/reports/funds?year=2025&format=xlsx');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(res.headers['content-disposition'], `attachment; filename*=UTF-8''${encodeURIComponent('奖补资金报表-2025-C1.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['资金明细', '资金合计', '资金（分半年）', '说明'],
    );
    const detail = wb.getWorksheet('资金明细');
    assert.ok(detail);
    assert.deepEqual((detail.getRow(2).values as unknown[]).slice(1, 8), [2025, '企业承接奖补', 'C1', 'C1', '物业企业', 'P1', 'P1物业']);
    assert.equal(detail.rowCount, 2);

    const trail = (await get(auditor, '/api/audit?action=export.report.funds')).json();
    assert.equal(trail.total, 1);
    assert.deepEqual([trail.items[0].username, trail.items[0].objectId], [community.username, '奖补资金报表-2025-C1.xlsx']);

    for (const url of ['/api/reports/coverage?format=xlsx', '/api/reports/satisfaction?year=2026&format=xlsx']) {
      const x = await get(bureau, url);
      assert.equal(x.statusCode, 200, `${url}: ${x.body}`);
      assert.ok(x.rawPayload.subarray(0, 2).equals(Buffer.from('PK')), url);
    }
  });

  it('refuses companies and committees, and bad parameters by name', async () => {
    const db = ctx.database.db;
    for (const role of ['company', 'committee'] as const) {
      const who = await signIn(app, db, role, { scope: role === 'company' ? 'P1' : 'W1' });
      const res = await get(who, '/api/reports/funds');
      assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
    }
    const date = await get(bureau, '/api/reports/coverage?asOf=2025-02-30');
    assert.equal(date.statusCode, 400);
    assert.deepEqual(
      date.json().problems.map((p: { path: string; code: string }) => [p.path, p.code]),
      [['asOf', 'date.invalid']],
    );
    for (const url of ['/api/reports/funds?year=twenty', '/api/reports/funds?format=csv', '/api/reports/satisfaction?asOf=2025-01-01']) {
      const res = await get(bureau, url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    }
  });
});
