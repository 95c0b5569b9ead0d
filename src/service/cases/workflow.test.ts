/**
 * Each workflow from application to "approved for payment", on both databases, through the service
 * layer: T (registration, a half-year claim with its assessment, 公示), W, F with its quota; 补正; an
 * illegal move; duplicates under parallel requests; objections.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { committee, compound, engagement, scenario, tier1Facts, tier2Facts } from '../../rules/scenario/fixtures.ts';
import type { Role } from '../actor.ts';
import { publicActor } from '../actor.ts';
import { uploadAttachment } from '../attachments.ts';
import type { ServiceContext } from '../command.ts';
import { bureauNotice, bureauNotices, closeNotice, lodgeObjection, publicNotice, publishNotice, resolveObjection } from '../notices.ts';
import { contextOf, type ScopeCodes } from '../read/testing.ts';
import { seedScenario } from '../testing.ts';
import { DEFAULT_SHEET } from './assessment.ts';
import { attachToCase, editCase } from './edit.ts';
import { moveCase } from './move.ts';
import { openCase } from './open.ts';
import { radar } from './radar.ts';
import { viewCase } from './read.ts';
import { todos } from './todos.ts';

const code = (expected: string) => (e: unknown) => (e as UserError).code === expected;
const pdf = (name: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${name}`), fileName: `${name}.pdf` });

describeDb('case workflows', (ctx, it) => {
  let day = '2025-03-01';
  const clock = () => new Date(`${day}T02:00:00Z`);
  /** An actor of `role` bound to the organisation coded `scope` (as a signed-in account would be). */
  const as = (role: Role, scope?: ScopeCodes): Promise<ServiceContext> => contextOf(ctx.database.db, role, scope, clock);
  /** Every scorer gives `share` of each of its items' maximum. */
  const scoreAll = async (caseNo: string, share = 0.9) => {
    for (const [role, scope] of [
      ['bureau', undefined],
      ['community', { community: 'C1' }],
      ['committee', { committee: 'W1' }],
    ] as const) {
      const mine = Object.fromEntries(DEFAULT_SHEET.filter((i) => i.scorer === role).map((i) => [i.key, i.max * share]));
      await moveCase(await as(role, scope), caseNo, 'score', { scores: mine });
    }
  };

  it('T: a takeover registered, confirmed, approved — the engagement is active', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({
        compounds: [compound({ id: 'X1', area: '10000.00' }), compound({ id: 'X2', communityId: 'C2', area: '8000.00' })],
        committees: [
          committee({ id: 'W1', compoundId: 'X1', established: '2024-02-01', serviceContractSigned: '2024-03-01', reviewApproved: false }),
        ],
        engagements: [
          engagement({
            id: 'E0',
            compoundId: 'X2',
            companyId: 'P2',
            entryDate: '2024-01-01',
            periods: [tier1Facts('2024H1'), tier1Facts('2024H2')],
          }),
        ],
      }),
    );
    await db.transaction(async (tx) => {
      await tx.execute((await import('drizzle-orm')).sql`select set_config('jiangbu.actor', 'test', true)`);
      await tx.insert(t.companies).values({ code: 'P1', name: '二连浩特市恒安物业服务有限公司', uscc: '91350100M000100Y43' });
    });
    const company = await as('company', { company: 'P1' });
    const opened = await openCase(company, { type: 'takeover', form: { compoundCode: 'X1', entryDate: '2024-01-15' } });
    assert.match(opened.caseNo, /^JB-2025-T-\d{6}$/);
    assert.deepEqual([opened.state, opened.actions.map((a) => a.action)], ['draft', ['submit']]);
    // incomplete: the dates and both letters are missing
    await assert.rejects(moveCase(company, opened.caseNo, 'submit'), (e) => {
      const u = e as UserError & { problems: { path: string }[] };
      return (
        u.code === 'case.incomplete' &&
        u.problems.map((p) => p.path).join() === 'form.contractSigned,form.commitmentSigned,attachments.contract,attachments.commitment'
      );
    });
    const edited = await editCase(company, opened.caseNo, { contractSigned: '2024-01-10', commitmentSigned: '2024-01-10' }, opened.version);
    await assert.rejects(editCase(company, opened.caseNo, { entryDate: '2024-02-01' }, opened.version), code('case.version'));
    for (const kind of ['contract', 'commitment'] as const) {
      const a = await uploadAttachment(company, pdf(kind));
      await attachToCase(company, opened.caseNo, a.id, kind);
    }
    await moveCase(company, opened.caseNo, 'submit');
    // the community of another compound does not see it; the right one confirms; the bureau approves
    await assert.rejects(moveCase(await as('community', { community: 'C2' }), opened.caseNo, 'confirm'), code('case.not_found'));
    await assert.rejects(moveCase(company, opened.caseNo, 'confirm'), code('case.forbidden'));
    await moveCase(await as('community', { community: 'C1' }), opened.caseNo, 'confirm', { comment: '已核实合同' });
    const approved = await moveCase(await as('bureau'), opened.caseNo, 'approve');
    assert.equal(approved.state, 'active');
    assert.ok(edited.version < approved.version);
    assert.deepEqual(
      approved.history.map((h) => `${h.action}:${h.to}`),
      ['open:draft', 'submit:submitted', 'confirm:community_confirmed', 'approve:active'],
    );
    const [e] = await db.select().from(t.engagements).where(eq(t.engagements.entryDate, '2024-01-15'));
    assert.deepEqual([e?.contractSigned, e?.commitmentSigned], ['2024-01-10', '2024-01-10']);
    // an illegal move: 409 with from and to
    await assert.rejects(moveCase(company, opened.caseNo, 'submit'), (err) => {
      const u = err as UserError;
      return (
        u.code === 'case.illegal_transition' &&
        u.status === 409 &&
        JSON.stringify(u.details) === '{"from":"active","to":"submitted"}' &&
        u.message === '办件当前为“已批准（承接中）”，不能“提交”'
      );
    });
    // a second takeover of a compound already served is refused when submitted, not only at approval
    const second = await openCase(company, {
      type: 'takeover',
      form: { compoundCode: 'X1', entryDate: '2024-06-01', contractSigned: '2024-06-01', commitmentSigned: '2024-06-01' },
    });
    for (const kind of ['contract', 'commitment'] as const)
      await attachToCase(company, second.caseNo, (await uploadAttachment(company, pdf(`${kind}-2`))).id, kind);
    await assert.rejects(moveCase(company, second.caseNo, 'submit'), code('engagement.overlap'));
    // an action the workflow does not have at all is bad input, naming the ones it has
    await assert.rejects(moveCase(company, opened.caseNo, 'frobnicate'), (err) => {
      const u = err as UserError;
      return u.code === 'case.action' && u.status === 400 && u.message.includes('可用：submit、confirm');
    });
  });

  it('T: a half-year claim — facts, 补正, verification, the 100-point sheet, 公示, payable; the decision stays put', async () => {
    const { db } = ctx.database;
    const company = await as('company', { company: 'P1' });
    const [e] = await db.select().from(t.engagements).where(eq(t.engagements.entryDate, '2024-01-15'));
    const facts = { ...tier1Facts('2024H1') } as Record<string, unknown>;
    delete facts.assessmentScore;
    delete facts.period;
    const claim = await openCase(company, { type: 'claim', form: { engagementCode: e?.code, period: '2024H1', ...facts } });
    const evidence = await uploadAttachment(company, pdf('evidence'));
    await attachToCase(company, claim.caseNo, evidence.id, 'evidence');
    await moveCase(company, claim.caseNo, 'submit');
    const community = await as('community', { community: 'C1' });
    // 补正: returned with comments per field; the company corrects and resubmits
    await assert.rejects(moveCase(community, claim.caseNo, 'return', {}), code('case.return_comments'));
    const returned = await moveCase(community, claim.caseNo, 'return', { fieldComments: { feesCollected: '实收金额与票据不符' } });
    assert.deepEqual([returned.state, returned.fieldComments], ['returned', { feesCollected: '实收金额与票据不符' }]);
    await editCase(company, claim.caseNo, { feesCollected: '68000.00' }, returned.version);
    await moveCase(company, claim.caseNo, 'submit');
    await moveCase(community, claim.caseNo, 'verify');
    const [facts2] = await db
      .select()
      .from(t.periodFacts)
      .where(eq(t.periodFacts.engagementId, e?.id as number));
    assert.equal(facts2?.feesCollected, '68000.00');
    const bureau = await as('bureau');
    await assert.rejects(moveCase(bureau, claim.caseNo, 'assess'), code('assessment.incomplete'));
    await assert.rejects(moveCase(bureau, claim.caseNo, 'score', { scores: { cleaning: 10 } }), code('assessment.scorer'));
    await scoreAll(claim.caseNo);
    await moveCase(bureau, claim.caseNo, 'assess');
    const [score] = await db
      .select()
      .from(t.assessments)
      .where(eq(t.assessments.engagementId, e?.id as number));
    assert.equal(score?.total, '90.00');
    await assert.rejects(moveCase(bureau, claim.caseNo, 'publish'), code('case.publish_via_notice'));
    const notice = await publishNotice(bureau, { programme: 'T', caseNos: [claim.caseNo] });
    assert.equal(notice.closesOn, '2025-03-07'); // 7 days counting the day of publication (D-16)
    const published = await viewCase(db, bureau, claim.caseNo);
    // 2024-01-15 … 06-30: 17/31 + 5 months at tier 1 on 10000 m²
    assert.deepEqual([published.state, published.amount], ['published', '22193.55']);
    const decision = published.decision as { line: { status: string; amount: string }; policy: { paramsHash: string } };
    assert.deepEqual([decision.line.status, decision.line.amount], ['payable', '22193.55']);
    assert.match(decision.policy.paramsHash, /^sha256:/);
    // the public sees it, names masked; closing before the period is over is refused
    const pub = await publicNotice(db, notice.id, day);
    assert.deepEqual([pub.items[0]?.caseNo, pub.items[0]?.amount, pub.open], [claim.caseNo, '22193.55', true]);
    assert.deepEqual([pub.items[0]?.state, pub.items[0]?.stateName], ['published', '公示中']);
    await assert.rejects(closeNotice(bureau, notice.id), code('notice.open'));
    day = '2025-03-08';
    await assert.rejects(
      lodgeObjection(
        { db, actor: publicActor('10.0.0.1'), now: clock },
        { caseNo: claim.caseNo, name: '张三', contact: '13800000000', text: '晚了' },
      ),
      code('objection.closed'),
    );
    const closed = await closeNotice(bureau, notice.id);
    assert.deepEqual(closed, { payable: [claim.caseNo], held: [] });
    // a later change of facts does not move the decided amount
    await db.transaction(async (tx) => {
      await tx.execute((await import('drizzle-orm')).sql`select set_config('jiangbu.actor', 'test', true)`);
      await tx
        .update(t.periodFacts)
        .set({ feesCollected: '0.00' })
        .where(eq(t.periodFacts.engagementId, e?.id as number));
    });
    const paid = await viewCase(db, bureau, claim.caseNo);
    assert.deepEqual([paid.state, paid.amount], ['payable', '22193.55']);
  });

  it('duplicates are blocked in the database, even in parallel; the bureau may override with a reason', async () => {
    const { db } = ctx.database;
    const company = await as('company', { company: 'P1' });
    const [e] = await db.select().from(t.engagements).where(eq(t.engagements.entryDate, '2024-01-15'));
    await assert.rejects(openCase(company, { type: 'claim', form: { engagementCode: e?.code, period: '2024H1' } }), code('case.duplicate'));
    // a half-year after the reward period can never be paid: refused when opened, naming the last day
    await assert.rejects(
      openCase(company, { type: 'claim', form: { engagementCode: e?.code, period: '2026H1' } }),
      (err) => (err as UserError).code === 'claim.after_reward' && (err as UserError).message.includes('2025-12-31'),
    );
    // a half-year not over yet cannot be claimed
    const { period: _p, assessmentScore: _s, marketPrice: _m, ...facts } = tier2Facts('2025H1');
    const early = await openCase(company, { type: 'claim', form: { engagementCode: e?.code, period: '2025H1', ...facts } });
    await attachToCase(company, early.caseNo, (await uploadAttachment(company, pdf('early'))).id, 'evidence');
    await assert.rejects(moveCase(company, early.caseNo, 'submit'), code('claim.period_open'));
    // 20 parallel grant applications for one compound: exactly one case
    const w = await as('committee', { committee: 'W1' });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => openCase(w, { type: 'grant', form: { committeeCode: 'W1' } })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as UserError).code, 'case.duplicate');
    const cases = await db.select().from(t.cases).where(eq(t.cases.type, 'grant'));
    assert.equal(cases.length, 1);
    await assert.rejects(openCase(w, { type: 'grant', form: { committeeCode: 'W1' }, overrideReason: '重新成立' }), code('auth.forbidden'));
  });

  it('W: the committee applies; the community reviews; the bureau approves (the engine decides the amount); 公示 with an objection', async () => {
    const { db } = ctx.database;
    const [grant] = await db.select().from(t.cases).where(eq(t.cases.type, 'grant'));
    const w = await as('committee', { committee: 'W1' });
    await moveCase(w, grant?.caseNo as string, 'submit');
    const community = await as('community', { community: 'C1' });
    await assert.rejects(moveCase(community, grant?.caseNo as string, 'review', {}), code('grant.operating'));
    await moveCase(community, grant?.caseNo as string, 'review', { operatingNormally: true });
    const bureau = await as('bureau');
    const approved = await moveCase(bureau, grant?.caseNo as string, 'approve');
    assert.deepEqual([approved.state, approved.amount], ['bureau_approved', '3000.00']);
    const notice = await publishNotice(bureau, { programme: 'W', caseNos: [grant?.caseNo as string] });
    const objection = await lodgeObjection(
      { db, actor: publicActor('10.0.0.2'), now: clock },
      { caseNo: grant?.caseNo as string, name: '李四', contact: '13900000000', text: '业委会尚未正常运行' },
    );
    // the bureau's own view: the notice with its open objection; the objection in full, and the read audited
    const listed = (await bureauNotices(bureau, { limit: 20, offset: 0 })).items.find((n) => n.id === notice.id);
    assert.deepEqual([listed?.results, listed?.openObjections, listed?.dueToClose, listed?.closedAt], [1, 1, false, null]);
    const full = await bureauNotice(bureau, notice.id);
    assert.deepEqual(
      full.objections.map((o) => [o.id, o.name, o.contact, o.text, o.status]),
      [[objection.id, '李四', '13900000000', '业委会尚未正常运行', 'open']],
    );
    const [reveal] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'personal.reveal'));
    assert.deepEqual([reveal?.objectType, reveal?.objectId, reveal?.detail], ['public_notice', String(notice.id), { objections: 1 }]);
    await assert.rejects(bureauNotices(community, { limit: 20, offset: 0 }), code('auth.forbidden'));
    await assert.rejects(bureauNotice(community, notice.id), code('auth.forbidden'));
    await assert.rejects(bureauNotice(bureau, 999999), code('notice.not_found'));
    day = '2025-03-20';
    assert.equal((await bureauNotices(bureau, { limit: 20, offset: 0 })).items.find((n) => n.id === notice.id)?.dueToClose, true);
    assert.deepEqual(await closeNotice(bureau, notice.id), { payable: [], held: [grant?.caseNo] });
    const closed = await bureauNotice(bureau, notice.id);
    assert.deepEqual([closed.dueToClose, typeof closed.closedAt, closed.openObjections], [false, 'string', 1]);
    const pub = await publicNotice(db, notice.id, day);
    assert.deepEqual([pub.objections[0]?.name, pub.objections[0]?.status], ['李*', 'open']);
    await assert.rejects(resolveObjection(bureau, objection.id, 'dismissed', ' '), code('objection.reason'));
    assert.deepEqual(await resolveObjection(bureau, objection.id, 'dismissed', '经核实运行正常'), {
      caseNo: grant?.caseNo,
      state: 'payable',
    });
    assert.equal((await publicNotice(db, notice.id, day)).objections[0]?.resolution, '经核实运行正常');
  });

  it('F: the community applies after acceptance with invoices; vets; the bureau approves with the live quota; an invoice is used once', async () => {
    const community = await as('community', { community: 'C1' });
    const form = {
      compoundCode: 'X1',
      category: 'safety',
      acceptedOn: '2025-02-20',
      investment: '30000.00',
      collectionRate: '0.70',
      feeRatio: '0.80',
      invoices: [{ invoiceNo: 'INV-001', amount: '30000.00' }],
    };
    // a form that contradicts itself is refused at submission, each problem at its field
    const wrong = await openCase(community, {
      type: 'facility',
      form: {
        ...form,
        acceptedOn: '2026-01-01',
        fundingResidents: '40000.00',
        collectionRate: '1.70',
        invoices: [{ invoiceNo: 'INV-X', amount: '1.00' }],
      },
    });
    for (const kind of ['invoice', 'photo'] as const)
      await attachToCase(community, wrong.caseNo, (await uploadAttachment(community, pdf(`${kind}-x`))).id, kind);
    await assert.rejects(moveCase(community, wrong.caseNo, 'submit'), (e) => {
      const u = e as UserError & { problems: { path: string }[] };
      return (
        u.code === 'case.inconsistent' && u.problems.map((p) => p.path).join() === 'form.acceptedOn,form.investment,form.collectionRate'
      );
    });
    const f = await openCase(community, { type: 'facility', form });
    for (const kind of ['invoice', 'photo'] as const)
      await attachToCase(community, f.caseNo, (await uploadAttachment(community, pdf(kind))).id, kind);
    await moveCase(community, f.caseNo, 'submit');
    // a second application with the same invoice number is refused at submission
    const g = await openCase(community, { type: 'facility', form: { ...form, investment: '1000.00' } });
    for (const kind of ['invoice', 'photo'] as const)
      await attachToCase(community, g.caseNo, (await uploadAttachment(community, pdf(`${kind}2`))).id, kind);
    await assert.rejects(moveCase(community, g.caseNo, 'submit'), code('case.duplicate'));
    await moveCase(community, f.caseNo, 'vet');
    const approved = await moveCase(await as('bureau'), f.caseNo, 'approve');
    assert.deepEqual([approved.state, approved.amount], ['bureau_approved', '12000.00']); // 40% of 30000, under every cap
    const line = (approved.decision as { line: { status: string; base: string } }).line;
    assert.deepEqual([line.status, line.base], ['granted', '12000.00']);
  });

  it('to-dos and the radar show what waits, in scope', async () => {
    const { db } = ctx.database;
    const bureauTodos = await todos(await as('bureau'));
    assert.ok(bureauTodos.items.some((i) => i.type === 'facility' && i.actions.some((a) => a.action === 'publish')));
    const companyTodos = await todos(await as('company', { company: 'P1' }));
    assert.ok(companyTodos.items.every((i) => i.type !== 'facility'));
    const r = await radar(await as('bureau'));
    // E0 of compound X2 (imported, no case) has payable half-years: the radar lists them for community C2
    const c2 = r.communities.find((c) => c.community === 'C2');
    assert.ok(c2?.items.some((i) => i.kind === 'takeover' && i.subject === 'E0'));
    // the takeover's amount is its half-years' together; the community's total counts them once
    const claims = c2?.items.filter((i) => i.kind === 'claim' && i.subject === 'E0') ?? [];
    const cents = (a: string) => BigInt(a.replace('.', ''));
    const takeover = c2?.items.find((i) => i.kind === 'takeover' && i.subject === 'E0');
    assert.ok(claims.length >= 2 && takeover);
    assert.equal(
      cents(takeover.amount),
      claims.reduce((a, i) => a + cents(i.amount), 0n),
    );
    assert.equal(
      cents(c2?.amount ?? '0'),
      c2?.items.filter((i) => i.kind !== 'takeover').reduce((a, i) => a + cents(i.amount), 0n),
    );
    const mine = await radar(await as('community', { community: 'C1' }));
    assert.ok(mine.communities.every((c) => c.community === 'C1'));
    await assert.rejects(radar(await as('community', { community: 'C1' }), 'C2'), code('scope.community'));
    void db;
  });

  it('an assessment that completes a failed year orders its rectification, with a deadline, once', async () => {
    const { db } = ctx.database;
    const company = await as('company', { company: 'P1' });
    const [e] = await db.select().from(t.engagements).where(eq(t.engagements.entryDate, '2024-01-15'));
    const { period: _p, assessmentScore: _s, ...facts } = tier1Facts('2024H2');
    const claim = await openCase(company, { type: 'claim', form: { engagementCode: e?.code, period: '2024H2', ...facts } });
    await attachToCase(company, claim.caseNo, (await uploadAttachment(company, pdf('h2'))).id, 'evidence');
    await moveCase(company, claim.caseNo, 'submit');
    await moveCase(await as('community', { community: 'C1' }), claim.caseNo, 'verify');
    // 2024H1 scored 90; 2024H2 scores 20: the year's mean, 55, is below 60
    await scoreAll(claim.caseNo, 0.2);
    await moveCase(await as('bureau'), claim.caseNo, 'assess');
    const ordered = await db.select().from(t.cases).where(eq(t.cases.type, 'rectification'));
    assert.deepEqual(
      ordered.map((c) => [c.state, c.year, c.engagementId, (c.form as { deadline: string }).deadline]),
      [['ordered', 2024, e?.id, '2025-04-19']],
    );
    const [r] = await db
      .select()
      .from(t.rectifications)
      .where(eq(t.rectifications.engagementId, e?.id as number));
    assert.deepEqual([r?.year, r?.orderedOn, r?.deadline, r?.outcome], [2024, '2025-03-20', '2025-04-19', null]);
  });
});
