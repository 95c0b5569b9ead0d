/**
 * Owners' committees' records (programme W): the community records a formation; the service contract
 * is recorded when signed. Reads are the registry resources' (GET /api/committees). The service decides.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { recordCommittee, recordServiceContract } from '../../service/committees.ts';
import { contextFor } from '../context.ts';
import { noQuery } from '../query.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'YYYY-MM-DD' });

export function committeeRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.post(
    '/api/committees',
    {
      config: { access: { roles: ['community', 'bureau'], scope: 'community' } },
      schema: {
        summary: 'Record an owners’ committee’s formation (the community, for its own compounds)',
        querystring: noQuery,
        body: z.strictObject({
          compoundCode: z.string().min(1).max(64),
          established: day,
          filingNo: z.string().max(100).optional(),
          custodianName: z.string().max(50).optional(),
          custodianAccountName: z.string().max(100).optional(),
          custodianAccountNo: z
            .string()
            .regex(/^\d{8,32}$/, { error: '账号应为 8–32 位数字 / 8–32 digits' })
            .optional(),
          members: z
            .array(z.strictObject({ name: z.string().min(1).max(50), role: z.string().min(1).max(20) }))
            .max(50)
            .optional(),
          serviceContractSigned: day.optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await recordCommittee(ctx(request), request.body)),
  );

  r.post(
    '/api/committees/:code/contract',
    {
      config: { access: { roles: ['community', 'bureau', 'committee'], scope: 'committee' } },
      schema: {
        summary: 'Record the committee’s service contract with a company (once): the grant counts six months from it',
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        querystring: noQuery,
        body: z.strictObject({ signedOn: day }),
      },
    },
    async (request) => recordServiceContract(ctx(request), request.params.code, request.body.signedOn),
  );
}
