/**
 * What an import row's account cells do to a payee's account (src/service/accounts.ts): nothing, a
 * first registration (recorded now), or a change request for the housing bureau — reported either way.
 */
import { basename } from 'node:path';
import type { Db } from '../../db/client.ts';
import type { ImportReport } from '../../excel/report.ts';
import { type Account, type Payee, proposeAccount } from '../accounts.ts';
import type { ServiceContext } from '../command.ts';
import { changedFields } from './common.ts';

/** The payee's columns: where each part of the account is stored, and its header. */
export interface AccountColumns {
  bankName?: { key: string; label: string };
  accountName: { key: string; label: string };
  accountNo: { key: string; label: string };
}

/** The values to store now (a first registration), or none; a change request or a conflict is reported. */
export async function accountUpdate(
  tx: Db,
  ctx: ServiceContext,
  report: ImportReport,
  row: number,
  payee: Payee,
  stored: Record<string, unknown>,
  incoming: Partial<Account>,
  columns: AccountColumns,
): Promise<Record<string, unknown>> {
  const current: Account = {
    bankName: columns.bankName ? ((stored[columns.bankName.key] as string | null) ?? null) : null,
    accountName: (stored[columns.accountName.key] as string | null) ?? null,
    accountNo: (stored[columns.accountNo.key] as string | null) ?? null,
  };
  const p = await proposeAccount(tx, payee, current, incoming, ctx.actor.username, `import:${basename(report.file)}:${row}`);
  const column = columns.accountNo.label;
  if (p.kind === 'requested' || p.kind === 'already-requested')
    report.warnings.push({
      row,
      column,
      value: '',
      message: `账户变更${p.kind === 'requested' ? '已提交' : '已在'}住建局审核中（账户变更 #${p.id}）：审核通过前仍按原账户拨付`,
    });
  if (p.kind === 'conflict')
    report.errors.push({
      row,
      column,
      value: '',
      message: `该单位已有待审核的账户变更 #${p.openId}，与本行不同：请待住建局审核后再提交新的变更`,
    });
  if (p.kind !== 'first') return {};
  const next: Record<string, unknown> = { [columns.accountName.key]: p.account.accountName, [columns.accountNo.key]: p.account.accountNo };
  if (columns.bankName) next[columns.bankName.key] = p.account.bankName;
  return changedFields(
    row,
    stored,
    next,
    [...(columns.bankName ? [columns.bankName] : []), columns.accountName, columns.accountNo],
    report,
  );
}
