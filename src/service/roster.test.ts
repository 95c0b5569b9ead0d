/** Roster corrections: evidence required and checked; approval appends, rejection changes nothing; history stays. */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import { compound, scenario } from '../rules/scenario/fixtures.ts';
import { attachmentProblem } from './attachments.ts';
import { decideRosterChange, requestRosterChange } from './roster-change.ts';
import { buildScenario } from './scenario-build.ts';
import { loadScenario } from './scenario-load.ts';

const pdf = (text: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${text}`), fileName: '情况说明.pdf', mime: 'application/pdf' });

describeDb('roster changes', (ctx, it) => {
  it('evidence is checked: type by content, size', () => {
    assert.equal(attachmentProblem(pdf('x')), null);
    assert.match(attachmentProblem({ bytes: new TextEncoder().encode('hello'), mime: 'application/pdf' }) ?? '', /不是 PDF/);
    assert.match(attachmentProblem({ bytes: new Uint8Array([1]), mime: 'text/html' }) ?? '', /不支持/);
    assert.match(attachmentProblem({ bytes: new Uint8Array(0), mime: 'application/pdf' }) ?? '', /为空/);
  });

  it('an approved amendment supersedes the entry, a rejected one changes nothing, and the registry follows', async () => {
    const { db } = ctx.database;
    await loadScenario(
      db,
      scenario({
        compounds: [compound({ id: 'A', area: '1000.00' }), compound({ id: 'B', communityId: 'C2', area: '1000.00' })],
      }),
    );
    const onRoster = async () => Object.fromEntries((await buildScenario(db, '2026-01-01')).compounds.map((c) => [c.id, c.onRoster2023]));
    assert.deepEqual(await onRoster(), { A: true, B: true });
    const rejected = await requestRosterChange(db, {
      compoundCode: 'B',
      action: 'remove',
      reason: '2023年底已有物业',
      evidence: pdf('a'),
      requestedBy: 'community-C2',
    });
    await decideRosterChange(db, rejected, { approve: false, decidedBy: 'bureau', note: '证据不足' });
    assert.equal((await db.select().from(t.roster2023)).length, 2);
    const removal = await requestRosterChange(db, {
      compoundCode: 'B',
      action: 'remove',
      reason: '2023年底已有物业',
      evidence: pdf('b'),
      requestedBy: 'community-C2',
    });
    await decideRosterChange(db, removal, { approve: true, decidedBy: 'bureau' });
    await assert.rejects(decideRosterChange(db, removal, { approve: true, decidedBy: 'bureau' }), /没有待审核/);
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
    // B is off the roster for every calculation from now on
    assert.deepEqual(await onRoster(), { A: true, B: false });
    const amended = await requestRosterChange(db, {
      compoundCode: 'A',
      action: 'amend',
      reason: '面积测绘有误',
      values: { area: '1200.00' },
      evidence: pdf('c'),
      requestedBy: 'community-C1',
    });
    await decideRosterChange(db, amended, { approve: true, decidedBy: 'bureau' });
    const [a] = await db.select().from(t.compounds).where(eq(t.compounds.code, 'A'));
    const entries = await db
      .select()
      .from(t.roster2023)
      .where(eq(t.roster2023.compoundId, a?.id as number));
    assert.deepEqual(
      entries.map((e) => e.area),
      ['1000.00', '1200.00'],
    );
    await assert.rejects(
      requestRosterChange(db, { compoundCode: 'B', action: 'remove', reason: 'x', evidence: pdf('d'), requestedBy: 'c' }),
      /不在名单/,
    );
    await assert.rejects(
      requestRosterChange(db, {
        compoundCode: 'A',
        action: 'amend',
        reason: 'x',
        evidence: { ...pdf('e'), mime: 'image/png' },
        requestedBy: 'c',
      }),
      /不是 PNG/,
    );
  });
});
