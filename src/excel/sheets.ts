/**
 * The spreadsheets the housing bureau exchanges: their columns (Chinese headers, a notes row under
 * them), field types, which are required and the range of every number. Templates, imports and
 * exports all read these.
 */
import { cmp, isDecimalString, parseDecimal, type Rational, rational } from '../rules/exact/rational.ts';
import * as cells from './cells.ts';

export type FieldType =
  | 'text'
  | 'integer'
  | 'money'
  | 'area'
  | 'price'
  | 'ratio'
  | 'date'
  | 'boolean'
  | 'kind'
  | 'period'
  | 'uscc'
  | 'account'
  | 'score'
  | 'category'
  | 'year'
  | 'programme';

/** The values a numeric column accepts, inclusive, as decimal strings. */
export interface Range {
  min: string;
  max: string;
}

export interface Column extends Partial<Range> {
  key: string;
  header: string;
  note: string;
  type: FieldType;
  required: boolean;
}

export interface Sheet {
  kind: ImportKind | 'bank-result';
  title: string;
  columns: Column[];
}

const col = (key: string, header: string, type: FieldType, required: boolean, note: string, range?: Range): Column => ({
  key,
  header,
  type,
  required,
  note,
  ...range,
});

/**
 * Ranges: at most what the database column holds (money numeric(14,2), areas numeric(12,2), scores
 * numeric(5,2), integers int4), narrowed to what makes sense for the policy. A value outside is a
 * row-level problem in the import report, never a database error.
 */
export const RANGES = {
  money: { min: '0', max: '999999999999.99' },
  /** > 0; at most 10 km² (the database allows < 10^10) */
  area: { min: '0.01', max: '10000000' },
  households: { min: '0', max: '100000' },
  /** yuan per ㎡ per month */
  price: { min: '0', max: '1000' },
  ratio: { min: '0', max: '1' },
  /** a fee standard above the market price gives a ratio above 1; 85 (meaning 85%) is still refused */
  feeRatio: { min: '0', max: '10' },
  score: { min: '0', max: '100' },
} as const satisfies Record<string, Range>;

