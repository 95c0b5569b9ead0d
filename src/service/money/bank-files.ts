/**
 * The bank's files: the payment file of an approved batch (payee, account name, account number, bank,
 * amount, purpose — amounts as exact text, "1234.50"), and its answer, the same sheet with each line's
 * result (成功 / 失败 / 退回) and reason filled in. The answer is read whole and checked before anything
 * is applied (src/service/money/batches.ts applyBankResult).
 */
import { existsSync } from 'node:fs';
import type { Sheet } from '../../excel/sheets.ts';
import { parseRow } from '../../excel/sheets.ts';
import { readSheet, writeTablesFile } from '../../excel/workbook.ts';
import { formatFen, parseYuan } from '../../ledger/money.ts';
import { userError } from '../../lib/errors.ts';
import type { ServiceContext } from '../command.ts';
import { applyBankResult, type BankOutcome, type BankResultProblem, type BankResultRow, type BatchView, MAX_BANK_ROWS } from './batches.ts';

const HEADERS = ['序号', '收款单位', '收款账户名称', '收款账号', '开户银行', '金额（元）', '用途', '处理结果', '失败原因'];

export const BANK_RESULT_SHEET: Sheet = {
  kind: 'bank-result',
  title: '付款明细',
  columns: [
    { key: 'seq', header: '序号', type: 'integer', required: true, note: '批次中的序号' },
    { key: 'payee', header: '收款单位', type: 'text', required: false, note: '' },
    { key: 'accountName', header: '收款账户名称', type: 'text', required: false, note: '' },
    { key: 'accountNo', header: '收款账号', type: 'text', required: true, note: '' },
    { key: 'bankName', header: '开户银行', type: 'text', required: false, note: '' },
    { key: 'amount', header: '金额（元）', type: 'money', required: true, note: '' },
    { key: 'purpose', header: '用途', type: 'text', required: false, note: '' },
    { key: 'outcome', header: '处理结果', type: 'text', required: true, note: '成功、失败或退回' },
    { key: 'reason', header: '失败原因', type: 'text', required: false, note: '失败或退回时必填' },
  ],
};

export async function writeBankFile(file: string, data: { batch: BatchView; rows: AsyncIterable<unknown[]> }): Promise<number> {
  return writeTablesFile(file, [
    {
      title: '付款明细',
      columns: HEADERS.map((header, i) => ({
        header,
        format: i === 0 ? 'integer' : 'text',
        width: [6, 36, 36, 24, 28, 14, 48, 10, 24][i] as number,
      })),
      rows: data.rows,
    },
  ]);
}

const OUTCOMES: Record<string, BankOutcome> = {
  成功: 'paid',
  已支付: 'paid',
  paid: 'paid',
  失败: 'failed',
  failed: 'failed',
  退回: 'returned',
  退票: 'returned',
  returned: 'returned',
};

/** Reads the bank's answer and applies it (all or nothing), with a row-level list of problems. */
export async function readBankResult(ctx: ServiceContext, batchNo: string, file: string) {
  if (!existsSync(file)) throw userError('file.not_found', `文件不存在：${file}`, `no such file: ${file}`, { details: { field: 'file' } });
  const rows: BankResultRow[] = [];
  const problems: BankResultProblem[] = [];
  for await (const r of readSheet(file, BANK_RESULT_SHEET, (header) => {
    for (const h of header) if (h.message === '缺少必填列') problems.push({ row: 1, column: h.column, value: '', message: h.message });
  })) {
    if (rows.length + problems.length >= MAX_BANK_ROWS) {
      problems.push({ row: r.row, column: '', value: '', message: `文件超过 ${MAX_BANK_ROWS} 行` });
      break;
    }
    const { values, problems: cells } = parseRow(BANK_RESULT_SHEET, r.raw);
    for (const c of cells) problems.push({ row: r.row, ...c });
    const outcome = OUTCOMES[String(values.outcome ?? '').trim()];
    if (values.outcome !== undefined && !outcome)
      problems.push({ row: r.row, column: '处理结果', value: String(values.outcome), message: '应为“成功”“失败”或“退回”' });
    if (cells.length || !outcome) continue;
    rows.push({
      row: r.row,
      seq: Number(values.seq),
      accountNo: String(values.accountNo),
      amount: formatFen(parseYuan(String(values.amount))),
      outcome,
      reason: values.reason === undefined ? null : String(values.reason).trim() || null,
    });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 1, column: '', value: '', message: '文件中没有任何一笔结果' });
  if (problems.length) return { paid: 0, failed: 0, returned: 0, unchanged: 0, problems, settled: false };
  return applyBankResult(ctx, batchNo, rows);
}
