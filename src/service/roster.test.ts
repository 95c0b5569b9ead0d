/**
 * Roster corrections: evidence required and checked; approval appends, rejection changes nothing;
 * history stays; an approved correction is the truth for every calculation; a decision holds once.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { UserError } from '../lib/errors.ts';
import { attachmentProblem } from '../registry/attachments.ts';
import { buildScenario } from '../registry/scenario-build.ts';
import { compound, engagement, scenario, tier1Facts } from '../rules/scenario/fixtures.ts';
import { scopeOf } from './auth/sessions.ts';
import { calcFromDb } from './calc-db.ts';
import { decideRosterChange, listRosterChanges, requestRosterChange, sealRoster } from './roster.ts';
import { as, seedScenario, testActor } from './testing.ts';

const pdf = (text: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${text}`), fileName: '情况说明.pdf', mime: 'application/pdf' });
const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;

describeDb('roster changes', (ctx, it) => {
  /** A community account bound to community `code` (C1 holds compound A, C2 holds B). */
  const community = async (code = 'C1') => {
    const [c] = await ctx.database.db.select().from(t.communities).where(eq(t.communities.code, code));
    return as(ctx.database.db, {
      ...testActor('community', `community-${code}`),
      scope: await scopeOf(ctx.database.db, { communityId: c?.id ?? null, companyId: null, committeeId: null }),
    });
  };
  const bureau = () => as(ctx.database.db, testActor('bureau', 'bureau-li'));
  const onRoster = async () =>
    Object.fromEntries((await buildScenario(ctx.database.db, '2026-01-01')).scenario.compounds.map((c) => [c.id, c.onRoster2023]));

  it('evidence is checked: type by content, size', () => {
    assert.equal(attachmentProblem(pdf('x')), null);
    assert.equal(
      attachmentProblem({ bytes: new TextEncoder().encode('hello'), mime: 'application/pdf', fileName: 'a.pdf' })?.code,
      'attachment.content',
    );
    assert.equal(attachmentProblem({ bytes: new Uint8Array([1]), mime: 'text/html', fileName: 'a.html' })?.code, 'attachment.type');
    assert.equal(attachmentProblem({ bytes: new Uint8Array(0), mime: 'application/pdf', fileName: 'a.pdf' })?.code, 'attachment.empty');
  });

  it('an approved amendment supersedes the entry, a rejected one changes nothing, and the registry follows', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({ compounds: [compound({ id: 'A', area: '1000.00' }), compound({ id: 'B', communityId: 'C2', area: '1000.00' })] }),
    );
    assert.deepEqual(await onRoster(), { A: true, B: true });
    // another community's compound is not found for a community account
    await assert.rejects(
      requestRosterChange(await community('C1'), { compoundCode: 'B', action: 'remove', reason: 'x', evidence: pdf('z') }),
      code('compound.not_found'),
    );
    const rejected = await requestRosterChange(await community('C2'), {
      compoundCode: 'B',
      action: 'remove',
      reason: '2023年底已有物业',
      evidence: pdf('a'),
    });
    await decideRosterChange(bureau(), rejected, { approve: false, note: '证据不足' });
    assert.equal((await db.select().from(t.roster2023)).length, 2);
    const removal = await requestRosterChange(await community('C2'), {
      compoundCode: 'B',
      action: 'remove',
      reason: '2023年底已有物业',
      evidence: pdf('b'),
    });
    await decideRosterChange(bureau(), removal, { approve: true });
    await assert.rejects(decideRosterChange(bureau(), removal, { approve: true }), code('roster.change.not_open'));
    const [b] = await db.select().from(t.compounds).where(eq(t.compounds.code, 'B'));
    const history = await db
      .select()
      .from(t.roster2023)
      .where(eq(t.roster2023.compoundId, b?.id as number));
    assert.deepEqual(
      history.map((e) => [e.removed, e.supersedesId !== null]),
      [
        [false, false],
        [true, true],
      ],
    );
    assert.deepEqual(await onRoster(), { A: true, B: false });
    await assert.rejects(
      requestRosterChange(await community('C2'), { compoundCode: 'B', action: 'remove', reason: 'x', evidence: pdf('d') }),
      code('roster.change.not_on_roster'),
    );
    await assert.rejects(
      requestRosterChange(await community(), {
        compoundCode: 'A',
        action: 'amend',
        reason: 'x',
        values: { area: '1200' },
        evidence: { ...pdf('e'), mime: 'image/png' },
      }),
      code('attachment.content'),
    );
    const list = await listRosterChanges(db);
    assert.deepEqual(
      list.map((c) => [c.id, c.status, c.requestedBy, c.decidedBy, c.evidence.fileName]),
      [
        [rejected, 'rejected', 'community-C2', 'bureau-li', '情况说明.pdf'],
        [removal, 'approved', 'community-C2', 'bureau-li', '情况说明.pdf'],
      ],
    );
  });

  it('an approved correction of the area is the truth for every calculation from then on (R-8)', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({
        asOf: '2025-01-31',
        compounds: [compound({ id: 'A', area: '12000.50' })],
        engagements: [
          engagement({ id: 'E1', compoundId: 'A', entryDate: '2024-01-01', periods: [tier1Facts('2024H1'), tier1Facts('2024H2')] }),
        ],
      }),
    );
    const before = await calcFromDb(db, '2025-01-31');
    assert.ok(before.ok);
    assert.equal(before.value.lines[0]?.amount, '28801.20'); // 0.40 × 12000.50 × 6
    const id = await requestRosterChange(await community(), {
      compoundCode: 'A',
      action: 'amend',
      reason: '面积测绘有误',
      values: { area: '12500' },
      evidence: pdf('f'),
    });
    await decideRosterChange(bureau(), id, { approve: true });
    const [a] = await db.select().from(t.compounds).where(eq(t.compounds.code, 'A'));
    assert.equal(a?.area, '12500.00');
    const after = await calcFromDb(db, '2025-01-31');
    assert.ok(after.ok);
    assert.deepEqual(
      after.value.lines.filter((l) => l.period?.startsWith('2024')).map((l) => l.amount),
      ['30000.00', '30000.00'],
    );
  });

  it('decisions hold: a removal and an amendment pending on one entry cannot both apply', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A', area: '1000.00' })] }));
    const remove = await requestRosterChange(await community(), {
      compoundCode: 'A',
      action: 'remove',
      reason: '已有物业',
      evidence: pdf('g'),
    });
    const amend = await requestRosterChange(await community(), {
      compoundCode: 'A',
      action: 'amend',
      reason: '面积',
      values: { area: '1100' },
      evidence: pdf('h'),
    });
    await decideRosterChange(bureau(), remove, { approve: true });
    await assert.rejects(decideRosterChange(bureau(), amend, { approve: true }), code('roster.change.stale'));
    assert.deepEqual(await onRoster(), { A: false });
    assert.equal((await listRosterChanges(db)).find((c) => c.id === amend)?.status, 'requested');
    await decideRosterChange(bureau(), amend, { approve: false, note: '已移出' });
  });

  it('concurrent approvals of one request: exactly one applies', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A', area: '1000.00' })] }));
    const id = await requestRosterChange(await community(), {
      compoundCode: 'A',
      action: 'amend',
      reason: '面积',
      values: { households: 130 },
      evidence: pdf('i'),
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => decideRosterChange(bureau(), id, { approve: true })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as UserError).code, 'roster.change.not_open');
    const [a] = await db.select().from(t.compounds).where(eq(t.compounds.code, 'A'));
    assert.equal(
      (
        await db
          .select()
          .from(t.roster2023)
          .where(eq(t.roster2023.compoundId, a?.id as number))
      ).length,
      2,
    );
  });

  it('requests that cannot be right are refused up front', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A', area: '1000.00', households: 120 })] }));
    await assert.rejects(
      requestRosterChange(await community(), { compoundCode: 'A', action: 'amend', reason: '更正', evidence: pdf('j') }),
      code('roster.change.no_values'),
    );
    await assert.rejects(
      requestRosterChange(await community(), {
        compoundCode: 'A',
        action: 'amend',
        reason: '更正',
        values: { households: 120 },
        evidence: pdf('k'),
      }),
      code('roster.change.no_change'),
    );
    await assert.rejects(
      requestRosterChange(await community(), { compoundCode: 'A', action: 'add', reason: '漏报', evidence: pdf('l') }),
      code('roster.change.on_roster'),
    );
    await assert.rejects(
      requestRosterChange(await community(), { compoundCode: 'NOPE', action: 'remove', reason: 'x', evidence: pdf('m') }),
      code('compound.not_found'),
    );
    await assert.rejects(
      requestRosterChange(await community(), { compoundCode: 'A', action: 'remove', reason: ' ', evidence: pdf('n') }),
      code('roster.change.reason'),
    );
  });

  it('only the housing bureau decides, and a sealed roster is sealed once', async () => {
    const { db } = ctx.database;
    await seedScenario(db, scenario({ compounds: [compound({ id: 'A' })] }));
    const id = await requestRosterChange(await community(), { compoundCode: 'A', action: 'remove', reason: 'x', evidence: pdf('o') });
    await assert.rejects(decideRosterChange(await community(), id, { approve: true }), code('auth.forbidden'));
    await assert.rejects(sealRoster(bureau()), code('roster.sealed')); // a seeded roster is sealed
  });

  it('every request and decision is in the audit trail, by the acting user', async () => {
    const { db } = ctx.database;
    const events = await db.select().from(t.auditEvents);
    const decisions = events.filter((e) => e.action.startsWith('roster.change.'));
    assert.ok(decisions.length >= 10);
    assert.ok(decisions.every((e) => ['community-C1', 'community-C2', 'bureau-li'].includes(e.username)));
    const [change] = await db.select().from(t.rosterChanges).orderBy(t.rosterChanges.id).limit(1);
    assert.equal(change?.requestedBy, 'community-C1');
  });
});
