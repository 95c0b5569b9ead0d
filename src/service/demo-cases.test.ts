/**
 * The demo city holds a case in every state of every workflow, made through the service layer, and
 * publication closed with an objection dismissed makes cases payable.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { demoOrganisations, listDemoAccounts } from '../registry/demo-accounts.ts';
import { WORKFLOWS } from '../workflow/tables.ts';
import type { Role } from './actor.ts';
import { verifyAudit } from './audit.ts';
import { scopeOf } from './auth/sessions.ts';
import { todos } from './cases/todos.ts';
import { seedRegistry } from './seed.ts';
import { as } from './testing.ts';

describeDb('the demo city’s cases', (ctx, it) => {
  it('every state of every workflow, each reached through the service', async () => {
    const { db } = ctx.database;
    const counts = await seedRegistry(as(db), { kind: 'demo' }, { force: true });
    assert.ok((counts.cases ?? 0) > 40, JSON.stringify(counts));
    const rows = await db.select({ type: t.cases.type, state: t.cases.state }).from(t.cases);
    const have = new Set(rows.map((r) => `${r.type}/${r.state}`));
    const missing = Object.values(WORKFLOWS)
      .flatMap((w) => Object.keys(w.states).map((s) => `${w.type}/${s}`))
      .filter((k) => !have.has(k));
    assert.deepEqual(missing, []);
    // payable T claims in 2024H1–2025H2 behind a closed notice; one objection dismissed, one open
    const payable = await db.select({ n: sql<number>`count(*)::int` }).from(t.cases).where(sql`type = 'claim' and state = 'payable'`);
    assert.ok(Number(payable[0]?.n) >= 5);
    const objections = await db.select({ status: t.objections.status }).from(t.objections);
    assert.deepEqual(objections.map((o) => o.status).sort(), ['dismissed', 'open']);
    // every move is in the audit trail, and the chain holds
    const moves = await db.select({ n: sql<number>`count(*)::int` }).from(t.auditEvents).where(sql`action like 'case.%'`);
    assert.ok(Number(moves[0]?.n) >= rows.length);
    assert.equal((await verifyAudit(db)).ok, true);
    // README's walkthrough: demo-company registers a takeover of X107, in demo-community's community,
    // on the 2023 roster, served by nobody, with no committee and no case
    const orgs = demoOrganisations();
    const [x] = await db
      .select({ id: t.compounds.id, community: t.communities.code })
      .from(t.compounds)
      .innerJoin(t.communities, eq(t.compounds.communityId, t.communities.id))
      .where(eq(t.compounds.code, 'X107'));
    assert.equal(x?.community, orgs.community);
    const on = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`roster2023_current`)
      .where(sql`compound_id = ${x?.id} and not removed`);
    assert.equal(Number(on[0]?.n), 1);
    for (const table of [t.engagements, t.committees, t.cases] as const) {
      const n = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(eq(table.compoundId, x?.id as number));
      assert.equal(Number(n[0]?.n), 0);
    }
    // README names the demo accounts' organisations as the demo city has them
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const a of await listDemoAccounts(db))
      if (a.scope) assert.ok(readme.includes(`| \`${a.username}\` | ${a.role} | ${a.scope} ${a.organisation} |`), `README: ${a.username}`);
    // each demo account that works cases finds work waiting
    for (const username of ['demo-bureau', 'demo-community', 'demo-company', 'demo-committee']) {
      const [u] = await db.select().from(t.appUsers).where(eq(t.appUsers.username, username));
      assert.ok(u, username);
      const actor = { username, role: u.role as Role, channel: 'system' as const, scope: await scopeOf(db, u) };
      const waiting = await todos({ db, actor });
      assert.ok(waiting.total > 0, `${username} has nothing to do`);
    }
  });
});
