/**
 * The disbursement approval form (拨付审批表) of one payment batch: a standalone HTML document to print on
 * A4 (or to turn into PDF, ./pdf.ts), signed and sealed by the bureau and the finance bureau before payment.
 * The total is printed in figures and in capitals (大写, ./capitals.ts), as a voucher carries it.
 *
 * The caller guarantees the data are one batch as stored: the lines add up to the total, every account is
 * the payee's account on record (clause 4.2). The renderer checks the shape of amounts and times only, and
 * prints the number of lines so a missing page is seen. A large batch comes as one row per payee account,
 * each saying how many lines it sums (src/service/money/batches.ts FORM_MAX_LINES).
 *
 * Safe to serve: every text is escaped, there is no script at all and one <style> block (the route sends a
 * CSP allowing inline style only), no external resource. Deterministic: no clock, times come in the data.
 */
import { PROGRAMME_NAMES, PROGRAMME_NAMES_EN } from '../registry/labels.ts';
import type { Lang } from '../rules/params/types.ts';
import { amountInWords } from './capitals.ts';

export interface ApprovalFormLine {
  /** the code calc --db uses (engagement E…, committee W…, application case no) */
  subject: string;
  /** e.g. the compound's name */
  subjectName: string;
  /** "2025H1" (T) or "2025" (W, F) */
  period: string;
  /** payee code (company USCC / committee code / community code) */
  payee: string;
  payeeName: string;
  bankName: string;
  accountName: string;
  accountNo: string;
  /** yuan, 2 decimals, e.g. "1234.50" */
  amount: string;
  /**
   * set on a payee's row of a large batch: how many of the batch's lines it sums (subject is then empty;
   * each line is in the bank payment file)
   */
  lines?: number;
}

export interface ApprovalFormData {
  /** e.g. "PB-2025H1-T-001" */
  batchNo: string;
  programme: 'T' | 'W' | 'F';
  period: string;
  /** e.g. "approved" */
  state: string;
  /** ISO timestamps with an offset (…Z, …+08:00, PostgreSQL's …+08); printed as Beijing time YYYY-MM-DD HH:mm */
  createdAt: string;
  createdBy: string;
  approvedAt?: string | null;
  approvedBy?: string | null;
  /** yuan, 2 decimals; the caller guarantees it is the sum of the lines */
  total: string;
  policy: { id: string; version: string; paramsHash: string };
  /** the batch's number of lines; default: the lines given (it differs when they are payees' rows) */
  lineCount?: number;
  lines: ApprovalFormLine[];
}

export const APPROVAL_FORM_TITLE = '二连浩特市物业管理奖补资金拨付审批表';

/** Batch states by name; a state not listed prints as it is. */
const STATE_NAMES: Record<Lang, Record<string, string>> = {
  zh: { draft: '草稿', submitted: '待审批', approved: '已审批', paid: '已拨付', cancelled: '已作废', rejected: '已退回' },
  en: { draft: 'draft', submitted: 'submitted', approved: 'approved', paid: 'paid', cancelled: 'cancelled', rejected: 'returned' },
};

