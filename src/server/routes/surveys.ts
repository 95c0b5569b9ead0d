/**
 * Satisfaction surveys over HTTP (docs/domain.md "Surveys and complaints"): a community (the bureau for
 * any compound) opens a survey and issues one-time household codes — as JSON, or as the printable A4 sheet
 * with a QR code per household; a household answers with its code on its phone, without an account
 * (rate-limited per address). The service decides.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { chinaDay } from '../../service/cases/numbers.ts';
import { answerUrl, surveySheet } from '../../service/surveys/sheet.ts';
import {
  answerSurvey,
  issueCodes,
  listSurveys,
  MAX_CODES_PER_CALL,
  openSurvey,
  publicSurvey,
  viewSurvey,
} from '../../service/surveys/surveys.ts';
import { PUBLIC } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';

const WHO = { roles: ['bureau', 'community'], scope: 'community' } as const;
const READERS = { roles: ['bureau', 'finance', 'auditor', 'community'], scope: 'community' } as const;
const id = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const BODY_LIMIT = 16 * 1024;

/** The printable sheet is a standalone page: its one <style> block and inline SVG, nothing else (as the 拨付审批表). */
export const SHEET_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

export interface SurveyRouteOptions {
  /** the address households reach the server at (JIANGBU_PUBLIC_URL); default: the request's own */
  publicUrl?: string | undefined;
  /** public requests per minute and address */
  publicPerMinute: number;
}

export function surveyRoutes(app: FastifyInstance, database: Database | undefined, o: SurveyRouteOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);
  const limited = { max: o.publicPerMinute, timeWindow: 60_000 };

  r.post(
    '/api/surveys',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: WHO },
      schema: {
        summary:
          'Open a satisfaction survey of a compound (a community: its own; the bureau: any): period a half-year (2025H2) or a year (2025), title, opensOn and closesOn (YYYY-MM-DD)',
        querystring: noQuery,
        body: z.strictObject({
          compound: z.string().min(1).max(64),
          period: z.string().max(8),
          title: z.string().max(200),
          opensOn: z.string().max(10),
          closesOn: z.string().max(10),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await openSurvey(ctx(request), request.body)),
  );

  r.get(
    '/api/surveys',
    {
      config: { access: READERS },
      schema: {
        summary: 'Surveys in the caller’s scope, newest first, with codes issued and used and responses',
        querystring: query({
          compound: z.string().max(64).optional(),
          period: z.string().max(8).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
    },
    async (request) => listSurveys(ctx(request), request.query),
  );

  r.get(
    '/api/surveys/:id',
    {
      config: { access: READERS },
      schema: { summary: 'A survey: its compound, days, state, codes issued and used, responses', params: id, querystring: noQuery },
    },
    async (request) => viewSurvey(ctx(request), request.params.id),
  );

  r.post(
    '/api/surveys/:id/codes',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: WHO },
      schema: {
        summary: `Issue one-time household codes (1–${MAX_CODES_PER_CALL}) for a survey not yet closed. The codes are shown this once: format json (the codes and their answer URLs) or html (the printable A4 sheet, a QR code per household)`,
        params: id,
        querystring: noQuery,
        body: z.strictObject({
          count: z.number().int().min(1).max(MAX_CODES_PER_CALL),
          format: z.enum(['json', 'html']).default('json'),
        }),
      },
    },
    async (request, reply) => {
      const issued = await issueCodes(ctx(request), request.params.id, request.body.count);
      const base = o.publicUrl ?? `${request.protocol}://${request.host}`;
      // the codes are in this answer only: nothing may keep a copy
      reply.header('cache-control', 'no-store');
      if (request.body.format === 'json')
        return reply.code(201).send({ ...issued, codes: issued.codes.map((code) => ({ code, url: answerUrl(base, code) })) });
      const s = issued.survey;
      const sheet = surveySheet({
        title: s.title,
        period: s.period,
        compound: s.compound.name,
        community: s.community.name,
        opensOn: s.opensOn,
        closesOn: s.closesOn,
        baseUrl: base,
        codes: issued.codes,
      });
      return reply.code(201).type('text/html; charset=utf-8').header('content-security-policy', SHEET_CSP).send(Readable.from(sheet));
    },
  );

  r.get(
    '/api/public/survey/:code',
    {
      config: { access: PUBLIC, rateLimit: limited },
      schema: {
        summary:
          'A household’s survey (no login): title, compound, the five levels — or 404 survey.code_unknown, 409 survey.code_used, survey.closed, survey.not_open',
        params: z.strictObject({ code: z.string().max(32) }),
        querystring: noQuery,
      },
    },
    async (request) => publicSurvey(ctx(request).db, request.params.code, chinaDay(request.now)),
  );

  r.post(
    '/api/public/survey/answer',
    {
      bodyLimit: 1024,
      config: { access: PUBLIC, rateLimit: limited },
      schema: {
        summary:
          'Answer a survey with a household code (no login), once: level 1 (非常满意) to 5 (非常不满意); a used code is 409 survey.code_used, an unknown one 404',
        querystring: noQuery,
        body: z.strictObject({ code: z.string().max(32), level: z.number().int().min(1).max(5) }),
      },
    },
    async (request, reply) => reply.code(201).send(await answerSurvey(ctx(request), request.body)),
  );
}
