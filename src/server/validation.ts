/**
 * Input checks that name what is wrong: query strings are strict zod objects whose issues become
 * problems at the parameter's name (`lang`, `asOf`), JSON bodies that do not parse become `json.syntax`
 * at `$`. Both are ProblemsErrors, presented by errors.ts like any other refusal.
 */
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { type InputProblem, ProblemsError, ruleProblems } from '../lib/errors.ts';
import type { Text } from '../rules/params/types.ts';
import { isProblemCode, problemText } from '../rules/scenario/problems.ts';
import { bodyProblems, customText } from './body-problems.ts';

/** Schemas shown in the OpenAPI document but checked by the handler itself (the scenario: by the engine). */
const documentedOnly = new WeakSet<object>();
export function documentOnly<T extends object>(schema: T): T {
  documentedOnly.add(schema);
  return schema;
}

/** Problem codes of the server's own (the engine's are in src/rules/scenario/problems.ts). */
export const SERVER_PROBLEMS = {
  'query.unknown': (known: string[]): Text => ({
    zh: known.length ? `不是本接口的参数（可用：${known.join('、')}）` : '本接口没有查询参数',
    en: known.length ? `not a parameter of this route (known: ${known.join(', ')})` : 'this route takes no query parameters',
  }),
  'value.enum': (values: string[]): Text => ({ zh: `应为以下之一：${values.join('、')}`, en: `must be one of: ${values.join(', ')}` }),
  'number.min': (min: number): Text => ({ zh: `应不小于 ${min}`, en: `must be at least ${min}` }),
  'number.max': (max: number): Text => ({ zh: `应不大于 ${max}`, en: `must be at most ${max}` }),
  'set.format': (got: string): Text => ({
    zh: `应为 参数=值，如 T.rate.tier1=0.50，收到 "${got}"`,
    en: `expected PARAM=VALUE such as T.rate.tier1=0.50, got "${got}"`,
  }),
};

const ruleText = (code: Parameters<typeof problemText>[0]['code']): Text => ({
  zh: problemText({ path: '', code }, 'zh'),
  en: problemText({ path: '', code }, 'en'),
});

/** A zod issue of a query string as problems at the parameter's name. */
function queryProblems(issue: z.core.$ZodIssue, data: Record<string, unknown>, known: string[]): InputProblem[] {
  const path = issue.path.length ? String(issue.path[0]) : '$';
  const at = (code: string, text: Text): InputProblem[] => [{ path, code, text }];
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ path: key, code: 'query.unknown', text: SERVER_PROBLEMS['query.unknown'](known) }));
  if (issue.path.length && data[path] === undefined) return at('required', ruleText('required'));
  if (issue.code === 'invalid_value') return at('value.enum', SERVER_PROBLEMS['value.enum'](issue.values.map(String)));
  if (issue.code === 'too_small') return at('number.min', SERVER_PROBLEMS['number.min'](Number(issue.minimum)));
  if (issue.code === 'too_big') return at('number.max', SERVER_PROBLEMS['number.max'](Number(issue.maximum)));
  if (issue.code === 'invalid_type' && issue.expected === 'string') return at('type.string', ruleText('type.string'));
  // Numbers in a query are counts (limit, offset): whole numbers.
  if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int'))
    return at('type.integer', ruleText('type.integer'));
  if (isProblemCode(issue.message)) return at(issue.message, ruleText(issue.message));
  const custom = customText(issue.message);
  if (custom) return at('invalid', custom);
  return ruleProblems([{ path, code: 'invalid', args: { detail: issue.message } }]);
}

/** The validator for every route schema: zod, with the issues turned into named problems. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  if (documentedOnly.has(schema)) return (data) => ({ value: data });
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const problems =
      httpPart === 'querystring' || httpPart === 'params'
        ? result.error.issues.flatMap((i) => queryProblems(i, (data ?? {}) as Record<string, unknown>, known))
        : bodyProblems(result.error.issues, data);
    return { error: new ProblemsError(problems) };
  };
};

/** A large JSON body as received, for a route that has it parsed off the event loop (see `poolLargeBodies`). */
export class JsonBytes {
  constructor(readonly bytes: Uint8Array) {}
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** JSON bodies over the pool threshold reach the handler unparsed, as JsonBytes */
    poolLargeBodies?: boolean;
  }
}

/**
 * JSON bodies, and only JSON: the framework's parser (it refuses `__proto__` poisoning), with the parser's
 * own explanation of a syntax error kept for the problem it becomes. On a route with `poolLargeBodies`, a
 * body over `poolThreshold` bytes is not parsed here but handed on as bytes (a copy of its own, which can
 * be moved to a worker thread).
 */
export function installJsonParser(app: FastifyInstance, poolThreshold: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  // JSON is the only body the API reads: anything else (text/plain included) is 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    // an empty JSON body is no body (curl -X POST -H 'content-type: application/json' with no -d): a
    // route whose body is optional takes it, one that needs a body says so by name
    if (bytes.length === 0) return done(null, undefined);
    if (request.routeOptions.config.poolLargeBodies && bytes.length > poolThreshold)
      return done(null, new JsonBytes(new Uint8Array(bytes)));
    const text = bytes.toString('utf8');
    parse(request, text, (err: Error | null, value?: unknown) => {
      if (!err) return done(null, value);
      if ((err as { code?: string }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return done(err, undefined);
      let detail = 'forbidden __proto__ or constructor.prototype key';
      try {
        JSON.parse(text);
      } catch (syntax) {
        detail = (syntax as Error).message;
      }
      done(new ProblemsError(ruleProblems([{ path: '$', code: 'json.syntax', args: { detail } }])), undefined);
    });
  });
}
