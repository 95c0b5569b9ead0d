/**
 * 公示: the bureau publishes results and closes notices; anyone reads them and lodges objections
 * without an account (rate limited); the bureau resolves objections, and the resolution is public.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { chinaDay } from '../../service/cases/numbers.ts';
import {
  bureauNotice,
  bureauNotices,
  closeNotice,
  lodgeObjection,
  publicNotice,
  publicNotices,
  publishNotice,
  resolveObjection,
} from '../../service/notices.ts';
import { PUBLIC } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';

const BUREAU = { roles: ['bureau'], scope: 'none' } as const;
const id = z.strictObject({ id: z.coerce.number().int().positive() });
const page = query({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export function noticeRoutes(app: FastifyInstance, database: Database | undefined, objectionsPerHour: number): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.post(
    '/api/notices',
    {
      config: { access: BUREAU },
      schema: {
        summary: 'Publish results approved for payment (T claims assessed; W and F approved) in a notice of notice.days days',
        querystring: noQuery,
        body: z.strictObject({
          programme: z.enum(['T', 'W', 'F']),
          caseNos: z.array(z.string().max(20)).min(1).max(500),
          title: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await publishNotice(ctx(request), request.body)),
  );

  r.get(
    '/api/notices',
    {
      config: { access: BUREAU },
      schema: {
        summary: 'The bureau’s notices, newest first: each with its results, open objections, whether it is due to close or closed',
        querystring: page,
      },
    },
    async (request) => bureauNotices(ctx(request), request.query),
  );

  r.get(
    '/api/notices/:id',
    {
      config: { access: BUREAU },
      schema: {
        summary:
          'One notice for the bureau: its results and each objection in full (name, contact, text: never published; the read is audited)',
        params: id,
        querystring: noQuery,
      },
    },
    async (request) => bureauNotice(ctx(request), request.params.id),
  );

  r.post(
    '/api/notices/:id/close',
    {
      config: { access: BUREAU },
      schema: { summary: 'After the notice period: results without an open objection become payable', params: id, querystring: noQuery },
    },
    async (request) => closeNotice(ctx(request), request.params.id),
  );

  r.post(
    '/api/objections/:id/resolve',
    {
      config: { access: BUREAU },
      schema: {
        summary:
          'Resolve an objection: upheld (the result goes back to review) or dismissed (payable once the notice is closed); the reason is published',
        params: id,
        querystring: noQuery,
        body: z.strictObject({ outcome: z.enum(['upheld', 'dismissed']), reason: z.string().min(1).max(2000) }),
      },
    },
    async (request) => resolveObjection(ctx(request), request.params.id, request.body.outcome, request.body.reason),
  );

  r.get(
    '/api/public/notices',
    {
      config: { access: PUBLIC },
      schema: {
        summary: '公示 (no login): the notices, newest first',
        querystring: page,
      },
    },
    async (request) => publicNotices(ctx(request).db, chinaDay(request.now), request.query),
  );

  r.get(
    '/api/public/notices/:id',
    {
      config: { access: PUBLIC },
      schema: { summary: '公示 (no login): the results, names masked, objections and their resolutions', params: id, querystring: noQuery },
    },
    async (request) => publicNotice(ctx(request).db, request.params.id, chinaDay(request.now)),
  );

  r.post(
    '/api/public/objections',
    {
      config: { access: PUBLIC, rateLimit: { max: objectionsPerHour, timeWindow: 3_600_000 } },
      schema: {
        summary: 'Lodge an objection to a published result (no login): a name and a contact, which are never published',
        querystring: noQuery,
        body: z.strictObject({
          caseNo: z.string().max(20),
          name: z.string().max(50),
          contact: z.string().max(100),
          text: z.string().max(2000),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await lodgeObjection(ctx(request), request.body)),
  );
}
