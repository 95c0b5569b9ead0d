/**
 * Opening a case: the applicant (a role the workflow names) fills the subject — the compound, the
 * engagement and half-year, the committee — which must be in the applicant's own scope; the rest of
 * the form may follow in the draft. The database refuses what the policy forbids twice (a second claim
 * for a half-year, a second grant for a compound…): 409 `case.duplicate`, even under parallel requests;
 * only the bureau may let one through, with a written reason, which is logged.
 */

import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { formatDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodStart } from '../../rules/dates/period.ts';
import { dayParam } from '../../rules/params/lookup.ts';
import { type CaseType, WORKFLOWS } from '../../workflow/index.ts';
import { requireRole } from '../access.ts';
import { command, type ServiceContext } from '../command.ts';
import { requestRosterChangeIn } from '../roster.ts';
import { chinaDay } from './numbers.ts';
import { type CaseView, TYPE_NAMES, viewCase } from './read.ts';
import { duplicateRefusal, insertCase, type NewCase } from './store.ts';
import { committeeByCode, compoundByCode, engagementByCode } from './subjects.ts';
import { parseForm } from './validate.ts';

export interface OpenRequest {
  type: CaseType;
  form: unknown;
  /** the bureau lets a duplicate through, with a written reason */
  overrideReason?: string | undefined;
}

/**
 * A half-year the reward can pay: none after the last day of the takeover reward (T.rewardUntil, on the
 * engagement's entry date as the engine reads it — docs/policy.md T.10), so a claim that can never be
 * paid is refused when it is opened, naming that day.
 */
function rewardedPeriod(period: string, entryDate: string): void {
  const p = parsePeriod(period);
  if (!p) return; // the form's own check names a malformed period
  const until = dayParam(loadPolicy(), 'T.rewardUntil', entryDate).value;
  if (periodStart(p) > until)
    throw userError(
      'claim.after_reward',
      `企业承接奖补至 ${formatDay(until)} 止，${period} 不在奖补期内`,
      `the takeover reward ends on ${formatDay(until)}: ${period} is after it`,
      { details: { rewardUntil: formatDay(until) } },
    );
}

/** The subject of a new case and its scope check: an object outside the applicant's scope is not found. */
async function subjectOf(
  tx: Db,
  ctx: ServiceContext,
  type: CaseType,
  form: Record<string, unknown>,
): Promise<Omit<NewCase, 'type' | 'form'>> {
  const a = ctx.actor;
  const ownCommunity = (communityId: number, code: string, what: (code: string) => Error) => {
    if (a.role === 'community' && a.scope?.community?.id !== communityId) throw what(code);
  };
  switch (type) {
    case 'takeover': {
      const compound = await compoundByCode(tx, form.compoundCode as string);
      return {
        communityId: compound.communityId,
        compoundId: compound.id,
        applicantType: 'company',
        companyId: a.scope?.company?.id ?? null,
      };
    }
    case 'claim': {
      const { e, compound } = await engagementByCode(tx, form.engagementCode as string);
      rewardedPeriod(form.period as string, e.entryDate);
      if (a.role === 'company' && a.scope?.company?.id !== e.companyId)
        throw userError('engagement.not_found', `没有承接 ${e.code}`, `no engagement ${e.code}`, { status: 404 });
      return {
        communityId: compound.communityId,
        compoundId: compound.id,
        applicantType: 'company',
        companyId: e.companyId,
        engagementId: e.id,
        period: form.period as string,
      };
    }
    case 'grant': {
      const { w, compound } = await committeeByCode(tx, form.committeeCode as string);
      if (a.role === 'committee' && a.scope?.committee?.id !== w.id)
        throw userError('committee.not_found', `没有业委会 ${w.code}`, `no committee ${w.code}`, { status: 404 });
      ownCommunity(compound.communityId, w.code, (c) =>
        userError('committee.not_found', `没有业委会 ${c}`, `no committee ${c}`, { status: 404 }),
      );
      return {
        communityId: compound.communityId,
        compoundId: compound.id,
        applicantType: a.role === 'committee' ? 'committee' : 'community',
        committeeId: w.id,
      };
    }
    case 'facility': {
      const compound = await compoundByCode(tx, form.compoundCode as string);
      ownCommunity(compound.communityId, compound.code, (c) =>
        userError('compound.not_found', `没有编号为 ${c} 的小区`, `no compound with code ${c}`, { status: 404 }),
      );
      return { communityId: compound.communityId, compoundId: compound.id, applicantType: 'community' };
    }
    case 'rectification': {
      const { e, compound } = await engagementByCode(tx, form.engagementCode as string);
      return {
        communityId: compound.communityId,
        compoundId: compound.id,
        applicantType: 'bureau',
        companyId: e.companyId,
        engagementId: e.id,
        year: form.year as number,
      };
    }
    case 'roster':
      throw new Error('roster cases are opened by requestRosterChangeIn');
  }
}

export async function openCase(ctx: ServiceContext, r: OpenRequest): Promise<CaseView> {
  const w = WORKFLOWS[r.type];
  if (!w) throw userError('case.type', `没有这种办件：${r.type}`, `no such kind of case: ${r.type}`);
  requireRole(ctx.actor, w.applicants, { zh: `${TYPE_NAMES[r.type]}`, en: `opening a ${r.type} case` });
  if (ctx.actor.role === 'admin')
    throw userError('auth.forbidden', '系统管理员不办理业务', 'the administrator runs accounts, not cases', { status: 403 });
  if (r.overrideReason !== undefined) {
    requireRole(ctx.actor, ['bureau'], { zh: '允许重复申请', en: 'letting a duplicate through' });
    if (!r.overrideReason.trim()) throw userError('case.override_reason', '须书面说明允许重复的理由', 'a written reason is required');
  }
  const form = parseForm(r.type, r.form) as Record<string, unknown>;
  return command(
    ctx,
    (v) => ({
      action: 'case.open',
      objectType: 'case',
      objectId: v.caseNo,
      detail: { type: r.type, ...(r.overrideReason ? { overrideReason: r.overrideReason } : {}) },
    }),
    async (tx) => {
      if (r.type === 'roster') {
        const { caseNo } = await requestRosterChangeIn(tx, ctx, form as unknown as Parameters<typeof requestRosterChangeIn>[2]);
        return viewCase(tx, ctx, caseNo);
      }
      const subject = await subjectOf(tx, ctx, r.type, form);
      if (r.type === 'rectification')
        await tx
          .insert(t.rectifications)
          .values({
            engagementId: subject.engagementId as number,
            year: form.year as number,
            orderedOn: chinaDay(ctx.now?.() ?? new Date()),
            deadline: form.deadline as string,
          })
          .catch(duplicateRefusal);
      const row = await insertCase(tx, ctx, { type: r.type, form, ...subject, overrideReason: r.overrideReason ?? null });
      return viewCase(tx, ctx, row.caseNo);
    },
  );
}