export const SHEETS = {
  communities: {
    kind: 'communities',
    title: '街道和社区',
    columns: [
      col('subdistrict', '街道', 'text', true, '必填，如：恒远街道'),
      col('community', '社区', 'text', true, '必填，如：北苑社区'),
      col('code', '社区编码', 'text', false, '选填；不填则自动生成，登记后不变'),
    ],
  },
  prices: {
    kind: 'prices',
    title: '同类小区市场参考价格',
    columns: [
      col('category', '同类小区类别', 'text', true, '必填，如：一类'),
      col('price', '市场参考价格（元/㎡/月）', 'price', true, '必填，如：1.20', RANGES.price),
      col('effectiveFrom', '起始日期', 'date', true, '必填，YYYY-MM-DD'),
      col('effectiveTo', '截止日期', 'date', false, '选填；不填则至下一价格起始日'),
      col('source', '依据', 'text', false, '选填，如：住建局2024年第3号通知'),
    ],
  },
  roster: {
    kind: 'roster',
    title: '2023年底在册无物业小区名单',
    columns: [
      col('subdistrict', '街道', 'text', true, '必填，如：恒远街道'),
      col('community', '社区', 'text', true, '必填，如：北苑社区'),
      col('name', '小区名称', 'text', true, '必填；零散楼栋填楼栋名称，如：前进路12号楼'),
      col('kind', '类型', 'kind', true, '必填：小区 或 零散楼栋'),
      col('address', '地址', 'text', false, '选填'),
      col('area', '管理面积（㎡）', 'area', true, '必填，大于0，最多两位小数', RANGES.area),
      col('households', '户数', 'integer', true, '必填，整数', RANGES.households),
      col('occupiedHouseholds', '入住户数', 'integer', false, '选填，整数，不超过户数', RANGES.households),
      col('category', '同类小区类别', 'text', false, '选填，须为已登记市场参考价格的类别，如：一类'),
    ],
  },
  companies: {
    kind: 'companies',
    title: '物业服务企业',
    columns: [
      col('name', '企业名称', 'text', true, '必填'),
      col('uscc', '统一社会信用代码', 'uscc', true, '必填，18位，含校验位'),
      col('bankName', '开户银行', 'text', false, '选填'),
      col('bankAccountName', '账户名称', 'text', false, '选填；奖补只拨付至单位账户'),
      col('bankAccountNo', '银行账号', 'account', false, '选填；按文本填写，可用空格分隔'),
      col('contactName', '联系人', 'text', false, '选填'),
      col('contactPhone', '联系电话', 'text', false, '选填'),
    ],
  },
  engagements: {
    kind: 'engagements',
    title: '企业承接无物业小区',
    columns: [
      col('subdistrict', '街道', 'text', false, '选填；社区名称在多个街道重复时必填'),
      col('community', '社区', 'text', true, '必填，与名单一致'),
      col('compound', '小区名称', 'text', true, '必填，与名单一致'),
      col('uscc', '企业统一社会信用代码', 'uscc', true, '必填，企业须已登记'),
      col('entryDate', '进驻日期', 'date', true, '必填，YYYY-MM-DD'),
      col('contractSigned', '物业服务合同签订日期', 'date', false, '选填，YYYY-MM-DD'),
      col('commitmentSigned', '服务承诺书签订日期', 'date', false, '选填，YYYY-MM-DD'),
      col('endDate', '服务结束日期', 'date', false, '选填，仍在服务则不填'),
    ],
  },
  facts: {
    kind: 'facts',
    title: '企业承接半年情况',
    columns: [
      col('subdistrict', '街道', 'text', false, '选填；社区名称在多个街道重复时必填'),
      col('community', '社区', 'text', true, '必填'),
      col('compound', '小区名称', 'text', true, '必填'),
      col('uscc', '企业统一社会信用代码', 'uscc', true, '必填'),
      col('entryDate', '进驻日期', 'date', true, '必填，用于确定承接记录'),
      col('period', '半年期', 'period', true, '必填，如：2024H1（上半年）、2024H2（下半年）'),
      col('committeeSupport', '协助成立或充实业委会', 'boolean', true, '必填：是/否'),
      col('enhancedServices', '完善设施并增加保洁维修', 'boolean', true, '必填：是/否'),
      col('basicServices', '提供基本保洁和基础维修', 'boolean', true, '必填：是/否'),
      col('feesReceivableOccupied', '实际入住户应收物业费（元）', 'money', true, '必填', RANGES.money),
      col('feesCollected', '实收物业费（元）', 'money', true, '必填', RANGES.money),
      col('feeStandard', '收费标准（元/㎡/月）', 'price', true, '必填', RANGES.price),
      col('marketPrice', '同类小区市场价格（元/㎡/月）', 'price', false, '选填；不填则按小区类别取参考价', RANGES.price),
      col('assessmentScore', '半年考核得分', 'score', false, '选填，0–100，最多两位小数', RANGES.score),
    ],
  },
  committees: {
    kind: 'committees',
    title: '业主委员会',
    columns: [
      col('subdistrict', '街道', 'text', false, '选填；社区名称在多个街道重复时必填'),
      col('community', '社区', 'text', true, '必填'),
      col('compound', '小区名称', 'text', true, '必填'),
      col('established', '设立日期', 'date', true, '必填，YYYY-MM-DD'),
      col('filingNo', '备案号', 'text', false, '选填'),
      col('custodianName', '补助资金保管人', 'text', false, '选填（3.3：指定人员专管）'),
      col('custodianAccountName', '保管账户名称', 'text', false, '选填'),
      col('custodianAccountNo', '保管账号', 'account', false, '选填；按文本填写，可用空格分隔'),
      col('serviceContractSigned', '与物业企业签订服务合同日期', 'date', false, '选填，不早于设立日期'),
      col('operatingNormally', '合同正常运行', 'boolean', true, '必填：是/否'),
      col('reviewApproved', '住建局和社区审核通过', 'boolean', true, '必填：是/否'),
    ],
  },
  facility: {
    kind: 'facility',
    title: '设施改造补贴申请',
    columns: [
      col('code', '申请编号', 'text', true, '必填，每份申请唯一'),
      col('subdistrict', '街道', 'text', false, '选填；社区名称在多个街道重复时必填'),
      col('community', '社区', 'text', true, '必填'),
      col('compound', '小区名称', 'text', true, '必填'),
      col('submitted', '申请日期', 'date', true, '必填，YYYY-MM-DD'),
      col('accepted', '验收日期', 'date', false, '先实施、后补贴：验收后方可申请'),
      col('category', '改造类别', 'category', true, '公共卫生 / 消除安全隐患 / 安防设施设备 / 基本物业服务设施'),
      col('description', '改造内容', 'text', false, '选填'),
      col('investment', '实际投入（元）', 'money', true, '必填', RANGES.money),
      col('fundingResidents', '其中居民出资（元）', 'money', false, '选填', RANGES.money),
      col('fundingCompany', '其中企业出资（元）', 'money', false, '选填', RANGES.money),
      col('fundingCommunity', '其中社区补助（元）', 'money', false, '选填', RANGES.money),
      col('fundingOther', '其中其他（元）', 'money', false, '选填', RANGES.money),
      col('committeeEstablished', '已成立业委会', 'boolean', false, '选填：以登记的业委会为准，填写时须与登记一致'),
      col('collectionRate', '物业费收缴率', 'ratio', true, '必填，0 至 1 的小数或百分数，如 0.65 或 65%', RANGES.ratio),
      col(
        'feeRatio',
        '收费标准与市场价格之比',
        'ratio',
        true,
        '必填，小数或百分数，如 0.70 或 70%（收费高于市场价时可大于 1）',
        RANGES.feeRatio,
      ),
    ],
  },
  budgets: {
    kind: 'budgets',
    title: '年度预算',
    columns: [
      col('year', '年度', 'year', true, '必填，如：2025'),
      col('programme', '项目', 'programme', true, '必填：T（企业承接奖补）、W（业委会一次性补助）或 F（设施改造补贴）'),
      col('amount', '预算金额（元）', 'money', true, '必填，该项目全年预算总额（不是增减额），最多两位小数', RANGES.money),
      col('note', '备注', 'text', false, '选填，如拨款文号；预算有变动时记入账目'),
    ],
  },
} as const satisfies Record<string, Sheet>;

