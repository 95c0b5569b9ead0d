/**
 * The reports under /api/reports (issue 8): funds, coverage of the 2023 roster, satisfaction — each as
 * JSON, or with `format=xlsx` as a workbook (an audited export). The bureau, finance, the auditor and the
 * administrator read the city; a community account its own community (the service applies the scope).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { buildReport, exportReport, type ReportKind, type ReportQuery } from '../../service/reports/xlsx.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { download, XLSX } from '../files.ts';
import { query } from '../query.ts';
import { dayQuery } from './info.ts';

const READERS: Access = { roles: ['admin', 'bureau', 'finance', 'auditor', 'community'], scope: 'community' };
/** The ranking compares communities: the city's readers only. */
const CITY_READERS: Access = { roles: ['admin', 'bureau', 'finance', 'auditor'], scope: 'none' };

const format = z
  .enum(['json', 'xlsx'])
  .default('json')
  .describe('json (default) or xlsx: a workbook with Chinese headers, recorded in the audit trail');
const year = z.coerce.number().int().min(2000).max(9999).optional();
const asOf = dayQuery.optional().describe('the as-of day (default: today, Beijing time)');

export function reportRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  const answer = async (request: Parameters<typeof ctx>[0], reply: FastifyReply, kind: ReportKind, q: ReportQuery, as: 'json' | 'xlsx') => {
    if (as === 'json') return buildReport(ctx(request), kind, q);
    const file = await exportReport(ctx(request), kind, q);
    return reply
      .type(XLSX)
      .header('content-disposition', download(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  };

  r.get(
    '/api/reports/funds',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Funds: approved claims by budget year, programme, community and payee — reserved, paid, count (voided not counted) — with totals per programme and year and the appropriation (yuan as decimal strings)',
        querystring: query({ year: year.describe('budget year (default: every year)'), format }),
      },
    },
    async (request, reply) => answer(request, reply, 'funds', { year: request.query.year }, request.query.format),
  );

  r.get(
    '/api/reports/coverage',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Coverage of the 2023 roster: roster compounds a company serves ÷ roster compounds, at each month end from 2024-01 to asOf, city and per community, against goal.coverage.target by goal.coverage.by',
        querystring: query({ asOf: dayQuery.optional().describe('the last day (default: today, Beijing time)'), format }),
      },
    },
    async (request, reply) => answer(request, reply, 'coverage', { asOf: request.query.asOf }, request.query.format),
  );

  r.get(
    '/api/reports/satisfaction',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Satisfaction: responses in the top survey.satisfiedLevels of five ÷ all responses, per compound, community and city, against goal.satisfaction.target',
        querystring: query({ year: year.describe('survey year (default: goal.satisfaction.year)'), format }),
      },
    },
    async (request, reply) => answer(request, reply, 'satisfaction', { year: request.query.year }, request.query.format),
  );

  r.get(
    '/api/reports/assessments',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Half-year assessment results: per half-year, for the city and per community and company — to be assessed, passed, failed, not assessed, and how many are not final yet',
        querystring: query({
          asOf,
          period: z
            .string()
            .regex(/^[0-9]{4}H[12]$/)
            .optional()
            .describe('one half-year, e.g. 2025H1 (default: every half-year of the reward to asOf)'),
          format,
        }),
      },
    },
    async (request, reply) =>
      answer(request, reply, 'assessments', { asOf: request.query.asOf, period: request.query.period }, request.query.format),
  );

  r.get(
    '/api/reports/progress',
    {
      config: { access: CITY_READERS },
      schema: {
        summary:
          'Communities ranked by progress (clause 4.2, 通报表扬 / 通报批评): roster coverage, satisfaction and half-year assessments passed against their targets, the score and the standing, with the rule (docs/policy.md R-9)',
        querystring: query({ asOf, year: year.describe('survey year (default: goal.satisfaction.year)'), format }),
      },
    },
    async (request, reply) =>
      answer(request, reply, 'progress', { asOf: request.query.asOf, year: request.query.year }, request.query.format),
  );
}
