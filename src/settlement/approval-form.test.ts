import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ApprovalFormData,
  type ApprovalFormLine,
  beijingTime,
  escapeHtml,
  groupedYuan,
  periodName,
  renderApprovalForm,
} from './approval-form.ts';

const line = (over: Partial<ApprovalFormLine> = {}): ApprovalFormLine => ({
  subject: 'E0001',
  subjectName: '康乐苑',
  period: '2025H1',
  payee: '91152501MA0N123456',
  payeeName: '二连浩特市安居物业服务有限公司',
  bankName: '中国工商银行二连浩特分行',
  accountName: '二连浩特市安居物业服务有限公司',
  accountNo: '0607002109200012345',
  amount: '12032.26',
  ...over,
});

const sampleForm = (over: Partial<ApprovalFormData> = {}): ApprovalFormData => ({
  batchNo: 'PB-2025H1-T-001',
  programme: 'T',
  period: '2025H1',
  state: 'approved',
  createdAt: '2025-07-10T01:05:00.000Z',
  createdBy: '王经办',
  approvedAt: '2025-07-11T16:30:00Z',
  approvedBy: '李科长',
  total: '17032.26',
  policy: { id: 'erenhot-2024', version: '1.0.0', paramsHash: 'sha256:4f2a9c' },
  lines: [
    line(),
    line({ subject: 'E0002', subjectName: '和平小区', payee: '91152501MA0N654321', payeeName: '北疆物业', amount: '5000.00' }),
  ],
  ...over,
});

test('the form carries the title, the batch and the total in figures and in capitals', () => {
  const html = renderApprovalForm(sampleForm());
  assert.ok(html.startsWith('<!doctype html>'));
  assert.match(html, /<html lang="zh-CN">/);
  assert.ok(html.includes('<h1>二连浩特市物业管理奖补资金拨付审批表</h1>'));
  assert.ok(html.includes('PB-2025H1-T-001'));
  assert.ok(html.includes('T 企业承接奖补'));
  assert.ok(html.includes('2025年上半年'));
  assert.ok(html.includes('已审批'));
  assert.ok(html.includes('¥17,032.26'));
  assert.ok(html.includes('人民币壹万柒仟零叁拾贰元贰角陆分'));
  assert.ok(html.includes('2 笔'), 'the number of lines is printed');
  assert.ok(html.includes('合计（2 笔）'));
});

test('times print as Beijing time to the minute; a batch not yet approved shows a dash', () => {
  const html = renderApprovalForm(sampleForm());
  assert.ok(html.includes('<td>王经办</td><th>编制时间</th><td>2025-07-10 09:05</td>'));
  assert.ok(html.includes('<td>李科长</td><th>审批时间</th><td>2025-07-12 00:30</td>'), 'the day turns at midnight Beijing time');
  const draft = renderApprovalForm(sampleForm({ state: 'draft', approvedAt: null, approvedBy: null }));
  assert.ok(draft.includes('<th>审批人</th><td>—</td><th>审批时间</th><td>—</td>'));
  assert.ok(draft.includes('草稿'));
  assert.equal(beijingTime('2025-07-10 09:05:00+08'), '2025-07-10 09:05', "PostgreSQL's text form");
  assert.equal(beijingTime('2025-07-10T03:05:00+02:00'), '2025-07-10 09:05');
  assert.equal(beijingTime('2025-07-10 09:05:00.123456+08'), '2025-07-10 09:05');
  assert.equal(beijingTime('2025-07-10T09:05+0800'), '2025-07-10 09:05');
  assert.equal(beijingTime('2025-12-31T16:00:00Z'), '2026-01-01 00:00', 'the year turns in Beijing first');
  for (const bad of [
    '2025-07-10T01:05:00',
    '2025-07-10',
    'yesterday',
    '2025-13-40T00:00:00Z',
    '2025-02-30T10:00:00Z',
    '2025-07-10T25:00:00Z',
  ])
    assert.throws(() => beijingTime(bad), /offset/, bad);
});

test('every line appears: payee, code, bank, account, purpose = subject and period, amount with separators', () => {
  const html = renderApprovalForm(sampleForm());
  for (const text of [
    '二连浩特市安居物业服务有限公司',
    '91152501MA0N123456',
    '中国工商银行二连浩特分行',
    '0607002109200012345',
    '康乐苑（E0001）2025年上半年',
    '12,032.26',
    '北疆物业',
    '和平小区（E0002）2025年上半年',
    '5,000.00',
  ])
    assert.ok(html.includes(text), text);
  for (const h of ['序号', '收款单位', '开户银行', '账户名称', '账号', '事由', '金额（元）']) assert.ok(html.includes(`>${h}</th>`), h);
  const rows = html.match(/<tr><td class="no">\d+<\/td>/g) ?? [];
  assert.deepEqual(rows, ['<tr><td class="no">1</td>', '<tr><td class="no">2</td>']);
});

