/**
 * Moving a case (docs/domain.md "Workflows"): one access check (the case in the caller's scope, else
 * 404), the workflow table's verdict (409 `case.illegal_transition` with from and to, 403 for another
 * role), the checks every return and rejection needs (comments per field; a reason), the move's effects,
 * then the new state and its history entry — and the audit event, in one transaction.
 */

import type { Db } from '../../db/client.ts';
import { userError } from '../../lib/errors.ts';
import { next, WORKFLOWS } from '../../workflow/index.ts';
import type { Role } from '../actor.ts';
import { command, type ServiceContext } from '../command.ts';
import { decideRosterChangeIn } from '../roster.ts';
import { EFFECTS, type MoveInput } from './effects.ts';
import { FIELD_NAMES } from './forms.ts';
import { chinaDay } from './numbers.ts';
import { type CaseView, TYPE_NAMES, viewCase, visibleCase } from './read.ts';
import { type CaseRow, recordMove } from './store.ts';

export type { MoveInput };

function checkInput(action: string, input: MoveInput): void {
  if (action === 'return') {
    const comments = Object.entries(input.fieldComments ?? {}).filter(([, v]) => v.trim());
    if (comments.length === 0 && !input.comment?.trim())
      throw userError(
        'case.return_comments',
        '退回补正须写明需要补正的内容（按字段填写意见）',
        'a return needs comments (per field) saying what to correct',
        { details: { field: 'fieldComments' } },
      );
    for (const [field] of comments)
      if (!(field in FIELD_NAMES))
        throw userError('case.return_field', `没有“${field}”这一项，不能对其提出补正意见`, `no field ${field} to comment on`, {
          details: { field: `fieldComments.${field}` },
        });
  }
  if (action === 'reject' && !input.comment?.trim())
    throw userError('case.reject_reason', '不予批准须写明理由', 'a rejection needs a reason', { details: { field: 'comment' } });
}

/** One move inside the caller's transaction (bulk actions and notices move several in one). */
export async function moveCaseIn(tx: Db, ctx: ServiceContext, caseNo: string, action: string, input: MoveInput = {}): Promise<CaseRow> {
  const row = await visibleCase(tx, ctx, caseNo, true);
  if (ctx.actor.role === 'public' || ctx.actor.role === 'admin' || ctx.actor.role === 'auditor')
    throw userError('auth.forbidden', '无权办理', 'not allowed for this role', { status: 403 });
  const w = WORKFLOWS[row.type];
  const label = w.transitions.find((x) => x.action === action)?.label;
  if (!label) {
    const known = [...new Set(w.transitions.map((x) => x.action))];
    throw userError(
      'case.action',
      `${TYPE_NAMES[row.type]}没有“${action}”这一操作（可用：${known.join('、')}）`,
      `a ${row.type} case has no action ${action} (known: ${known.join(', ')})`,
      { details: { known } },
    );
  }
  const verdict = next(row.type, row.state, action, ctx.actor.role as Role);
  if (!verdict.ok) {
    if (verdict.why === 'forbidden')
      throw userError(
        'case.forbidden',
        `“${w.states[row.state]}”的办件不能由本角色“${label}”`,
        `this role cannot ${action} a case in state ${row.state}`,
        {
          status: 403,
        },
      );
    throw userError(
      'case.illegal_transition',
      `办件当前为“${w.states[row.state] ?? row.state}”，不能“${label}”`,
      `a case in state ${row.state} cannot ${action}${verdict.to ? ` (to ${verdict.to})` : ''}`,
      { status: 409, details: { from: verdict.from, to: verdict.to } },
    );
  }
  checkInput(action, input);
  if (row.type === 'roster') {
    await decideRosterChangeIn(tx, ctx, row.rosterChangeId as number, { approve: action === 'approve', note: input.comment });
    return visibleCase(tx, ctx, caseNo);
  }
  const today = chinaDay(ctx.now?.() ?? new Date());
  const effect = EFFECTS[row.type]?.[action];
  const more = effect ? await effect({ tx, ctx, row, input, today }) : {};
  return recordMove(tx, ctx, row, {
    action,
    to: verdict.to,
    comment: input.comment,
    fieldComments: action === 'return' ? input.fieldComments : undefined,
    ...more,
  });
}

export async function moveCase(ctx: ServiceContext, caseNo: string, action: string, input: MoveInput = {}): Promise<CaseView> {
  if (input.noticeId !== undefined) throw new Error('noticeId is the notices service’s');
  return command(
    ctx,
    (v) => ({
      action: `case.${action}`,
      objectType: 'case',
      objectId: caseNo,
      detail: { state: v.state, ...(input.comment ? { comment: input.comment } : {}) },
    }),
    async (tx) => {
      await moveCaseIn(tx, ctx, caseNo, action, input);
      return viewCase(tx, ctx, caseNo);
    },
  );
}

export interface BulkResult {
  caseNo: string;
  ok: boolean;
  state?: string;
  code?: string;
  message?: string;
}

/** Reviewers' bulk approve or return: each case on its own (one refusal does not undo the others). */
export async function moveCases(
  ctx: ServiceContext,
  caseNos: string[],
  action: string,
  input: MoveInput,
  lang: 'zh' | 'en',
): Promise<BulkResult[]> {
  const out: BulkResult[] = [];
  for (const caseNo of caseNos) {
    try {
      const v = await moveCase(ctx, caseNo, action, input);
      out.push({ caseNo, ok: true, state: v.state });
    } catch (e) {
      const u = e as { code?: string; messageIn?: (l: 'zh' | 'en') => string };
      if (!u.messageIn) throw e;
      out.push({ caseNo, ok: false, code: u.code, message: u.messageIn(lang) });
    }
  }
  return out;
}
