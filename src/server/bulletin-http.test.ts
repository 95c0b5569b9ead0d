/**
 * The assessment routes on both databases: the dashboard and the ranking (JSON and xlsx, who may read
 * them), the public bulletin and a company's record without signing in, rate limited.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import ExcelJS from '../excel/exceljs.ts';
import { TODAY } from '../service/read/testing.ts';
import { addSurvey, assessedCity, claimCase } from '../service/reports/testing.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

/** A worksheet's row as its cell values (index 0 unused, as ExcelJS gives them). */
const rowOf = (wb: InstanceType<typeof ExcelJS.Workbook>, sheet: string, n: number): unknown[] => {
  const w = wb.getWorksheet(sheet);
  assert.ok(w, sheet);
  return w.getRow(n).values as unknown[];
};

describeDb('assessment results over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  const who = {} as Record<'bureau' | 'community' | 'company' | 'auditor', Signed>;
  after(() => (app as FastifyInstance | undefined)?.close());
  const get = (url: string, w?: Signed) => app.inject({ method: 'GET', url, ...(w ? { headers: w.headers } : {}) });

  it('setup', async () => {
    const db = ctx.database.db;
    await seedScenario(db, assessedCity(), { budget: false });
    await claimCase(db, 'E1', '2024H2', 'assessed', 1);
    await addSurvey(db, 'X1', '2025H1', '2025-05-01', [1, 2]);
    app = await buildApp({ database: ctx.database, now: () => TODAY, auth: { loginPerMinute: 1000 } });
    who.bureau = await signIn(app, db, 'bureau');
    who.auditor = await signIn(app, db, 'auditor');
    who.community = await signIn(app, db, 'community', { scope: 'C1' });
    who.company = await signIn(app, db, 'company', { scope: 'P1' });
  });

  it('the dashboard: JSON in the caller’s scope, and as a workbook', async () => {
    const own = await get('/api/reports/assessments?asOf=2025-06-01&period=2024H2', who.community);
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(
      own
        .json()
        .periods.map((p: { period: string; communities: { code: string; provisional: number }[] }) => [
          p.period,
          p.communities.map((c) => [c.code, c.provisional]),
        ]),
      [['2024H2', [['C1', 1]]]],
    );
    const file = await get('/api/reports/assessments?asOf=2025-06-01&format=xlsx', who.bureau);
    assert.equal(file.statusCode, 200, file.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['考核结果（分社区）', '考核结果（分企业）', '说明'],
    );
    assert.deepEqual(rowOf(wb, '考核结果（分社区）', 2).slice(1), ['2024H1', 'C1', 'C1', 1, 1, 0, 0, 0]);
    assert.equal((await get('/api/reports/assessments', who.company)).statusCode, 403);
    assert.equal((await get('/api/reports/assessments?period=2024H3', who.bureau)).statusCode, 400);
  });

  it('the ranking: the city’s readers; the workbook names the rule', async () => {
    const r = await get('/api/reports/progress?asOf=2025-06-01&year=2025', who.auditor);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(
      r.json().communities.map((c: { code: string; standing: string }) => [c.code, c.standing]),
      [
        ['C1', 'praise'],
        ['C2', 'criticism'],
        ['C3', 'criticism'],
        ['C4', 'none'],
      ],
    );
    assert.match(r.json().rule.text.zh, /R-9/);
    const file = await get('/api/reports/progress?asOf=2025-06-01&year=2025&format=xlsx', who.bureau);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(rowOf(wb, '社区进展排名', 3).slice(1, 3), [2, 'C2']);
    assert.equal((await get('/api/reports/progress', who.community)).statusCode, 403);
  });

  it('public, without signing in: the bulletin (final results only) and a company’s record', async () => {
    const h2 = await get('/api/public/assessments?period=2024H2');
    assert.equal(h2.statusCode, 200, h2.body);
    assert.deepEqual([h2.json().items, h2.json().page.total], [[], 0]);
    const h1 = (await get('/api/public/assessments?period=2024H1&limit=10')).json();
    assert.deepEqual(
      h1.items.map((i: { compound: string; result: string }) => [i.compound, i.result]),
      [
        ['X1', 'passed'],
        ['X2', 'failed'],
      ],
    );
    const record = await get('/api/public/companies/P2/record');
    assert.equal(record.statusCode, 200, record.body);
    assert.deepEqual(record.json().expulsions, [{ engagement: 'E2', compoundName: '和平小区', on: '2025-02-01', outcome: 'failed' }]);
    assert.equal((await get('/api/public/companies/NOPE/record')).statusCode, 404);
    const bad = await get('/api/public/assessments?period=2024-1');
    assert.deepEqual([bad.statusCode, bad.json().code], [400, 'period.invalid']);
    assert.equal((await get('/api/public/assessments')).statusCode, 400);
  });

  it('public, without signing in: the 通报表扬 / 通报批评 lists of a half-year, as the city’s ranking has them on its last day', async () => {
    const r = await get('/api/public/standings');
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json();
    assert.deepEqual([s.periods, s.period, s.asOf], [['2024H1'], '2024H1', '2024-06-30']);
    const ranking = (await get('/api/reports/progress?asOf=2024-06-30&year=2024', who.auditor)).json();
    const listed = (standing: string) =>
      ranking.communities.filter((c: { standing: string }) => c.standing === standing).map((c: { code: string }) => c.code);
    assert.deepEqual(
      [s.praise.map((c: { code: string }) => c.code), s.criticism.map((c: { code: string }) => c.code)],
      [listed('praise'), listed('criticism')],
    );
    assert.deepEqual(s.criticism[0], {
      rank: 2,
      code: 'C2',
      name: 'C2',
      score: '50.00',
      coverage: '100.00',
      satisfaction: null,
      assessments: '0.00',
    });
    const bad = await get('/api/public/standings?period=2024H3');
    assert.deepEqual([bad.statusCode, bad.json().code], [400, 'period.invalid']);
  });

  it('rate limited per address', async () => {
    let last = 0;
    for (let i = 0; i < 61 && last !== 429; i++) last = (await get('/api/public/companies/P1/record')).statusCode;
    assert.equal(last, 429);
  });
});