test('signature and seal boxes with 年 月 日, and the policy in the footer', () => {
  const html = renderApprovalForm(sampleForm());
  for (const box of ['经办人', '住建局意见（盖章）', '财政局意见（盖章）', '分管领导'])
    assert.ok(html.includes(`<span class="label">${box}</span><span class="date">年　　月　　日</span>`), box);
  assert.match(html, /<footer>政策 erenhot-2024 版本 1\.0\.0 · 参数摘要 sha256:4f2a9c · 批次编号 PB-2025H1-T-001<\/footer>/);
});

test('every text is escaped: a payee named like markup prints as text', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const html = renderApprovalForm(
    sampleForm({
      batchNo: `B"'&${evil}`,
      createdBy: evil,
      approvedBy: evil,
      state: evil,
      period: evil,
      policy: { id: evil, version: evil, paramsHash: evil },
      lines: [
        line({
          subject: evil,
          subjectName: evil,
          period: evil,
          payee: evil,
          payeeName: evil,
          bankName: evil,
          accountName: evil,
          accountNo: evil,
        }),
      ],
    }),
  );
  assert.ok(!html.includes('<img'), 'no markup from data');
  assert.ok(!/onerror=alert/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), 'only escaped copies');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('B&quot;&#39;&amp;&lt;img'));
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('printable on A4 and safe to serve: page size, repeated header, rows kept whole, one style block, no script', () => {
  const html = renderApprovalForm(sampleForm());
  assert.match(html, /@page \{ size: A4; margin: [^;]+;/);
  assert.match(html, /\.lines thead \{ display: table-header-group; \}/);
  assert.match(html, /\.lines tr, [^{]*\{ break-inside: avoid; page-break-inside: avoid; \}/);
  assert.equal(html.match(/<style>/g)?.length, 1);
  assert.ok(!/<script/i.test(html));
  assert.ok(!/\son[a-z]+=/i.test(html), 'no event handler attributes');
  assert.ok(!/(src|href)=|url\(|@import/i.test(html), 'no external resource');
});

test('deterministic: the same data give the same document', () => {
  assert.equal(renderApprovalForm(sampleForm()), renderApprovalForm(sampleForm()));
  assert.equal(renderApprovalForm(sampleForm(), 'en'), renderApprovalForm(sampleForm(), 'en'));
});

test('the renderer prints the lines it is given and does not add them up (the caller guarantees the total)', () => {
  const html = renderApprovalForm(sampleForm({ total: '1.00' }));
  assert.ok(html.includes('¥1.00') && html.includes('人民币壹元整'));
  const empty = renderApprovalForm(sampleForm({ lines: [], total: '0.00' }));
  assert.ok(empty.includes('（无明细）') && empty.includes('0 笔') && empty.includes('人民币零元整'));
});

test('a large batch: every line numbered, amounts grouped in thousands', () => {
  const lines = Array.from({ length: 120 }, (_, i) => line({ subject: `E${String(i + 1).padStart(4, '0')}`, amount: '1000000.01' }));
  const html = renderApprovalForm(sampleForm({ lines, total: '120000001.20' }));
  assert.equal(html.match(/<tr><td class="no">\d+<\/td>/g)?.length, 120);
  assert.ok(html.includes('E0120') && html.includes('1,000,000.01') && html.includes('¥120,000,001.20'));
  assert.ok(html.includes('人民币壹亿贰仟万零壹元贰角整'));
  assert.ok(html.includes('120 笔'));
});

test('English: English labels, the Chinese title and capitals kept', () => {
  const html = renderApprovalForm(sampleForm(), 'en');
  assert.match(html, /<html lang="en">/);
  assert.ok(html.includes('<h1>二连浩特市物业管理奖补资金拨付审批表</h1>'));
  assert.ok(html.includes('disbursement approval form'));
  assert.ok(html.includes('T takeover reward (企业承接奖补)'));
  assert.ok(html.includes('Total (Chinese capitals)') && html.includes('人民币壹万柒仟零叁拾贰元贰角陆分'));
  assert.ok(html.includes('Total (2 lines)') && html.includes('2025 H1'));
  assert.ok(html.includes('Housing bureau (住建局意见, seal)'));
});

test('amounts and periods: grouping by string, bad amounts refused', () => {
  assert.equal(groupedYuan('0.00'), '0.00');
  assert.equal(groupedYuan('999.99'), '999.99');
  assert.equal(groupedYuan('1000.00'), '1,000.00');
  assert.equal(groupedYuan('17032.26'), '17,032.26');
  assert.equal(groupedYuan('123456789012.34'), '123,456,789,012.34');
  for (const bad of ['1', '1.5', '-1.00', '1,000.00', '01.00', '1.234']) assert.throws(() => groupedYuan(bad), /2 decimals/, bad);
  assert.throws(() => renderApprovalForm(sampleForm({ lines: [line({ amount: '12' })] })), /2 decimals/);
  assert.throws(() => renderApprovalForm(sampleForm({ total: '-5.00' })));
  assert.equal(periodName('2025H1'), '2025年上半年');
  assert.equal(periodName('2025H2'), '2025年下半年');
  assert.equal(periodName('2025'), '2025年度');
  assert.equal(periodName('2025', 'en'), '2025');
  assert.equal(periodName('2025Q3'), '2025Q3');
});
