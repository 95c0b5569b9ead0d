/**
 * The demo city's cases: every state of every workflow (docs/domain.md "Workflows"), made the way
 * people make them — through the service layer, by actors of each role bound to the demo's
 * organisations, on a clock that walks through the first months of 2026. Nothing is written around
 * the one door: each move is checked by the workflow table, applies its effects and is audited.
 *
 * The engine picks the subjects (the 免申即享 radar lists what is payable with no case yet), so the
 * claims, grants and facility subsidies shown as payable are ones the policy really pays. Deterministic:
 * the same cases on every run.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { demoOrganisations } from '../registry/demo-accounts.ts';
import type { Actor, Role } from './actor.ts';
import { uploadAttachment } from './attachments.ts';
import { scopeOf } from './auth/sessions.ts';
import { DEFAULT_SHEET } from './cases/assessment.ts';
import { attachToCase } from './cases/edit.ts';
import { moveCase } from './cases/move.ts';
import { openCase } from './cases/open.ts';
import { radar } from './cases/radar.ts';
import type { ServiceContext } from './command.ts';
import { closeNotice, lodgeObjection, publishNotice, resolveObjection } from './notices.ts';
import { decideRosterChange, requestRosterChange } from './roster.ts';

/** A stand-in PDF: the demo's evidence files (their type is checked by content). */
export const pdf = (name: string) => ({
  bytes: new TextEncoder().encode(`%PDF-1.4\n% 演示文件 ${name}\n%%EOF\n`),
  fileName: `${name}.pdf`,
});

interface Org {
  community?: number | null;
  company?: number | null;
  committee?: number | null;
}

