/**
 * Import of owners' committees (programme W), by compound and date established; the committee's
 * service contract with a company is its first committee contract.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { insertBatched } from '../../registry/batch.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { naturalCode, parseRows } from './common.ts';
import { COMPOUND_PROBLEM, loadRegistry } from './lookup.ts';

interface CommitteeRow {
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

const FIELDS = ['filingNo', 'custodianName', 'custodianAccountName', 'custodianAccountNo', 'operatingNormally', 'reviewApproved'] as const;

export async function importCommittees(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<CommitteeRow>(rows, SHEETS.committees, report, (v) => `${v.community}/${v.compound}/${v.established}`);
  const registry = await loadRegistry(db);
  const existing = new Map((await db.select().from(t.committees)).map((w) => [w.code, w]));
  const firstContract = new Map<number, typeof t.committeeContracts.$inferSelect>();
  for (const k of await db.select().from(t.committeeContracts).orderBy(asc(t.committeeContracts.signedOn)))
    if (!firstContract.has(k.committeeId)) firstContract.set(k.committeeId, k);
  const creates: { row: typeof t.committees.$inferInsert; contract: string | null }[] = [];
  const updates: { id: number; set: Partial<typeof t.committees.$inferInsert>; contract: string | null; contractId: number | null }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = registry.compound(v.community, v.compound);
    if (typeof compound === 'string') {
      report.errors.push({ row, column: '小区名称', value: `${v.community}/${v.compound}`, message: COMPOUND_PROBLEM[compound] });
      continue;
    }
    if (v.serviceContractSigned && v.serviceContractSigned < v.established) {
      report.errors.push({
        row,
        column: '与物业企业签订服务合同日期',
        value: v.serviceContractSigned,
        message: '服务合同签订日期早于业委会设立日期',
      });
      continue;
    }
    if (v.custodianAccountNo && !v.custodianAccountName)
      report.warnings.push({
        row,
        column: '保管账户名称',
        value: '',
        message: '填写了账号但没有账户名称：补助只拨付至业委会指定的单位账户（4.2）',
      });
    const code = naturalCode('W', `${compound.code}/${v.established}`);
    const values = Object.fromEntries(FIELDS.map((f) => [f, v[f] ?? null])) as Partial<typeof t.committees.$inferInsert>;
    const contract = v.serviceContractSigned ?? null;
    const current = existing.get(code);
    if (!current) {
      creates.push({ row: { code, compoundId: compound.id, established: v.established, ...values }, contract });
      continue;
    }
    const first = firstContract.get(current.id);
    const changed = FIELDS.filter((f) => (current[f] ?? null) !== (values[f] ?? null));
    const contractChanged = (first?.signedOn ?? null) !== contract && contract !== null;
    if (changed.length === 0 && !contractChanged) report.unchanged++;
    else
      updates.push({
        id: current.id,
        set: Object.fromEntries(changed.map((f) => [f, values[f]])),
        contract: contractChanged ? contract : null,
        contractId: first?.id ?? null,
      });
  }
  report.created = creates.length;
  report.updated = updates.length;
  return async () => {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      const ids = await insertBatched(
        d,
        t.committees,
        creates.map((c) => c.row),
      );
      await insertBatched(
        d,
        t.committeeContracts,
        creates.flatMap((c, i) => (c.contract ? [{ committeeId: ids[i]?.id as number, signedOn: c.contract }] : [])),
      );
      for (const u of updates) {
        if (Object.keys(u.set).length) await d.update(t.committees).set(u.set).where(eq(t.committees.id, u.id));
        if (u.contract && u.contractId)
          await d.update(t.committeeContracts).set({ signedOn: u.contract }).where(eq(t.committeeContracts.id, u.contractId));
        else if (u.contract) await d.insert(t.committeeContracts).values({ committeeId: u.id, signedOn: u.contract });
      }
    });
  };
}