const LABELS = {
  zh: {
    subtitle: '',
    batchNo: '批次编号',
    programme: '奖补项目',
    period: '所属期间',
    state: '状态',
    createdBy: '编制人',
    createdAt: '编制时间',
    approvedBy: '审批人',
    approvedAt: '审批时间',
    count: '笔数',
    countValue: (n: number) => `${n} 笔`,
    totalFigures: '合计金额（小写）',
    totalCapitals: '合计金额（大写）',
    currency: '人民币',
    no: '序号',
    payee: '收款单位',
    bank: '开户银行',
    accountName: '账户名称',
    accountNo: '账号',
    purpose: '事由',
    amount: '金额（元）',
    sum: (n: number) => `合计（${n} 笔）`,
    noLines: '（无明细）',
    byPayee: (n: number) => `${n} 笔，逐笔明细见银行支付文件`,
    byPayeeNote: '本批次笔数较多，下表按收款账户汇总。',
    clerk: '经办人',
    bureau: '住建局意见（盖章）',
    finance: '财政局意见（盖章）',
    leader: '分管领导',
    date: '年　　月　　日',
    policy: '政策',
    version: '版本',
    paramsHash: '参数摘要',
    notYet: '—',
  },
  en: {
    subtitle: 'Erenhot property-management subsidy: disbursement approval form',
    batchNo: 'Batch',
    programme: 'Programme',
    period: 'Period',
    state: 'State',
    createdBy: 'Prepared by',
    createdAt: 'Prepared at',
    approvedBy: 'Approved by',
    approvedAt: 'Approved at',
    count: 'Lines',
    countValue: (n: number) => `${n}`,
    totalFigures: 'Total (figures)',
    totalCapitals: 'Total (Chinese capitals)',
    currency: '人民币',
    no: 'No.',
    payee: 'Payee',
    bank: 'Bank',
    accountName: 'Account name',
    accountNo: 'Account number',
    purpose: 'Purpose',
    amount: 'Amount (yuan)',
    sum: (n: number) => `Total (${n} line${n === 1 ? '' : 's'})`,
    noLines: '(no lines)',
    byPayee: (n: number) => `${n} line${n === 1 ? '' : 's'}, each in the bank payment file`,
    byPayeeNote: 'A large batch: the table sums its lines by payee account.',
    clerk: 'Prepared by (经办人)',
    bureau: 'Housing bureau (住建局意见, seal)',
    finance: 'Finance bureau (财政局意见, seal)',
    leader: 'Leader in charge (分管领导)',
    date: 'Date:　　　　-　　-　　',
    policy: 'Policy',
    version: 'version',
    paramsHash: 'parameters hash',
    notYet: '—',
  },
} as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML text or attribute value: `<img src=x onerror=…>` prints as those characters. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const YUAN = /^(0|[1-9][0-9]*)\.([0-9]{2})$/;
/** "17032.26" → "17,032.26": grouping by string, the amount is never a float. */
export function groupedYuan(yuan: string): string {
  const m = YUAN.exec(yuan);
  if (!m) throw new Error(`an amount on the approval form is yuan with 2 decimals, got ${JSON.stringify(yuan)}`);
  return `${(m[1] ?? '0').replace(/\B(?=(\d{3})+$)/g, ',')}.${m[2]}`;
}

const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)$/;
/**
 * An instant as Beijing time (UTC+8, no daylight saving) to the minute. The offset is required: a time
 * without one would be read in the printing machine's zone and the form would depend on where it is printed.
 */
