/** The audit trail: every event chained to the one before; a change behind the application's back is found. */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { isoInstant, verifyAudit } from './audit.ts';
import { command, record } from './command.ts';
import { as, testActor } from './testing.ts';

describeDb('audit trail', (ctx, it) => {
  it('each event holds the previous hash; the chain verifies; a rolled-back change leaves no event', async () => {
    const { db } = ctx.database;
    const s = as(db, { ...testActor('bureau', 'li'), ip: '10.0.0.7', requestId: 'r-1' });
    await command(s, { action: 'test.one', objectType: 'thing', objectId: 1, detail: { b: 2, a: [1, { z: 1, y: 'x' }] } }, async () => 1);
    await record(s, { action: 'test.two', result: 'denied' });
    await assert.rejects(
      command(s, { action: 'test.rolled_back' }, async () => {
        throw new Error('the change fails');
      }),
    );
    // concurrent appends still make one chain
    await Promise.all([1, 2, 3, 4, 5].map((i) => command(s, { action: `test.parallel.${i}` }, async () => i)));
    const events = await db.select().from(t.auditEvents).orderBy(t.auditEvents.seq);
    assert.deepEqual(events.map((e) => e.action).slice(0, 2), ['test.one', 'test.two']);
    assert.ok(!events.some((e) => e.action === 'test.rolled_back'));
    assert.deepEqual(
      [events[0]?.username, events[0]?.role, events[0]?.ip, events[0]?.requestId, events[0]?.objectId],
      ['li', 'bureau', '10.0.0.7', 'r-1', '1'],
    );
    for (let i = 1; i < events.length; i++) assert.equal(events[i]?.prevHash, events[i - 1]?.hash);
    assert.deepEqual(await verifyAudit(db), { ok: true, checked: 7 });
  });

  it('an event changed behind the application’s back is named', async () => {
    const { db } = ctx.database;
    // the triggers refuse UPDATE; someone with the database's owner rights can still disable them
    await db.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await db.execute(sql`UPDATE audit_event SET detail = '{"b":3}'::jsonb WHERE action = 'test.one'`);
    await db.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    const [first] = await db.select().from(t.auditEvents).orderBy(t.auditEvents.seq).limit(1);
    assert.deepEqual(await verifyAudit(db), { ok: false, checked: 0, brokenAt: first?.seq, why: 'hash' });
  });

  it('an event removed behind the application’s back breaks the link of the next', async () => {
    const { db } = ctx.database;
    await db.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await db.execute(sql`DELETE FROM audit_event WHERE action = 'test.one'`);
    await db.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    const rows = await db.select().from(t.auditEvents).orderBy(t.auditEvents.seq);
    assert.deepEqual(await verifyAudit(db), { ok: false, checked: 0, brokenAt: rows[0]?.seq, why: 'link' });
  });

  it('canonical JSON sorts keys at every depth; instants read back the same on both drivers', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: null }], c: 'x' } }), '{"a":{"c":"x","d":[2,{"e":null,"f":1}]},"b":1}');
    assert.equal(isoInstant('2026-12-03 07:40:33.123+00'), '2026-12-03T07:40:33.123Z');
    assert.equal(isoInstant('2026-12-03 15:40:33.123+08'), '2026-12-03T07:40:33.123Z');
    assert.equal(isoInstant('2026-12-03T07:40:33.123Z'), '2026-12-03T07:40:33.123Z');
  });
});
