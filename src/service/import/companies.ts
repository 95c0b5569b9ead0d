/**
 * Import of companies, by unified social credit code: new ones created, changed ones updated (each
 * change reported). A blank cell never erases a stored value. The bank account follows the accounts
 * rule (src/service/accounts.ts): registered as given the first time, a change is a request for the
 * housing bureau — until approved, payments use the account on record.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { maskName, maskPhone } from '../../lib/mask.ts';
import { insertBatched } from '../../registry/batch.ts';
import type { ServiceContext } from '../command.ts';
import { changedFields, type Field, parseRows, unmasked, updateById } from './common.ts';
import { type AccountColumns, accountUpdate } from './payee.ts';

interface CompanyRow {
  name: string;
  uscc: string;
  bankName?: string;
  bankAccountName?: string;
  bankAccountNo?: string;
  contactName?: string;
  contactPhone?: string;
}

const FIELDS: Field[] = [
  { key: 'name', label: '企业名称' },
  { key: 'contactName', label: '联系人' },
  { key: 'contactPhone', label: '联系电话' },
];

const ACCOUNT: AccountColumns = {
  bankName: { key: 'bankName', label: '开户银行' },
  accountName: { key: 'bankAccountName', label: '账户名称' },
  accountNo: { key: 'bankAccountNo', label: '银行账号' },
};

export async function importCompanies(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport, ctx: ServiceContext): Promise<void> {
  const parsed = await parseRows<CompanyRow>(rows, SHEETS.companies, report, ['uscc']);
  const existing = new Map((await tx.select().from(t.companies)).filter((c) => c.uscc).map((c) => [c.uscc as string, c]));
  const creates: (typeof t.companies.$inferInsert)[] = [];
  for (const { row, values: v } of parsed) {
    // docs/policy.md "Across programmes" (4.2): money goes to organisations' accounts only
    if (v.bankAccountName && v.bankAccountName !== v.name)
      report.warnings.push({
        row,
        column: '账户名称',
        value: v.bankAccountName,
        message: '账户名称与企业名称不一致：奖补资金只能拨付至单位账户',
      });
    const current = existing.get(v.uscc);
    if (!current) {
      creates.push({
        code: v.uscc,
        uscc: v.uscc,
        name: v.name,
        bankName: v.bankName ?? null,
        bankAccountName: v.bankAccountName ?? null,
        bankAccountNo: v.bankAccountNo ?? null,
        contactName: v.contactName ?? null,
        contactPhone: v.contactPhone ?? null,
      });
      continue;
    }
    // an exported sheet shows the contact masked: its mask keeps what is stored
    const contact = {
      contactName: unmasked(v.contactName, current.contactName, maskName),
      contactPhone: unmasked(v.contactPhone, current.contactPhone, maskPhone),
    };
    const set = changedFields(row, current, { ...v, ...contact }, FIELDS, report);
    Object.assign(
      set,
      await accountUpdate(
        tx,
        ctx,
        report,
        row,
        { companyId: current.id },
        current,
        { bankName: v.bankName, accountName: v.bankAccountName, accountNo: v.bankAccountNo },
        ACCOUNT,
      ),
    );
    if (Object.keys(set).length === 0) report.unchanged++;
    else {
      report.updated++;
      await updateById(tx, t.companies, current.id, set);
    }
  }
  report.created = creates.length;
  if (report.errors.length === 0) await insertBatched(tx, t.companies, creates);
}
