/**
 * HTML to PDF with the machine's headless Chromium (the approval form, ./approval-form.ts): no npm browser
 * download, no network — the document is a local file with everything inline. Chromium runs on a temporary
 * directory of its own (the page, the PDF, its profile), removed afterwards whatever happens, and is killed
 * with everything it started when it takes too long.
 *
 * Chinese text needs a CJK font on the machine (Debian: fonts-noto-cjk or fonts-wqy-zenhei); without one
 * the PDF is still made, with boxes for the characters.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { userError } from '../lib/errors.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const DEFAULT_TIMEOUT_MS = 60_000;
/** the end of Chromium's chatter kept for an error message */
const STDERR_KEPT = 2_000;

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium to print with: JIANGBU_CHROMIUM when set (and executable), else the Debian paths; null when none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.JIANGBU_CHROMIUM?.trim();
  if (configured) return executable(configured) ? configured : null;
  return CANDIDATES.find(executable) ?? null;
}

export interface HtmlToPdfOptions {
  /** default chromiumPath() */
  chromium?: string | null;
  /** default 60 s; Chromium and what it started are killed after it */
  timeoutMs?: number;
}

/** Prints `html` to the PDF file `outFile` (A4 and margins come from the page's own @page rule). */
export async function htmlToPdf(html: string, outFile: string, opts: HtmlToPdfOptions = {}): Promise<void> {
  const chromium = opts.chromium === undefined ? chromiumPath() : opts.chromium;
  if (!chromium)
    throw userError(
      'pdf.no_chromium',
      `无法生成 PDF：未找到 Chromium（可设置 JIANGBU_CHROMIUM，或安装到 ${CANDIDATES.join('、')}）`,
      `cannot make a PDF: no Chromium found (set JIANGBU_CHROMIUM, or install it at ${CANDIDATES.join(' or ')})`,
      { status: 503 },
    );
  const dir = await mkdtemp(join(tmpdir(), 'jiangbu-pdf-'));
  try {
    const page = join(dir, 'page.html');
    const pdf = join(dir, 'out.pdf');
    await writeFile(page, html, 'utf8');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    const run = await runChromium(chromium, args, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (!(await startsWithPdf(pdf))) {
      const why = run.timedOut ? `timed out after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : `exit ${run.code ?? run.signal}`;
      throw userError(
        'pdf.failed',
        `生成 PDF 失败（Chromium ${why}）：${run.stderr.trim().slice(-500)}`,
        `making the PDF failed (Chromium ${why}): ${run.stderr.trim().slice(-500)}`,
        { status: 500 },
      );
    }
    await copyFile(pdf, outFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface ChromiumRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderr: string;
}

/** Runs Chromium in a process group of its own, so that a timeout ends the helpers it started too. */
function runChromium(chromium: string, args: string[], timeoutMs: number): Promise<ChromiumRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr = (stderr + s).slice(-STDERR_KEPT);
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    let exit: Pick<ChromiumRun, 'code' | 'signal'> = { code: null, signal: null };
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...exit, timedOut, stderr });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      settle();
    }, timeoutMs);
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(
        userError('pdf.failed', `无法启动 Chromium（${chromium}）：${err.message}`, `cannot start Chromium (${chromium}): ${err.message}`, {
          status: 500,
        }),
      );
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // helpers Chromium left behind (crash handler, zygote) go with it, closing its stderr
      killGroup();
    });
    // after 'exit', once stderr is read to its end
    child.on('close', settle);
  });
}

async function startsWithPdf(file: string): Promise<boolean> {
  try {
    const f = await open(file, 'r');
    try {
      const head = Buffer.alloc(5);
      const { bytesRead } = await f.read(head, 0, 5, 0);
      return bytesRead === 5 && head.toString('latin1') === '%PDF-';
    } finally {
      await f.close();
    }
  } catch {
    return false;
  }
}
