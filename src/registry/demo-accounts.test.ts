/** The demo city's accounts: one per role, bound within the demo city, and nowhere but there. */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { UserError } from '../lib/errors.ts';
import { compound, scenario } from '../rules/scenario/fixtures.ts';
import { buildApp } from '../server/app.ts';
import { listUsers } from '../service/auth/users.ts';
import { command } from '../service/command.ts';
import { seedRegistry } from '../service/seed.ts';
import { as, seedScenario } from '../service/testing.ts';
import { DEMO_PASSWORD, demoAccounts, demoAccountsText, listDemoAccounts } from './demo-accounts.ts';

describeDb('demo accounts', (ctx, it) => {
  it('are never made on a registry that is not the demo city: real, or seeded otherwise', async () => {
    const { db } = ctx.database;
    const refused = (e: unknown) => (e as UserError).code === 'demo.not_demo' && (e as UserError).status === 409;
    await assert.rejects(demoAccounts(as(db)), refused, 'an empty registry');
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A' })] }));
    await assert.rejects(demoAccounts(as(db)), refused, 'a scenario');
    await command(as(db), { action: 'test.real' }, (tx) => tx.update(t.registryMeta).set({ seededWith: null, seededAt: null }));
    await assert.rejects(demoAccounts(as(db)), refused, 'real data');
    assert.deepEqual(await db.select().from(t.appUsers), []);
  });

  it('seeding the demo city makes one per role, bound to a community, company and committee of the city', async () => {
    const { db } = ctx.database;
    await seedRegistry(as(db), { kind: 'demo', cases: false }, { force: true });
    const users = await listUsers(as(db));
    const [company] = await db.select().from(t.companies).where(eq(t.companies.code, 'P07'));
    assert.deepEqual(
      users.map((u) => [u.username, u.role, u.scope, u.mustChangePassword, u.locked]),
      [
        ['demo-admin', 'admin', null, false, false],
        ['demo-auditor', 'auditor', null, false, false],
        ['demo-bureau', 'bureau', null, false, false],
        ['demo-committee', 'committee', 'W005', false, false],
        ['demo-community', 'community', 'C05', false, false],
        ['demo-company', 'company', company?.uscc, false, false],
        ['demo-finance', 'finance', null, false, false],
      ],
    );
    assert.match(company?.uscc ?? '', /^[0-9A-Z]{18}$/);
    // asked again, nothing new
    assert.equal((await demoAccounts(as(db))).length, 7);
    assert.equal((await listUsers(as(db))).length, 7);

    const text = demoAccountsText(await listDemoAccounts(db));
    assert.match(text, /^演示账户（仅限演示城市；密码公开，切勿用于真实数据）\/ Demo accounts/);
    assert.match(text, /\ndemo-community +community +C05 +友谊社区 +Jiangbu-Demo-2026\n/);
    assert.equal(demoAccountsText([]), '');
  });

  it('sign in with the published demo password, no change asked, scoped as listed', async () => {
    const app = await buildApp({ database: ctx.database });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'demo-community', password: DEMO_PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().user.scope, res.json().user.organisation, res.json().mustChangePassword], ['C05', '友谊社区', false]);
      // a committee is named after its compound
      const w = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'demo-committee', password: DEMO_PASSWORD },
      });
      assert.deepEqual([w.json().user.scope, w.json().user.organisation], ['W005', '康乐苑业主委员会']);
    } finally {
      await app.close();
    }
  });

  it('go with the demo city: a registry seeded otherwise afterwards has none', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'B' })] }));
    assert.deepEqual(await listUsers(as(db)), []);
  });
});
