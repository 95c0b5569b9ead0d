/**
 * The reports as workbooks: Chinese headers, names beside codes, a 说明 sheet saying what was reported,
 * for whom and under which policy. An export is an audit event (which report, for what, how many rows),
 * like the registry's exports (src/service/export.ts). Money and percentages are numbers in the cells
 * for display; the exact figures are the report's JSON.
 */

import ExcelJS from '../../excel/exceljs.ts';
import type { TableColumn, TableSheet } from '../../excel/workbook.ts';
import { addTable } from '../../excel/workbook.ts';
import { loadPolicy } from '../../policy/load.ts';
import { PROGRAMME_NAMES } from '../../registry/labels.ts';
import { record, type ServiceContext } from '../command.ts';
import { codeVersion } from '../version.ts';
import { type AssessmentCounts, type AssessmentsReport, assessmentsReport } from './assessments.ts';
import type { Share } from './common.ts';
import { type CoverageReport, coverageReport } from './coverage.ts';
import { type FundsReport, fundsReport } from './funds.ts';
import { type ProgressReport, progressReport } from './progress.ts';
import { type SatisfactionReport, satisfactionReport } from './satisfaction.ts';

export const REPORT_KINDS = ['funds', 'coverage', 'satisfaction', 'assessments', 'progress'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What a report is asked for: the budget or survey year, the as-of date, the assessments' half-year. */
export interface ReportQuery {
  year?: number | undefined;
  asOf?: string | undefined;
  period?: string | undefined;
}

export type AnyReport = FundsReport | CoverageReport | SatisfactionReport | AssessmentsReport | ProgressReport;

/** A report as the caller may see it (the service applies the scope). */
export function buildReport(ctx: ServiceContext, kind: ReportKind, q: ReportQuery): Promise<AnyReport> {
  switch (kind) {
    case 'funds':
      return fundsReport(ctx, { year: q.year });
    case 'coverage':
      return coverageReport(ctx, { asOf: q.asOf });
    case 'satisfaction':
      return satisfactionReport(ctx, { year: q.year });
    case 'assessments':
      return assessmentsReport(ctx, { asOf: q.asOf, period: q.period });
    case 'progress':
      return progressReport(ctx, { asOf: q.asOf, year: q.year });
  }
}

const col = (header: string, format: TableColumn['format'], width?: number): TableColumn =>
  width ? { header, format, width } : { header, format };
const PAYEE_NAMES: Record<string, string> = { company: '物业企业', committee: '业委会', community: '社区' };
const metWord = (met: boolean | null) => (met === null ? '无数据' : met ? '是' : '否');
const shareCells = (s: Share) => [s.whole, s.part, s.percent, metWord(s.met)];
const scopeWord = (community: string | null) => (community === null ? '全市' : `社区 ${community}`);

function fundsTables(r: FundsReport): TableSheet[] {
  return [
    {
      title: '资金明细',
      columns: [
        col('年度', 'integer'),
        col('项目', 'text', 18),
        col('社区编号', 'text'),
        col('社区', 'text', 16),
        col('收款方类型', 'text'),
        col('收款方编号', 'text'),
        col('收款方', 'text', 30),
        col('笔数', 'integer'),
        col('已预留（元）', 'money', 16),
        col('已拨付（元）', 'money', 16),
      ],
      rows: r.rows.map((x) => [
        x.year,
        PROGRAMME_NAMES[x.programme],
        x.communityCode,
        x.communityName,
        PAYEE_NAMES[x.payeeType],
        x.payeeCode,
        x.payeeName,
        x.claims,
        x.reserved,
        x.paid,
      ]),
    },
    {
      title: '资金合计',
      columns: [
        col('年度', 'integer'),
        col('项目', 'text', 18),
        col('笔数', 'integer'),
        col('已预留（元）', 'money', 16),
        col('已拨付（元）', 'money', 16),
        col('预算（元）', 'money', 16),
        col('未使用（元）', 'money', 16),
      ],
      rows: r.totals.map((x) => [
        x.year,
        x.programme === null ? '全部项目' : PROGRAMME_NAMES[x.programme],
        x.claims,
        x.reserved,
        x.paid,
        x.appropriated,
        x.unspent,
      ]),
    },
    {
      title: '资金（分半年）',
      columns: [
        col('半年期', 'text'),
        col('项目', 'text', 18),
        col('社区编号', 'text'),
        col('社区', 'text', 16),
        col('笔数', 'integer'),
        col('已预留（元）', 'money', 16),
        col('已拨付（元）', 'money', 16),
      ],
      rows: r.halves.map((x) => [x.half, PROGRAMME_NAMES[x.programme], x.communityCode, x.communityName, x.claims, x.reserved, x.paid]),
    },
  ];
}

function coverageTables(r: CoverageReport): TableSheet[] {
  const share = [col('名单内小区数', 'integer'), col('已有物业小区数', 'integer'), col('覆盖率（%）', 'decimal'), col('是否达标', 'text')];
  return [
    {
      title: r.community === null ? '覆盖率（全市）' : '覆盖率（本社区）',
      columns: [col('日期', 'date'), ...share, col('目标（%）', 'decimal')],
      rows: r.points.map((p) => [p.day, ...shareCells(p.total), r.goal.target]),
    },
    {
      title: '覆盖率（分社区）',
      columns: [col('日期', 'date'), col('社区编号', 'text'), col('社区', 'text', 16), ...share],
      rows: r.points.flatMap((p) => p.communities.map((c) => [p.day, c.code, c.name, ...shareCells(c)])),
    },
  ];
}

function satisfactionTables(r: SatisfactionReport): TableSheet[] {
  const share = [col('答卷数', 'integer'), col('满意答卷数', 'integer'), col('满意率（%）', 'decimal'), col('是否达标', 'text')];
  return [
    {
      title: '满意度（分社区）',
      columns: [col('社区编号', 'text'), col('社区', 'text', 16), ...share],
      rows: [
        ...r.communities.map((c) => [c.code, c.name, ...shareCells(c)]),
        ['合计', r.community === null ? '全市' : '本社区', ...shareCells(r.total)],
      ],
    },
    {
      title: '满意度（分小区）',
      columns: [col('社区编号', 'text'), col('小区编号', 'text'), col('小区', 'text', 24), ...share],
      rows: r.compounds.map((c) => [c.communityCode, c.code, c.name, ...shareCells(c)]),
    },
  ];
}

function assessmentsTables(r: AssessmentsReport): TableSheet[] {
  const counts = [
    col('应考核', 'integer'),
    col('合格', 'integer'),
    col('不合格', 'integer'),
    col('未考核', 'integer'),
    col('其中未定（办理中）', 'integer'),
  ];
  const cells = (c: AssessmentCounts) => [c.expected, c.passed, c.failed, c.notAssessed, c.provisional];
  const place = (title: string, code: string, of: 'communities' | 'companies') => ({
    title,
    columns: [col('半年期', 'text'), col(code, 'text', 20), col('名称', 'text', 30), ...counts],
    rows: r.periods.flatMap((p) => [
      ...p[of].map((c) => [p.period, c.code, c.name, ...cells(c)]),
      [p.period, '合计', r.community === null ? '全市' : '本社区', ...cells(p.total)],
    ]),
  });
  return [place('考核结果（分社区）', '社区编号', 'communities'), place('考核结果（分企业）', '企业编号', 'companies')];
}

const STANDING_WORDS = { praise: '通报表扬', criticism: '通报批评', none: '' } as const;

function progressTables(r: ProgressReport): TableSheet[] {
  return [
    {
      title: '社区进展排名',
      columns: [
        col('名次', 'integer'),
        col('社区编号', 'text'),
        col('社区', 'text', 16),
        col('覆盖率（%）', 'decimal'),
        col('满意率（%）', 'decimal'),
        col('考核合格率（%）', 'decimal'),
        col('得分（%）', 'decimal'),
        col('达标项数', 'integer'),
        col('通报', 'text'),
      ],
      rows: r.communities.map((c) => [
        c.rank,
        c.code,
        c.name,
        c.coverage.percent,
        c.satisfaction.percent,
        c.assessments.percent,
        c.score,
        c.targetsMet,
        STANDING_WORDS[c.standing],
      ]),
    },
  ];
}

const TITLES: Record<ReportKind, string> = {
  funds: '奖补资金报表',
  coverage: '物业服务覆盖率报表',
  satisfaction: '群众满意度报表',
  assessments: '半年考核结果报表',
  progress: '社区进展排名',
};

/** The report's own lines of the 说明 sheet: what it was asked for and its target. */
function asked(kind: ReportKind, r: AnyReport): [string, string][] {
  switch (kind) {
    case 'funds': {
      const f = r as FundsReport;
      return [
        ['年度', f.year === null ? '全部年度' : String(f.year)],
        ['口径', '已预留 = 已批准、尚未拨付（含已编入拨付批次）；已拨付 = 银行已确认；已作废的不计入。未使用 = 预算 − 已预留 − 已拨付'],
        ['半年期', '企业承接奖补按申报的半年期；业委会补助和设施改造补贴已拨付的按拨付日、未拨付的按批准日所在半年（北京时间）'],
      ];
    }
    case 'coverage': {
      const c = r as CoverageReport;
      return [
        ['评估日', c.asOf],
        ['目标', `2023年底名单内小区物业服务覆盖率 ${c.goal.target}%，于 ${c.goal.by} 前达到`],
        ['目标是否达到', c.goal.met === null ? `尚未到 ${c.goal.by}` : c.goal.met ? '是' : '否'],
        ['口径', '覆盖率 = 当日有企业服务（进驻日至服务结束日）的名单内小区数 ÷ 名单内小区数（按现行名单）'],
      ];
    }
    case 'satisfaction': {
      const s = r as SatisfactionReport;
      return [
        ['年度', String(s.year)],
        ['目标', `满意度 ${s.target}%`],
        ['口径', `满意率 = 五档中前 ${s.satisfiedLevels} 档（非常满意、满意、基本满意）的答卷数 ÷ 全部答卷数`],
      ];
    }
    case 'assessments': {
      const a = r as AssessmentsReport;
      return [
        ['评估日', a.asOf],
        [
          '口径',
          '应考核 = 名单内小区在该半年期内服务过的承接；合格 = 得分不低于当期合格分（T.passScore）；未定 = 该半年期仍有申报在办理中，结果可能变动',
        ],
      ];
    }
    case 'progress': {
      const p = r as ProgressReport;
      return [
        ['评估日', p.asOf],
        ['满意度年度', String(p.year)],
        ['目标', `覆盖率 ${p.rule.coverageTarget}%，满意率 ${p.rule.satisfactionTarget}%，考核合格率 ${p.rule.assessmentTarget}%`],
        ['规则', p.rule.text.zh],
      ];
    }
  }
}

/** The report's sheets and its 说明 sheet. */
export function reportTables(ctx: ServiceContext, kind: ReportKind, r: AnyReport): TableSheet[] {
  const tables = {
    funds: () => fundsTables(r as FundsReport),
    coverage: () => coverageTables(r as CoverageReport),
    satisfaction: () => satisfactionTables(r as SatisfactionReport),
    assessments: () => assessmentsTables(r as AssessmentsReport),
    progress: () => progressTables(r as ProgressReport),
  }[kind]();
  const policy = loadPolicy();
  const about: TableSheet = {
    title: '说明',
    columns: [col('项目', 'text', 20), col('内容', 'text', 80)],
    rows: [
      ['报表', TITLES[kind]],
      ['范围', scopeWord(r.community)],
      ...asked(kind, r),
      ['政策', `${policy.id}（${policy.version}）`],
      ['参数指纹 paramsHash', policy.paramsHash],
      ['程序版本', codeVersion()],
      ['导出时间', (ctx.now?.() ?? new Date()).toISOString()],
    ],
  };
  return [...tables, about];
}

/** The file name offered for a report, e.g. 奖补资金报表-2025.xlsx. */
export function reportFileName(kind: ReportKind, r: AnyReport): string {
  const what =
    kind === 'coverage' || kind === 'assessments' || kind === 'progress'
      ? (r as CoverageReport | AssessmentsReport | ProgressReport).asOf
      : kind === 'funds'
        ? ((r as FundsReport).year ?? '全部年度')
        : (r as SatisfactionReport).year;
  return `${TITLES[kind]}-${what}${r.community === null ? '' : `-${r.community}`}.xlsx`;
}

async function workbook(tables: TableSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jiangbu';
  for (const x of tables) addTable(wb, x.title, x.columns, x.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
  /** rows of the report's first sheet */
  rows: number;
}

/** A report as an xlsx workbook, within the caller's scope; the export is recorded in the audit trail. */
export async function exportReport(ctx: ServiceContext, kind: ReportKind, q: ReportQuery): Promise<ReportFile> {
  const report = await buildReport(ctx, kind, q);
  const tables = reportTables(ctx, kind, report);
  const bytes = await workbook(tables);
  const fileName = reportFileName(kind, report);
  const rows = [...((tables[0] as TableSheet).rows as unknown[][])].length;
  await record(ctx, {
    action: `export.report.${kind}`,
    objectType: 'file',
    objectId: fileName,
    result: 'ok',
    detail: {
      rows,
      ...(q.year === undefined ? {} : { year: q.year }),
      ...(q.asOf === undefined ? {} : { asOf: q.asOf }),
      ...(q.period === undefined ? {} : { period: q.period }),
      community: report.community,
    },
  });
  return { fileName, bytes, rows };
}
