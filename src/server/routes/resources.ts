/**
 * The registry under /api: communities, compounds, companies, engagements and committees, each a list
 * (filters, paging: {items, total}, in code order) and an item by its natural code; the audited reveal
 * of a company's contact phone. The service applies the caller's data scope in every query: outside it
 * an object is not found (404). The auditor reads the audit trail only
 * (routes/audit.ts, registered from here).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { KINDS } from '../../db/columns.ts';
import { getCommittee, listCommittees } from '../../service/read/committees.ts';
import { getCommunity, listCommunities } from '../../service/read/communities.ts';
import { getCompany, listCompanies, REVEALABLE, revealCompanyContact } from '../../service/read/companies.ts';
import { getCompound, listCompounds } from '../../service/read/compounds.ts';
import { ENGAGEMENT_STATUSES, getEngagement, listEngagements } from '../../service/read/engagements.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { noQuery, query } from '../query.ts';
import { auditRoutes } from './audit.ts';

/** Every role but the auditor reads the registry; what each sees is its scope ('owned': by its organisation). */
const READERS: Access = { roles: ['admin', 'bureau', 'finance', 'community', 'company', 'committee'], scope: 'owned' };

const code = z.string().min(1).max(64);
const byCode = z.strictObject({ code });
const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page, 1–200 (default 50)'),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip (default 0)'),
};
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));
const q = z.string().min(1).max(100).optional().describe('part of the name (% and _ match themselves)');

export function resourceRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/communities',
    {
      config: { access: READERS },
      schema: {
        summary: 'Communities in the caller’s scope: {items, total}',
        querystring: query({ subdistrict: code.optional(), q, ...page }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listCommunities(ctx(request), f, { limit, offset });
    },
  );
  r.get(
    '/api/communities/:code',
    { config: { access: READERS }, schema: { summary: 'One community', params: byCode, querystring: noQuery } },
    async (request) => getCommunity(ctx(request), request.params.code),
  );

  r.get(
    '/api/compounds',
    {
      config: { access: READERS },
      schema: {
        summary: 'Compounds in the caller’s scope, with the 2023 roster in force and who serves them today: {items, total}',
        querystring: query({
          community: code.optional().describe('a community’s code'),
          onRoster: flag.describe('on the 2023 roster in force'),
          coverage: z.enum(['managed', 'unmanaged']).optional().describe('whether a company serves it today'),
          kind: z.enum(KINDS).optional(),
          q,
          ...page,
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listCompounds(ctx(request), f, { limit, offset });
    },
  );
  r.get(
    '/api/compounds/:code',
    { config: { access: READERS }, schema: { summary: 'One compound: code, communityCode, area…', params: byCode, querystring: noQuery } },
    async (request) => getCompound(ctx(request), request.params.code),
  );

  r.get(
    '/api/companies',
    {
      config: { access: READERS },
      schema: {
        summary: 'Property companies in the caller’s scope, personal data masked: {items, total}',
        querystring: query({ community: code.optional().describe('engaged on a compound of this community'), q, ...page }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listCompanies(ctx(request), f, { limit, offset });
    },
  );
  r.get(
    '/api/companies/:code',
    {
      config: { access: READERS },
      schema: { summary: 'One company, by its code or USCC, personal data masked', params: byCode, querystring: noQuery },
    },
    async (request) => getCompany(ctx(request), request.params.code),
  );
  r.post(
    '/api/companies/:code/reveal',
    {
      config: { access: { roles: ['admin', 'bureau', 'finance', 'company'], scope: 'company' } },
      schema: {
        summary: 'A company’s contact phone in clear (the company itself, the bureau, finance): recorded in the audit trail',
        params: byCode,
        querystring: noQuery,
        body: z.strictObject({ field: z.enum(REVEALABLE) }),
      },
    },
    async (request) => revealCompanyContact(ctx(request), request.params.code, request.body.field),
  );

  r.get(
    '/api/engagements',
    {
      config: { access: READERS },
      schema: {
        summary: 'Engagements (承接) in the caller’s scope: {items, total}',
        querystring: query({
          community: code.optional(),
          compound: code.optional(),
          company: code.optional().describe('a company’s code or USCC'),
          status: z.enum(ENGAGEMENT_STATUSES).optional().describe('on the day of the request'),
          period: z
            .string()
            .regex(/^\d{4}H[12]$/, { error: 'period.invalid' })
            .optional()
            .describe('a half-year, e.g. 2025H1: engagements serving on some day of it'),
          ...page,
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listEngagements(ctx(request), f, { limit, offset });
    },
  );
  r.get(
    '/api/engagements/:code',
    { config: { access: READERS }, schema: { summary: 'One engagement', params: byCode, querystring: noQuery } },
    async (request) => getEngagement(ctx(request), request.params.code),
  );

  r.get(
    '/api/committees',
    {
      config: { access: READERS },
      schema: {
        summary: 'Owners’ committees (业委会) in the caller’s scope: {items, total}',
        querystring: query({ community: code.optional(), compound: code.optional(), ...page }),
      },
    },
    async (request) => {
      const { limit, offset, ...f } = request.query;
      return listCommittees(ctx(request), f, { limit, offset });
    },
  );
  r.get(
    '/api/committees/:code',
    { config: { access: READERS }, schema: { summary: 'One owners’ committee', params: byCode, querystring: noQuery } },
    async (request) => getCommittee(ctx(request), request.params.code),
  );

  // the trail is the registry's too: registered with it, one line in the app
  auditRoutes(app, database);
}
