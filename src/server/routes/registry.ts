/** GET /api/registry/calc: the calculation on the registry (same lines as `jiangbu calc --db`). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { calcFromDb } from '../../service/calc-db.ts';
import { UserError } from '../../service/errors.ts';
import { ProblemsError, ruleProblems } from '../errors.ts';
import { requestLang } from '../lang.ts';
import { explainQuery, langQuery, query } from '../query.ts';
import { dayQuery } from './info.ts';

export function registryRoutes(app: FastifyInstance, database: Database | undefined): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/registry/calc',
    {
      schema: {
        summary: 'Calculate from the registry (same output as `jiangbu calc --db`)',
        querystring: query({
          asOf: dayQuery.describe('evaluation date YYYY-MM-DD'),
          community: z.string().optional().describe("a community's code"),
          compound: z.string().optional().describe("a compound's code"),
          explain: explainQuery,
          lang: langQuery,
        }),
      },
    },
    async (request) => {
      const { asOf, community, compound, explain } = request.query;
      if (!database)
        throw new UserError('no_registry', { zh: '本服务器未连接登记库', en: 'this server runs without a registry' }, { status: 503 });
      const out = await calcFromDb(database.db, asOf, { community, compound }, { explain, lang: requestLang(request) });
      if (!out.ok)
        throw new ProblemsError(ruleProblems(out.problems), {
          code: 'registry_inconsistent',
          status: 409,
          text: { zh: `登记数据不一致（${out.problems.length} 处）`, en: `the registry is inconsistent (${out.problems.length} problems)` },
        });
      return out.value;
    },
  );
}
