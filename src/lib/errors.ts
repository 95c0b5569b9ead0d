/**
 * A refusal the user can act on: a stable code (clients and tests match on it), the message in zh-CN
 * and English, and the HTTP status an adapter answers with. Every adapter presents it the same way:
 * the CLI prints the message in the chosen language and exits 2; the server answers
 * `{code, message, problems?}` with `status`. Anything else thrown is an internal error.
 */
import type { Lang, Text } from '../rules/params/types.ts';

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
