/** Companies within each role's scope, on both databases: masking, and the audited reveal of a phone. */
import assert from 'node:assert/strict';
import { desc } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { getCompany, listCompanies, revealCompanyContact } from './companies.ts';
import { everyone, P2_USCC, PAGE, seedTwoCities } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: companies', (ctx, it) => {
  it('a community sees the companies engaged on its compounds, a company itself, a committee none', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const as = await everyone(db);
    const codes = async (c: (typeof as)[keyof typeof as], f = {}) => {
      const r = await listCompanies(c, f, PAGE);
      assert.equal(r.total, r.items.length);
      return r.items.map((x) => x.code);
    };
    assert.deepEqual(await codes(as.bureau), ['P1', 'P2']);
    assert.deepEqual(await codes(as.bureau, { community: 'C2' }), ['P2']);
    assert.deepEqual(await codes(as.bureau, { q: 'P1物' }), ['P1']);
    assert.deepEqual(await codes(as.community), ['P1']);
    assert.deepEqual(await codes(as.company), ['P1']);
    assert.deepEqual(await codes(as.committee), []);
    await assert.rejects(listCompanies(as.auditor, {}, PAGE), code('auth.forbidden'));
    for (const c of [as.community, as.company, as.committee]) await assert.rejects(getCompany(c, 'P2'), code('company.not_found'));
    // by its USCC as well as its code, in either case
    assert.equal((await getCompany(as.bureau, P2_USCC.toLowerCase())).code, 'P2');
    await assert.rejects(getCompany(as.company, P2_USCC), code('company.not_found'));
  });

  it('the phone masked for everyone; the name for the community; the account for all but the city', async () => {
    const as = await everyone(ctx.database.db);
    assert.deepEqual(await getCompany(as.bureau, 'P1'), {
      code: 'P1',
      name: 'P1物业',
      uscc: null,
      contactName: '张三丰',
      contactPhone: '138****5678',
      bankName: '工商银行',
      bankAccountName: 'P1物业',
      bankAccountNo: '6222021234567890',
    });
    const community = await getCompany(as.community, 'P1');
    assert.deepEqual([community.contactName, community.contactPhone, community.bankAccountNo], ['张**', '138****5678', '************7890']);
    const itself = await getCompany(as.company, 'P1');
    assert.deepEqual([itself.contactName, itself.contactPhone, itself.bankAccountNo], ['张三丰', '138****5678', '************7890']);
  });

  it('revealing the phone: the clear value and an audit event naming the field, not the value', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    assert.deepEqual(await revealCompanyContact(as.finance, 'P2', 'contactPhone'), {
      code: 'P2',
      field: 'contactPhone',
      value: '13987654321',
    });
    const [e] = await db.select().from(t.auditEvents).orderBy(desc(t.auditEvents.seq)).limit(1);
    assert.deepEqual(
      [e?.action, e?.objectType, e?.objectId, e?.username, e?.detail],
      ['personal.reveal', 'company', 'P2', 'finance-city', { field: 'contactPhone' }],
    );
    assert.ok(!JSON.stringify(e).includes('13987654321'));
    assert.equal((await revealCompanyContact(as.company, 'P1', 'contactPhone')).value, '13812345678');
    // another company's phone: not found (and nothing recorded); the community may not ask
    const before = (await db.select().from(t.auditEvents)).length;
    await assert.rejects(revealCompanyContact(as.company, 'P2', 'contactPhone'), code('company.not_found'));
    await assert.rejects(revealCompanyContact(as.community, 'P1', 'contactPhone'), code('auth.forbidden'));
    await assert.rejects(revealCompanyContact(as.auditor, 'P1', 'contactPhone'), code('auth.forbidden'));
    assert.equal((await db.select().from(t.auditEvents)).length, before);
  });
});
