/**
 * Money over HTTP (docs/domain.md "Money"): budgets, settlement batches, approval with the password
 * again, the bank file, the 拨付审批表 and the bank's answer. Adapters only — the service decides.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { reportSummary } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { AuthSettings } from '../../service/auth/settings.ts';
import { importFile } from '../../service/import/index.ts';
import { readBankResult, writeBankFile } from '../../service/money/bank-files.ts';
import { approvalFormData, approveBatch, bankFileRows, listBatches, viewBatch } from '../../service/money/batches.ts';
import { exportBudgets } from '../../service/money/budget-files.ts';
import { budgetFigures, setAppropriation } from '../../service/money/budgets.ts';
import { batchLineExplanation } from '../../service/money/line-explanation.ts';
import { settle } from '../../service/money/settle.ts';
import { renderApprovalForm } from '../../settlement/approval-form.ts';
import { contextFor } from '../context.ts';
import { download, templateFile, withUpload, writtenFile, XLSX } from '../files.ts';
import { noQuery } from '../query.ts';

const programme = z.enum(['T', 'W', 'F'], { error: '项目须为 T、W 或 F / programme must be T, W or F' });
const batchNo = z.strictObject({ no: z.string().min(1).max(40) });
const FINANCE = { roles: ['finance'], scope: 'none' } as const;
const READERS = { roles: ['finance', 'bureau', 'auditor'], scope: 'none' } as const;
/** The most lines one answer carries (a national batch holds hundreds of thousands). */
const MAX_LINES_PAGE = 5000;

