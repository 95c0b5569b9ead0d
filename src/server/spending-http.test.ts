/**
 * The committees' spending ledgers over HTTP, on both databases, as a committee's clerk uses them: the
 * receipt uploaded, a use booked, typos refused naming the field, more than the balance refused, a
 * correction; the ledger read by the committee and its community, the receipt downloaded; the public
 * ledger without signing in and without names, rate limited per address; the public list of committees to find one.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../db/testing.ts';
import { GRANT_PAID_ON, seedPaidGrant } from '../service/money/testing.ts';
import { buildApp } from './app.ts';
import { type Signed, signIn } from './testing.ts';

const upload = (name: string, body: string) => {
  const b = 'spending-boundary';
  return {
    payload: `--${b}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n${body}\r\n--${b}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
};

describeDb('committee spending over HTTP', (ctx, it) => {
  let app: FastifyInstance;
  let w1: Signed;
  let c1: Signed;
  let spendingId = 0;
  after(() => (app as FastifyInstance | undefined)?.close());
  const call = async (who: Signed | null, method: 'GET' | 'POST', url: string, payload?: object, remoteAddress?: string) => {
    const res = await app.inject({
      method,
      url,
      headers: who?.headers ?? {},
      ...(payload ? { payload } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    return { status: res.statusCode, json: () => res.json(), body: res.body, headers: res.headers, raw: res.rawPayload };
  };

  it('setup: W1’s grant paid; W1 and its community signed in', async () => {
    const { db } = ctx.database;
    await seedPaidGrant(db);
    app = await buildApp({ database: ctx.database, now: () => new Date('2025-06-20T02:00:00Z'), auth: { loginPerMinute: 1000 } });
    w1 = await signIn(app, db, 'committee', { scope: 'W1' });
    c1 = await signIn(app, db, 'community', { scope: 'C1' });
  });

  it('the clerk uploads the receipt and books a use; typos and overdrafts are refused naming the field, nothing booked', async () => {
    const f = upload('发票.pdf', '%PDF-1.4 receipt');
    const up = await app.inject({ method: 'POST', url: '/api/attachments', payload: f.payload, headers: { ...w1.headers, ...f.headers } });
    assert.equal(up.statusCode, 201, up.body);
    const receiptAttachmentId = up.json().id as number;
    const url = '/api/committees/W1/spending';
    const ok = { spentOn: '2025-06-15', item: '打印复印', amount: '120.00' };
    for (const [patch, status, code, field] of [
      [{ amount: '1.005' }, 400, 'spending.amount', 'amount'],
      [{ amount: '-20' }, 400, 'spending.amount', 'amount'],
      [{ amount: '一百' }, 400, 'spending.amount', 'amount'],
      [{ spentOn: '2025-13-01' }, 400, 'spending.date', 'spentOn'],
      [{ spentOn: '2025-07-01' }, 400, 'spending.date_future', 'spentOn'],
      [{ spentOn: '2025-06-01' }, 400, 'spending.before_grant', 'spentOn'],
      [{ item: '' }, 400, 'spending.item', 'item'],
      [{ amount: '3000.01' }, 409, 'spending.insufficient', 'amount'],
      [{ receiptAttachmentId: receiptAttachmentId + 1000 }, 404, 'attachment.not_found', 'receiptAttachmentId'],
    ] as const) {
      const res = await call(w1, 'POST', url, { ...ok, ...patch });
      assert.equal(res.status, status, `${JSON.stringify(patch)}: ${res.body}`);
      assert.deepEqual([res.json().code, res.json().field], [code, field], res.body);
    }
    // the field's name in the JSON body when its type is wrong (a number of yuan is never a float)
    const typo = await call(w1, 'POST', url, { ...ok, amount: 120 });
    assert.equal(typo.status, 400, typo.body);
    assert.equal(typo.json().problems[0].path, '$.amount');
    const unknown = await call(w1, 'POST', url, { ...ok, ammount: '1.00' });
    assert.equal(unknown.status, 400, unknown.body);
    // in English on request
    const en = await app.inject({
      method: 'POST',
      url,
      headers: { ...w1.headers, 'accept-language': 'en' },
      payload: { ...ok, amount: '3000.01' },
    });
    assert.match(en.json().message, /3000\.01 is more than the grant's balance of 3000\.00/);
    assert.equal((await call(w1, 'GET', url)).json().lines.length, 1, 'nothing booked');

    const booked = await call(w1, 'POST', url, { ...ok, receiptAttachmentId });
    assert.equal(booked.status, 201, booked.body);
    assert.deepEqual({ ...booked.json(), id: 0 }, { id: 0, committee: 'W1', ...ok, receipt: true, balance: '2880.00' });
    spendingId = booked.json().id;
    // the community may not book for the committee; another committee's ledger is not found
    assert.equal((await call(c1, 'POST', url, ok)).status, 403);
    assert.equal((await call(w1, 'POST', '/api/committees/W2/spending', ok)).status, 404);
  });

  it('the committee and its community read the ledger and the receipt; a correction restores the balance, once', async () => {
    for (const who of [w1, c1]) {
      const l = await call(who, 'GET', '/api/committees/W1/spending');
      assert.equal(l.status, 200, l.body);
      assert.deepEqual(
        [
          l.json().received,
          l.json().spent,
          l.json().balance,
          l.json().lines.map((x: { kind: string; date: string }) => `${x.kind}@${x.date}`),
        ],
        ['3000.00', '120.00', '2880.00', [`received@${GRANT_PAID_ON}`, 'spent@2025-06-15']],
      );
      const file = await call(who, 'GET', `/api/committees/W1/spending/${spendingId}/receipt`);
      assert.equal(file.status, 200, file.body);
      assert.deepEqual([file.headers['content-type'], file.headers['x-content-type-options']], ['application/pdf', 'nosniff']);
      assert.equal(file.raw.toString(), '%PDF-1.4 receipt');
    }
    const reverse = `/api/committees/W1/spending/${spendingId}/reverse`;
    assert.equal((await call(w1, 'POST', reverse, { reason: ' ' })).json().field, 'reason');
    const done = await call(w1, 'POST', reverse, { reason: '重复登记' });
    assert.equal(done.status, 200, done.body);
    assert.deepEqual(done.json(), { id: spendingId, committee: 'W1', reversed: '120.00', balance: '3000.00' });
    assert.equal((await call(w1, 'POST', reverse, { reason: '重复登记' })).status, 409);
    assert.equal((await call(c1, 'POST', reverse, { reason: '重复登记' })).status, 403);
  });

  it('the public list of committees: no sign-in, code and names to find a ledger, searchable, no account or members', async () => {
    const all = await call(null, 'GET', '/api/public/committees');
    assert.equal(all.status, 200, all.body);
    assert.deepEqual(
      all.json().items.map((w: { code: string; name: string; compoundName: string }) => [w.code, w.name, w.compoundName]),
      [
        ['W1', '幸福小区业主委员会', '幸福小区'],
        ['W2', '和平小区业主委员会', '和平小区'],
      ],
    );
    assert.equal(all.json().total, 2);
    assert.ok(!all.body.includes('6217001234560001') && !all.body.includes('custodian'), all.body);
    const found = await call(null, 'GET', `/api/public/committees?q=${encodeURIComponent('和平')}`);
    assert.deepEqual([found.json().total, found.json().items[0].code], [1, 'W2']);
    assert.equal((await call(null, 'GET', '/api/public/committees?q=w1')).json().items[0].code, 'W1');
    // a % or _ is a letter, not a wildcard
    assert.equal((await call(null, 'GET', `/api/public/committees?q=${encodeURIComponent('%')}`)).json().total, 0);
    assert.deepEqual(
      (await call(null, 'GET', '/api/public/committees?limit=1&offset=1')).json().items.map((w: { code: string }) => w.code),
      ['W2'],
    );
    assert.equal((await call(null, 'GET', '/api/public/committees?limit=0')).status, 400);
    assert.equal((await call(null, 'GET', `/api/public/committees?q=${'x'.repeat(51)}`)).status, 400);
  });

  it('the public ledger: no sign-in, the same figures, no names or receipt files; an unknown committee is 404; rate limited', async () => {
    const res = await call(null, 'GET', '/api/public/committees/W1/spending');
    assert.equal(res.status, 200, res.body);
    const l = res.json();
    assert.deepEqual(
      [l.committee.name, l.received, l.spent, l.balance, l.lines.map((x: { kind: string }) => x.kind)],
      ['幸福小区业主委员会', '3000.00', '0.00', '3000.00', ['received', 'spent', 'reversal']],
    );
    assert.equal(l.lines[1].receipt, true);
    assert.equal(l.lines[2].reason, '重复登记');
    assert.ok(!res.body.includes(w1.username) && !res.body.includes('recordedBy') && !res.body.includes('receiptAttachmentId'), res.body);
    assert.equal((await call(null, 'GET', '/api/public/committees/W404/spending')).status, 404);
    assert.equal((await call(null, 'GET', '/api/public/committees/W1/spending?limit=0')).status, 400);
    assert.equal((await call(null, 'GET', '/api/committees/W1/spending')).status, 401);
    // 60 a minute per address: the 61st from one address is refused; another address is not
    const from = '203.0.113.9';
    for (let i = 0; i < 60; i++) assert.equal((await call(null, 'GET', '/api/public/committees/W1/spending', undefined, from)).status, 200);
    const limited = await call(null, 'GET', '/api/public/committees/W1/spending', undefined, from);
    assert.deepEqual([limited.status, limited.json().code], [429, 'rate_limited']);
    assert.equal((await call(null, 'GET', '/api/public/committees/W1/spending', undefined, '203.0.113.10')).status, 200);
  });
});
