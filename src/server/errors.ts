/**
 * The one place errors become answers: every refusal is a UserError (the service's, or one made here
 * from the framework's own refusals), answered as `{code, message, problems?}` in the request's language
 * with its status; anything else is an internal error — a generic message and the request id, which is
 * logged with the error. A 5xx always carries the request id.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemsError, ruleProblems, UserError } from '../lib/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../registry/attachments.ts';
import type { Lang, Text } from '../rules/params/types.ts';
import { requestLang } from './lang.ts';
import { MiB } from './settings.ts';

const INTERNAL: Text = {
  zh: '服务器内部错误。报告问题时请附上 requestId。',
  en: 'internal error. Please quote the requestId when reporting it.',
};

const size = (bytes: number) => (bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes.toLocaleString('en')} bytes`);

/** An uploaded file over the multipart size limit (413). */
export function fileTooLarge(): UserError {
  const limit = size(MAX_ATTACHMENT_BYTES);
  return new UserError(
    'attachment.too_large',
    { zh: `文件超过上限 ${limit}`, en: `the file exceeds the limit of ${limit}` },
    { status: 413 },
  );
}

/** The framework's refusals (bad JSON, body limit, media type…) as UserErrors; null for anything else. */
function frameworkRefusal(err: { code?: string; statusCode?: number; message?: string }, request: FastifyRequest): UserError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = size(request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0);
      return new UserError(
        'payload_too_large',
        { zh: `请求体超过上限 ${limit}`, en: `the request body exceeds the limit of ${limit}` },
        { status: 413 },
      );
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const got = request.headers['content-type'] ?? '—';
      return new UserError(
        'unsupported_media_type',
        {
          zh: `请求体须为 JSON（Content-Type: application/json），收到：${got}`,
          en: `the body must be JSON (Content-Type: application/json), got: ${got}`,
        },
        { status: 415 },
      );
    }
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemsError(ruleProblems([{ path: '$', code: 'json.syntax', args: { detail: 'empty body' } }]));
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)
    return new UserError('bad_request', { zh: '请求无效', en: `bad request: ${err.message}` }, { status: err.statusCode });
  return null;
}

export interface ErrorAnswer {
  status: number;
  body: {
    code: string;
    message: string;
    problems?: { path: string; code: string; message: string }[];
    requestId?: string;
    [more: string]: unknown;
  };
}

export function presentUserError(e: UserError, lang: Lang, requestId: string): ErrorAnswer {
  // details are for machines (a transition's from and to, say) and never hold personal data
  const body: ErrorAnswer['body'] = { ...e.details, code: e.code, message: e.messageIn(lang) };
  if (e instanceof ProblemsError) body.problems = e.problems.map((p) => ({ path: p.path, code: p.code, message: p.text[lang] }));
  if (e.status >= 500) body.requestId = requestId;
  return { status: e.status, body };
}

/** Answers any error thrown while handling a request. */
export function answerError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = requestLang(request);
  const refusal = err instanceof UserError ? err : frameworkRefusal(err as { code?: string }, request);
  if (refusal) {
    const { status, body } = presentUserError(refusal, lang, request.id);
    if (status >= 500) request.log.warn({ code: refusal.code }, refusal.text.en);
    return reply.code(status).send(body);
  }
  request.log.error({ err }, 'internal error');
  return reply.code(500).send({ code: 'internal', message: INTERNAL[lang], requestId: request.id });
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What answers a request no route matched before the 404 does (the console's page), or null to let it. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/**
 * Unknown routes (404) and known routes asked with another method (405), in the same shape — unless
 * `spa.fallback` (set once the console is registered) answers first.
 */
export function installErrorAnswers(app: FastifyInstance, spa: { fallback?: NotFoundFallback } = {}): void {
  app.setErrorHandler((err, request, reply) => answerError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const page = spa.fallback?.(request, reply);
    if (page) return page;
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = METHODS.filter((method) => method !== request.method && app.hasRoute({ method, url: path }));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return answerError(
        new UserError(
          'method_not_allowed',
          {
            zh: `${path} 不支持 ${request.method}（可用：${allowed.join('、')}）`,
            en: `${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`,
          },
          { status: 405 },
        ),
        request,
        reply,
      );
    }
    return answerError(
      new UserError(
        'not_found',
        { zh: `没有这个接口：${request.method} ${path}`, en: `no such route: ${request.method} ${path}` },
        { status: 404 },
      ),
      request,
      reply,
    );
  });
}
