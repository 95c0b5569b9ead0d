/**
 * 业委会收支 (docs/domain.md "Committee spending (clause 3.3)"): a committee's ledger — the grant received,
 * each use and correction with the balance after it, the totals. The committee books a use (its receipt
 * uploaded first) and corrects one with a reason; its community, the bureau, finance and the auditor read
 * it (GET /api/committees/:code/spending). The server refuses what the grant cannot hold.
 */
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Page, qs } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { money } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, useAction, useGet } from '../ui.tsx';

type SpendingLedger = import('../../../src/service/money/spending.ts').SpendingLedger;
type LedgerLine = import('../../../src/service/money/spending.ts').LedgerLine;

function RecordUse({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ spentOn: Dayjs; item: string; amount: string }>();
  const [receipt, setReceipt] = useState<File | null>(null);
  const { busy, error, run } = useAction();
  const submit = (v: { spentOn: Dayjs; item: string; amount: string }) =>
    run(async () => {
      let receiptAttachmentId: number | undefined;
      if (receipt) {
        const body = new FormData();
        body.append('file', receipt);
        receiptAttachmentId = (await api.post<{ id: number }>('/api/attachments', body)).id;
      }
      const r = await api.post<{ balance: string }>(`/api/committees/${encodeURIComponent(code)}/spending`, {
        spentOn: v.spentOn.format('YYYY-MM-DD'),
        item: v.item.trim(),
        amount: v.amount.trim(),
        ...(receiptAttachmentId ? { receiptAttachmentId } : {}),
      });
      message.success(t('recorded', { balance: money(r.balance) }));
      form.resetFields();
      setReceipt(null);
      onDone();
    });
  const req = (field: MessageKey) => [{ required: true, whitespace: true, message: t('required', { field: t(field) }) }];
  return (
    <Card size="small" title={t('recordUse')} data-testid="record-use">
      <ErrorAlert error={error} />
      <Form form={form} layout="inline" onFinish={submit}>
        <Form.Item name="spentOn" label={t('spentOn')} rules={[{ required: true, message: t('required', { field: t('spentOn') }) }]}>
          <DatePicker data-testid="spent-on" />
        </Form.Item>
        <Form.Item name="item" label={t('item')} rules={req('item')}>
          <Input maxLength={200} className="jb-mid-input" data-testid="spent-item" />
        </Form.Item>
        <Form.Item name="amount" label={t('amount')} rules={req('amount')}>
          <Input prefix="¥" inputMode="decimal" className="jb-amount-input" data-testid="spent-amount" />
        </Form.Item>
        <Form.Item label={t('receipt')} tooltip={t('receiptHint')}>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            maxCount={1}
            fileList={receipt ? [{ uid: '1', name: receipt.name, status: 'done' }] : []}
            onRemove={() => setReceipt(null)}
            beforeUpload={(f) => {
              setReceipt(f);
              return false;
            }}
          >
            <Button data-testid="receipt">{t('chooseFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="record">
            {t('record')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function Correct({ code, id, onClose, onDone }: { code: string; id: number | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = () =>
    run(async () => {
      await api.post(`/api/committees/${encodeURIComponent(code)}/spending/${id}/reverse`, { reason: reason.trim() });
      message.success(t('corrected'));
      setReason('');
      onDone();
    });
  return (
    <Modal
      open={id !== null}
      title={t('correctTitle')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: !reason.trim() }}
    >
      <ErrorAlert error={error} />
      <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('reason')} />
    </Modal>
  );
}

function Ledger({ code, own }: { code: string; own: boolean }) {
  const { t } = useI18n();
  const path = `/api/committees/${encodeURIComponent(code)}/spending`;
  const { data: l, error, loading, reload } = useGet<SpendingLedger>(`${path}${qs({ limit: 500 })}`);
  const [correcting, setCorrecting] = useState<number | null>(null);
  return (
    <Space direction="vertical" size="middle" className="jb-full">
      <ErrorAlert error={error} />
      {loading && !l && <Card loading />}
      {l && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('committee')}>
              {l.committee.name}（{l.committee.code}）
            </Descriptions.Item>
            <Descriptions.Item label={t('compound')}>{l.committee.compoundName}</Descriptions.Item>
            <Descriptions.Item label={t('community')}>{l.committee.communityName}</Descriptions.Item>
          </Descriptions>
          <Space size="large" wrap>
            <Card size="small">
              <Statistic title={t('received')} value={money(l.received)} />
            </Card>
            <Card size="small">
              <Statistic title={t('spent')} value={money(l.spent)} />
            </Card>
            <Card size="small" data-testid="balance">
              <Statistic title={t('balance')} value={money(l.balance)} />
            </Card>
          </Space>
          {!l.paid && <Alert type="info" showIcon message={t('notPaid')} />}
          {own && l.paid && <RecordUse code={code} onDone={reload} />}
          <Table<LedgerLine>
            rowKey="seq"
            size="middle"
            dataSource={l.lines}
            pagination={l.lines.length > 50 ? { pageSize: 50 } : false}
            data-testid="ledger"
            columns={[
              { title: t('seq'), dataIndex: 'seq' },
              { title: t('date'), dataIndex: 'date' },
              {
                title: t('kind'),
                dataIndex: 'kind',
                render: (v: LedgerLine['kind'], r) => (
                  <Space size={4}>
                    <Tag color={v === 'received' ? 'green' : v === 'reversal' ? 'orange' : 'blue'}>{t(`line_${v}` as MessageKey)}</Tag>
                    {r.reversed && <Tag>{t('correctedMark')}</Tag>}
                  </Space>
                ),
              },
              { title: t('item'), key: 'item', render: (_, r) => r.item ?? r.reason ?? '—' },
              {
                title: t('amount'),
                key: 'amount',
                align: 'right',
                render: (_, r) => <Money value={r.kind === 'spent' ? `-${r.amount}` : r.amount} />,
              },
              { title: t('balanceAfter'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
              {
                title: t('receipt'),
                key: 'receipt',
                render: (_, r) =>
                  r.receipt && r.spendingId ? (
                    <Button type="link" size="small" href={`${path}/${r.spendingId}/receipt`}>
                      {t('download')}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
              ...(own
                ? [
                    {
                      title: '',
                      key: 'correct',
                      render: (_: unknown, r: LedgerLine) =>
                        r.kind === 'spent' &&
                        !r.reversed &&
                        r.spendingId !== null && (
                          <Button size="small" onClick={() => setCorrecting(r.spendingId)}>
                            {t('correct')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          <Correct
            code={code}
            id={correcting}
            onClose={() => setCorrecting(null)}
            onDone={() => {
              setCorrecting(null);
              reload();
            }}
          />
        </>
      )}
    </Space>
  );
}

export default function AdminSpending() {
  const { t } = useI18n();
  const { session } = useAuth();
  const own = session?.user.role === 'committee';
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const { data, error } = useGet<Page<{ code: string; compoundName: string }>>(own ? null : `/api/committees${qs({ limit: 200 })}`);
  const code = own ? (session?.user.scope ?? undefined) : chosen;
  return (
    <div data-testid="spending">
      <Typography.Title level={3}>{t('spending')}</Typography.Title>
      {!own && (
        <Space className="jb-filters">
          {t('committee')}
          <Select
            showSearch
            className="jb-wide-input"
            placeholder={t('chooseCommittee')}
            value={chosen}
            onChange={setChosen}
            optionFilterProp="label"
            options={(data?.items ?? []).map((w) => ({ value: w.code, label: `${w.code} ${w.compoundName}` }))}
            data-testid="committee-select"
          />
        </Space>
      )}
      <ErrorAlert error={error} />
      {code && <Ledger key={code} code={code} own={own} />}
    </div>
  );
}