export function beijingTime(iso: string): string {
  const m = WITH_OFFSET.exec(iso.trim());
  const zone = m?.[3]?.length === 3 ? `${m[3]}:00` : m?.[3];
  const at = m ? new Date(`${m[1]}T${m[2]}${zone}`) : new Date(Number.NaN);
  // Date rolls 2025-02-30 over into March: the day must be one of its month
  const day = new Date(`${m?.[1]}T00:00:00Z`);
  const realDay = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === m?.[1];
  if (Number.isNaN(at.getTime()) || !realDay)
    throw new Error(`a time on the approval form is ISO with an offset, got ${JSON.stringify(iso)}`);
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** "2025H1" → 2025年上半年, "2025" → 2025年度; anything else as it is. */
export function periodName(period: string, lang: Lang = 'zh'): string {
  const m = /^(\d{4})(?:H([12]))?$/.exec(period);
  if (!m) return period;
  if (lang === 'en') return m[2] ? `${m[1]} H${m[2]}` : `${m[1]}`;
  return m[2] ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : `${m[1]}年度`;
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; font: 10.5pt/1.45 "Noto Serif CJK SC", "Source Han Serif SC", SimSun, "Songti SC", "WenQuanYi Zen Hei", serif; }
h1 { margin: 0 0 2mm; text-align: center; font: bold 17pt/1.3 "Noto Sans CJK SC", "Source Han Sans SC", SimHei, "Heiti SC", "WenQuanYi Zen Hei", sans-serif; letter-spacing: .05em; }
.subtitle { margin: 0 0 3mm; text-align: center; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border: .3mm solid #000; padding: 1.2mm 1.6mm; vertical-align: middle; }
th { font-weight: bold; background: #f0f0f0; }
.meta th { width: 16%; text-align: left; }
.meta td { width: 34%; }
.total { margin-top: 3mm; }
.total th { width: 22%; text-align: left; }
.figures { font-size: 12pt; font-weight: bold; }
.capitals { font-size: 12pt; font-weight: bold; letter-spacing: .08em; }
.lines { margin-top: 3mm; font-size: 8.5pt; line-height: 1.3; table-layout: fixed; }
.lines th, .lines td { padding: 1mm 1.2mm; }
.c-no { width: 5%; } .c-payee { width: 19%; } .c-bank { width: 14%; } .c-account-name { width: 16%; }
.c-account-no { width: 17%; } .c-purpose { width: 15%; } .c-amount { width: 14%; }
.lines thead { display: table-header-group; }
.lines tr, .signatures, .total { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.no { text-align: center; }
.account { word-break: break-all; font-variant-numeric: tabular-nums; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8pt; }
.code { display: block; font-size: 8pt; color: #333; word-break: break-all; }
.sum td { font-weight: bold; }
.signatures { margin-top: 4mm; table-layout: fixed; }
.signatures td { height: 34mm; vertical-align: top; position: relative; width: 50%; }
.signatures .label { font-weight: bold; }
.signatures .date { position: absolute; right: 4mm; bottom: 2mm; }
footer { margin-top: 3mm; font-size: 8pt; color: #333; word-break: break-all; }
`;

/** The approval form of one batch as a complete HTML document, Chinese unless `lang` is 'en'. */
export function renderApprovalForm(data: ApprovalFormData, lang: Lang = 'zh'): string {
  const L = LABELS[lang];
  const e = escapeHtml;
  const programme =
    lang === 'zh'
      ? `${data.programme} ${PROGRAMME_NAMES[data.programme] ?? ''}`
      : `${data.programme} ${PROGRAMME_NAMES_EN[data.programme]} (${PROGRAMME_NAMES[data.programme] ?? ''})`;
  const state = STATE_NAMES[lang][data.state] ?? data.state;
  const when = (iso: string | null | undefined) => (iso ? beijingTime(iso) : L.notYet);
  const figures = `¥${groupedYuan(data.total)}`;
  const capitals = `${L.currency}${amountInWords(data.total)}`;

  const count = data.lineCount ?? data.lines.length;
  const byPayee = data.lines.some((l) => l.lines !== undefined);
  const lineRows = data.lines.map((l, i) => {
    const purpose =
      l.lines !== undefined
        ? `${periodName(l.period, lang)} ${L.byPayee(l.lines)}`
        : `${l.subjectName}（${l.subject}）${periodName(l.period, lang)}`;
    return `<tr><td class="no">${i + 1}</td><td>${e(l.payeeName)}<span class="code">${e(l.payee)}</span></td><td>${e(l.bankName)}</td><td>${e(l.accountName)}</td><td class="account">${e(l.accountNo)}</td><td>${e(purpose)}</td><td class="num">${groupedYuan(l.amount)}</td></tr>`;
  });
  if (lineRows.length === 0) lineRows.push(`<tr><td colspan="7">${L.noLines}</td></tr>`);

  const signature = (label: string) => `<td><span class="label">${label}</span><span class="date">${L.date}</span></td>`;

  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<title>${APPROVAL_FORM_TITLE} ${e(data.batchNo)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${APPROVAL_FORM_TITLE}</h1>
${L.subtitle ? `<p class="subtitle">${L.subtitle}</p>` : ''}
<table class="meta">
<tr><th>${L.batchNo}</th><td>${e(data.batchNo)}</td><th>${L.programme}</th><td>${e(programme)}</td></tr>
<tr><th>${L.period}</th><td>${e(periodName(data.period, lang))}</td><th>${L.state}</th><td>${e(state)}</td></tr>
<tr><th>${L.createdBy}</th><td>${e(data.createdBy)}</td><th>${L.createdAt}</th><td>${when(data.createdAt)}</td></tr>
<tr><th>${L.approvedBy}</th><td>${data.approvedBy ? e(data.approvedBy) : L.notYet}</td><th>${L.approvedAt}</th><td>${when(data.approvedAt)}</td></tr>
<tr><th>${L.count}</th><td colspan="3">${L.countValue(count)}${byPayee ? ` · ${L.byPayeeNote}` : ''}</td></tr>
</table>
<table class="total">
<tr><th>${L.totalFigures}</th><td class="figures">${figures}</td></tr>
<tr><th>${L.totalCapitals}</th><td class="capitals">${capitals}</td></tr>
</table>
<table class="lines">
<colgroup><col class="c-no"><col class="c-payee"><col class="c-bank"><col class="c-account-name"><col class="c-account-no"><col class="c-purpose"><col class="c-amount"></colgroup>
<thead><tr><th class="no">${L.no}</th><th>${L.payee}</th><th>${L.bank}</th><th>${L.accountName}</th><th>${L.accountNo}</th><th>${L.purpose}</th><th>${L.amount}</th></tr></thead>
<tbody>
${lineRows.join('\n')}
<tr class="sum"><td colspan="6">${L.sum(count)}</td><td class="num">${groupedYuan(data.total)}</td></tr>
</tbody>
</table>
<table class="signatures">
<tr>${signature(L.clerk)}${signature(L.bureau)}</tr>
<tr>${signature(L.finance)}${signature(L.leader)}</tr>
</table>
<footer>${L.policy} ${e(data.policy.id)} ${L.version} ${e(data.policy.version)} · ${L.paramsHash} ${e(data.policy.paramsHash)} · ${L.batchNo} ${e(data.batchNo)}</footer>
</body>
</html>
`;
}
