/**
 * The console's API client: fetch with the session cookie, the CSRF token on every state-changing
 * request, the language in Accept-Language. Every refusal comes in the server's one shape
 * (src/server/errors.ts: `{code, message, problems?, field?, requestId?}`) and is thrown as an ApiError
 * whose text names the field; a 401 tells the app the session is gone.
 */
import { currentLang, translate } from './i18n.tsx';

export interface Problem {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems?: Problem[],
    readonly requestId?: string,
    /** the whole answer (a file import's row-level report) */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrf = (token: string | null) => {
  csrfToken = token;
};

type Listener = () => void;
let onUnauthorized: Listener = () => {};
/** What happens on a 401 from any request but the login itself: the app goes back to the login page. */
export const setUnauthorizedHandler = (fn: Listener) => {
  onUnauthorized = fn;
};

/** The text of a refusal: the server's message, each problem with its path (which field, which row). */
export function errorText(e: unknown): string {
  const lang = currentLang();
  if (e instanceof ApiError) {
    if (e.status >= 500 && e.requestId) return `${e.message}`;
    const problems = (e.problems ?? []).map((p) => translate(lang, 'fieldError', { field: p.path, message: p.message }));
    return [e.message, ...problems].join('；');
  }
  return translate(lang, 'networkError');
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: { noAuthRedirect?: boolean; file?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', translate(currentLang(), 'networkError'));
  }
  // a file asked for (a printable sheet): its bytes; a refusal still comes as JSON
  if (res.ok && opts.file) return (await res.blob()) as T;
  const json = (res.headers.get('content-type') ?? '').includes('application/json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const b = (json ?? {}) as { code?: string; message?: string; field?: string; problems?: Problem[]; requestId?: string };
    // a file import's report carries row-level problems of its own shape (row, column): not field problems
    if (b.problems && !b.problems.every((p) => typeof p.path === 'string')) b.problems = undefined;
    const message =
      b.message ?? (res.status >= 500 ? translate(currentLang(), 'serverError', { id: b.requestId ?? '—' }) : `HTTP ${res.status}`);
    const err = new ApiError(res.status, b.code ?? 'http', message, b.field, b.problems, b.requestId, json);
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized();
    throw err;
  }
  return json as T;
}

/** A query string from the set values of `q` ("" and undefined left out). */
export function qs(q: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown, opts?: { noAuthRedirect?: boolean }) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** a POST whose answer is a file (e.g. the survey codes' A4 sheet), as a Blob */
  postFile: (path: string, body: unknown) => request<Blob>('POST', path, body, { file: true }),
};

// ---- the answers the console reads: the server's own types (type-only imports, erased at build) ----

export type { RenderedReason as Reason } from '../../src/rules/explain/render.ts';
export type { LineJson as EngineLine } from '../../src/rules/present.ts';
export type { Role } from '../../src/service/actor.ts';
export type { Verification } from '../../src/service/audit.ts';
export type { EngineRecord } from '../../src/service/cases/decision.ts';
export type { RadarItem } from '../../src/service/cases/radar.ts';
export type { CaseSummary } from '../../src/service/cases/read.ts';
export type { Todo, Todos } from '../../src/service/cases/todos.ts';
export type { BatchView } from '../../src/service/money/batches.ts';
export type { BudgetFigures as BudgetRow } from '../../src/service/money/budgets.ts';
export type { AuditItem } from '../../src/service/read/audit.ts';

import type { presentSession } from '../../src/server/routes/auth.ts';
import type { EngineRecord } from '../../src/service/cases/decision.ts';
import type { CaseView as ServerCaseView } from '../../src/service/cases/read.ts';
import type { BatchView } from '../../src/service/money/batches.ts';

/** What login and GET /api/auth/me answer. */
export type Session = ReturnType<typeof presentSession>;

export interface Page<T> {
  items: T[];
  total: number;
}

/** GET /api/radar */
export type Radar = Awaited<ReturnType<typeof import('../../src/service/cases/radar.ts').radar>>;

/** A case as the console reads it: the decision is an engine record, or a takeover's several (the server keeps it as unknown). */
export interface CaseView extends Omit<ServerCaseView, 'decision'> {
  decision: EngineRecord | { lines: EngineRecord[] } | null;
}

/** A batch in the list: the view without its lines. */
export type BatchSummary = Omit<BatchView, 'lines' | 'policy' | 'createdBy'>;
