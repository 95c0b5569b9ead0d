/** The audit trail for the auditor, on both databases: newest first, filters, days in China time, the chain check. */
import assert from 'node:assert/strict';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { record } from '../command.ts';
import { checkAudit, listAudit } from './audit.ts';
import { everyone, PAGE } from './testing.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('registry reads: the audit trail', (ctx, it) => {
  it('the auditor and the administrator read it; nobody else', async () => {
    const db = ctx.database.db;
    const as = await everyone(db);
    // 2025-06-01 23:30 in China is 15:30 UTC: it belongs to the 1st, China time
    for (const [at, action] of [
      ['2025-05-31T15:59:00Z', 'x.one'],
      ['2025-05-31T16:00:00Z', 'x.two'],
      ['2025-06-01T15:30:00Z', 'x.two'],
      ['2025-06-01T16:00:00Z', 'x.three'],
    ] as const)
      await record({ ...as.bureau, now: () => new Date(at) }, { action, objectType: 'thing', objectId: action, result: 'ok' });
    const all = await listAudit(as.auditor, {}, PAGE);
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.items.map((e) => e.action),
      ['x.three', 'x.two', 'x.two', 'x.one'],
    );
    assert.equal(all.items[0]?.at, '2025-06-01T16:00:00.000Z');
    assert.deepEqual((await listAudit(as.admin, { action: 'x.two' }, PAGE)).total, 2);
    const day = await listAudit(as.auditor, { from: '2025-06-01', to: '2025-06-01' }, PAGE);
    assert.deepEqual(
      day.items.map((e) => e.at),
      ['2025-06-01T15:30:00.000Z', '2025-05-31T16:00:00.000Z'],
    );
    assert.equal((await listAudit(as.auditor, { actor: 'bureau-city', objectType: 'thing', objectId: 'x.one' }, PAGE)).total, 1);
    assert.equal((await listAudit(as.auditor, { actor: 'nobody' }, PAGE)).total, 0);
    const page = await listAudit(as.auditor, {}, { limit: 1, offset: 1 });
    assert.deepEqual([page.items.map((e) => e.seq), page.total], [[all.items[1]?.seq], 4]);
    assert.deepEqual(await checkAudit(as.auditor), { ok: true, checked: 4 });
    for (const role of ['bureau', 'finance', 'community', 'company', 'committee'] as const) {
      await assert.rejects(listAudit(as[role], {}, PAGE), code('auth.forbidden'));
      await assert.rejects(checkAudit(as[role]), code('auth.forbidden'));
    }
  });
});
