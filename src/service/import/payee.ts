/** How an import reports what its account cells did (src/service/accounts.ts). */
import type { ImportReport } from '../../excel/report.ts';
import type { Account, AccountProposal } from '../accounts.ts';

/** Reports a proposal; returns the account to record now, for a first registration. */
export function reportAccount(row: number, p: AccountProposal, report: ImportReport, column: string): Account | null {
  if (p.kind === 'first') return p.account;
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
  return null;
}
