/**
 * A refusal the user can act on: a stable code (clients and tests match on it), the message in zh-CN
 * and English, and the HTTP status an adapter answers with. Every adapter presents it the same way:
 * the CLI prints the message in the chosen language and exits 2; the server answers
 * `{code, message, problems?}` with `status`. Anything else thrown is an internal error.
 */
import type { Lang, Text } from '../rules/params/types.ts';
import { type Problem, problemText } from '../rules/scenario/problems.ts';

export interface UserErrorOptions {
  /** HTTP status (default 400) */
  status?: number;
  /** more for machines: offending values, ids (never personal data) */
  details?: Record<string, unknown>;
}

export class UserError extends Error {
  readonly code: string;
  readonly text: Text;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, text: Text, opts: UserErrorOptions = {}) {
    super(text.zh);
    this.code = code;
    this.text = text;
    this.status = opts.status ?? 400;
    this.details = opts.details;
  }

  messageIn(lang: Lang): string {
    return this.text[lang];
  }
}

/** `userError('roster.not_found', '没有…', 'no …')`. */
export const userError = (code: string, zh: string, en: string, opts?: UserErrorOptions): UserError =>
  new UserError(code, { zh, en }, opts);

/** One problem of a refused input: the parameter or JSON path, a stable code, the text in both languages. */
export interface InputProblem {
  path: string;
  code: string;
  text: Text;
}

/** A refusal listing problems, each named by its path. */
export class ProblemsError extends UserError {
  readonly problems: InputProblem[];

  constructor(problems: InputProblem[], opts: { code?: string; text?: Text; status?: number } = {}) {
    const n = problems.length;
    super(
      opts.code ?? 'invalid_input',
      opts.text ?? { zh: `输入无效（${n} 处）`, en: `invalid input (${n} problem${n === 1 ? '' : 's'})` },
      {
        status: opts.status ?? 400,
      },
    );
    this.problems = problems;
  }
}

/** The engine's problems (src/rules/scenario/problems.ts) with their texts. */
export const ruleProblems = (problems: readonly Problem[]): InputProblem[] =>
  problems.map((p) => ({ path: p.path, code: p.code, text: { zh: problemText(p, 'zh'), en: problemText(p, 'en') } }));
