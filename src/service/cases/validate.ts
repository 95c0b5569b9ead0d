/** A case's form against its kind's schema, and what a submission needs — each problem named by its field. */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { type InputProblem, ProblemsError } from '../../lib/errors.ts';
import { add, cmp, parseDecimal, rational, ZERO } from '../../rules/exact/rational.ts';
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

/**
 * A facility application that cannot be right is refused at submission, not at the bureau's approval
 * (docs/policy.md F): acceptance and invoices are in the past, the funding adds up to at most the
 * investment, the collection rate is a share (0–1).
 */
export function checkFacilityForm(form: Record<string, unknown>, today: string): void {
  const problems: InputProblem[] = [];
  const problem = (path: string, zh: string, en: string) => problems.push({ path: `form.${path}`, code: 'inconsistent', text: { zh, en } });
  const accepted = form.acceptedOn as string | undefined;
  if (accepted && accepted > today)
    problem(
      'acceptedOn',
      `验收日期 ${accepted} 晚于今天：须在验收之后申请`,
      `accepted on ${accepted}, after today: apply after acceptance`,
    );
  const invoices = (form.invoices as { issuedOn?: string }[] | undefined) ?? [];
  invoices.forEach((inv, i) => {
    if (inv.issuedOn && inv.issuedOn > today)
      problem(`invoices[${i}].issuedOn`, `发票日期 ${inv.issuedOn} 晚于今天`, `invoice dated ${inv.issuedOn}, after today`);
  });
  const investment = form.investment as string | undefined;
  const funding = ['fundingResidents', 'fundingCompany', 'fundingCommunity', 'fundingOther']
    .map((k) => form[k] as string | undefined)
    .filter((v): v is string => v !== undefined);
  if (investment && funding.length && cmp(funding.map(parseDecimal).reduce(add, ZERO), parseDecimal(investment)) > 0)
    problem('investment', '各方出资合计超过实际投资额', 'the funding adds up to more than the investment');
  const rate = form.collectionRate as string | undefined;
  if (rate && cmp(parseDecimal(rate), rational(1n)) > 0)
    problem('collectionRate', `收缴率 ${rate} 应在 0 至 1 之间（如 0.85）`, `collection rate ${rate}: a share from 0 to 1 (e.g. 0.85)`);
  if (problems.length)
    throw new ProblemsError(problems, {
      code: 'case.inconsistent',
      text: {
        zh: `申请内容前后矛盾（${problems.length} 处），不能提交`,
        en: `the application contradicts itself (${problems.length}): it cannot be submitted`,
      },
    });
}
