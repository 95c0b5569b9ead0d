/**
 * Import of facility subsidy applications (programme F), by application number: the project and the
 * application. Whether the compound has an owners' committee (docs/policy.md F.5) is the registry's fact — a
 * committee established on or before the submission date — not the applicant's: a declaration in the
 * 已成立业委会 column that contradicts the registry is an error. A blank cell keeps what is stored.
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import type { ImportReport } from '../../excel/report.ts';
import { SHEETS } from '../../excel/sheets.ts';
import type { SheetRow } from '../../excel/workbook.ts';
import { insertBatched } from '../../registry/batch.ts';
import { CATEGORY_NAMES } from '../../registry/labels.ts';
import { add, cmp, parseDecimal, ZERO } from '../../rules/exact/rational.ts';
import { changedFields, type Field, parseRows, updateById } from './common.ts';
import { findCompound } from './find.ts';
import { loadPlaces } from './places.ts';

interface FacilityRow {
  subdistrict?: string;
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
  committeeEstablished?: boolean;
  collectionRate: string;
  feeRatio: string;
}

const PROJECT: Field[] = [
  { key: 'category', label: '改造类别' },
  { key: 'description', label: '改造内容' },
  { key: 'acceptedOn', label: '验收日期' },
  { key: 'investment', label: '实际投入（元）', decimal: true },
  { key: 'fundingResidents', label: '其中居民出资（元）', decimal: true },
  { key: 'fundingCompany', label: '其中企业出资（元）', decimal: true },
  { key: 'fundingCommunity', label: '其中社区补助（元）', decimal: true },
  { key: 'fundingOther', label: '其中其他（元）', decimal: true },
];
const APPLICATION: Field[] = [
  { key: 'submittedOn', label: '申请日期' },
  { key: 'collectionRate', label: '物业费收缴率', decimal: true },
  { key: 'feeRatio', label: '收费标准与市场价格之比', decimal: true },
];
const KNOWN_CATEGORIES = new Set(Object.values(CATEGORY_NAMES));

export async function importFacility(tx: Db, rows: AsyncIterable<SheetRow>, report: ImportReport): Promise<void> {
  const parsed = await parseRows<FacilityRow>(rows, SHEETS.facility, report, ['code']);
  const places = await loadPlaces(tx);
  const applications = new Map((await tx.select().from(t.facilityApplications)).map((a) => [a.code, a]));
  const projects = new Map((await tx.select().from(t.facilityProjects)).map((p) => [p.id, p]));
  const committeesOf = new Map<number, string[]>();
  for (const w of await tx.select().from(t.committees))
    committeesOf.set(w.compoundId, [...(committeesOf.get(w.compoundId) ?? []), w.established]);
  const creates: {
    project: typeof t.facilityProjects.$inferInsert;
    application: Omit<typeof t.facilityApplications.$inferInsert, 'projectId'>;
  }[] = [];
  const updates: { table: typeof t.facilityProjects | typeof t.facilityApplications; id: number; set: Record<string, unknown> }[] = [];
  for (const { row, values: v } of parsed) {
    const compound = findCompound(places, row, v, report);
    if (!compound) continue;
    const established = (committeesOf.get(compound.id) ?? []).filter((d) => d <= v.submitted).sort();
    if (v.committeeEstablished !== undefined && v.committeeEstablished !== established.length > 0) {
      report.errors.push({
        row,
        column: '已成立业委会',
        value: v.committeeEstablished ? '是' : '否',
        message: established.length
          ? `与登记不符：该小区的业委会已于 ${established[0]} 设立`
          : `与登记不符：申请日 ${v.submitted} 前该小区没有登记业委会（先导入业委会：jiangbu import committees）`,
      });
      continue;
    }
    if (!KNOWN_CATEGORIES.has(v.category))
      report.warnings.push({ row, column: '改造类别', value: v.category, message: '不在可补贴的改造类别内（D-18），测算时将不予补贴' });
    if (v.accepted && v.accepted > v.submitted)
      report.warnings.push({ row, column: '验收日期', value: v.accepted, message: '验收晚于申请：先实施、后补贴，测算时将不予补贴' });
    const funded = [v.fundingResidents, v.fundingCompany, v.fundingCommunity, v.fundingOther].filter((x): x is string => x !== undefined);
    if (funded.length > 0 && cmp(funded.map(parseDecimal).reduce(add, ZERO), parseDecimal(v.investment)) !== 0)
      report.warnings.push({ row, column: '实际投入（元）', value: v.investment, message: '各出资来源之和与实际投入不一致' });
    const project = {
      compoundId: compound.id,
      category: v.category,
      description: v.description,
      acceptedOn: v.accepted,
      investment: v.investment,
      fundingResidents: v.fundingResidents,
      fundingCompany: v.fundingCompany,
      fundingCommunity: v.fundingCommunity,
      fundingOther: v.fundingOther,
    };
    const application = { submittedOn: v.submitted, collectionRate: v.collectionRate, feeRatio: v.feeRatio };
    const current = applications.get(v.code);
    if (!current) {
      creates.push({
        project: { code: v.code, ...project, description: v.description ?? null, acceptedOn: v.accepted ?? null },
        application: { code: v.code, ...application },
      });
      continue;
    }
    const p = projects.get(current.projectId);
    if (p && p.compoundId !== compound.id) {
      report.errors.push({ row, column: '申请编号', value: v.code, message: '该申请编号已登记为另一小区的申请' });
      continue;
    }
    const projectSet = p ? changedFields(row, p, project, PROJECT, report) : {};
    const applicationSet = changedFields(row, current, application, APPLICATION, report);
    if (Object.keys(projectSet).length + Object.keys(applicationSet).length === 0) report.unchanged++;
    else {
      report.updated++;
      updates.push({ table: t.facilityProjects, id: current.projectId, set: projectSet });
      updates.push({ table: t.facilityApplications, id: current.id, set: applicationSet });
    }
  }
  report.created = creates.length;
  if (report.errors.length > 0) return;
  const ids = await insertBatched(
    tx,
    t.facilityProjects,
    creates.map((c) => c.project),
  );
  await insertBatched(
    tx,
    t.facilityApplications,
    creates.map((c, i) => ({ ...c.application, projectId: ids[i]?.id as number })),
  );
  for (const u of updates) await updateById(tx, u.table, u.id, u.set);
}
