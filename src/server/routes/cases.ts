/**
 * Cases under /api (docs/domain.md "Workflows"): open, read, list, edit (补正), attach files, move
 * (each action the workflow table allows), bulk moves for reviewers; to-dos, the radar, uploads.
 * Routes parse and present; the service decides (scope, workflow, effects, audit).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { CASE_TYPES } from '../../db/schema.ts';
import { UserError } from '../../lib/errors.ts';
import { readAttachment, uploadAttachment } from '../../service/attachments.ts';
import { attachToCase, editCase } from '../../service/cases/edit.ts';
import { ATTACHMENT_KINDS } from '../../service/cases/forms.ts';
import { moveCase, moveCases } from '../../service/cases/move.ts';
import { openCase } from '../../service/cases/open.ts';
import { previewFacility } from '../../service/cases/preview.ts';
import { radar } from '../../service/cases/radar.ts';
import { listCases, viewCase } from '../../service/cases/read.ts';
import { todos } from '../../service/cases/todos.ts';
import { WORKFLOWS } from '../../workflow/index.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { requestLang } from '../lang.ts';
import { noQuery, query } from '../query.ts';

/** Every state of every workflow: what the `state` filter accepts. */
const ALL_STATES = [...new Set(Object.values(WORKFLOWS).flatMap((w) => Object.keys(w.states)))] as [string, ...string[]];
const WORKERS = ['bureau', 'finance', 'community', 'company', 'committee'] as const;
const CASES: Access = { roles: WORKERS, scope: 'owned' };
const APPLICANTS: Access = { roles: ['bureau', 'community', 'company', 'committee'], scope: 'owned' };

