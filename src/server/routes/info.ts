/** The policy's parameters, the scenario's schema, health and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { parseDay } from '../../rules/dates/date.ts';
import type { Policy } from '../../rules/params/types.ts';
import { scenarioJsonSchema } from '../../rules/scenario/schema.ts';
import { paramRows } from '../../service/params.ts';
import { registryInfo } from '../../service/registry-info.ts';
import { codeVersion } from '../../service/version.ts';
import { PUBLIC } from '../access.ts';
import { requestLang } from '../lang.ts';
import { langQuery, noQuery, query } from '../query.ts';

/** YYYY-MM-DD that is a calendar date; otherwise the problem `date.invalid` at the parameter. */
export const dayQuery = z.string().refine((s) => parseDay(s) !== null, { error: 'date.invalid' });

export function infoRoutes(app: FastifyInstance, policy: Policy, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/info',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'What this server runs: the code version, the policy, and the registry — whether it is the fictional demo city',
        querystring: noQuery,
      },
    },
    async () => {
      const registry = database ? await registryInfo(database.db) : null;
      return {
        name: 'jiangbu',
        version: codeVersion(),
        policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash },
        registry: registry && {
          kind: database?.kind,
          ...registry,
          notice: registry.demo
            ? { zh: '这是演示城市：全部数据均为虚构，仅供试用', en: 'This is the demo city: every record is fictional' }
            : registry.seededWith
              ? {
                  zh: `登记库由 seed 生成（${registry.seededWith}），不是真实数据`,
                  en: `The registry was made by seed (${registry.seededWith}): not real data`,
                }
              : null,
        },
      };
    },
  );
  r.get('/healthz', { config: { access: PUBLIC }, schema: { hide: true, querystring: noQuery } }, () => ({ ok: true }));

  r.get(
    '/api/params',
    {
      config: { access: PUBLIC },
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

  r.get(
    '/api/schema',
    { config: { access: PUBLIC }, schema: { summary: 'JSON Schema of the calculation scenario', querystring: noQuery } },
    async () => scenarioJsonSchema(),
  );
  r.get('/api/openapi.json', { config: { access: PUBLIC }, schema: { hide: true, querystring: noQuery } }, async () => app.swagger());
}
