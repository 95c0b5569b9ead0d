import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../lib/errors.ts';
import { type ApprovalFormLine, renderApprovalForm } from './approval-form.ts';
import { chromiumPath, htmlToPdf } from './pdf.ts';

const work = mkdtempSync(join(tmpdir(), 'jiangbu-pdf-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Chromium's own temporary directories (jiangbu-pdf-…) left in the temp folder, to see that none remain. */
const leftovers = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('jiangbu-pdf-') && !n.startsWith('jiangbu-pdf-test-')));

/** PDF pages: the page objects (/Type /Page, not /Pages) Chromium writes uncompressed. */
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

const line = (i: number): ApprovalFormLine => ({
  subject: `E${String(i).padStart(4, '0')}`,
  subjectName: '康乐苑',
  period: '2025H1',
  payee: '91152501MA0N123456',
  payeeName: '二连浩特市安居物业服务有限公司',
  bankName: '中国工商银行二连浩特分行',
  accountName: '二连浩特市安居物业服务有限公司',
  accountNo: '0607002109200012345',
  amount: '1000.00',
});

const form = (n: number) =>
  renderApprovalForm({
    batchNo: 'PB-2025H1-T-001',
    programme: 'T',
    period: '2025H1',
    state: 'approved',
    createdAt: '2025-07-10T01:05:00Z',
    createdBy: '王经办',
    approvedAt: '2025-07-11T02:00:00Z',
    approvedBy: '李科长',
    total: `${n * 1000}.00`,
    policy: { id: 'erenhot-2024', version: '1.0.0', paramsHash: 'sha256:4f2a9c' },
    lines: Array.from({ length: n }, (_, i) => line(i + 1)),
  });

test('chromiumPath: JIANGBU_CHROMIUM when executable, else the Debian paths, else null', () => {
  const fake = join(work, 'fake-chromium');
  writeFileSync(fake, '#!/bin/sh\nexit 0\n');
  chmodSync(fake, 0o755);
  assert.equal(chromiumPath({ JIANGBU_CHROMIUM: fake }), fake);
  assert.equal(chromiumPath({ JIANGBU_CHROMIUM: join(work, 'none') }), null, 'a configured path that is not there is not replaced');
  const found = chromiumPath({});
  assert.ok(found === null || found === '/usr/bin/chromium' || found === '/usr/bin/chromium-browser');
});

test('without Chromium: a clear error in both languages, nothing written', async () => {
  const out = join(work, 'none.pdf');
  await assert.rejects(htmlToPdf('<p>x</p>', out, { chromium: null }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, 'pdf.no_chromium');
    assert.match(e.text.zh, /未找到 Chromium/);
    assert.match(e.text.en, /no Chromium found/);
    return true;
  });
  assert.equal(existsSync(out), false);
});

test('a Chromium that fails or hangs: an error naming it, its temporary files removed', async () => {
  const before = leftovers();
  const failing = join(work, 'failing-chromium');
  writeFileSync(failing, '#!/bin/sh\necho "cannot open display" >&2\nexit 3\n');
  chmodSync(failing, 0o755);
  await assert.rejects(htmlToPdf('<p>x</p>', join(work, 'f.pdf'), { chromium: failing }), (e: unknown) => {
    assert.ok(e instanceof UserError && e.code === 'pdf.failed');
    assert.match(e.text.en, /exit 3.*cannot open display/s);
    return true;
  });
  const hanging = join(work, 'hanging-chromium');
  writeFileSync(hanging, '#!/bin/sh\nsleep 30 &\nwait\n');
  chmodSync(hanging, 0o755);
  await assert.rejects(htmlToPdf('<p>x</p>', join(work, 'h.pdf'), { chromium: hanging, timeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof UserError && e.code === 'pdf.failed');
    assert.match(e.text.en, /timed out after 300 ms/);
    return true;
  });
  await assert.rejects(htmlToPdf('<p>x</p>', join(work, 'm.pdf'), { chromium: join(work, 'missing') }), (e: unknown) => {
    assert.ok(e instanceof UserError && e.code === 'pdf.failed');
    assert.match(e.text.en, /cannot start Chromium/);
    return true;
  });
  assert.deepEqual(leftovers(), before);
});

test('with Chromium: the approval form as a PDF of one page, and of several for a long batch', async (t) => {
  const chromium = chromiumPath();
  if (!chromium) return t.skip('no Chromium here (set JIANGBU_CHROMIUM or install chromium): the PDF is not tried');
  const before = leftovers();
  const one = join(work, 'one.pdf');
  await htmlToPdf(form(2), one);
  const pdf = readFileSync(one);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(pageCount(pdf), 1);

  const long = join(work, 'long.pdf');
  await htmlToPdf(form(80), long);
  const pages = pageCount(readFileSync(long));
  assert.ok(pages >= 2, `80 lines take more than one A4 page, got ${pages}`);
  assert.deepEqual(leftovers(), before, 'temporary files removed');
});
