/**
 * The HTTP server. Step 1 serves the rules engine; later steps grow the same app.
 * A route is a pipeline: validate → (authorize, from step 3) → command → presenter.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { loadPolicy, ParameterError, parseOverrideArg } from '../policy/load.ts';
import { parseDay } from '../rules/dates/date.ts';
import type { Lang } from '../rules/params/types.ts';
import { type Problem, problemText } from '../rules/scenario/problems.ts';
import { scenarioJsonSchema, scenarioSchema } from '../rules/scenario/schema.ts';
import { runCalc } from '../service/calc.ts';
import { calcFromDb } from '../service/calc-db.ts';
import { paramRows } from '../service/params.ts';

export interface AppOptions {
  logger?: boolean;
  /** the registry; without it the registry routes answer 503 */
  database?: Database;
}

const langQuery = z.enum(['zh', 'en']).default('zh').describe('language of reasons and messages');

const problemBody = (problems: Problem[], lang: Lang) => ({
  error: 'invalid_input',
  message:
    lang === 'zh' ? `输入无效（${problems.length} 处）` : `invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  problems: problems.map((p) => ({ path: p.path, code: p.code, message: problemText(p, lang) })),
});

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const policy = loadPolicy();

  await app.register(swagger, {
    openapi: {
      info: { title: 'jiangbu 奖补 API', version: '0.1.0', description: `${policy.title.zh} — ${policy.title.en}` },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Bad JSON and anything else the framework refuses: the same problem format as the engine's.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const lang: Lang = (request.query as { lang?: string } | undefined)?.lang === 'en' ? 'en' : 'zh';
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415)
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'Content-Type must be application/json' });
    if (err.statusCode === 400 || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return reply.code(400).send(problemBody([{ path: '$', code: 'json.syntax', args: { detail: err.message } }], lang));
    if (err.statusCode && err.statusCode < 500)
      return reply.code(err.statusCode).send({ error: err.code ?? 'error', message: err.message });
    request.log.error(err);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/api/docs'));
  app.get('/healthz', { schema: { hide: true } }, () => ({ ok: true }));

  app.post(
    '/api/calc',
    {
      // The scenario is validated by the engine's own validator (same messages as the CLI);
      // the schema here documents it in OpenAPI.
      attachValidation: true,
      schema: {
        summary: 'Calculate a scenario (same input and output as `jiangbu calc`)',
        querystring: z.object({
          explain: z.enum(['true', 'false', '1', '0']).optional().describe('include the step-by-step trace'),
          lang: langQuery,
          set: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .describe('what-if override PARAM=VALUE, repeatable'),
        }),
        body: scenarioSchema,
      },
    },
    async (request, reply) => {
      const q = (request.query ?? {}) as { explain?: string; lang?: string; set?: string | string[] };
      const lang: Lang = q.lang === 'en' ? 'en' : 'zh';
      let overrides: ReturnType<typeof parseOverrideArg>[];
      try {
        overrides = (q.set === undefined ? [] : Array.isArray(q.set) ? q.set : [q.set]).map(parseOverrideArg);
      } catch (e) {
        if (e instanceof ParameterError)
          return reply.code(400).send(problemBody([{ path: 'set', code: 'invalid', args: { detail: e.message } }], lang));
        throw e;
      }
      const out = runCalc(request.body, { explain: q.explain === 'true' || q.explain === '1', lang, overrides });
      if (!out.ok) return reply.code(400).send(problemBody(out.problems, lang));
      return out.value;
    },
  );

  app.get(
    '/api/params',
    {
      schema: {
        summary: 'Every policy parameter with value, unit, effective dates, clause and decision',
        querystring: z.object({ at: z.string().optional().describe('YYYY-MM-DD: the values in force on that date'), lang: langQuery }),
      },
    },
    async (request, reply) => {
      const { at, lang } = request.query;
      if (at !== undefined && parseDay(at) === null) return reply.code(400).send(problemBody([{ path: 'at', code: 'date.invalid' }], lang));
      return { policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash }, parameters: paramRows(at, lang) };
    },
  );

  app.get(
    '/api/registry/calc',
    {
      schema: {
        summary: 'Calculate from the registry (same output as `jiangbu calc --db`)',
        querystring: z.object({
          asOf: z.string().describe('evaluation date YYYY-MM-DD'),
          community: z.string().optional().describe("a community's code"),
          compound: z.string().optional().describe("a compound's code"),
          explain: z.enum(['true', 'false', '1', '0']).optional(),
          lang: langQuery,
        }),
      },
    },
    async (request, reply) => {
      const { asOf, community, compound, explain, lang } = request.query;
      if (!opts.database) return reply.code(503).send({ error: 'no_registry', message: 'this server runs without a registry' });
      if (parseDay(asOf) === null) return reply.code(400).send(problemBody([{ path: 'asOf', code: 'date.invalid' }], lang));
      const out = await calcFromDb(
        opts.database.db,
        asOf,
        { community, compound },
        { explain: explain === 'true' || explain === '1', lang },
      );
      if (!out.ok) return reply.code(409).send({ ...problemBody(out.problems, lang), error: 'registry_inconsistent' });
      return out.value;
    },
  );

  app.get('/api/schema', { schema: { summary: 'JSON Schema of the calculation scenario' } }, async () => scenarioJsonSchema());
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
