/**
 * Import of the year's appropriations (年度预算, docs/domain.md "Money"): the finance bureau's sheet of
 * year, programme and the whole year's amount. Each row is what `jiangbu budget set` and
 * `PUT /api/budgets/:year/:programme` do — the same checks, the same refusal of a cut below what is
 * reserved and paid, the same ledger transfer of the difference and audit event (budget.appropriate) —
 * all rows in the import's one transaction, so one bad row leaves every budget as it was. A row equal to
 * the budget on record changes nothing, so importing a file again moves no money.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import type { Programme } from '../../ledger/accounts.ts';
import { UserError } from '../../lib/errors.ts';
import { appendAudit } from '../audit.ts';
import type { ServiceContext } from '../command.ts';
import { checkAppropriation, setAppropriationIn } from '../money/budgets.ts';
import { rowParser, sameDecimal } from './common.ts';

interface BudgetRow {
  year: number;
  programme: Programme;
  amount: string;
  note?: string;
}

/** A budget sheet holds a few rows a year (three programmes): more than this is not a budget sheet. */
export const MAX_BUDGET_ROWS = 1000;

const SHEET = SHEETS.budgets;
const header = (field: unknown): string => SHEET.columns.find((c) => c.key === field)?.header ?? '';

export async function importBudgets(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport, ctx: ServiceContext): Promise<void> {
  const parse = rowParser<BudgetRow>(SHEET, report, ['year', 'programme']);
  for await (const r of rows) {
    if (report.rows >= MAX_BUDGET_ROWS) {
      report.errors.push({ row: r.row, column: '', value: '', message: `预算表最多 ${MAX_BUDGET_ROWS} 行：其余各行未读` });
      break;
    }
    const p = parse(r);
    if (!p) continue;
    const { row, values: v } = p;
    const refused = (e: UserError) =>
      report.errors.push({
        row,
        column: header(e.details?.field),
        value: String(v[e.details?.field as keyof BudgetRow] ?? ''),
        message: e.text.zh,
      });
    try {
      checkAppropriation(v);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      refused(e);
      continue;
    }
    const [current] = await tx
      .select({ amount: t.budgets.amount })
      .from(t.budgets)
      .where(and(eq(t.budgets.year, v.year), eq(t.budgets.programme, v.programme), isNull(t.budgets.communityId)));
    if (current && sameDecimal(current.amount, v.amount)) {
      report.unchanged++;
      continue;
    }
    try {
      // a savepoint per row: a refused row leaves nothing behind while the rest are still checked
      const r = await tx.transaction(async (sp) => {
        const d = sp as unknown as Db;
        const res = await setAppropriationIn(d, ctx, v);
        await appendAudit(d, ctx, {
          action: 'budget.appropriate',
          objectType: 'budget',
          objectId: `${v.year}:${v.programme}`,
          result: 'ok',
          detail: { ...res, note: v.note ?? null, import: { row } },
        });
        return res;
      });
      if (current) {
        report.updated++;
        report.changes.push({ row, column: header('amount'), from: r.before, to: r.after });
      } else report.created++;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      refused(e);
    }
  }
}
