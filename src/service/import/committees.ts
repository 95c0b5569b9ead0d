/**
 * Import of owners' committees (programme W), by compound and date established; the committee's
 * service contract with a company is its first committee contract. A blank cell keeps what is
 * stored; the custodian account follows the accounts rule (a change is a request for the bureau).
 */
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { maskName } from '../../lib/mask.ts';
import { insertBatched } from '../../registry/batch.ts';
import type { ServiceContext } from '../command.ts';
import { changedFields, type Field, naturalCode, parseRows, unmasked, updateById } from './common.ts';
import { findCompound } from './find.ts';
import { type AccountColumns, accountUpdate } from './payee.ts';
import { loadPlaces } from './places.ts';

interface CommitteeRow {
  subdistrict?: string;
  community: string;
  compound: string;
  established: string;
  filingNo?: string;
  custodianName?: string;
  custodianAccountName?: string;
  custodianAccountNo?: string;
  serviceContractSigned?: string;
  operatingNormally: boolean;
  reviewApproved: boolean;
}

const FIELDS: Field[] = [
  { key: 'filingNo', label: '备案号' },
  { key: 'custodianName', label: '补助资金保管人' },
  { key: 'operatingNormally', label: '合同正常运行' },
  { key: 'reviewApproved', label: '住建局和社区审核通过' },
];
const ACCOUNT: AccountColumns = {
  accountName: { key: 'custodianAccountName', label: '保管账户名称' },
  accountNo: { key: 'custodianAccountNo', label: '保管账号' },
};
const CONTRACT: Field[] = [{ key: 'signedOn', label: '与物业企业签订服务合同日期' }];

export const committeeCode = (compoundCode: string, established: string) => naturalCode('W', `${compoundCode}/${established}`);

export async function importCommittees(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport, ctx: ServiceContext): Promise<void> {
  const parsed = await parseRows<CommitteeRow>(rows, SHEETS.committees, report, ['subdistrict', 'community', 'compound', 'established']);
  const places = await loadPlaces(tx);
  const existing = new Map((await tx.select().from(t.committees)).map((w) => [w.code, w]));
  const firstContract = new Map<number, typeof t.committeeContracts.$inferSelect>();
  for (const k of await tx.select().from(t.committeeContracts).orderBy(asc(t.committeeContracts.signedOn)))
    if (!firstContract.has(k.committeeId)) firstContract.set(k.committeeId, k);
  const creates: { row: typeof t.committees.$inferInsert; contract: string | null }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = findCompound(places, row, v, report);
    if (!compound) continue;
    const code = committeeCode(compound.code, v.established);
    const current = existing.get(code);
    const first = current ? firstContract.get(current.id) : undefined;
    const contract = v.serviceContractSigned ?? first?.signedOn ?? null;
    if (contract && contract < v.established) {
      report.errors.push({
        row,
        column: '与物业企业签订服务合同日期',
        value: contract,
        message: '服务合同签订日期早于业委会设立日期',
      });
      continue;
    }
    if (v.custodianAccountNo && !(v.custodianAccountName ?? current?.custodianAccountName))
      report.warnings.push({
        row,
        column: '保管账户名称',
        value: '',
        message: '填写了账号但没有账户名称：补助只拨付至业委会指定的单位账户（4.2）',
      });
    if (!current) {
      creates.push({
        row: {
          code,
          compoundId: compound.id,
          established: v.established,
          filingNo: v.filingNo ?? null,
          custodianName: v.custodianName ?? null,
          custodianAccountName: v.custodianAccountName ?? null,
          custodianAccountNo: v.custodianAccountNo ?? null,
          operatingNormally: v.operatingNormally,
          reviewApproved: v.reviewApproved,
        },
        contract: v.serviceContractSigned ?? null,
      });
      continue;
    }
    // an exported sheet shows the custodian masked to a community: its mask keeps what is stored
    const custodianName = unmasked(v.custodianName, current.custodianName, maskName);
    const set = changedFields(row, current, { ...v, custodianName }, FIELDS, report);
    Object.assign(
      set,
      await accountUpdate(
        tx,
        ctx,
        report,
        row,
        { committeeId: current.id },
        current,
        { accountName: v.custodianAccountName, accountNo: v.custodianAccountNo },
        ACCOUNT,
      ),
    );
    const contractSet = first
      ? changedFields(row, first, { signedOn: v.serviceContractSigned }, CONTRACT, report)
      : v.serviceContractSigned
        ? changedFields(row, { signedOn: null }, { signedOn: v.serviceContractSigned }, CONTRACT, report)
        : {};
    const changed = Object.keys(set).length > 0 || Object.keys(contractSet).length > 0;
    if (!changed) {
      report.unchanged++;
      continue;
    }
    report.updated++;
    if (report.errors.length > 0) continue;
    await updateById(tx, t.committees, current.id, set);
    if (first) await updateById(tx, t.committeeContracts, first.id, contractSet);
    else if (v.serviceContractSigned)
      await tx.insert(t.committeeContracts).values({ committeeId: current.id, signedOn: v.serviceContractSigned });
  }
  report.created = creates.length;
  if (report.errors.length > 0) return;
  const ids = await insertBatched(
    tx,
    t.committees,
    creates.map((c) => c.row),
  );
  await insertBatched(
    tx,
    t.committeeContracts,
    creates.flatMap((c, i) => (c.contract ? [{ committeeId: ids[i]?.id as number, signedOn: c.contract }] : [])),
  );
}
