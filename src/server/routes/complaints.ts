/**
 * Residents' complaints (报事, clause 3.3) over HTTP (docs/domain.md "Surveys and complaints"): anyone
 * lodges one without an account (rate-limited per address), finding the compound by name; the community
 * reads its own with contacts and acknowledges or resolves them; the bureau reads all and a company those
 * about compounds it served, contacts masked. The service decides.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATES } from '../../db/schema.ts';
import {
  CONTACT_MAX,
  findCompounds,
  handleComplaint,
  listComplaints,
  lodgeComplaint,
  NOTE_MAX,
  TEXT_MAX,
} from '../../service/complaints.ts';
import { PUBLIC } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';
import { dayQuery } from './info.ts';

const READERS = { roles: ['community', 'bureau', 'company'], scope: 'owned' } as const;
const HANDLER = { roles: ['community'], scope: 'community' } as const;
const id = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const BODY_LIMIT = 16 * 1024;

export interface ComplaintRouteOptions {
  /** complaints an address may lodge in an hour */
  lodgePerHour: number;
  /** compound look-ups an address may make in a minute */
  lookupPerMinute: number;
}

export function complaintRoutes(app: FastifyInstance, database: Database | undefined, o: ComplaintRouteOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/public/compounds',
    {
      config: { access: PUBLIC, rateLimit: { max: o.lookupPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Find a compound by name (no login), for the complaint form: code, name, community; at most 20',
        querystring: query({ q: z.string().min(1).max(50) }),
      },
    },
    async (request) => ({ items: await findCompounds(ctx(request).db, request.query.q) }),
  );

  r.post(
    '/api/public/complaints',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: PUBLIC, rateLimit: { max: o.lodgePerHour, timeWindow: 3_600_000 } },
      schema: {
        summary: `Lodge a complaint about a compound’s property service (报事, no login): compound (its code), category (${COMPLAINT_CATEGORIES.join(', ')}), text (≤ ${TEXT_MAX} characters), contact (optional, ≤ ${CONTACT_MAX}; answered masked)`,
        querystring: noQuery,
        body: z.strictObject({
          compound: z.string().min(1).max(64),
          category: z.string().max(32),
          text: z.string().max(TEXT_MAX * 4),
          contact: z
            .string()
            .max(CONTACT_MAX * 4)
            .optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await lodgeComplaint(ctx(request), request.body)),
  );

  r.get(
    '/api/complaints',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Complaints in the caller’s scope, newest first: a community its own (contacts in clear, the read audited), the bureau all, a company those about compounds it served when lodged (contacts masked)',
        querystring: query({
          status: z.enum([...COMPLAINT_STATES, 'unresolved']).optional(),
          compound: z.string().max(64).optional(),
          from: dayQuery.optional(),
          to: dayQuery.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
    },
    async (request) => listComplaints(ctx(request), request.query),
  );

  for (const action of ['acknowledge', 'resolve'] as const)
    r.post(
      `/api/complaints/:id/${action}`,
      {
        bodyLimit: BODY_LIMIT,
        config: { access: HANDLER },
        schema: {
          summary:
            action === 'acknowledge'
              ? 'The community acknowledges a complaint of its own (受理), with a note'
              : 'The community resolves a complaint of its own (办结), with a note',
          params: id,
          querystring: noQuery,
          body: z.strictObject({ note: z.string().max(NOTE_MAX * 4) }),
        },
      },
      async (request) => handleComplaint(ctx(request), request.params.id, action, request.body.note),
    );
}
