/** The policy's parameters, the scenario's schema, health and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseDay } from '../../rules/dates/date.ts';
import type { Policy } from '../../rules/params/types.ts';
import { scenarioJsonSchema } from '../../rules/scenario/schema.ts';
import { paramRows } from '../../service/params.ts';
import { requestLang } from '../lang.ts';
import { langQuery, noQuery, query } from '../query.ts';

/** YYYY-MM-DD that is a calendar date; otherwise the problem `date.invalid` at the parameter. */
export const dayQuery = z.string().refine((s) => parseDay(s) !== null, { error: 'date.invalid' });

export function infoRoutes(app: FastifyInstance, policy: Policy): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/', { schema: { hide: true, querystring: noQuery } }, (_req, reply) => reply.redirect('/api/docs'));
  r.get('/healthz', { schema: { hide: true, querystring: noQuery } }, () => ({ ok: true }));

  r.get(
    '/api/params',
    {
      schema: {
        summary: 'Every policy parameter with value, unit, effective dates, clause and decision',
        querystring: query({ at: dayQuery.optional().describe('YYYY-MM-DD: the values in force on that date'), lang: langQuery }),
      },
    },
    async (request) => ({
      policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash },
      parameters: paramRows(request.query.at, requestLang(request)),
    }),
  );

  r.get('/api/schema', { schema: { summary: 'JSON Schema of the calculation scenario', querystring: noQuery } }, async () =>
    scenarioJsonSchema(),
  );
  r.get('/api/openapi.json', { schema: { hide: true, querystring: noQuery } }, async () => app.swagger());
}