export function moneyRoutes(app: FastifyInstance, database: Database | undefined, auth: AuthSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = contextFor(database);

  r.get(
    '/api/budgets',
    {
      config: { access: { roles: ['finance', 'bureau', 'auditor', 'community'], scope: 'community' } },
      schema: {
        summary: 'Budgets per programme and year (and F quotas per community): appropriated, reserved, paid, remaining',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request) => {
      const c = ctx(request);
      return { items: await budgetFigures(c.db, c.actor, request.query.year === undefined ? {} : { year: request.query.year }) };
    },
  );

  r.put(
    '/api/budgets/:year/:programme',
    {
      config: { access: FINANCE },
      schema: {
        summary: 'Set a year’s appropriation of a programme (the ledger moves the difference)',
        params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100), programme }),
        querystring: noQuery,
        body: z.strictObject({ amount: z.string().max(20), note: z.string().max(200).optional() }),
      },
    },
    async (request) =>
      setAppropriation(ctx(request), {
        year: request.params.year,
        programme: request.params.programme,
        amount: request.body.amount,
        note: request.body.note,
      }),
  );

  r.get(
    '/api/budgets/template',
    {
      config: { access: FINANCE },
      schema: {
        summary: 'The budget sheet to fill (xlsx): 年度, 项目, 预算金额（元）, 备注 — one row per year and programme',
        querystring: noQuery,
      },
    },
    async (_request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', download('年度预算模板.xlsx'))
        .send(await templateFile(SHEETS.budgets)),
  );

  r.get(
    '/api/budgets/export',
    {
      config: { access: READERS },
      schema: {
        summary: 'The budgets as a workbook: the appropriations (edit and import again) and how each budget stands (audited)',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request, reply) => {
      const year = request.query.year;
      const file = await writtenFile('budgets.xlsx', (f) => exportBudgets(ctx(request), f, year === undefined ? {} : { year }));
      return reply
        .type(XLSX)
        .header('content-disposition', download(`年度预算${year ?? ''}.xlsx`))
        .send(file);
    },
  );

  r.post(
    '/api/budgets/import',
    {
      config: { access: FINANCE },
      schema: {
        summary:
          'Import the budget sheet (xlsx, multipart field `file`): all or nothing, a row-level report (422 when refused); unchanged rows move nothing',
        querystring: noQuery,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const { report, name } = await withUpload(
        await request.file(),
        { code: 'budget_import.missing', zh: '请上传年度预算表（表单字段 file）', en: 'upload the budget sheet (form field `file`)' },
        'budgets.xlsx',
        async (path, name) => ({ report: await importFile(ctx(request), 'budgets', path), name }),
      );
      return reply.code(report.applied ? 200 : 422).send({ ...report, file: name, summary: reportSummary(report) });
    },
  );

  r.get(
    '/api/batches',
    {
      config: { access: READERS },
      schema: {
        summary: 'Settlement batches, newest first',
        querystring: z.strictObject({ programme: programme.optional(), period: z.string().max(10).optional() }),
      },
    },
    async (request) => {
      const c = ctx(request);
      const items = await listBatches(c.db, c.actor, request.query);
      return { items, total: items.length };
    },
  );

  r.post(
    '/api/batches',
    {
      config: { access: FINANCE },
      schema: {
        summary: 'Settle: a batch of what is payable for a programme and period (T: 2025H1; W, F: 2025); none when nothing is new',
        querystring: noQuery,
        body: z.strictObject({ programme, period: z.string().max(10), asOf: z.string().max(10).optional() }),
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const res = await settle(c, request.body);
      // the first lines; a national batch is read on by GET /api/batches/:no?offset=…
      const batch = res.batchNo ? await viewBatch(c.db, c.actor, res.batchNo, { limit: MAX_LINES_PAGE }) : null;
      return reply.code(batch ? 201 : 200).send({
        batch: batch?.batch ?? null,
        programme: request.body.programme,
        period: request.body.period,
        total: batch?.total ?? '0.00',
        lineCount: batch?.lineCount ?? 0,
        lines: (batch?.lines ?? []).map((l) => ({ subject: l.subject, period: l.period, payee: l.payee, amount: l.amount })),
        held: res.held,
      });
    },
  );

  r.get(
    '/api/batches/:no',
    {
      config: { access: READERS },
      schema: {
        summary: 'A batch with a page of its lines (after line `offset`, `limit` of them: default 1,000)',
        params: batchNo,
        querystring: z.strictObject({
          offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
          limit: z.coerce.number().int().min(1).max(MAX_LINES_PAGE).optional(),
        }),
      },
    },
    async (request) => {
      const c = ctx(request);
      return viewBatch(c.db, c.actor, request.params.no, { offset: request.query.offset ?? 0, limit: request.query.limit ?? 1000 });
    },
  );

  r.get(
    '/api/batches/:no/lines/:seq/explanation',
    {
      config: { access: READERS },
      schema: {
        summary: 'A batch line’s explanation in full: frozen (W, F) or rebuilt by the engine on the batch’s as-of day (T)',
        params: z.strictObject({ no: batchNo.shape.no, seq: z.coerce.number().int().min(1).max(10_000_000) }),
        querystring: noQuery,
      },
    },
    async (request) => {
      const c = ctx(request);
      return batchLineExplanation(c.db, c.actor, request.params.no, request.params.seq);
    },
  );

  r.post(
    '/api/batches/:no/approve',
    {
      config: { access: FINANCE },
      schema: {
        summary: 'Approve a draft batch: finance enters its password again',
        params: batchNo,
        querystring: noQuery,
        body: z.strictObject({ password: z.string().min(1).max(200) }),
      },
    },
    async (request) => approveBatch(ctx(request), request.params.no, request.body.password, auth),
  );

  r.get(
    '/api/batches/:no/bank-file',
    {
      config: { access: FINANCE },
      schema: { summary: 'The bank payment file of an approved batch (xlsx)', params: batchNo, querystring: noQuery },
    },
    async (request, reply) => {
      const data = await bankFileRows(ctx(request), request.params.no);
      const file = await writtenFile('bank.xlsx', (f) => writeBankFile(f, data));
      return reply
        .type(XLSX)
        .header('content-disposition', download(`${request.params.no}-银行支付文件.xlsx`))
        .send(file);
    },
  );

  r.get(
    '/api/batches/:no/form',
    {
      config: { access: READERS },
      schema: {
        summary: 'The 拨付审批表 of a batch: a printable A4 page (HTML)',
        params: batchNo,
        querystring: z.strictObject({ lang: z.enum(['zh', 'en']).optional() }),
      },
    },
    async (request, reply) => {
      const html = renderApprovalForm(await approvalFormData(ctx(request), request.params.no), request.query.lang ?? 'zh');
      // a standalone page: its one <style> block is allowed, nothing else
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
        .send(html);
    },
  );

  r.post(
    '/api/batches/:no/bank-result',
    {
      config: { access: FINANCE },
      schema: {
        summary: 'Import the bank’s answer (xlsx, multipart field `file`): paid, failed or returned per line — all or nothing',
        params: batchNo,
        querystring: noQuery,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const res = await withUpload(
        await request.file(),
        { code: 'bank_result.missing', zh: '请上传银行回单文件（表单字段 file）', en: 'upload the bank result (form field `file`)' },
        'result.xlsx',
        (path) => readBankResult(ctx(request), request.params.no, path),
      );
      return reply.code(res.problems.length ? 422 : 200).send(res);
    },
  );
}
