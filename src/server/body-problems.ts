/**
 * A request body's zod issues as problems in zh-CN and English, each at its JSON path: the unknown
 * field named at its own path, a missing field as required, a wrong type, value, size or format said in
 * words — never the validator's English inside a Chinese message.
 */
import type { z } from 'zod';
import type { InputProblem } from '../lib/errors.ts';
import type { Text } from '../rules/params/types.ts';
import { isProblemCode, jsonPath, problemText } from '../rules/scenario/problems.ts';

const TYPES: Record<string, Text> = {
  string: { zh: '文字', en: 'a string' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: 'true 或 false', en: 'true or false' },
  object: { zh: '对象（{…}）', en: 'an object ({…})' },
  array: { zh: '列表（[…]）', en: 'a list ([…])' },
};

/** A custom message written as "中文 / English" splits into both languages. */
export function customText(message: string): Text | null {
  const i = message.indexOf(' / ');
  return i > 0 ? { zh: message.slice(0, i), en: message.slice(i + 3) } : null;
}

function issueText(issue: z.core.$ZodIssue, input: unknown): { code: string; text: Text } {
  const custom = customText(issue.message);
  if (custom) return { code: 'invalid', text: custom };
  if (isProblemCode(issue.message))
    return {
      code: issue.message,
      text: { zh: problemText({ path: '', code: issue.message }, 'zh'), en: problemText({ path: '', code: issue.message }, 'en') },
    };
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return { code: 'required', text: { zh: '必填', en: 'required' } };
      const t = TYPES[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      return { code: 'type', text: { zh: `类型不对：应为${t.zh}`, en: `wrong type: expected ${t.en}` } };
    }
    case 'invalid_value':
      return {
        code: 'value.enum',
        text: { zh: `应为以下之一：${issue.values.map(String).join('、')}`, en: `must be one of: ${issue.values.map(String).join(', ')}` },
      };
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const n = Number(small ? issue.minimum : issue.maximum);
      const what =
        issue.origin === 'string'
          ? { zh: `${n} 个字符`, en: `${n} characters` }
          : issue.origin === 'array'
            ? { zh: `${n} 项`, en: `${n} items` }
            : { zh: String(n), en: String(n) };
      if (small && issue.origin === 'string' && n === 1) return { code: 'required', text: { zh: '不能为空', en: 'must not be empty' } };
      return {
        code: small ? 'too_small' : 'too_big',
        text: small ? { zh: `至少 ${what.zh}`, en: `at least ${what.en}` } : { zh: `至多 ${what.zh}`, en: `at most ${what.en}` },
      };
    }
    case 'invalid_format':
      return { code: 'format', text: { zh: '格式不对', en: 'wrong format' } };
    default:
      return { code: 'invalid', text: { zh: '无效', en: 'invalid' } };
  }
}

/** The value at `path` in `data`, or undefined. */
function at(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export function bodyProblems(issues: readonly z.core.$ZodIssue[], data: unknown): InputProblem[] {
  return issues.flatMap((issue): InputProblem[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: jsonPath([...issue.path, key]),
        code: 'field.unknown',
        text: { zh: `不认识的字段：${key}`, en: `unknown field: ${key}` },
      }));
    return [{ path: jsonPath(issue.path), ...issueText(issue, at(data, issue.path)) }];
  });
}
