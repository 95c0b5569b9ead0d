/**
 * The public assessment bulletin and companies' records (no sign-in, rate limited per address):
 * docs/domain.md "Assessment results and 通报". Final results only, nothing personal.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { assessmentBulletin, BULLETIN_PAGE_MAX, companyRecord, publicStandings } from '../../service/bulletin.ts';
import { PUBLIC } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';

export function bulletinRoutes(app: FastifyInstance, database: Database | undefined, publicPerMinute: number): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);
  const config = { access: PUBLIC, rateLimit: { max: publicPerMinute, timeWindow: 60_000 } };

  r.get(
    '/api/public/assessments',
    {
      config,
      schema: {
        summary:
          '考核通报 (no login): the final half-year assessment results of a half-year — community, compound, company, score, passed or failed',
        querystring: query({
          period: z.string().max(16).describe('the half-year, e.g. 2025H1'),
          limit: z.coerce.number().int().min(1).max(BULLETIN_PAGE_MAX).default(500),
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
        }),
      },
    },
    async (request) => assessmentBulletin(ctx(request).db, request.query),
  );

  r.get(
    '/api/public/companies/:code/record',
    {
      config,
      schema: {
        summary:
          'A company’s public record (no login): its engagements (compounds), each final half-year result, rectifications ordered and their outcome, expulsions',
        params: z.strictObject({ code: z.string().min(1).max(64).describe('the company’s code or 统一社会信用代码') }),
        querystring: noQuery,
      },
    },
    async (request) => companyRecord(ctx(request).db, request.params.code),
  );

  r.get(
    '/api/public/standings',
    {
      config,
      schema: {
        summary:
          '通报表扬 / 通报批评 (no login, clause 4.2): the communities praised and criticised by the progress ranking (docs/policy.md R-9) on a half-year’s last day, with the half-years published',
        querystring: query({
          period: z.string().max(16).optional().describe('the half-year, e.g. 2025H1 (default: the last with a published result)'),
        }),
      },
    },
    async (request) => publicStandings(ctx(request), { period: request.query.period }),
  );
}
