/**
 * The owners' committees' spending ledgers over HTTP (clause 3.3;
 * docs/domain.md "Committee spending (clause 3.3)"): the committee books a use of its grant (its
 * receipt uploaded first by POST /api/attachments) or corrects one; the committee, its community and
 * the city read the ledger and its receipts; anyone reads it without signing in (rate limited), without
 * names. The service decides.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import {
  MAX_COMMITTEE_PAGE,
  MAX_PAGE,
  publicCommittees,
  recordSpending,
  reverseSpending,
  spendingLedger,
  spendingReceipt,
} from '../../service/money/spending.ts';
import { PUBLIC } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';

const code = z.string().min(1).max(64);
const committee = z.strictObject({ code });
const entry = z.strictObject({ code, id: z.coerce.number().int().positive().max(2_147_483_647) });
const page = query({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
/** A booking is a few hundred bytes: 16 KiB is plenty. */
const BODY_LIMIT = 16 * 1024;
const OWN = { roles: ['committee'], scope: 'committee' } as const;
const READERS = { roles: ['committee', 'community', 'bureau', 'finance', 'auditor'], scope: 'committee' } as const;

export function spendingRoutes(app: FastifyInstance, database: Database | undefined, publicPerMinute: number): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/committees/:code/spending',
    {
      config: { access: READERS },
      schema: {
        summary: 'A committee’s spending ledger: the grant received, each use and correction with the balance after it, the totals',
        params: committee,
        querystring: page,
      },
    },
    async (request) => {
      const c = ctx(request);
      return spendingLedger(c.db, c.actor, request.params.code, request.query);
    },
  );

  r.post(
    '/api/committees/:code/spending',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: OWN },
      schema: {
        summary:
          'The committee books a use of its grant: spentOn (YYYY-MM-DD), item, amount (yuan, 2 decimals), receiptAttachmentId (its own upload: PDF, PNG, JPEG); never more than the grant holds',
        params: committee,
        querystring: noQuery,
        body: z.strictObject({
          spentOn: z.string().max(32),
          item: z.string().max(2000),
          amount: z.string().max(32),
          receiptAttachmentId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await recordSpending(ctx(request), { committee: request.params.code, ...request.body })),
  );

  r.post(
    '/api/committees/:code/spending/:id/reverse',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: OWN },
      schema: {
        summary: 'The committee corrects a use: a reversing entry puts the amount back, with the reason; the entry stays',
        params: entry,
        querystring: noQuery,
        body: z.strictObject({ reason: z.string().max(2000) }),
      },
    },
    async (request) => reverseSpending(ctx(request), request.params.code, request.params.id, request.body.reason),
  );

  r.get(
    '/api/committees/:code/spending/:id/receipt',
    {
      config: { access: READERS },
      schema: { summary: 'The receipt of a use of the grant (for those who read the ledger)', params: entry, querystring: noQuery },
    },
    async (request, reply) => {
      const a = await spendingReceipt(ctx(request), request.params.code, request.params.id);
      return reply
        .type(a.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(a.bytes));
    },
  );

  r.get(
    '/api/public/committees/:code/spending',
    {
      config: { access: PUBLIC, rateLimit: { max: publicPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: '公开 (no login): a committee’s spending ledger — received, each use, receipt yes/no, balance — without names',
        params: committee,
        querystring: page,
      },
    },
    async (request) => spendingLedger(ctx(request).db, null, request.params.code, request.query),
  );

  r.get(
    '/api/public/committees',
    {
      config: { access: PUBLIC, rateLimit: { max: publicPerMinute, timeWindow: 60_000 } },
      schema: {
        summary:
          '公开 (no login): the owners’ committees — code, name, compound, community — to find a public ledger; q matches a part of the code or a name',
        querystring: query({
          q: z.string().max(50).optional(),
          limit: z.coerce.number().int().min(1).max(MAX_COMMITTEE_PAGE).default(20),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
    },
    async (request) => publicCommittees(ctx(request).db, request.query),
  );
}
