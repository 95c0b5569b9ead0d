/**
 * `jiangbu import KIND FILE.xlsx` (and, from step 3, the upload route): read and check every row and
 * change the registry only if no row has a blocking error — all or nothing. The importer checks and
 * writes inside one transaction under the acting user; a blocking error rolls it back, so nothing of
 * the file stays. Importing the same file twice changes nothing the second time (natural keys).
 * The import's audit event (file name, its sha256, counts) is written in the same transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../../db/client.ts';
import { type ImportReport, newReport } from '../../excel/report.ts';
import { type ImportKind, SHEETS } from '../../excel/sheets.ts';
import { type ReadProgress, readSheet, type SheetRow } from '../../excel/workbook.ts';
import { requireRole } from '../access.ts';
import type { Role } from '../actor.ts';
import { command, type ServiceContext } from '../command.ts';
import { importBudgets } from './budgets.ts';
import { importCommittees } from './committees.ts';
import { importCommunities } from './communities.ts';
import { importCompanies } from './companies.ts';
import { importEngagements } from './engagements.ts';
import { importFacility } from './facility.ts';
import { importFacts } from './facts.ts';
import { importPrices } from './prices.ts';
import { importRoster } from './roster.ts';

/** An importer checks every row into the report and writes inside `tx`; the caller rolls back on errors. */
export type Importer = (tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport, ctx: ServiceContext) => Promise<void>;

const IMPORTERS: Record<ImportKind, Importer> = {
  communities: importCommunities,
  prices: importPrices,
  roster: importRoster,
  companies: importCompanies,
  engagements: importEngagements,
  facts: importFacts,
  committees: importCommittees,
  facility: importFacility,
  budgets: importBudgets,
};

/**
 * Who may import a kind besides the administrator (the operator at the command line acts as one).
 * The registry's sheets are the housing bureau's, which keeps the registry (docs/domain.md
 * "Registry sheets"); the year's budgets the finance bureau's (docs/glossary.md 财政局). An importer
 * checks no data scope — its rows may name any community — so no scoped role imports. Checked before
 * the file is read.
 */
export const IMPORT_ROLES: Record<ImportKind, readonly Role[]> = {
  communities: ['bureau'],
  prices: ['bureau'],
  roster: ['bureau'],
  companies: ['bureau'],
  engagements: ['bureau'],
  facts: ['bureau'],
  committees: ['bureau'],
  facility: ['bureau'],
  budgets: ['finance'],
};

class RolledBack extends Error {}

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function importFile(
  ctx: ServiceContext,
  kind: ImportKind,
  file: string,
  onProgress?: (p: ReadProgress) => void,
): Promise<ImportReport> {
  requireRole(ctx.actor, IMPORT_ROLES[kind], { zh: `导入${SHEETS[kind].title}`, en: `importing ${kind}` });
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
  const sha256 = await sha256Of(file);
  try {
    await command(
      ctx,
      () => ({
        action: `import.${kind}`,
        objectType: 'file',
        objectId: sha256,
        detail: {
          file: basename(file),
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          warnings: report.warnings.length,
        },
      }),
      async (tx) => {
        await IMPORTERS[kind](tx, rows, report, ctx);
        if (report.errors.length > 0) throw new RolledBack();
      },
    );
    report.applied = true;
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    report.created = 0;
    report.updated = 0;
    report.changes = []; // nothing changed
  }
  return report;
}
