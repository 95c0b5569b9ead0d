/**
 * The access matrix, on both databases: every route of the app against every role. Each route is in
 * the table below — a new route without an entry fails this test — and
 * (a) every non-public route declares its data scope;
 * (b) without a session it answers 401, for a role it does not list 403, for a role it lists neither;
 * (c) an object of the other community, company or committee answers 404 to the scoped accounts
 *     (community C1, company P1, committee W1) for every route that names an object.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { publicActor, ROLES, type Role } from '../service/actor.ts';
import { lodgeComplaint } from '../service/complaints.ts';
import { contextOf, seedTwoCities, TODAY } from '../service/read/testing.ts';
import { openSurvey } from '../service/surveys/surveys.ts';
import type { Access } from './access.ts';
import { buildApp } from './app.ts';
import { login, type Signed, signIn } from './testing.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Sample {
  url: string;
  body?: unknown;
  /** multipart upload */
  file?: true;
  /** the request ends the session: make it on a session of its own */
  fresh?: true;
}
/** What the scoped accounts get for an object outside their scope. */
type Outside =
  | { url: string; body?: unknown; expect?: 'results' }
  /** no scoped role may use the route: nothing to be outside of */
  | { none: string };
interface Entry {
  public?: true;
  sample?: Sample;
  outside?: Outside;
}

const OUT = { caseNo: '', attachment: 0, survey: 0, complaint: 0 }; // filled once the other community, company have theirs
const NO_CASE = 'JB-2025-T-999999';

