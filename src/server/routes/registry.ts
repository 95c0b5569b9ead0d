/**
 * GET /api/registry/calc: the calculation on the registry (the lines of `jiangbu calc --db`), a page at a
 * time. The scenario is read on the event loop (database I/O); the calculation runs on a worker thread.
 */

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { ProblemsError, ruleProblems, UserError } from '../../lib/errors.ts';
import { registryScenario } from '../../service/calc-db.ts';
import type { CalcPool } from '../../service/calc-pool.ts';
import { scopedCalc } from '../../service/scope.ts';
import { requestLang } from '../lang.ts';
import { explainQuery, langQuery, query } from '../query.ts';
import type { ServerSettings } from '../settings.ts';
import { dayQuery } from './info.ts';

const count = z.coerce.number().int();

export function registryRoutes(app: FastifyInstance, pool: CalcPool, settings: ServerSettings, database: Database | undefined): void {
  const max = settings.registryPageMax;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/registry/calc',
    {
      config: { access: { roles: ['bureau', 'finance', 'community'], scope: 'community' } },
      schema: {
        summary: 'Calculate from the registry (the lines of `jiangbu calc --db`), a page at a time',
        description:
          `Every answer is a page: \`lines\` from \`offset\`, at most \`limit\` (≤ ${max}) of them; \`totals\` are those of ` +
          'the whole scope (the city, or the community or compound asked for) and `page.total` is its line count. ' +
          'Lines come in a stable order (the order of registration), so pages add up to the whole. ' +
          'The whole city is calculated for every page (F quotas and caps depend on every community).',
        querystring: query({
          asOf: dayQuery.describe('evaluation date YYYY-MM-DD'),
          community: z.string().optional().describe("a community's code: its lines and totals"),
          compound: z.string().optional().describe("a compound's code: its lines and totals"),
          limit: count.min(1).max(max).default(max).describe(`lines per page, 1–${max} (default ${max})`),
          offset: count.min(0).default(0).describe('lines to skip (default 0)'),
          explain: explainQuery,
          lang: langQuery,
        }),
      },
    },
    async (request, reply) => {
      const { asOf, community, compound, explain, limit, offset } = request.query;
      if (!database)
        throw new UserError('no_registry', { zh: '本服务器未连接登记库', en: 'this server runs without a registry' }, { status: 503 });
      const scope = scopedCalc(request.actor, { community, compound });
      const { scenario } = await registryScenario(database.db, asOf, scope);
      const req = { explain, lang: requestLang(request) };
      const out = await pool.run({ kind: 'registry', scenario, scope, page: { offset, limit }, req }, { pooled: true });
      if (!out.ok)
        throw new ProblemsError(ruleProblems(out.problems), {
          code: 'registry_inconsistent',
          status: 409,
          text: { zh: `登记数据不一致（${out.problems.length} 处）`, en: `the registry is inconsistent (${out.problems.length} problems)` },
        });
      return reply.type('application/json; charset=utf-8').send(Buffer.from(out.json.buffer, out.json.byteOffset, out.json.byteLength));
    },
  );
}
