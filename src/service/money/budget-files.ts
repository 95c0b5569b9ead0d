/**
 * The budgets as a workbook (docs/domain.md "Money"): first the year's appropriations in the import
 * sheet's own columns (年度预算: year, programme, amount, note) — a clerk downloads it, edits an amount and
 * imports it again (`jiangbu import budgets`), and only what changed moves — then, for reading, how each
 * budget stands: appropriated (a community's F quota), reserved, paid, remaining. An audited export.
 */
import { basename } from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { SHEETS } from '../../excel/sheets.ts';
import { type TableColumn, writeTablesFile } from '../../excel/workbook.ts';
import { PROGRAMME_NAMES } from '../../registry/labels.ts';
import { requireRole } from '../access.ts';
import { record, type ServiceContext } from '../command.ts';
import { budgetFigures } from './budgets.ts';

const FORMAT: Record<string, TableColumn['format']> = { year: 'integer', amount: 'money' };
const byProgramme = (p: string) => 'TWF'.indexOf(p);

/** Writes the budgets (of `year`, or all) to an .xlsx file; returns the number of appropriations. */
export async function exportBudgets(ctx: ServiceContext, file: string, opts: { year?: number } = {}): Promise<number> {
  requireRole(ctx.actor, ['finance', 'bureau', 'auditor'], { zh: '导出年度预算', en: 'exporting budgets' });
  const budgets = (
    await ctx.db
      .select({ year: t.budgets.year, programme: t.budgets.programme, amount: t.budgets.amount })
      .from(t.budgets)
      .where(and(isNull(t.budgets.communityId), opts.year === undefined ? undefined : eq(t.budgets.year, opts.year)))
  ).sort((a, b) => a.year - b.year || byProgramme(a.programme) - byProgramme(b.programme));
  const figures = await budgetFigures(ctx.db, ctx.actor, opts);
  const money = (header: string): TableColumn => ({ header, format: 'money', width: 18 });
  const rows = await writeTablesFile(file, [
    {
      title: SHEETS.budgets.title,
      columns: SHEETS.budgets.columns.map((c) => ({
        header: c.header,
        format: FORMAT[c.key] ?? 'text',
        width: c.key === 'note' ? 40 : 16,
      })),
      rows: budgets.map((b) => [b.year, b.programme, b.amount, null]),
    },
    {
      title: '预算执行情况',
      columns: [
        { header: '年度', format: 'integer' },
        { header: '项目', format: 'text' },
        { header: '项目名称', format: 'text', width: 18 },
        { header: '社区', format: 'text', width: 20 },
        money('预算（额度）（元）'),
        money('已批准未拨付（元）'),
        money('已拨付（元）'),
        money('可用余额（元）'),
      ],
      rows: figures.map((f) => [
        f.year,
        f.programme,
        PROGRAMME_NAMES[f.programme],
        f.community ? `${f.community.name}（${f.community.code}）` : '全市',
        f.appropriated,
        f.reserved,
        f.paid,
        f.remaining,
      ]),
    },
  ]);
  await record(ctx, {
    action: 'export.budgets',
    objectType: 'file',
    objectId: basename(file),
    result: 'ok',
    detail: { rows, year: opts.year ?? null },
  });
  return rows;
}
