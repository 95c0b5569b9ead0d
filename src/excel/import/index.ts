/**
 * `jiangbu import KIND FILE.xlsx`: read and check every row, then change the registry only if no
 * row has a blocking error — all or nothing. Importing the same file twice changes nothing the
 * second time (upserts by natural keys).
 */
import type { Db } from '../../db/client.ts';
import { type ImportReport, newReport } from '../report.ts';
import { type ImportKind, SHEETS } from '../sheets.ts';
import { type ReadProgress, readSheet } from '../workbook.ts';
import { importCommittees } from './committees.ts';
import { importCompanies } from './companies.ts';
import { importEngagements } from './engagements.ts';
import { importFacility } from './facility.ts';
import { importFacts } from './facts.ts';
import { importRoster } from './roster.ts';

const IMPORTERS = {
  roster: importRoster,
  companies: importCompanies,
  engagements: importEngagements,
  facts: importFacts,
  committees: importCommittees,
  facility: importFacility,
};

export async function importFile(db: Db, kind: ImportKind, file: string, onProgress?: (p: ReadProgress) => void): Promise<ImportReport> {
  const report = newReport(kind, file);
  const rows = readSheet(
    file,
    SHEETS[kind],
    (problems) => {
      for (const p of problems)
        (p.message === '缺少必填列' ? report.errors : report.warnings).push({ row: 1, column: p.column, value: '', message: p.message });
    },
    onProgress,
  );
  const apply = await IMPORTERS[kind](db, rows, report);
  if (report.errors.length > 0) {
    report.created = 0;
    report.updated = 0;
    return report;
  }
  await apply();
  report.applied = true;
  return report;
}
