/** A case's form against its kind's schema, and what a submission needs — each problem named by its field. */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { type InputProblem, ProblemsError } from '../../lib/errors.ts';
import { isProblemCode, problemText } from '../../rules/scenario/problems.ts';
import type { CaseType } from '../../workflow/index.ts';
import { FIELD_NAMES, FORMS, REQUIRED_ATTACHMENTS, REQUIRED_ON_SUBMIT } from './forms.ts';

const label = (path: readonly PropertyKey[]) =>
  path.map((p) => (typeof p === 'string' ? (FIELD_NAMES[p] ?? p) : `第 ${Number(p) + 1} 项`)).join(' ');

function issueText(i: z.core.$ZodIssue): { zh: string; en: string } {
  const field = label(i.path);
  if (isProblemCode(i.message))
    return {
      zh: `${field}：${problemText({ path: '', code: i.message }, 'zh')}`,
      en: `${i.path.join('.')}: ${problemText({ path: '', code: i.message }, 'en')}`,
    };
  if (i.code === 'unrecognized_keys') return { zh: `不认识的字段：${i.keys.join('、')}`, en: `unknown fields: ${i.keys.join(', ')}` };
  if (i.code === 'invalid_type' && i.input === undefined) return { zh: `${field}：必填`, en: `${i.path.join('.')}: required` };
  return { zh: `${field}：格式不对`, en: `${i.path.join('.')}: ${i.message}` };
}

export function parseForm(type: CaseType, form: unknown): unknown {
  const parsed = FORMS[type].safeParse(form ?? {});
  if (parsed.success) return parsed.data;
  throw new ProblemsError(
    parsed.error.issues.map(
      (i): InputProblem => ({
        path: ['form', ...i.path].join('.'),
        code: i.code === 'unrecognized_keys' ? 'key.unknown' : 'invalid',
        text: issueText(i),
      }),
    ),
    { code: 'case.form', text: { zh: '申请表填写有误', en: 'the form has problems' } },
  );
}

/** Refuses a submission (400 `case.incomplete`) that lacks a required field or a required kind of file. */
export async function checkComplete(tx: Db, type: CaseType, caseId: number, form: Record<string, unknown>): Promise<void> {
  const problems: InputProblem[] = [];
  for (const f of REQUIRED_ON_SUBMIT[type]) {
    const v = form[f];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))
      problems.push({
        path: `form.${f}`,
        code: 'required',
        text: { zh: `${FIELD_NAMES[f] ?? f}：提交前须填写`, en: `form.${f}: required before submitting` },
      });
  }
  const kinds = new Set(
    (
      await tx
        .select({ kind: t.caseAttachments.kind })
        .from(t.caseAttachments)
        .where(and(eq(t.caseAttachments.caseId, caseId)))
    ).map((r) => r.kind),
  );
  for (const k of REQUIRED_ATTACHMENTS[type])
    if (!kinds.has(k))
      problems.push({
        path: `attachments.${k}`,
        code: 'required',
        text: { zh: `须上传${FIELD_NAMES[k] ?? k}`, en: `a file of kind ${k} is required` },
      });
  if (problems.length)
    throw new ProblemsError(problems, {
      code: 'case.incomplete',
      text: {
        zh: `申请尚不完整（${problems.length} 处），不能提交`,
        en: `the application is incomplete (${problems.length}): it cannot be submitted`,
      },
    });
}
