/**
 * POST /api/whatif (bureau, finance): the live registry calculated with the parameters in force and with
 * the overrides, compared per programme and community, with a page of the lines that change
 * (docs/domain.md "What-if"). The service checks the overrides, the registry's size and records the run.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { CalcPool } from '../../service/calc-pool.ts';
import { MAX_OVERRIDES, whatIf } from '../../service/whatif.ts';
import { contextFor } from '../context.ts';
import { requestLang } from '../lang.ts';
import { noQuery } from '../query.ts';
import type { ServerSettings } from '../settings.ts';

/** A what-if names at most 50 parameters: 16 KiB is plenty. */
const BODY_LIMIT = 16 * 1024;

export function whatIfRoutes(app: FastifyInstance, pool: CalcPool, settings: ServerSettings, database: Database | undefined): void {
  const ctx = contextFor(database);
  const max = settings.registryPageMax;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/whatif',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: { roles: ['bureau', 'finance'], scope: 'none' } },
      schema: {
        summary:
          'What-if: the registry under the parameters in force and under changed ones, per programme and community, and the lines that change',
        description:
          'Both calculations cover the whole city as of `asOf`. Totals count what the engine counts (T and W payable, F granted or ' +
          'capped), as exact yuan. `lines` is a page of the changed lines (`offset`, `limit` ≤ ' +
          `${max}); \`page.total\` counts them all and \`truncated\` says whether more follow. A registry of more than ` +
          `${settings.maxEntities} entities is refused (413). Every run is recorded in the audit trail.`,
        querystring: noQuery,
        body: z.strictObject({
          asOf: z.string().max(32).describe('evaluation date YYYY-MM-DD'),
          overrides: z
            .array(
              z.strictObject({
                id: z.string().min(1).max(100).describe('a parameter id (GET /api/params), e.g. T.rate.tier1'),
                text: z.string().max(500).describe('its value as text, e.g. 0.50; a list comma-separated'),
              }),
            )
            .max(MAX_OVERRIDES)
            .default([]),
          limit: z.number().int().min(1).max(max).default(max).describe(`changed lines per page, 1–${max}`),
          offset: z.number().int().min(0).max(10_000_000).default(0),
        }),
      },
    },
    async (request) => {
      const { asOf, overrides, limit, offset } = request.body;
      return whatIf(
        ctx(request),
        { asOf, overrides },
        { pool, maxEntities: settings.maxEntities, page: { limit, offset }, lang: requestLang(request) },
      );
    },
  );
}