const CASE_NO_FORMAT = '办件编号格式应为 JB-年份-类别-六位序号，如 JB-2025-T-000123 / a case number looks like JB-2025-T-000123';
const caseNo = z.strictObject({ no: z.string().regex(/^JB-\d{4}-[TWFR]-\d{6}$/, { error: CASE_NO_FORMAT }) });
const page = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) };
const moveBody = z.strictObject({
  comment: z.string().max(2000).optional(),
  fieldComments: z.record(z.string(), z.string().max(1000)).optional(),
  scores: z.record(z.string(), z.number()).optional(),
  operatingNormally: z.boolean().optional(),
  endDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function caseRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.post(
    '/api/cases',
    {
      config: { access: APPLICANTS },
      schema: {
        summary: 'Open a case (a draft): type and the form — its subject first; the bureau may let a duplicate through with overrideReason',
        querystring: noQuery,
        body: z.strictObject({
          type: z.enum(CASE_TYPES),
          form: z.record(z.string(), z.unknown()),
          overrideReason: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const view = await openCase(ctx(request), request.body);
      return reply.code(201).send(view);
    },
  );

  r.post(
    '/api/cases/preview/facility',
    {
      config: { access: { roles: ['bureau', 'community'], scope: 'owned' } },
      schema: {
        summary:
          'The facility form’s live preview: the engine’s base (40% of the investment), the compound cap, the community’s quota left, the amount — nothing is saved',
        querystring: noQuery,
        body: z.strictObject({ form: z.record(z.string(), z.unknown()) }),
      },
    },
    async (request) => previewFacility(ctx(request), request.body.form, requestLang(request)),
  );

  r.get(
    '/api/cases',
    {
      config: { access: CASES },
      schema: {
        summary: 'Cases in the caller’s scope, newest first: {items, total}',
        querystring: query({
          type: z.enum(CASE_TYPES).optional(),
          state: z.enum(ALL_STATES).optional(),
          community: z.string().max(64).optional(),
          compound: z.string().max(64).optional(),
          period: z
            .string()
            .regex(/^\d{4}H[12]$/, { error: '半年期应写作 年份+H1 或 H2，如 2025H1 / a half-year looks like 2025H1' })
            .optional(),
          overdue: z.enum(['true', 'false']).optional(),
          ...page,
        }),
      },
    },
    async (request) => {
      const { limit, offset, overdue, ...f } = request.query;
      return listCases(ctx(request), { ...f, overdue: overdue === 'true' }, { limit, offset });
    },
  );

  r.get(
    '/api/cases/:no',
    {
      config: { access: CASES },
      schema: {
        summary: 'One case: form, history, files, the engine’s record, the moves the caller may make',
        params: caseNo,
        querystring: noQuery,
      },
    },
    async (request) => viewCase(ctx(request).db, ctx(request), request.params.no),
  );

  r.patch(
    '/api/cases/:no',
    {
      config: { access: APPLICANTS },
      schema: {
        summary: 'Edit a draft or a returned case (the applicant; over the version read)',
        params: caseNo,
        querystring: noQuery,
        body: z.strictObject({ form: z.record(z.string(), z.unknown()), version: z.number().int().min(1) }),
      },
    },
    async (request) => editCase(ctx(request), request.params.no, request.body.form, request.body.version),
  );

  r.post(
    '/api/cases/:no/attachments',
    {
      config: { access: APPLICANTS },
      schema: {
        summary: 'Attach an uploaded file (POST /api/attachments) to a case, as a kind of file',
        params: caseNo,
        querystring: noQuery,
        body: z.strictObject({ attachmentId: z.number().int().positive(), kind: z.enum(ATTACHMENT_KINDS) }),
      },
    },
    async (request) => attachToCase(ctx(request), request.params.no, request.body.attachmentId, request.body.kind),
  );

  r.post(
    '/api/cases/:no/actions/:action',
    {
      config: { access: { roles: ['bureau', 'community', 'company', 'committee'], scope: 'owned' } },
      schema: {
        summary:
          'Move a case: submit, confirm, verify, score, assess, review, vet, approve, return (comments per field), reject (a reason), end…',
        params: z.strictObject({ no: caseNo.shape.no, action: z.string().regex(/^[a-z_]{2,20}$/) }),
        querystring: noQuery,
        body: moveBody.nullish(),
      },
    },
    async (request) => moveCase(ctx(request), request.params.no, request.params.action, request.body ?? {}),
  );

  r.post(
    '/api/cases/bulk/:action',
    {
      config: { access: { roles: ['bureau', 'community'], scope: 'owned' } },
      schema: {
        summary: 'Reviewers’ bulk moves (approve, return…): each case on its own, a result each',
        params: z.strictObject({ action: z.string().regex(/^[a-z_]{2,20}$/) }),
        querystring: noQuery,
        body: z.strictObject({
          caseNos: z.array(caseNo.shape.no).min(1).max(200),
          comment: z.string().max(2000).optional(),
          fieldComments: moveBody.shape.fieldComments,
        }),
      },
    },
    async (request) => {
      const { caseNos, ...input } = request.body;
      return { results: await moveCases(ctx(request), caseNos, request.params.action, input, requestLang(request)) };
    },
  );

  r.get(
    '/api/todos',
    {
      config: { access: { roles: WORKERS, scope: 'owned' } },
      schema: { summary: 'What waits on the caller, with deadlines', querystring: noQuery },
    },
    async (request) => todos(ctx(request)),
  );

  r.get(
    '/api/radar',
    {
      config: { access: { roles: ['bureau', 'finance', 'community'], scope: 'community' } },
      schema: {
        summary: '免申即享: what the engine finds eligible with no application yet, per community',
        querystring: query({ community: z.string().max(64).optional() }),
      },
    },
    async (request) => radar(ctx(request), request.query.community),
  );

  r.post(
    '/api/attachments',
    {
      config: { access: APPLICANTS },
      schema: {
        summary: 'Upload a file (multipart, field `file`): PDF, PNG, JPEG, XLSX or DOCX by content, ≤ 20 MB',
        querystring: noQuery,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file) throw new UserError('attachment.missing', { zh: '请上传文件（表单字段 file）', en: 'upload a file (form field `file`)' });
      const bytes = await file.toBuffer();
      return reply.code(201).send(await uploadAttachment(ctx(request), { bytes, fileName: file.filename }));
    },
  );

  r.get(
    '/api/attachments/:id',
    {
      config: { access: { roles: WORKERS, scope: 'owned' } },
      schema: {
        summary: 'Download a file the caller may read',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const a = await readAttachment(ctx(request), request.params.id);
      return reply
        .type(a.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(a.bytes));
    },
  );
}
