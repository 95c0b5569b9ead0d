/**
 * The T workflow over HTTP, as README's curl walkthrough does it: accounts of each role sign in; the
 * company uploads its files and registers a takeover; the community confirms; the bureau approves;
 * the half-year claim goes through verification, the score sheet and 公示 to payable. Refusals in
 * the one error shape: an illegal move is 409 with from and to; another community's case is 404.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { compound, scenario, tier1Facts } from '../rules/scenario/fixtures.ts';
import { DEFAULT_SHEET } from '../service/cases/assessment.ts';
import { seedScenario } from '../service/testing.ts';
import { buildApp } from './app.ts';
import { login, type Signed, signIn, TEST_PASSWORD } from './testing.ts';

/** A multipart body with one file in field `file`, as `curl -F file=@NAME` sends it. */
function multipart(fileName: string, bytes: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----jiangbu-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Requests as `who` (or nobody): the status and the parsed answer. */
const caller = (app: FastifyInstance) => async (who: Signed | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
  const res = await app.inject({
    method,
    url,
    headers: who?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null };
};

describeDb('cases over HTTP', (ctx, it) => {
  let day = '2025-01-15';
  const now = () => new Date(`${day}T02:00:00Z`);

  it('a takeover and its half-year claim, from registration to payable', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({
        compounds: [compound({ id: 'X1', area: '10000.00' }), compound({ id: 'X2', communityId: 'C2', area: '5000.00' })],
        engagements: [],
      }),
    );
    await db.transaction(async (tx) => {
      await tx.execute((await import('drizzle-orm')).sql`select set_config('jiangbu.actor', 'test', true)`);
      await tx.insert(t.companies).values({ code: 'P9', name: '二连浩特市恒安物业服务有限公司', uscc: '91350100M000100Y43' });
    });
    const app: FastifyInstance = await buildApp({ database: ctx.database, now });
    try {
      const company = await signIn(app, db, 'company', { scope: '91350100M000100Y43' });
      const community = await signIn(app, db, 'community', { scope: 'C1' });
      const other = await signIn(app, db, 'community', { scope: 'C2' });
      const bureau = await signIn(app, db, 'bureau');
      const call = caller(app);
      const upload = async (who: Signed, name: string) => {
        const m = multipart(`${name}.pdf`, new TextEncoder().encode(`%PDF-1.4 ${name}`));
        const res = await app.inject({
          method: 'POST',
          url: '/api/attachments',
          headers: { ...who.headers, ...m.headers },
          payload: m.payload,
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().id as number;
      };

      // a file over the limit: 413 saying the limit
      const big = multipart('big.pdf', new Uint8Array(20 * 1024 * 1024 + 1));
      const tooBig = await app.inject({
        method: 'POST',
        url: '/api/attachments',
        headers: { ...company.headers, ...big.headers },
        payload: big.payload,
      });
      assert.deepEqual(
        [tooBig.statusCode, tooBig.json().code, tooBig.json().message],
        [413, 'attachment.too_large', '文件超过上限 20 MiB'],
      );
      // the company registers its takeover of X1
      const opened = await call(company, 'POST', '/api/cases', {
        type: 'takeover',
        form: { compoundCode: 'X1', entryDate: '2024-01-01', contractSigned: '2023-12-28', commitmentSigned: '2023-12-28' },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const no = opened.body.caseNo as string;
      for (const kind of ['contract', 'commitment'])
        assert.equal(
          (await call(company, 'POST', `/api/cases/${no}/attachments`, { attachmentId: await upload(company, kind), kind })).status,
          200,
        );
      const submitted = await call(company, 'POST', `/api/cases/${no}/actions/submit`);
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      // another community does not see it; without a session, 401; a state change without the CSRF header, 403
      assert.equal((await call(other, 'GET', `/api/cases/${no}`)).status, 404);
      assert.equal((await call(null, 'GET', `/api/cases/${no}`)).body.code, 'auth.required');
      // a mistyped case number, an unknown field: named, in Chinese
      const typo = await call(company, 'GET', '/api/cases/JB-2025-T-00001');
      assert.deepEqual(
        [typo.status, typo.body.problems[0].path, typo.body.problems[0].message],
        [400, 'no', '办件编号格式应为 JB-年份-类别-六位序号，如 JB-2025-T-000123'],
      );
      const badState = await call(company, 'GET', '/api/cases?state=nonsense&period=2025H3');
      assert.deepEqual([badState.status, badState.body.problems.map((p: { path: string }) => p.path)], [400, ['state', 'period']]);
      const extra = await call(company, 'POST', '/api/cases', { type: 'takeover', form: {}, colour: 'red' });
      assert.deepEqual(
        [extra.status, extra.body.problems[0].path, extra.body.problems[0].message],
        [400, '$.colour', '不认识的字段：colour'],
      );
      const noCsrf = await app.inject({
        method: 'POST',
        url: `/api/cases/${no}/actions/confirm`,
        headers: { cookie: community.headers.cookie as string },
      });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().code], [403, 'auth.csrf']);
      assert.equal(
        (await call(community, 'POST', `/api/cases/${no}/actions/confirm`, { comment: '已核实' })).body.state,
        'community_confirmed',
      );
      const approved = await call(bureau, 'POST', `/api/cases/${no}/actions/approve`);
      assert.equal(approved.body.state, 'active');
      // an illegal move: 409 with from and to
      const again = await call(company, 'POST', `/api/cases/${no}/actions/submit`);
      assert.deepEqual(
        [again.status, again.body.code, again.body.from, again.body.to],
        [409, 'case.illegal_transition', 'active', 'submitted'],
      );

      // the half-year claim for 2024H1
      const [e] = await db.select().from(t.engagements).where(eq(t.engagements.entryDate, '2024-01-01'));
      // the registry holds no reference price for this compound: the claim declares it (1.20 yuan/m²)
      const { period: _p, assessmentScore: _s, ...facts } = tier1Facts('2024H1');
      const claim = await call(company, 'POST', '/api/cases', {
        type: 'claim',
        form: { engagementCode: e?.code, period: '2024H1', ...facts },
      });
      assert.equal(claim.status, 201, JSON.stringify(claim.body));
      const cno = claim.body.caseNo as string;
      await call(company, 'POST', `/api/cases/${cno}/attachments`, { attachmentId: await upload(company, 'evidence'), kind: 'evidence' });
      // as curl sends it: a JSON content type and no body — an action that takes none accepts it
      const bare = { ...company.headers, 'content-type': 'application/json' };
      const sent = await app.inject({ method: 'POST', url: `/api/cases/${cno}/actions/submit`, headers: bare, payload: '' });
      assert.equal(sent.statusCode, 200, sent.body);
      const noForm = await app.inject({ method: 'POST', url: '/api/cases', headers: bare, payload: '' });
      assert.deepEqual([noForm.statusCode, noForm.json().problems[0].path], [400, '$']);
      // 补正 and resubmission
      const returned = await call(community, 'POST', `/api/cases/${cno}/actions/return`, {
        fieldComments: { feesCollected: '请附收费台账' },
      });
      assert.equal(returned.body.state, 'returned');
      const edited = await call(company, 'PATCH', `/api/cases/${cno}`, {
        form: { feesCollected: '71000.00' },
        version: returned.body.version,
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      await call(company, 'POST', `/api/cases/${cno}/actions/submit`);
      assert.equal((await call(community, 'POST', `/api/cases/${cno}/actions/verify`)).body.state, 'community_verified');
      // the community scores its items and (no committee here) the committee's; the bureau its own
      for (const [who, roles] of [
        [community, ['community', 'committee']],
        [bureau, ['bureau']],
      ] as const) {
        const scores = Object.fromEntries(
          DEFAULT_SHEET.filter((i) => (roles as readonly string[]).includes(i.scorer)).map((i) => [i.key, i.max]),
        );
        const scored = await call(who, 'POST', `/api/cases/${cno}/actions/score`, { scores });
        assert.equal(scored.status, 200, JSON.stringify(scored.body));
      }
      assert.equal((await call(bureau, 'POST', `/api/cases/${cno}/actions/assess`)).body.state, 'assessed');
      const notice = await call(bureau, 'POST', '/api/notices', { programme: 'T', caseNos: [cno] });
      assert.equal(notice.status, 201, JSON.stringify(notice.body));
      const pub = await call(null, 'GET', `/api/public/notices/${notice.body.id}`);
      assert.deepEqual([pub.status, pub.body.items[0].caseNo, pub.body.items[0].amount], [200, cno, '24000.00']);
      // eight days on, the sessions have timed out: sign in again
      day = '2025-01-23';
      assert.equal((await call(bureau, 'POST', `/api/notices/${notice.body.id}/close`)).status, 401);
      const bureau2 = await login(app, bureau.username, TEST_PASSWORD);
      assert.deepEqual((await call(bureau2, 'POST', `/api/notices/${notice.body.id}/close`)).body, { payable: [cno], held: [] });
      const done = await call(await login(app, company.username, TEST_PASSWORD), 'GET', `/api/cases/${cno}`);
      assert.deepEqual([done.body.state, done.body.amount], ['payable', '24000.00']);
      assert.deepEqual(
        done.body.history.map((h: { action: string }) => h.action),
        ['open', 'submit', 'return', 'submit', 'verify', 'score', 'score', 'assess', 'publish', 'close'],
      );
    } finally {
      await app.close();
    }
  });

  it('W and F: the community records a committee, which applies; a facility subsidy with invoices; both to payable', async () => {
    const { db } = ctx.database;
    day = '2025-01-15';
    await seedScenario(
      db,
      scenario({
        compounds: [compound({ id: 'X1', area: '10000.00' }), compound({ id: 'X2', communityId: 'C2', area: '5000.00' })],
        engagements: [],
      }),
    );
    const app: FastifyInstance = await buildApp({ database: ctx.database, now });
    try {
      const community = await signIn(app, db, 'community', { scope: 'C1' });
      const other = await signIn(app, db, 'community', { scope: 'C2' });
      const bureau = await signIn(app, db, 'bureau');
      const call = caller(app);
      // the community records the committee's formation and, later, its service contract
      const formation = {
        compoundCode: 'X1',
        established: '2024-01-10',
        custodianAccountName: 'X1小区业主委员会',
        custodianAccountNo: '6222020604001234567',
      };
      assert.equal((await call(other, 'POST', '/api/committees', formation)).status, 404);
      const recorded = await call(community, 'POST', '/api/committees', formation);
      assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
      const wcode = recorded.body.code as string;
      assert.equal((await call(community, 'POST', '/api/committees', formation)).body.code, 'committee.exists');
      assert.equal(
        (await call(community, 'POST', `/api/committees/${wcode}/contract`, { signedOn: '2023-12-01' })).body.code,
        'committee.contract_date',
      );
      assert.equal((await call(other, 'POST', `/api/committees/${wcode}/contract`, { signedOn: '2024-02-01' })).status, 404);
      assert.equal((await call(community, 'POST', `/api/committees/${wcode}/contract`, { signedOn: '2024-02-01' })).status, 200);
      assert.equal((await call(community, 'POST', `/api/committees/${wcode}/contract`, { signedOn: '2024-02-02' })).status, 409);
      // the committee's account applies; the community reviews; the bureau approves; 公示; payable
      const committee = await signIn(app, db, 'committee', { scope: wcode });
      const grant = await call(committee, 'POST', '/api/cases', { type: 'grant', form: { committeeCode: wcode } });
      assert.equal(grant.status, 201, JSON.stringify(grant.body));
      const gno = grant.body.caseNo as string;
      await call(committee, 'POST', `/api/cases/${gno}/actions/submit`);
      assert.equal(
        (await call(community, 'POST', `/api/cases/${gno}/actions/review`, { operatingNormally: true })).body.state,
        'community_reviewed',
      );
      const approved = await call(bureau, 'POST', `/api/cases/${gno}/actions/approve`);
      assert.deepEqual([approved.body.state, approved.body.amount], ['bureau_approved', '3000.00']);
      // F: after acceptance, with invoices and photos; 社区把关; the bureau approves within the quota
      const f = await call(community, 'POST', '/api/cases', {
        type: 'facility',
        form: {
          compoundCode: 'X1',
          category: 'safety',
          acceptedOn: '2025-01-05',
          investment: '30000.00',
          collectionRate: '0.70',
          feeRatio: '0.80',
          invoices: [{ invoiceNo: 'INV-9', amount: '30000.00' }],
        },
      });
      assert.equal(f.status, 201, JSON.stringify(f.body));
      const fno = f.body.caseNo as string;
      for (const kind of ['invoice', 'photo']) {
        const m = multipart(`${kind}.pdf`, new TextEncoder().encode(`%PDF-1.4 ${kind}`));
        const up = await app.inject({
          method: 'POST',
          url: '/api/attachments',
          headers: { ...community.headers, ...m.headers },
          payload: m.payload,
        });
        await call(community, 'POST', `/api/cases/${fno}/attachments`, { attachmentId: up.json().id, kind });
      }
      await call(community, 'POST', `/api/cases/${fno}/actions/submit`);
      await call(community, 'POST', `/api/cases/${fno}/actions/vet`);
      const fa = await call(bureau, 'POST', `/api/cases/${fno}/actions/approve`);
      assert.deepEqual([fa.status, fa.body.state, fa.body.amount], [200, 'bureau_approved', '12000.00']);
      // both published; the public objects to the grant; the bureau dismisses; both payable
      const nw = await call(bureau, 'POST', '/api/notices', { programme: 'W', caseNos: [gno] });
      const nf = await call(bureau, 'POST', '/api/notices', { programme: 'F', caseNos: [fno] });
      const objection = await call(null, 'POST', '/api/public/objections', {
        caseNo: gno,
        name: '李四',
        contact: '13900000000',
        text: '请核实',
      });
      assert.equal(objection.status, 201, JSON.stringify(objection.body));
      const seen = await call(null, 'GET', `/api/public/notices/${nw.body.id}`);
      assert.equal(seen.body.objections[0].name, '李*');
      assert.ok(!JSON.stringify(seen.body).includes('13900000000'));
      day = '2025-01-22';
      const b2 = await login(app, bureau.username, TEST_PASSWORD);
      assert.deepEqual((await call(b2, 'POST', `/api/notices/${nw.body.id}/close`)).body, { payable: [], held: [gno] });
      assert.deepEqual((await call(b2, 'POST', `/api/notices/${nf.body.id}/close`)).body, { payable: [fno], held: [] });
      const resolved = await call(b2, 'POST', `/api/objections/${objection.body.id}/resolve`, {
        outcome: 'dismissed',
        reason: '经核实运行正常',
      });
      assert.deepEqual(resolved.body, { caseNo: gno, state: 'payable' });
      // a correction of the sealed roster is a case too: the community asks with evidence, the bureau decides
      const c2 = await login(app, community.username, TEST_PASSWORD);
      const m = multipart('测绘报告.pdf', new TextEncoder().encode('%PDF-1.4 survey'));
      const evidence = await app.inject({
        method: 'POST',
        url: '/api/attachments',
        headers: { ...c2.headers, ...m.headers },
        payload: m.payload,
      });
      const asked = await call(c2, 'POST', '/api/cases', {
        type: 'roster',
        form: {
          compoundCode: 'X1',
          action: 'amend',
          reason: '测绘面积更正',
          values: { area: '10500.00' },
          evidenceAttachmentId: evidence.json().id,
        },
      });
      assert.deepEqual([asked.status, asked.body.type, asked.body.state], [201, 'roster', 'requested'], JSON.stringify(asked.body));
      assert.equal((await call(c2, 'POST', `/api/cases/${asked.body.caseNo}/actions/approve`)).status, 403);
      const decided = await call(b2, 'POST', `/api/cases/${asked.body.caseNo}/actions/approve`, { comment: '报告有效' });
      assert.equal(decided.body.state, 'approved');
      const x1 = await call(b2, 'GET', '/api/compounds/X1');
      assert.equal(x1.body.area, '10500.00');
    } finally {
      await app.close();
    }
  });
});
