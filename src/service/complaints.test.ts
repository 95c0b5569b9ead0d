/**
 * Residents' complaints through the service, on both databases: lodged without an account, they land in
 * the compound's community's to-dos with their age; who reads which, contacts masked except to the
 * community handling them; the community acknowledges and resolves with notes (audited); the half-year
 * assessment sheet of an engagement lists its compound's complaints of the half-year.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { describeDb } from '../db/testing.ts';
import type { UserError } from '../lib/errors.ts';
import { publicActor } from './actor.ts';
import { openCase } from './cases/open.ts';
import { viewCase } from './cases/read.ts';
import { todos } from './cases/todos.ts';
import type { ServiceContext } from './command.ts';
import { findCompounds, handleComplaint, listComplaints, lodgeComplaint, maskContact } from './complaints.ts';
import { contextOf, seedTwoCities } from './read/testing.ts';

const code = (expected: string, status?: number) => (e: unknown) =>
  (e as UserError).code === expected && (status === undefined || (e as UserError).status === status);
const at = (day: string) => () => new Date(`${day}T02:00:00Z`);
const PAGE = { limit: 50, offset: 0 };

describeDb('complaints', (ctx, it) => {
  const pub = (day: string): ServiceContext => ({ db: ctx.database.db, actor: publicActor('203.0.113.9'), now: at(day) });
  const as = (role: 'community' | 'company' | 'bureau' | 'committee', scope?: Record<string, string>, day = '2025-06-04') =>
    contextOf(ctx.database.db, role, scope, at(day));
  let mine = 0;

  it('anyone lodges a complaint about a compound; the answer masks the contact', async () => {
    await seedTwoCities(ctx.database.db);
    const c = await lodgeComplaint(pub('2025-06-01'), {
      compound: 'X1',
      category: 'repair',
      text: ' 3号楼电梯停运一周无人维修 ',
      contact: '13812345678',
    });
    mine = c.id;
    assert.deepEqual(
      [c.compound, c.community.code, c.category, c.categoryName, c.text, c.contact, c.lodgedOn, c.status],
      [{ code: 'X1', name: '幸福小区' }, 'C1', 'repair', '设施维修', '3号楼电梯停运一周无人维修', '138****5678', '2025-06-01', 'open'],
    );
    const anonymous = await lodgeComplaint(pub('2025-06-03'), { compound: 'X2', category: 'cleaning', text: '垃圾未及时清运' });
    assert.equal(anonymous.contact, null);
    const [row] = await ctx.database.db.select().from(t.complaints).where(eq(t.complaints.id, mine));
    assert.deepEqual([row?.contact, row?.ip], ['13812345678', '203.0.113.9']);
    assert.deepEqual([maskContact('王建国'), maskContact('139 1234 5678')], ['王**', '139******5678']);
  });

  it('bad input is refused naming the field', async () => {
    const p = pub('2025-06-01');
    const ok = { compound: 'X1', category: 'fees', text: '乱收费' };
    const field = (c: string, f: string) => (e: unknown) => code(c)(e) && (e as UserError).details?.field === f;
    await assert.rejects(lodgeComplaint(p, { ...ok, category: 'noise' }), field('complaint.category', 'category'));
    await assert.rejects(lodgeComplaint(p, { ...ok, text: '   ' }), field('complaint.text', 'text'));
    await assert.rejects(lodgeComplaint(p, { ...ok, text: '字'.repeat(1001) }), field('complaint.text', 'text'));
    await assert.rejects(lodgeComplaint(p, { ...ok, contact: '1'.repeat(51) }), field('complaint.contact', 'contact'));
    await assert.rejects(lodgeComplaint(p, { ...ok, compound: 'NOPE' }), field('compound.not_found', 'compound'));
    assert.equal((await lodgeComplaint(p, { ...ok, text: '字'.repeat(1000) })).text.length, 1000);
  });

  it('it lands in its community’s to-dos with its age; not in another community’s', async () => {
    const list = await todos(await as('community', { community: 'C1' }));
    assert.equal(list.complaints.total, 2);
    assert.deepEqual(list.complaints.items[0], {
      id: mine,
      compound: '幸福小区',
      category: '设施维修',
      lodgedOn: '2025-06-01',
      ageDays: 3,
      status: 'open',
    });
    const c2 = await todos(await as('community', { community: 'C2' }));
    assert.deepEqual(
      c2.complaints.items.map((x) => x.compound),
      ['和平小区'],
    );
    assert.equal((await todos(await as('bureau'))).complaints.total, 0);
  });

  it('who reads which: the community its own in clear (audited), the bureau all and a company those it served, masked', async () => {
    const db = ctx.database.db;
    const c1 = await as('community', { community: 'C1' });
    const own = await listComplaints(c1, PAGE);
    assert.deepEqual(
      own.items.map((x) => [x.compound.code, x.contact]),
      [
        ['X1', null],
        ['X1', '13812345678'],
      ],
    );
    const reads = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'personal.read'));
    assert.deepEqual(
      reads.map((r) => [r.username, r.objectType, r.objectId]),
      [[c1.actor.username, 'complaint', String(mine)]],
    );
    assert.deepEqual(
      (await listComplaints(await as('community', { community: 'C2' }), PAGE)).items.map((x) => x.compound.code),
      ['X2'],
    );
    const city = await listComplaints(await as('bureau'), PAGE);
    assert.equal(city.total, 3);
    assert.equal(city.items.find((x) => x.id === mine)?.contact, '138****5678');
    // P1 serves X1 (from 2024-01-01); P2's engagement at X2 ended 2025-01-31, before the complaint
    const p1 = await listComplaints(await as('company', { company: 'P1' }), PAGE);
    assert.deepEqual(
      p1.items.map((x) => [x.compound.code, x.contact]),
      [
        ['X1', null],
        ['X1', '138****5678'],
      ],
    );
    assert.equal((await listComplaints(await as('company', { company: 'P2' }), PAGE)).total, 0);
    await assert.rejects(listComplaints(await as('committee', { committee: 'W1' }), PAGE), code('auth.forbidden', 403));
    assert.equal(
      (await listComplaints(c1, { ...PAGE, status: 'unresolved', compound: 'X1', from: '2025-06-01', to: '2025-06-01' })).total,
      2,
    );
  });

  it('the community acknowledges and resolves its own, with notes (audited); another community cannot', async () => {
    const db = ctx.database.db;
    const c2 = await as('community', { community: 'C2' });
    await assert.rejects(handleComplaint(c2, mine, 'acknowledge', '已受理'), code('complaint.not_found', 404));
    await assert.rejects(handleComplaint(await as('bureau'), mine, 'resolve', '已处理'), code('auth.forbidden', 403));
    const c1 = await as('community', { community: 'C1' });
    await assert.rejects(handleComplaint(c1, mine, 'acknowledge', ' '), code('complaint.note'));
    const ack = await handleComplaint(c1, mine, 'acknowledge', '已联系物业公司，三日内修复');
    assert.deepEqual(
      [ack.status, ack.acknowledgement?.note, ack.acknowledgement?.by, ack.contact],
      ['acknowledged', '已联系物业公司，三日内修复', c1.actor.username, '138****5678'],
    );
    await assert.rejects(handleComplaint(c1, mine, 'acknowledge', '再次受理'), code('complaint.illegal_transition', 409));
    const done = await handleComplaint(await as('community', { community: 'C1' }, '2025-06-06'), mine, 'resolve', '电梯已修复，住户确认');
    assert.deepEqual([done.status, done.resolution?.note], ['resolved', '电梯已修复，住户确认']);
    await assert.rejects(handleComplaint(c1, mine, 'resolve', '再次办结'), code('complaint.illegal_transition', 409));
    const trail = await db.select().from(t.auditEvents).where(eq(t.auditEvents.objectType, 'complaint'));
    assert.deepEqual(
      trail.filter((e) => e.objectId === String(mine)).map((e) => e.action),
      ['complaint.lodge', 'personal.read', 'personal.read', 'complaint.acknowledge', 'complaint.resolve'],
    );
    const left = await todos(c1);
    assert.equal(left.complaints.total, 1);
    assert.ok(!left.complaints.items.some((x) => x.id === mine));
  });

  it('the half-year assessment sheet lists the compound’s complaints of the half-year beside the score', async () => {
    const db = ctx.database.db;
    await lodgeComplaint(pub('2024-08-15'), { compound: 'X1', category: 'cleaning', text: '楼道长期无人打扫', contact: '王建国' });
    await lodgeComplaint(pub('2024-12-31'), { compound: 'X1', category: 'security', text: '门禁损坏' });
    await lodgeComplaint(pub('2024-09-01'), { compound: 'X2', category: 'fees', text: '另一个小区' });
    await lodgeComplaint(pub('2025-01-01'), { compound: 'X1', category: 'other', text: '下一个半年' });
    const company = await as('company', { company: 'P1' });
    const claim = await openCase(company, { type: 'claim', form: { engagementCode: 'E1', period: '2024H2' } });
    for (const who of [company, await as('community', { community: 'C1' }), await as('bureau')]) {
      const view = await viewCase(db, who, claim.caseNo);
      const sheet = view.assessment;
      assert.ok(sheet);
      // one score-sheet field: the items the reader scores are marked on it (the company scores none)
      assert.equal('sheet' in view, false);
      const mine = sheet.items.filter((i) => i.mine).map((i) => i.key);
      if (who.actor.role === 'company') assert.deepEqual(mine, []);
      if (who.actor.role === 'bureau') assert.deepEqual(mine, ['repair', 'security', 'fees']);
      if (who.actor.role === 'community')
        assert.ok(
          ['cleaning', 'records'].every((k) => mine.includes(k)),
          mine.join(),
        );
      assert.ok(sheet.items.every((i) => i.score === null && i.by === null && i.at === null));
      assert.deepEqual([sheet.period, sheet.total, sheet.assessed, sheet.items.length], ['2024H2', null, null, 7]);
      assert.deepEqual([sheet.complaints.from, sheet.complaints.to, sheet.complaints.count], ['2024-07-01', '2024-12-31', 2]);
      assert.deepEqual(
        sheet.complaints.items.map((x) => [x.lodgedOn, x.categoryName, x.text, x.statusName]),
        [
          ['2024-08-15', '环境卫生', '楼道长期无人打扫', '待处理'],
          ['2024-12-31', '秩序与安全', '门禁损坏', '待处理'],
        ],
      );
      assert.ok(!JSON.stringify(sheet).includes('王建国'), 'no contact on the sheet');
    }
    // any other kind of case has no sheet
    const takeover = await openCase(company, { type: 'takeover', form: { compoundCode: 'X3', entryDate: '2025-05-01' } });
    assert.equal((await viewCase(db, company, takeover.caseNo)).assessment, null);
  });

  it('the public form finds compounds by name (at most 20; LIKE wildcards are literal)', async () => {
    const db = ctx.database.db;
    assert.deepEqual(await findCompounds(db, '幸福'), [{ code: 'X1', name: '幸福小区', community: 'C1' }]);
    assert.deepEqual(
      (await findCompounds(db, '%')).map((x) => x.code),
      ['X3'],
    );
    assert.deepEqual(await findCompounds(db, '  '), []);
  });
});
