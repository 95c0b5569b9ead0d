/**
 * The registry's spreadsheets over HTTP (docs/domain.md "Registry sheets"): a kind's empty template, its
 * import (all or nothing, the row-level report as JSON) and its export in the template's columns. The
 * same service as `jiangbu template|import|export`: the service checks who imports which kind and the
 * data scope of an export. The budget sheet has its own routes (src/server/routes/money.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { reportSummary } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import { importFile } from '../../service/import/index.ts';
import { exportSheet, SHEET_IMPORTERS, SHEET_KINDS, SHEET_READERS } from '../../service/sheets.ts';
import type { Access } from '../access.ts';
import { contextFor } from '../context.ts';
import { download, templateFile, withUpload, writtenFile, XLSX } from '../files.ts';
import { noQuery } from '../query.ts';

const kind = z.strictObject({
  kind: z.enum(SHEET_KINDS, { error: `表格种类须为 ${SHEET_KINDS.join('、')} 之一 / kind must be one of ${SHEET_KINDS.join(', ')}` }),
});
/** Importers touch the whole city: no scoped role (the service's rule, src/service/import/index.ts). */
const IMPORTERS: Access = { roles: SHEET_IMPORTERS, scope: 'none' };
const READERS: Access = { roles: SHEET_READERS, scope: 'community' };
const KINDS = SHEET_KINDS.map((k) => `${k} (${SHEETS[k].title})`).join(', ');

export function sheetRoutes(app: FastifyInstance, database: Database | undefined): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/sheets/:kind/template',
    {
      config: { access: IMPORTERS },
      schema: {
        summary: `A registry sheet's empty template (xlsx): Chinese headers and a notes row. Kinds: ${KINDS}`,
        params: kind,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const sheet = SHEETS[request.params.kind];
      return reply
        .type(XLSX)
        .header('content-disposition', download(`${sheet.title}模板.xlsx`))
        .send(await templateFile(sheet));
    },
  );

  r.post(
    '/api/sheets/:kind/import',
    {
      config: { access: IMPORTERS },
      schema: {
        summary:
          'Import a registry sheet (xlsx by content, multipart field `file`): all or nothing — the row-level report (rows, created, updated, unchanged, errors and warnings by row, column and value, changes); 422 and nothing written when a row is wrong',
        params: kind,
        querystring: noQuery,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const k = request.params.kind;
      const { report, name } = await withUpload(
        await request.file(),
        {
          code: 'sheet_import.missing',
          zh: `请上传${SHEETS[k].title}（表单字段 file）`,
          en: `upload the ${k} sheet (form field \`file\`)`,
        },
        `${k}.xlsx`,
        async (path, name) => ({ report: await importFile(ctx(request), k, path), name }),
      );
      return reply.code(report.applied ? 200 : 422).send({ ...report, file: name, summary: reportSummary(report) });
    },
  );

  r.get(
    '/api/sheets/:kind/export',
    {
      config: { access: READERS },
      schema: {
        summary:
          'A registry sheet as it stands (xlsx) in its template’s columns — edit it and import it again; a community’s own rows only; personal data masked (audited)',
        params: kind,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const k = request.params.kind;
      const file = await writtenFile(`${k}.xlsx`, (f) => exportSheet(ctx(request), k, f));
      return reply
        .type(XLSX)
        .header('content-disposition', download(`${SHEETS[k].title}.xlsx`))
        .send(file);
    },
  );
}
