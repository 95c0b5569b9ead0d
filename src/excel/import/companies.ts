/** Import of companies, by unified social credit code: new ones created, changed ones updated. */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { parseRows, upsertApply } from './common.ts';

interface CompanyRow {
  name: string;
  uscc: string;
  bankName?: string;
  bankAccountName?: string;
  bankAccountNo?: string;
  contactName?: string;
  contactPhone?: string;
}

const FIELDS = ['name', 'bankName', 'bankAccountName', 'bankAccountNo', 'contactName', 'contactPhone'] as const;

export async function importCompanies(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<CompanyRow>(rows, SHEETS.companies, report, (v) => v.uscc);
  const existing = new Map((await db.select().from(t.companies)).filter((c) => c.uscc).map((c) => [c.uscc as string, c]));
  const creates: (typeof t.companies.$inferInsert)[] = [];
  const updates: { id: number; set: Partial<typeof t.companies.$inferInsert> }[] = [];
  for (const { row, values: v } of parsed) {
    // RULES, across programmes (4.2): money goes to organisations' accounts only
    if (v.bankAccountName && v.bankAccountName !== v.name)
      report.warnings.push({
        row,
        column: '账户名称',
        value: v.bankAccountName,
        message: '账户名称与企业名称不一致：奖补资金只能拨付至单位账户',
      });
    const values = Object.fromEntries(FIELDS.map((f) => [f, v[f] ?? null])) as Partial<typeof t.companies.$inferInsert>;
    const current = existing.get(v.uscc);
    if (!current) creates.push({ code: v.uscc, uscc: v.uscc, ...values, name: v.name });
    else {
      const set = Object.fromEntries(FIELDS.filter((f) => (current[f] ?? null) !== (values[f] ?? null)).map((f) => [f, values[f]]));
      if (Object.keys(set).length === 0) report.unchanged++;
      else updates.push({ id: current.id, set });
    }
  }
  report.created = creates.length;
  report.updated = updates.length;
  return upsertApply(db, t.companies, creates, updates);
}