export type ImportKind =
  | 'communities'
  | 'prices'
  | 'roster'
  | 'companies'
  | 'engagements'
  | 'facts'
  | 'committees'
  | 'facility'
  | 'budgets';
export const IMPORT_KINDS = Object.keys(SHEETS) as ImportKind[];

const PARSERS: Record<FieldType, (c: cells.Cell) => cells.Parsed<unknown>> = {
  text: cells.text,
  integer: cells.integer,
  money: (c) => cells.decimal(c, 2),
  area: (c) => cells.decimal(c, 2),
  price: (c) => cells.decimal(c, 4),
  ratio: cells.ratio,
  category: cells.category,
  date: cells.date,
  boolean: cells.boolean,
  kind: cells.kind,
  period: cells.period,
  uscc: cells.uscc,
  account: cells.account,
  score: (c) => cells.decimal(c, 2),
  year: cells.year,
  programme: cells.programme,
};

export interface CellProblem {
  column: string;
  value: string;
  message: string;
}

/** "10000000" → "10,000,000": ranges as clerks read them. */
const grouped = (s: string): string => s.replace(/^\d+/, (int) => int.replace(/\B(?=(\d{3})+$)/g, ','));

function asRational(v: unknown): Rational | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return rational(BigInt(v));
  if (typeof v === 'string' && isDecimalString(v)) return parseDecimal(v);
  return null;
}

/** The problem with a parsed number outside its column's range, or null. */
function outOfRange(c: Column, v: unknown): string | null {
  const x = asRational(v);
  if (x === null || (c.min === undefined && c.max === undefined)) return null;
  if ((c.min === undefined || cmp(x, parseDecimal(c.min)) >= 0) && (c.max === undefined || cmp(x, parseDecimal(c.max)) <= 0)) return null;
  if (c.type === 'ratio') return `比例应在 ${c.min ?? 0} 至 ${c.max} 之间：请填写小数（如 0.85）或百分数（如 85%）`;
  if (c.max === undefined) return `超出范围：应不小于 ${grouped(c.min as string)}`;
  if (c.min === undefined) return `超出范围：应不大于 ${grouped(c.max)}`;
  return `超出范围：应在 ${grouped(c.min)} 至 ${grouped(c.max)} 之间`;
}

/** One row's cells (by column key) to typed values and the problems of each cell. */
export function parseRow(sheet: Sheet, raw: Record<string, cells.Cell>): { values: Record<string, unknown>; problems: CellProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  for (const c of sheet.columns) {
    const cell = raw[c.key];
    const parsed = PARSERS[c.type](cell);
    const problem = !parsed.ok ? parsed.message : parsed.value === null ? (c.required ? '必填' : null) : outOfRange(c, parsed.value);
    if (problem) problems.push({ column: c.header, value: cells.shown(cell), message: problem });
    else if (parsed.ok && parsed.value !== null) values[c.key] = parsed.value; // a blank optional cell stays undefined
  }
  if (
    sheet.kind === 'roster' &&
    typeof values.occupiedHouseholds === 'number' &&
    typeof values.households === 'number' &&
    values.occupiedHouseholds > values.households
  )
    problems.push({ column: '入住户数', value: String(values.occupiedHouseholds), message: '入住户数不能超过户数' });
  return { values, problems };
}
