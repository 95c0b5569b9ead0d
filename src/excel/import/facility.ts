/** Import of facility subsidy applications (programme F), by application number: the project and the application. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { insertBatched } from '../../registry/batch.ts';
import { CATEGORY_NAMES } from '../cells.ts';
import type { ImportReport } from '../report.ts';
import { SHEETS } from '../sheets.ts';
import type { SheetRow } from '../workbook.ts';
import { parseRows, sameDecimal } from './common.ts';
import { COMPOUND_PROBLEM, loadRegistry } from './lookup.ts';

interface FacilityRow {
  code: string;
  community: string;
  compound: string;
  submitted: string;
  accepted?: string;
  category: string;
  description?: string;
  investment: string;
  fundingResidents?: string;
  fundingCompany?: string;
  fundingCommunity?: string;
  fundingOther?: string;
  committeeEstablished: boolean;
  collectionRate: string;
  feeRatio: string;
}

const PROJECT_TEXT = ['category', 'description', 'acceptedOn'] as const;
const PROJECT_MONEY = ['investment', 'fundingResidents', 'fundingCompany', 'fundingCommunity', 'fundingOther'] as const;
const KNOWN_CATEGORIES = new Set(Object.values(CATEGORY_NAMES));

export async function importFacility(db: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<() => Promise<void>> {
  const parsed = await parseRows<FacilityRow>(rows, SHEETS.facility, report, (v) => v.code);
  const registry = await loadRegistry(db);
  const applications = new Map((await db.select().from(t.facilityApplications)).map((a) => [a.code, a]));
  const projects = new Map((await db.select().from(t.facilityProjects)).map((p) => [p.id, p]));
  const creates: {
    project: typeof t.facilityProjects.$inferInsert;
    application: Omit<typeof t.facilityApplications.$inferInsert, 'projectId'>;
  }[] = [];
  const updates: {
    projectId: number;
    project: Partial<typeof t.facilityProjects.$inferInsert>;
    applicationId: number;
    application: Partial<typeof t.facilityApplications.$inferInsert>;
  }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = registry.compound(v.community, v.compound);
    if (typeof compound === 'string') {
      report.errors.push({ row, column: '小区名称', value: `${v.community}/${v.compound}`, message: COMPOUND_PROBLEM[compound] });
      continue;
    }
    if (!KNOWN_CATEGORIES.has(v.category))
      report.warnings.push({ row, column: '改造类别', value: v.category, message: '不在可补贴的改造类别内（D-18），测算时将不予补贴' });
    if (v.accepted && v.accepted > v.submitted)
      report.warnings.push({ row, column: '验收日期', value: v.accepted, message: '验收晚于申请：先实施、后补贴，测算时将不予补贴' });
    const funded = [v.fundingResidents, v.fundingCompany, v.fundingCommunity, v.fundingOther].filter((x): x is string => x !== undefined);
    if (funded.length > 0) {
      const total = funded.reduce((a, x) => a + Math.round(Number(x) * 100), 0);
      if (total !== Math.round(Number(v.investment) * 100))
        report.warnings.push({ row, column: '实际投入（元）', value: v.investment, message: '各出资来源之和与实际投入不一致' });
    }
    const project = {
      compoundId: compound.id,
      category: v.category,
      description: v.description ?? null,
      acceptedOn: v.accepted ?? null,
      investment: v.investment,
      fundingResidents: v.fundingResidents ?? null,
      fundingCompany: v.fundingCompany ?? null,
      fundingCommunity: v.fundingCommunity ?? null,
      fundingOther: v.fundingOther ?? null,
    };
    const application = {
      code: v.code,
      submittedOn: v.submitted,
      committeeEstablished: v.committeeEstablished,
      collectionRate: v.collectionRate,
      feeRatio: v.feeRatio,
    };
    const current = applications.get(v.code);
    if (!current) {
      creates.push({ project: { code: v.code, ...project }, application });
      continue;
    }
    const p = projects.get(current.projectId);
    const projectSame =
      p !== undefined &&
      p.compoundId === project.compoundId &&
      PROJECT_TEXT.every((f) => (p[f] ?? null) === (project[f] ?? null)) &&
      PROJECT_MONEY.every((f) => sameDecimal(p[f], project[f]));
    const applicationSame =
      current.submittedOn === application.submittedOn &&
      current.committeeEstablished === application.committeeEstablished &&
      sameDecimal(current.collectionRate, application.collectionRate) &&
      sameDecimal(current.feeRatio, application.feeRatio);
    if (projectSame && applicationSame) report.unchanged++;
    else updates.push({ projectId: current.projectId, project, applicationId: current.id, application });
  }
  report.created = creates.length;
  report.updated = updates.length;
  return async () => {
    await db.transaction(async (tx) => {
      const d = tx as unknown as Db;
      const ids = await insertBatched(
        d,
        t.facilityProjects,
        creates.map((c) => c.project),
      );
      await insertBatched(
        d,
        t.facilityApplications,
        creates.map((c, i) => ({ ...c.application, projectId: ids[i]?.id as number })),
      );
      for (const u of updates) {
        await d.update(t.facilityProjects).set(u.project).where(eq(t.facilityProjects.id, u.projectId));
        await d.update(t.facilityApplications).set(u.application).where(eq(t.facilityApplications.id, u.applicationId));
      }
    });
  };
}
