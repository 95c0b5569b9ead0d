/** A body's problems name the field, in Chinese and in English — never the validator's English text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { bodyProblems } from './body-problems.ts';

const schema = z.strictObject({
  type: z.enum(['takeover', 'claim']),
  version: z.number().int(),
  reason: z.string().min(1).max(5),
  no: z.string().regex(/^JB-\d{4}$/, { error: '编号格式应为 JB-年份 / a number looks like JB-2025' }),
  form: z.strictObject({ invoices: z.array(z.string()).max(1) }),
});
const problems = (data: unknown) => {
  const r = schema.safeParse(data);
  assert.ok(!r.success);
  return bodyProblems(r.error.issues, data).map((p) => [p.path, p.code, p.text.zh, p.text.en]);
};

test('unknown, missing, mistyped, out-of-range and badly formatted fields, each at its path', () => {
  assert.deepEqual(problems({ type: 'rocket', reason: '', no: 'JB-25', form: { invoices: ['a', 'b'], foo: 1 }, bar: true }), [
    ['$.type', 'value.enum', '应为以下之一：takeover、claim', 'must be one of: takeover, claim'],
    ['$.version', 'required', '必填', 'required'],
    ['$.reason', 'required', '不能为空', 'must not be empty'],
    ['$.no', 'invalid', '编号格式应为 JB-年份', 'a number looks like JB-2025'],
    ['$.form.invoices', 'too_big', '至多 1 项', 'at most 1 items'],
    ['$.form.foo', 'field.unknown', '不认识的字段：foo', 'unknown field: foo'],
    ['$.bar', 'field.unknown', '不认识的字段：bar', 'unknown field: bar'],
  ]);
  assert.deepEqual(problems({ type: 'claim', version: 'x', reason: 'abcdefg', no: 'JB-2025', form: { invoices: [] } }), [
    ['$.version', 'type', '类型不对：应为数字', 'wrong type: expected a number'],
    ['$.reason', 'too_big', '至多 5 个字符', 'at most 5 characters'],
  ]);
  assert.deepEqual(problems(null), [['$', 'type', '类型不对：应为对象（{…}）', 'wrong type: expected an object ({…})']]);
});
