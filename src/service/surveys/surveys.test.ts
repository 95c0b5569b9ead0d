/**
 * Satisfaction surveys through the service, on both databases: a community opens a survey of its own
 * compound and issues codes (stored hashed only); a household answers once; a reused, unknown or
 * closed code is refused; the satisfaction report counts the answers; another community can neither
 * open a survey of the compound nor see or use the survey.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { publicActor } from '../actor.ts';
import type { ServiceContext } from '../command.ts';
import { contextOf, everyone, seedTwoCities } from '../read/testing.ts';
import { satisfactionReport } from '../reports/satisfaction.ts';
import { CODE_ALPHABET, hashCode, normalizeCode, printedCode } from './codes.ts';
import { surveySheetHtml } from './sheet.ts';
import { answerSurvey, issueCodes, listSurveys, openSurvey, publicSurvey, viewSurvey } from './surveys.ts';

const code = (expected: string, status?: number) => (e: unknown) =>
  (e as UserError).code === expected && (status === undefined || (e as UserError).status === status);
const at = (day: string) => () => new Date(`${day}T02:00:00Z`);

describeDb('surveys', (ctx, it) => {
  const pub = (day = '2025-06-01'): ServiceContext => ({ db: ctx.database.db, actor: publicActor('203.0.113.7'), now: at(day) });
  let survey = 0;
  let codes: string[] = [];

  it('a community opens a survey of its own compound and issues codes, kept as hashes only; both audited', async () => {
    const db = ctx.database.db;
    await seedTwoCities(db);
    const { community } = await everyone(db);
    const s = await openSurvey(community, {
      compound: 'X1',
      period: '2025H1',
      title: ' 2025年上半年物业服务满意度调查 ',
      opensOn: '2025-06-01',
      closesOn: '2025-06-30',
    });
    survey = s.id;
    assert.deepEqual(
      [s.title, s.compound, s.community.code, s.state, s.codes, s.responses],
      ['2025年上半年物业服务满意度调查', { code: 'X1', name: '幸福小区' }, 'C1', 'open', { issued: 0, used: 0 }, 0],
    );
    const issued = await issueCodes(community, survey, 6);
    codes = issued.codes;
    assert.equal(codes.length, 6);
    assert.equal(new Set(codes).size, 6);
    for (const c of codes) assert.match(c, new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    assert.deepEqual(issued.survey.codes, { issued: 6, used: 0 });
    const rows = await db.select().from(t.surveyCodes).where(eq(t.surveyCodes.surveyId, survey));
    const stored = JSON.stringify(rows);
    for (const c of codes) assert.ok(!stored.includes(c), 'no code in clear in the database');
    assert.deepEqual(rows.map((r) => r.codeHash).sort(), (await Promise.all(codes.map(hashCode))).sort());
    const events = await db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.objectId, String(survey)));
    assert.deepEqual(
      events.map((e) => [e.action, e.username]),
      [
        ['survey.open', community.actor.username],
        ['survey.codes.issue', community.actor.username],
      ],
    );
  });

  it('codes are typed in any case, with spaces or dashes; printed in two groups', () => {
    assert.equal(normalizeCode(' k7qm-3xra '), 'K7QM3XRA');
    assert.equal(normalizeCode('K7QM 3XRA'), 'K7QM3XRA');
    for (const bad of ['K7QM3XR', 'K7QM3XRA9', 'K7QM3XR0', 'I7QM3XRA', '']) assert.equal(normalizeCode(bad), null, bad);
    assert.equal(printedCode('K7QM3XRA'), 'K7QM 3XRA');
  });

  it('a household answers once; a reused code is refused (409), by the service and by the database', async () => {
    const db = ctx.database.db;
    const first = codes[0] as string;
    const shown = await publicSurvey(db, printedCode(first).toLowerCase(), '2025-06-01');
    assert.deepEqual(
      [shown.title, shown.compound, shown.community, shown.closesOn, shown.levels.map((l) => `${l.level}${l.zh}`)],
      ['2025年上半年物业服务满意度调查', '幸福小区', 'C1', '2025-06-30', ['1非常满意', '2满意', '3基本满意', '4不满意', '5非常不满意']],
    );
    assert.deepEqual(await answerSurvey(pub(), { code: first, level: 2 }), {
      thanks: { zh: '感谢您的参与！', en: 'Thank you for taking part!' },
    });
    await assert.rejects(answerSurvey(pub(), { code: first, level: 1 }), code('survey.code_used', 409));
    await assert.rejects(publicSurvey(db, first, '2025-06-01'), code('survey.code_used', 409));
    const responses = await db.select().from(t.surveyResponses).where(eq(t.surveyResponses.surveyId, survey));
    assert.deepEqual(
      responses.map((r) => [r.level, r.householdCode, r.answeredOn]),
      [[2, await hashCode(first), '2025-06-01']],
    );
    // the database's own unique (survey, household) refuses a second answer, whoever writes it
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx
          .insert(t.surveyResponses)
          .values({ surveyId: survey, householdCode: await hashCode(first), level: 5, answeredOn: '2025-06-02' });
      }),
    );
    // two answers with one code at once: exactly one is taken
    const second = codes[1] as string;
    const both = await Promise.allSettled([
      answerSurvey(pub(), { code: second, level: 4 }),
      answerSurvey(pub(), { code: second, level: 1 }),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.ok(code('survey.code_used')((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason));
    await answerSurvey(pub('2025-06-30'), { code: codes[2] as string, level: 5 });
    assert.deepEqual((await viewSurvey(await contextOf(db, 'bureau'), survey)).codes, { issued: 6, used: 3 });
    const audited = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'survey.answer'));
    assert.equal(audited.length, 3);
    for (const c of codes) assert.ok(!JSON.stringify(audited).includes(c), 'no code in the trail');
  });

  it('the satisfaction report counts the answers (levels 1–3 satisfied)', async () => {
    const { bureau, community } = await everyone(ctx.database.db);
    const rows = await ctx.database.db.select().from(t.surveyResponses).where(eq(t.surveyResponses.surveyId, survey));
    const answered = rows.map((r) => r.level);
    assert.equal(answered.length, 3);
    const satisfied = answered.filter((l) => l <= 3).length;
    for (const who of [bureau, community]) {
      const r = await satisfactionReport(who, { year: 2025 });
      const x1 = r.compounds.find((c) => c.code === 'X1');
      assert.deepEqual([x1?.part, x1?.whole], [satisfied, 3]);
      assert.deepEqual([r.total.part, r.total.whole], [satisfied, 3]);
    }
  });

  it('unknown, closed and not yet open codes get clear refusals', async () => {
    const db = ctx.database.db;
    await assert.rejects(publicSurvey(db, 'ZZZZ ZZZZ', '2025-06-01'), code('survey.code_unknown', 404));
    await assert.rejects(publicSurvey(db, 'not a code', '2025-06-01'), code('survey.code_unknown', 404));
    await assert.rejects(answerSurvey(pub(), { code: 'ZZZZZZZZ', level: 1 }), code('survey.code_unknown', 404));
    const unused = codes[3] as string;
    await assert.rejects(publicSurvey(db, unused, '2025-07-01'), code('survey.closed', 409));
    await assert.rejects(answerSurvey(pub('2025-07-01'), { code: unused, level: 1 }), code('survey.closed', 409));
    await assert.rejects(publicSurvey(db, unused, '2025-05-31'), code('survey.not_open', 409));
    await assert.rejects(answerSurvey(pub('2025-05-31'), { code: unused, level: 1 }), code('survey.not_open', 409));
    await assert.rejects(answerSurvey(pub(), { code: unused, level: 6 }), code('survey.level'));
    // a closed survey issues no more codes
    const late = await contextOf(db, 'community', { community: 'C1' }, at('2025-07-01'));
    await assert.rejects(issueCodes(late, survey, 1), code('survey.closed', 409));
  });

  it('scope: community C2 can neither open a survey of C1’s compound nor see, list or issue for C1’s survey', async () => {
    const db = ctx.database.db;
    const other = await contextOf(db, 'community', { community: 'C2' });
    const req = { compound: 'X1', period: '2025', title: '年度调查', opensOn: '2025-06-01', closesOn: '2025-12-31' };
    await assert.rejects(openSurvey(other, req), code('compound.not_found', 404));
    await assert.rejects(viewSurvey(other, survey), code('survey.not_found', 404));
    await assert.rejects(issueCodes(other, survey, 1), code('survey.not_found', 404));
    assert.deepEqual(await listSurveys(other, { limit: 10, offset: 0 }), { items: [], total: 0 });
    const { bureau, company, committee, finance } = await everyone(db);
    await assert.rejects(openSurvey(company, req), code('auth.forbidden', 403));
    await assert.rejects(openSurvey(committee, req), code('auth.forbidden', 403));
    await assert.rejects(openSurvey(finance, req), code('auth.forbidden', 403));
    await assert.rejects(listSurveys(company, { limit: 10, offset: 0 }), code('auth.forbidden', 403));
    // the bureau opens one anywhere; C2 sees its own
    const x2 = await openSurvey(bureau, { ...req, compound: 'X2' });
    assert.deepEqual(
      (await listSurveys(other, { limit: 10, offset: 0 })).items.map((s) => s.id),
      [x2.id],
    );
    assert.equal((await listSurveys(bureau, { limit: 10, offset: 0 })).total, 2);
  });

  it('bad input is refused naming the field', async () => {
    const { community } = await everyone(ctx.database.db);
    const ok = { compound: 'X1', period: '2025H2', title: '调查', opensOn: '2025-07-01', closesOn: '2025-07-31' };
    const field = (c: string, f: string) => (e: unknown) => code(c)(e) && (e as UserError).details?.field === f;
    await assert.rejects(openSurvey(community, { ...ok, period: '2025H3' }), field('survey.period', 'period'));
    await assert.rejects(openSurvey(community, { ...ok, title: '  ' }), field('survey.title', 'title'));
    await assert.rejects(openSurvey(community, { ...ok, opensOn: '2025-02-30' }), field('survey.date', 'opensOn'));
    await assert.rejects(openSurvey(community, { ...ok, closesOn: '2025-06-30' }), field('survey.dates', 'closesOn'));
    await assert.rejects(openSurvey(community, { ...ok, closesOn: '2026-08-01' }), field('survey.dates', 'closesOn'));
    await assert.rejects(openSurvey(community, { ...ok, compound: 'NOPE' }), code('compound.not_found', 404));
    for (const n of [0, 5001, 1.5]) await assert.rejects(issueCodes(community, survey, n), field('survey.count', 'count'));
  });

  it('the printable sheet: a card per code with its QR code (inline SVG) and the code; escaped; no script', async () => {
    const html = await surveySheetHtml({
      title: '<b>调查</b>',
      period: '2025H1',
      compound: '幸福小区',
      community: 'C1',
      opensOn: '2025-06-01',
      closesOn: '2025-06-30',
      baseUrl: 'https://jiangbu.example.gov.cn/',
      codes: Array.from(
        { length: 13 },
        (_, i) =>
          `ABCD${String(2345 + i)
            .replaceAll('0', '2')
            .replaceAll('1', '3')}`,
      ),
    });
    assert.equal((html.match(/<div class="card">/g) ?? []).length, 13);
    assert.equal((html.match(/<svg /g) ?? []).length, 13);
    assert.equal((html.match(/<section class="page">/g) ?? []).length, 2, '12 cards a page');
    assert.ok(html.includes('ABCD 2345'));
    assert.ok(html.includes('https://jiangbu.example.gov.cn/survey<'), 'the answer page, to type the code');
    assert.ok(html.includes('&lt;b&gt;调查&lt;/b&gt;') && !html.includes('<b>'));
    assert.ok(!/<script|javascript:|on\w+=/i.test(html));
  });
});