/** Every route: a request any listed role may make (its answer may be 400 or 404, never 401/403). */
const TABLE: Record<string, Entry> = {
  'POST /api/auth/login': { public: true },
  'POST /api/auth/logout': { sample: { url: '/api/auth/logout', fresh: true } },
  'GET /api/auth/me': { sample: { url: '/api/auth/me' } },
  'POST /api/auth/password': { sample: { url: '/api/auth/password', body: {} } },
  'GET /api/info': { public: true },
  'GET /': { public: true },
  'GET /assets/*': { public: true },
  'GET /healthz': { public: true },
  'GET /api/params': { public: true },
  'GET /api/schema': { public: true },
  'GET /api/openapi.json': { public: true },
  'POST /api/calc': { public: true },
  'GET /api/registry/calc': { sample: { url: '/api/registry/calc?asOf=2025-06-01&limit=1' } },
  'POST /api/cases': { sample: { url: '/api/cases', body: {} } },
  'GET /api/cases': { sample: { url: '/api/cases' } },
  'POST /api/cases/preview/facility': {
    sample: { url: '/api/cases/preview/facility', body: {} },
    outside: { url: '/api/cases/preview/facility', body: { form: { compoundCode: 'X2' } } },
  },
  'GET /api/cases/:no': {
    sample: { url: `/api/cases/${NO_CASE}` },
    outside: {
      get url() {
        return `/api/cases/${OUT.caseNo}`;
      },
    },
  },
  'PATCH /api/cases/:no': {
    sample: { url: `/api/cases/${NO_CASE}`, body: {} },
    outside: {
      get url() {
        return `/api/cases/${OUT.caseNo}`;
      },
      body: { form: { entryDate: '2025-03-02' }, version: 1 },
    },
  },
  'POST /api/cases/:no/attachments': {
    sample: { url: `/api/cases/${NO_CASE}/attachments`, body: {} },
    outside: {
      get url() {
        return `/api/cases/${OUT.caseNo}/attachments`;
      },
      get body() {
        return { attachmentId: OUT.attachment, kind: 'contract' };
      },
    },
  },
  'POST /api/cases/:no/actions/:action': {
    sample: { url: `/api/cases/${NO_CASE}/actions/submit`, body: { comment: 1 } },
    outside: {
      get url() {
        return `/api/cases/${OUT.caseNo}/actions/confirm`;
      },
      body: {},
    },
  },
  'POST /api/cases/bulk/:action': {
    sample: { url: '/api/cases/bulk/approve', body: {} },
    outside: {
      url: '/api/cases/bulk/confirm',
      get body() {
        return { caseNos: [OUT.caseNo] };
      },
      expect: 'results',
    },
  },
  'GET /api/todos': { sample: { url: '/api/todos' } },
  'GET /api/radar': { sample: { url: '/api/radar' } },
  'POST /api/attachments': { sample: { url: '/api/attachments', file: true } },
  'GET /api/attachments/:id': {
    sample: { url: '/api/attachments/999999' },
    outside: {
      get url() {
        return `/api/attachments/${OUT.attachment}`;
      },
    },
  },
  'POST /api/notices': { sample: { url: '/api/notices', body: {} } },
  'GET /api/notices': { sample: { url: '/api/notices' } },
  'GET /api/notices/:id': { sample: { url: '/api/notices/999999' }, outside: { none: 'the bureau only: the city' } },
  'POST /api/notices/:id/close': { sample: { url: '/api/notices/999999/close' }, outside: { none: 'the bureau only: the city' } },
  'POST /api/objections/:id/resolve': {
    sample: { url: '/api/objections/999999/resolve', body: {} },
    outside: { none: 'the bureau only: the city' },
  },
  'GET /api/public/notices': { public: true },
  'GET /api/public/notices/:id': { public: true },
  'POST /api/public/objections': { public: true },
  'GET /api/communities': { sample: { url: '/api/communities' } },
  'GET /api/communities/:code': { sample: { url: '/api/communities/C1' }, outside: { url: '/api/communities/C2' } },
  'GET /api/compounds': { sample: { url: '/api/compounds?onRoster=true&limit=5' } },
  'GET /api/compounds/:code': { sample: { url: '/api/compounds/X1' }, outside: { url: '/api/compounds/X2' } },
  'GET /api/companies': { sample: { url: '/api/companies?q=P' } },
  'GET /api/companies/:code': { sample: { url: '/api/companies/P1' }, outside: { url: '/api/companies/P2' } },
  'POST /api/companies/:code/reveal': {
    sample: { url: '/api/companies/P1/reveal', body: { field: 'contactPhone' } },
    outside: { url: '/api/companies/P2/reveal', body: { field: 'contactPhone' } },
  },
  'GET /api/engagements': { sample: { url: '/api/engagements?period=2025H1' } },
  'GET /api/engagements/:code': { sample: { url: '/api/engagements/E1' }, outside: { url: '/api/engagements/E2' } },
  'GET /api/committees': { sample: { url: '/api/committees' } },
  'POST /api/committees': { sample: { url: '/api/committees', body: {} } },
  'POST /api/committees/:code/contract': {
    sample: { url: '/api/committees/W1/contract', body: {} },
    outside: { url: '/api/committees/W2/contract', body: { signedOn: '2025-05-01' } },
  },
  'GET /api/committees/:code': { sample: { url: '/api/committees/W1' }, outside: { url: '/api/committees/W2' } },
  'GET /api/committees/:code/spending': { sample: { url: '/api/committees/W1/spending' }, outside: { url: '/api/committees/W2/spending' } },
  'POST /api/committees/:code/spending': {
    sample: { url: '/api/committees/W1/spending', body: {} },
    outside: { url: '/api/committees/W2/spending', body: { spentOn: '2025-05-01', item: '办公用品', amount: '10.00' } },
  },
  'POST /api/committees/:code/spending/:id/reverse': {
    sample: { url: '/api/committees/W1/spending/999999/reverse', body: {} },
    outside: { url: '/api/committees/W2/spending/1/reverse', body: { reason: '录入错误' } },
  },
  'GET /api/committees/:code/spending/:id/receipt': {
    sample: { url: '/api/committees/W1/spending/999999/receipt' },
    outside: { url: '/api/committees/W2/spending/1/receipt' },
  },
  'GET /api/public/committees/:code/spending': { public: true },
  'GET /api/public/assessments': { public: true },
  'GET /api/public/companies/:code/record': { public: true },
  'GET /api/public/standings': { public: true },
  'GET /api/public/committees': { public: true },
  'GET /api/budgets': { sample: { url: '/api/budgets?year=2025' } },
  'PUT /api/budgets/:year/:programme': { sample: { url: '/api/budgets/2025/T', body: {} }, outside: { none: 'finance only: the city' } },
  'GET /api/budgets/template': { sample: { url: '/api/budgets/template' } },
  'GET /api/budgets/export': { sample: { url: '/api/budgets/export?year=2025' } },
  'POST /api/budgets/import': { sample: { url: '/api/budgets/import', file: true } },
  'GET /api/batches': { sample: { url: '/api/batches' } },
  'POST /api/batches': { sample: { url: '/api/batches', body: {} } },
  'GET /api/batches/:no': { sample: { url: '/api/batches/PB-2025H1-T-999' }, outside: { none: 'finance, bureau, auditor: the city' } },
  'GET /api/batches/:no/lines/:seq/explanation': {
    sample: { url: '/api/batches/PB-2025H1-T-999/lines/1/explanation' },
    outside: { none: 'finance, bureau, auditor: the city' },
  },
  'POST /api/batches/:no/approve': {
    sample: { url: '/api/batches/PB-2025H1-T-999/approve', body: {} },
    outside: { none: 'finance only: the city' },
  },
  'GET /api/batches/:no/bank-file': {
    sample: { url: '/api/batches/PB-2025H1-T-999/bank-file' },
    outside: { none: 'finance only: the city' },
  },
  'GET /api/batches/:no/form': {
    sample: { url: '/api/batches/PB-2025H1-T-999/form' },
    outside: { none: 'finance, bureau, auditor: the city' },
  },
  'POST /api/batches/:no/bank-result': {
    sample: { url: '/api/batches/PB-2025H1-T-999/bank-result', file: true },
    outside: { none: 'finance only: the city' },
  },
  'GET /api/sheets/:kind/template': { sample: { url: '/api/sheets/roster/template' }, outside: { none: 'the bureau only: the city' } },
  'POST /api/sheets/:kind/import': {
    sample: { url: '/api/sheets/roster/import', file: true },
    outside: { none: 'the bureau only: the city' },
  },
  'GET /api/sheets/:kind/export': {
    sample: { url: '/api/sheets/roster/export' },
    outside: { none: 'a kind names no object: a community exports its own rows (src/server/sheets-http.test.ts)' },
  },
  'GET /api/reports/funds': { sample: { url: '/api/reports/funds?year=2025' } },
  'GET /api/reports/coverage': { sample: { url: '/api/reports/coverage?asOf=2025-06-01' } },
  'GET /api/reports/satisfaction': { sample: { url: '/api/reports/satisfaction?year=2025' } },
  'GET /api/reports/assessments': { sample: { url: '/api/reports/assessments?asOf=2025-06-01' } },
  'GET /api/reports/progress': { sample: { url: '/api/reports/progress?asOf=2025-06-01' } },
  'POST /api/whatif': { sample: { url: '/api/whatif', body: {} } },
  'POST /api/surveys': { sample: { url: '/api/surveys', body: {} } },
  'GET /api/surveys': { sample: { url: '/api/surveys' } },
  'GET /api/surveys/:id': {
    sample: { url: '/api/surveys/999999' },
    outside: {
      get url() {
        return `/api/surveys/${OUT.survey}`;
      },
    },
  },
  'POST /api/surveys/:id/codes': {
    sample: { url: '/api/surveys/999999/codes', body: {} },
    outside: {
      get url() {
        return `/api/surveys/${OUT.survey}/codes`;
      },
      body: { count: 1 },
    },
  },
  'GET /api/public/survey/:code': { public: true },
  'POST /api/public/survey/answer': { public: true },
  'GET /api/public/compounds': { public: true },
  'POST /api/public/complaints': { public: true },
  'GET /api/complaints': { sample: { url: '/api/complaints' } },
  'POST /api/complaints/:id/acknowledge': {
    sample: { url: '/api/complaints/999999/acknowledge', body: {} },
    outside: {
      get url() {
        return `/api/complaints/${OUT.complaint}/acknowledge`;
      },
      body: { note: '已联系物业' },
    },
  },
  'POST /api/complaints/:id/resolve': {
    sample: { url: '/api/complaints/999999/resolve', body: {} },
    outside: {
      get url() {
        return `/api/complaints/${OUT.complaint}/resolve`;
      },
      body: { note: '已处理' },
    },
  },
  'GET /api/audit': { sample: { url: '/api/audit?limit=5' } },
  'GET /api/audit/verify': { sample: { url: '/api/audit/verify' } },
  'GET /api/users': { sample: { url: '/api/users?limit=5' } },
  'POST /api/users': { sample: { url: '/api/users', body: {} } },
  'POST /api/users/:username/lock': {
    sample: { url: '/api/users/nobody-here/lock', body: {} },
    outside: { none: 'the administrator only: accounts are the city’s' },
  },
  'POST /api/users/:username/unlock': {
    sample: { url: '/api/users/nobody-here/unlock', body: {} },
    outside: { none: 'the administrator only: accounts are the city’s' },
  },
  'POST /api/users/:username/reset-password': {
    sample: { url: '/api/users/nobody-here/reset-password', body: {} },
    outside: { none: 'the administrator only: accounts are the city’s' },
  },
};