export async function seedDemoCases(db: Db): Promise<Record<string, number>> {
  let day = '2026-01-05';
  const now = () => new Date(`${day}T02:00:00Z`);
  const as = async (role: Role, org: Org = {}): Promise<ServiceContext> => {
    const actor: Actor = {
      username: `demo-${role}`,
      role,
      channel: 'system',
      scope: await scopeOf(db, { communityId: org.community ?? null, companyId: org.company ?? null, committeeId: org.committee ?? null }),
    };
    return { db, actor, now };
  };
  const bureau = await as('bureau');
  const publicCtx: ServiceContext = { db, actor: { username: 'public', role: 'public', channel: 'system' }, now };
  const attach = async (ctx: ServiceContext, caseNo: string, kind: 'contract' | 'commitment' | 'evidence' | 'invoice' | 'photo') =>
    attachToCase(ctx, caseNo, (await uploadAttachment(ctx, pdf(`${caseNo}-${kind}`))).id, kind);
  const communityOf = async (compoundId: number) => {
    const [c] = await db.select({ id: t.compounds.communityId }).from(t.compounds).where(eq(t.compounds.id, compoundId));
    return as('community', { community: c?.id as number });
  };
  const stepTo = (d: string) => {
    if (d > day) day = d;
  };

  // ── T takeovers: companies register on compounds of the 2023 roster that nobody serves yet ──
  const free = await db
    .select({ id: t.compounds.id, code: t.compounds.code })
    .from(t.compounds)
    .where(
      sql`exists (select 1 from roster2023_current r where r.compound_id = ${t.compounds.id} and not r.removed)
          and not exists (select 1 from ${t.engagements} e where e.compound_id = ${t.compounds.id})`,
    )
    .orderBy(asc(t.compounds.code));
  const companies = await db.select({ id: t.companies.id }).from(t.companies).orderBy(asc(t.companies.code));
  const takeoverPlan = ['draft', 'submitted', 'returned', 'community_confirmed', 'rejected', 'active', 'active', 'ended', 'expelled'];
  const activeTakeovers: string[] = [];
  for (const [i, target] of takeoverPlan.entries()) {
    const compound = free[i];
    const company = companies[(i * 3 + 5) % companies.length];
    if (!compound || !company) break;
    const applicant = await as('company', { company: company.id });
    const entryDate = `2026-01-${String(2 + i).padStart(2, '0')}`;
    const c = await openCase(applicant, {
      type: 'takeover',
      form: { compoundCode: compound.code, entryDate, contractSigned: entryDate, commitmentSigned: entryDate },
    });
    if (target === 'draft') continue;
    await attach(applicant, c.caseNo, 'contract');
    await attach(applicant, c.caseNo, 'commitment');
    await moveCase(applicant, c.caseNo, 'submit');
    if (target === 'submitted') continue;
    const community = await communityOf(compound.id);
    if (target === 'returned') {
      await moveCase(community, c.caseNo, 'return', { fieldComments: { commitmentSigned: '承诺书未加盖公章，请重新上传' } });
      continue;
    }
    await moveCase(community, c.caseNo, 'confirm', { comment: '已核实合同原件' });
    if (target === 'community_confirmed') continue;
    if (target === 'rejected') {
      await moveCase(bureau, c.caseNo, 'reject', { comment: '企业资质材料与登记信息不符' });
      continue;
    }
    await moveCase(bureau, c.caseNo, 'approve');
    if (target === 'ended') await moveCase(bureau, c.caseNo, 'end', { endDate: '2026-02-28', comment: '合同到期，双方不再续约' });
    else if (target === 'expelled') await moveCase(bureau, c.caseNo, 'expel', { endDate: '2026-02-28', comment: '严重违约，依程序清退' });
    else activeTakeovers.push(c.caseNo);
  }

  // ── T half-year claims: the radar's payable half-years with no claim yet ──
  day = '2026-01-20';
  const found = await radar(bureau);
  const items = found.communities.flatMap((c) => c.items);
  const claims = items.filter((i) => i.kind === 'claim');
  const claimPlan = [
    ...Array<string>(8).fill('payable'),
    'published',
    'published',
    'assessed',
    'scoring',
    'community_verified',
    'submitted',
    'returned',
    'draft',
    'rejected',
  ];
  // the demo accounts find work waiting: their engagement's half-years first — one returned to the
  // company, one the committee has still to score, one the community has to verify
  const demo = demoOrganisations();
  const theirs = claims.filter((c) => c.subject === demo.engagement).slice(0, 3);
  const others = claims.filter((c) => c.subject !== demo.engagement);
  const claimCases = [
    ...theirs.map((item, k) => [item, ['returned', 'scoring', 'submitted'][k] as string] as const),
    ...claimPlan.map((target, i) => [others[i * 3], target] as const), // spread over the city
  ];
  const toPublish: string[] = [];
  const toPublishLate: string[] = [];
  for (const [i, [item, target]] of claimCases.entries()) {
    if (!item) continue;
    const [e] = await db.select().from(t.engagements).where(eq(t.engagements.code, item.subject));
    if (!e) continue;
    const [f] = await db
      .select()
      .from(t.periodFacts)
      .where(and(eq(t.periodFacts.engagementId, e.id), eq(t.periodFacts.period, item.period as string)));
    const company = await as('company', { company: e.companyId });
    const c = await openCase(company, {
      type: 'claim',
      form: {
        engagementCode: e.code,
        period: item.period,
        ...(f
          ? {
              committeeSupport: f.committeeSupport,
              enhancedServices: f.enhancedServices,
              basicServices: f.basicServices,
              feesReceivableOccupied: f.feesReceivableOccupied,
              feesCollected: f.feesCollected,
              feeStandard: f.feeStandard,
            }
          : {}),
      },
    });
    if (target === 'draft') continue;
    await attach(company, c.caseNo, 'evidence');
    await moveCase(company, c.caseNo, 'submit');
    if (target === 'submitted') continue;
    const community = await communityOf(e.compoundId);
    if (target === 'returned') {
      await moveCase(community, c.caseNo, 'return', { fieldComments: { feesCollected: '实收物业费与收费台账不一致，请附台账' } });
      continue;
    }
    await moveCase(community, c.caseNo, 'verify', { comment: '资料齐全，与现场核查一致' });
    if (target === 'community_verified') continue;
    if (target === 'rejected') {
      await moveCase(bureau, c.caseNo, 'reject', { comment: '该半年期存在重大安全责任事故' });
      continue;
    }
    const [w] = await db.select().from(t.committees).where(eq(t.committees.compoundId, e.compoundId));
    const scorers: [Role, Org][] = [
      ['bureau', {}],
      ['community', { community: (await db.select().from(t.compounds).where(eq(t.compounds.id, e.compoundId)))[0]?.communityId ?? null }],
      ...(w ? ([['committee', { committee: w.id }]] as [Role, Org][]) : []),
    ];
    for (const [role, org] of scorers) {
      // the community scores the committee's items where the compound has none
      const items = DEFAULT_SHEET.filter((s) => s.scorer === role || (role === 'community' && !w && s.scorer === 'committee'));
      // on the claim still being scored, the committee's items wait (the bureau's where there is none)
      if (target === 'scoring' && role === (w ? 'committee' : 'bureau')) continue;
      const mine = Object.fromEntries(items.map((s) => [s.key, (s.max * (80 + (i % 3) * 5)) / 100]));
      await moveCase(await as(role, org), c.caseNo, 'score', { scores: mine });
    }
    if (target === 'scoring') continue;
    await moveCase(bureau, c.caseNo, 'assess');
    if (target === 'assessed') continue;
    (target === 'payable' ? toPublish : toPublishLate).push(c.caseNo);
  }

  // ── W grants: committees whose grant the engine finds payable ──
  const grants = items.filter((i) => i.kind === 'grant');
  const grantPlan = [
    'payable',
    'payable',
    'published',
    'bureau_approved',
    'community_reviewed',
    'submitted',
    'returned',
    'draft',
    'rejected',
  ];
  const grantsToPublish: string[] = [];
  const grantsLate: string[] = [];
  // the demo committee's own application waits on it as a draft
  const grantCases = [
    ['draft', demo.committee] as const,
    ...grantPlan.map((target, i) => [target, grants.filter((g) => g.subject !== demo.committee)[i]?.subject] as const),
  ];
  for (const [_i, [target, subject]] of grantCases.entries()) {
    if (!subject) continue;
    const [w] = await db.select().from(t.committees).where(eq(t.committees.code, subject));
    if (!w) continue;
    const committee = await as('committee', { committee: w.id });
    const c = await openCase(committee, { type: 'grant', form: { committeeCode: w.code, note: '业委会工作经费' } });
    if (target === 'draft') continue;
    await moveCase(committee, c.caseNo, 'submit');
    if (target === 'submitted') continue;
    const community = await communityOf(w.compoundId);
    if (target === 'returned') {
      await moveCase(community, c.caseNo, 'return', { comment: '请补充物业服务合同签订页' });
      continue;
    }
    if (target === 'rejected') {
      await moveCase(community, c.caseNo, 'reject', { comment: '业委会未正常运行' });
      continue;
    }
    await moveCase(community, c.caseNo, 'review', { operatingNormally: true, comment: '运行正常' });
    if (target === 'community_reviewed') continue;
    await moveCase(bureau, c.caseNo, 'approve');
    if (target === 'bureau_approved') continue;
    (target === 'payable' ? grantsToPublish : grantsLate).push(c.caseNo);
  }

  // ── F facility subsidies: communities apply for compounds with a committee ──
  const withCommittee = await db
    .select({ id: t.compounds.id, code: t.compounds.code })
    .from(t.compounds)
    .innerJoin(t.committees, eq(t.committees.compoundId, t.compounds.id))
    .where(sql`${t.committees.established} <= '2025-12-31'`)
    .orderBy(asc(t.compounds.code));
  const facilityPlan = [
    'payable',
    'payable',
    'published',
    'bureau_approved',
    'community_vetted',
    'submitted',
    'returned',
    'draft',
    'rejected',
  ];
  const facilitiesToPublish: string[] = [];
  const facilitiesLate: string[] = [];
  for (const [i, target] of facilityPlan.entries()) {
    const compound = withCommittee[i * 4];
    if (!compound) break;
    const community = await communityOf(compound.id);
    const investment = `${(12 + i * 3) * 1000}.00`;
    const c = await openCase(community, {
      type: 'facility',
      form: {
        compoundCode: compound.code,
        category: (['safety', 'health', 'security', 'basic'] as const)[i % 4],
        description: ['更换消防器材与应急照明', '改造垃圾分类收集点', '加装门禁与监控', '维修小区道路与照明'][i % 4],
        acceptedOn: '2026-01-10',
        investment,
        collectionRate: '0.72',
        feeRatio: '0.85',
        invoices: [{ invoiceNo: `DEMO-2026-${String(i + 1).padStart(4, '0')}`, amount: investment, issuedOn: '2026-01-08' }],
      },
    });
    if (target === 'draft') continue;
    await attach(community, c.caseNo, 'invoice');
    await attach(community, c.caseNo, 'photo');
    await moveCase(community, c.caseNo, 'submit');
    if (target === 'submitted') continue;
    if (target === 'rejected') {
      await moveCase(community, c.caseNo, 'reject', { comment: '验收材料不全，项目尚未完工' });
      continue;
    }
    await moveCase(community, c.caseNo, 'vet', { comment: '已现场查看' });
    if (target === 'community_vetted') continue;
    if (target === 'returned') {
      await moveCase(bureau, c.caseNo, 'return', { fieldComments: { invoices: '发票金额与投资额不符' } });
      continue;
    }
    await moveCase(bureau, c.caseNo, 'approve');
    if (target === 'bureau_approved') continue;
    (target === 'payable' ? facilitiesToPublish : facilitiesLate).push(c.caseNo);
  }

  // ── 公示: published, an objection dismissed, the period over → payable; later notices still open ──
  day = '2026-03-02';
  const notices: number[] = [];
  if (toPublish.length) notices.push((await publishNotice(bureau, { programme: 'T', caseNos: toPublish })).id);
  if (grantsToPublish.length) notices.push((await publishNotice(bureau, { programme: 'W', caseNos: grantsToPublish })).id);
  if (facilitiesToPublish.length) notices.push((await publishNotice(bureau, { programme: 'F', caseNos: facilitiesToPublish })).id);
  day = '2026-03-04';
  const objected = grantsToPublish[0];
  const objection = objected
    ? await lodgeObjection(publicCtx, {
        caseNo: objected,
        name: '王建国',
        contact: '13912345678',
        text: '该业委会近期未召开业主大会，请核实',
      })
    : null;
  day = '2026-03-10';
  for (const id of notices) await closeNotice(bureau, id);
  if (objection) await resolveObjection(bureau, objection.id, 'dismissed', '经社区核实，业委会按期召开会议，运行正常');
  day = '2026-03-26';
  if (toPublishLate.length) await publishNotice(bureau, { programme: 'T', caseNos: toPublishLate });
  if (grantsLate.length) {
    await publishNotice(bureau, { programme: 'W', caseNos: grantsLate });
    await lodgeObjection(publicCtx, {
      caseNo: grantsLate[0] as string,
      name: '刘秀兰',
      contact: '15004791234',
      text: '业委会成员名单未公开',
    });
  }
  if (facilitiesLate.length) await publishNotice(bureau, { programme: 'F', caseNos: facilitiesLate });

  // ── rectification: ordered for a year, and each outcome ──
  day = '2026-02-10';
  const serving = await db
    .select({ code: t.engagements.code, id: t.engagements.id })
    .from(t.engagements)
    .where(isNull(t.engagements.endDate))
    .orderBy(asc(t.engagements.code));
  const rectificationPlan = ['ordered', 'rectified', 'failed', 'refused'] as const;
  for (const [i, target] of rectificationPlan.entries()) {
    const e = serving[serving.length - 1 - i * 5];
    if (!e) break;
    stepTo('2026-02-10');
    const c = await openCase(bureau, { type: 'rectification', form: { engagementCode: e.code, year: 2025, deadline: '2026-04-10' } });
    if (target !== 'ordered') await moveCase(bureau, c.caseNo, target, { comment: '整改期满，经复核作出结论' });
  }

  // ── corrections of the sealed roster: requested, approved, rejected ──
  const onRoster = await db
    .select({ id: t.compounds.id, code: t.compounds.code })
    .from(t.compounds)
    .where(sql`exists (select 1 from roster2023_current r where r.compound_id = ${t.compounds.id} and not r.removed)`)
    .orderBy(asc(t.compounds.code));
  const rosterPlan = [
    { target: 'requested', reason: '实测面积与登记不符', values: { households: 188 } },
    { target: 'approved', reason: '房产测绘报告更正建筑面积', values: { area: '23000.00' } },
    { target: 'rejected', reason: '小区名称变更', values: { name: '更名后的小区' } },
  ] as const;
  for (const [i, p] of rosterPlan.entries()) {
    const compound = onRoster[onRoster.length - 1 - i * 7];
    if (!compound) break;
    const community = await communityOf(compound.id);
    const id = await requestRosterChange(community, {
      compoundCode: compound.code,
      action: 'amend',
      reason: p.reason,
      values: p.values,
      evidence: { ...pdf(`roster-${compound.code}`), mime: 'application/pdf' },
    });
    if (p.target === 'approved') await decideRosterChange(bureau, id, { approve: true, note: '测绘报告有效' });
    if (p.target === 'rejected') await decideRosterChange(bureau, id, { approve: false, note: '更名不影响名单，无需更正' });
  }

  const counts = await db
    .select({ type: t.cases.type, state: t.cases.state, n: sql<number>`count(*)::int` })
    .from(t.cases)
    .groupBy(t.cases.type, t.cases.state);
  return Object.fromEntries(counts.map((c) => [`${c.type}/${c.state}`, Number(c.n)]));
}
