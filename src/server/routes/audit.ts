/** The audit trail for the auditor (and the administrator): events newest first, and the chain's check. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { checkAudit, listAudit } from '../../service/read/audit.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';
import { dayQuery } from './info.ts';

const AUDITORS: Access = { roles: ['auditor', 'admin'], scope: 'none' };
const text = z.string().min(1).max(200).optional();

export function auditRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/audit',
    {
      config: { access: AUDITORS },
      schema: {
        summary: 'The audit trail, newest first: {items, total}',
        querystring: query({
          actor: text.describe('a username'),
          action: text.describe('e.g. personal.reveal, access.denied'),
          objectType: text,
          objectId: text,
          from: dayQuery.optional().describe('first day, YYYY-MM-DD (China time)'),
          to: dayQuery.optional().describe('last day, YYYY-MM-DD (China time)'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listAudit(ctx(request), f, { limit, offset });
    },
  );

  r.get(
    '/api/audit/verify',
    {
      config: { access: AUDITORS },
      schema: { summary: 'Check the hash chain: {ok, checked} or where it breaks', querystring: noQuery },
    },
    async (request) => checkAudit(ctx(request)),
  );
}
