/**
 * The printable sheet of a survey's household codes: A4 pages of 12 cards, each with the code, a QR code
 * of the public answer page for that code, and how to answer. It is made once, when the codes are issued
 * (they are not stored in clear): the caller prints it or saves it.
 *
 * Safe to serve: every text is escaped, there is no script at all and one <style> block (the route sends
 * the 拨付审批表's CSP: inline style only, images from data: only); the QR codes are inline SVG paths.
 * Made page by page and handed out as chunks, giving the event loop a turn between pages, so 5,000 codes
 * (a few seconds of QR drawing) never hold the server.
 */
import QRCode from 'qrcode';
import { escapeHtml as e } from '../../settlement/approval-form.ts';
import { printedCode } from './codes.ts';

export const CARDS_PER_PAGE = 12;

/** Where a household answers: `{base}/survey/{code}` opens the answer page with the code filled in. */
export const answerUrl = (base: string, code: string): string => `${base.replace(/\/+$/, '')}/survey/${code}`;

/** What heads a survey wherever residents see it: the printed sheet, the answer page. */
export interface SurveyHeading {
  title: string;
  period: string;
  compound: string;
  community: string;
  opensOn: string;
  closesOn: string | null;
}

export interface SheetData extends SurveyHeading {
  /** the public address of the server, e.g. https://jiangbu.example.gov.cn */
  baseUrl: string;
  codes: string[];
}

const STYLE = `
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; color: #000; }
.page { width: 190mm; height: 277mm; display: flex; flex-direction: column; page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
header { font-size: 11pt; border-bottom: 1px solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
header h1 { font-size: 14pt; margin: 0 0 1mm; }
.grid { flex: 1; display: grid; grid-template-columns: repeat(3, 1fr); grid-template-rows: repeat(4, 1fr); gap: 0; }
.card { border: 1px dashed #888; padding: 3mm; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; break-inside: avoid; }
.card svg { width: 36mm; height: 36mm; }
.code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 16pt; font-weight: bold; letter-spacing: 1mm; margin: 1mm 0; }
.hint { font-size: 7.5pt; line-height: 1.35; }
.url { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 7pt; word-break: break-all; }
footer { font-size: 8pt; text-align: right; padding-top: 1mm; }
`;

/** The sheet, as chunks of HTML. */
export async function* surveySheet(d: SheetData): AsyncGenerator<string> {
  const pages = Math.max(1, Math.ceil(d.codes.length / CARDS_PER_PAGE));
  const entry = answerUrl(d.baseUrl, '').replace(/\/$/, '');
  const heading =
    `<header><h1>${e(d.title)}</h1>${e(d.community)} · ${e(d.compound)} · 调查期间 ${e(d.period)} · ` +
    `作答时间 ${e(d.opensOn)} 至 ${e(d.closesOn ?? '—')}</header>`;
  yield `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(d.title)} — 住户调查编码（${d.codes.length} 户）</title><style>${STYLE}</style></head><body>`;
  for (let p = 0; p < pages; p++) {
    let html = `<section class="page">${heading}<div class="grid">`;
    for (const code of d.codes.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE)) {
      const svg = await QRCode.toString(answerUrl(d.baseUrl, code), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      html +=
        `<div class="card">${svg}<div class="code">${e(printedCode(code))}</div>` +
        `<div class="hint">手机扫码作答，或打开<br><span class="url">${e(entry)}</span><br>输入上方编码。每户一码，只能作答一次。</div></div>`;
    }
    html += `</div><footer>第 ${p + 1} 页 / 共 ${pages} 页 · 编码仅在发放时显示一次，请妥善保管</footer></section>`;
    yield html;
    // the event loop's turn between pages
    await new Promise((resolve) => setImmediate(resolve));
  }
  yield '</body></html>';
}

/** The whole sheet as one string (tests, small sheets). */
export async function surveySheetHtml(d: SheetData): Promise<string> {
  let out = '';
  for await (const chunk of surveySheet(d)) out += chunk;
  return out;
}