const SCOPED = ['community', 'company', 'committee'] as const;
const SCOPE_OF: Record<Role, string | undefined> = {
  admin: undefined,
  auditor: undefined,
  bureau: undefined,
  finance: undefined,
  community: 'C1',
  company: 'P1',
  committee: 'W1',
};

const listed = (access: Access, role: Role) => 'roles' in access && (access.roles === 'any' || access.roles.includes(role));

const pdf = (name: string) => {
  const boundary = 'matrix-boundary';
  const payload =
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}.pdf"\r\ncontent-type: application/pdf\r\n\r\n` +
    `%PDF-1.4 ${name}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

describeDb('the access matrix', (ctx, it) => {
  let app: FastifyInstance;
  const who = {} as Record<Role, Signed>;
  after(() => (app as FastifyInstance | undefined)?.close());

  const send = (method: string, s: Sample | Extract<Outside, { url: string }>, headers: Record<string, string> = {}) => {
    if ('file' in s && s.file) {
      const f = pdf('matrix');
      return app.inject({ method: method as Method, url: s.url, payload: f.payload, headers: { ...headers, ...f.headers } });
    }
    return app.inject({ method: method as Method, url: s.url, headers, ...(s.body === undefined ? {} : { payload: s.body as object }) });
  };

  it('setup: two communities, companies and committees; an account per role; a case and a file of the other company', async () => {
    const { db } = ctx.database;
    await seedTwoCities(db);
    app = await buildApp({ database: ctx.database, now: () => TODAY, auth: { loginPerMinute: 1000 } });
    for (const role of ROLES) who[role] = await signIn(app, db, role, { scope: SCOPE_OF[role] });
    const other = await signIn(app, db, 'company', { scope: 'P2' });
    const opened = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: other.headers,
      payload: { type: 'takeover', form: { compoundCode: 'X2', entryDate: '2025-03-01' } },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    OUT.caseNo = opened.json().caseNo;
    const f = pdf('other');
    const up = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: f.payload,
      headers: { ...other.headers, ...f.headers },
    });
    assert.equal(up.statusCode, 201, up.body);
    OUT.attachment = up.json().id;
    const bureau = await contextOf(db, 'bureau');
    OUT.survey = (
      await openSurvey(bureau, { compound: 'X2', period: '2025H1', title: '满意度调查', opensOn: '2025-06-01', closesOn: '2025-06-30' })
    ).id;
    OUT.complaint = (
      await lodgeComplaint({ db, actor: publicActor(), now: () => TODAY }, { compound: 'X2', category: 'repair', text: '电梯坏了' })
    ).id;
  });

  it('every route is in the table, public exactly when the table says so, and declares its scope', () => {
    const seen = new Set<string>();
    for (const { method, url, access } of app.accessTable) {
      const key = `${method} ${url}`;
      seen.add(key);
      const entry = TABLE[key];
      assert.ok(entry, `${key}: add it to the access matrix's table`);
      assert.equal('public' in access, entry.public === true, `${key}: public in the app and the table alike`);
      if (!('public' in access)) {
        assert.ok(access.scope, `${key}: declares no data scope`);
        assert.ok(entry.sample, `${key}: no sample request`);
        if (url.includes('/:')) assert.ok(entry.outside, `${key}: no outside entry`);
      }
    }
    for (const key of Object.keys(TABLE)) assert.ok(seen.has(key), `${key}: in the table but not a route`);
  });

  it('401 without a session, 403 for a role not listed, neither for a listed role', async () => {
    for (const { method, url, access } of app.accessTable) {
      if ('public' in access) continue;
      const sample = TABLE[`${method} ${url}`]?.sample as Sample;
      const anon = await send(method, sample);
      assert.equal(anon.statusCode, 401, `${method} ${url} without a session: ${anon.body}`);
      for (const role of ROLES) {
        const headers = sample.fresh ? (await login(app, who[role].username, 'Correct-Horse-42')).headers : who[role].headers;
        const res = await send(method, sample, headers);
        if (listed(access, role))
          assert.ok(![401, 403].includes(res.statusCode), `${method} ${url} as ${role}: ${res.statusCode} ${res.body}`);
        else {
          assert.equal(res.statusCode, 403, `${method} ${url} as ${role} (not listed): ${res.body}`);
          assert.equal(res.json().code, 'auth.forbidden');
        }
      }
    }
  });

  it('an object of another community, company or committee: 404 to the scoped accounts', async () => {
    let checked = 0;
    for (const { method, url, access } of app.accessTable) {
      const outside = TABLE[`${method} ${url}`]?.outside;
      if (!outside || 'none' in outside) continue;
      for (const role of SCOPED) {
        if (!listed(access, role)) continue;
        const res = await send(method, outside, who[role].headers);
        checked++;
        if (outside.expect === 'results') {
          assert.equal(res.statusCode, 200, `${method} ${url} as ${role}: ${res.body}`);
          assert.deepEqual(
            res.json().results.map((r: { ok: boolean; code: string }) => [r.ok, r.code]),
            [[false, 'case.not_found']],
            `${method} ${url} as ${role}`,
          );
        } else assert.equal(res.statusCode, 404, `${method} ${url} as ${role}: ${res.statusCode} ${res.body}`);
      }
    }
    assert.ok(checked >= 20, `${checked} outside requests`);
  });

  it('lists hold the caller’s objects only, and their totals count those', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/compounds', headers: who.community.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      [body.items.map((c: { code: string; communityCode: string }) => `${c.code}@${c.communityCode}`), body.total],
      [['X1@C1', 'X3@C1'], 2],
    );
    const city = (await app.inject({ method: 'GET', url: '/api/compounds?limit=1', headers: who.bureau.headers })).json();
    assert.deepEqual([city.items.length, city.total], [1, 3]);
    const p1 = (await app.inject({ method: 'GET', url: '/api/engagements', headers: who.company.headers })).json();
    assert.deepEqual([p1.items.map((e: { code: string }) => e.code), p1.total], [['E1'], 1]);
    const cases = (await app.inject({ method: 'GET', url: '/api/cases', headers: who.community.headers })).json();
    assert.equal(cases.total, 0);
  });

  it('a revealed phone: clear for the company itself, and the trail shows who saw it', async () => {
    const listedPhone = (await app.inject({ method: 'GET', url: '/api/companies/P1', headers: who.company.headers })).json().contactPhone;
    assert.equal(listedPhone, '138****5678');
    const trailOf = async () =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/audit?action=personal.reveal&actor=${who.company.username}`,
          headers: who.auditor.headers,
        })
      ).json();
    const before = (await trailOf()).total;
    const res = await app.inject({
      method: 'POST',
      url: '/api/companies/P1/reveal',
      headers: who.company.headers,
      payload: { field: 'contactPhone' },
    });
    assert.deepEqual(res.json(), { code: 'P1', field: 'contactPhone', value: '13812345678' });
    const trail = await trailOf();
    assert.equal(trail.total, before + 1);
    assert.deepEqual([trail.items[0].objectId, trail.items[0].detail], ['P1', { field: 'contactPhone' }]);
    const verify = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: who.auditor.headers });
    assert.equal(verify.json().ok, true);
  });
});
