/**
 * One settlement batch: its lines, and for finance the approval (the password again), the bank file,
 * the printable 拨付审批表 and the bank's answer (an xlsx, its row-level problems on screen).
 */
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, type BatchView, errorText } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { dateTime } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { APPROVES_BATCHES } from '../roles.ts';
import { ErrorAlert, Money, useGet } from '../ui.tsx';

interface RowProblem {
  row: number;
  column: string;
  value: string;
  message: string;
}

export default function BatchPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session } = useAuth();
  const { no = '' } = useParams();
  const path = `/api/batches/${encodeURIComponent(no)}`;
  const { data: b, error, loading, reload } = useGet<BatchView>(path);
  const [approving, setApproving] = useState(false);
  const [password, setPassword] = useState('');
  const [approveError, setApproveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{ error: string | null; problems: RowProblem[] }>({ error: null, problems: [] });
  const finance = session ? APPROVES_BATCHES.includes(session.user.role) : false;

  const approve = async () => {
    setBusy(true);
    setApproveError(null);
    try {
      await api.post(`${path}/approve`, { password });
      setApproving(false);
      setPassword('');
      message.success(t('approved'));
      reload();
    } catch (e) {
      setApproveError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const sendResult = async (file: File) => {
    const body = new FormData();
    body.append('file', file);
    setUpload({ error: null, problems: [] });
    try {
      const r = await api.post<{ paid: number; failed: number; returned: number }>(`${path}/bank-result`, body);
      message.success(t('bankResultDone', { paid: r.paid, failed: r.failed, returned: r.returned }));
      reload();
    } catch (e) {
      const problems = e instanceof ApiError ? ((e.body as { problems?: RowProblem[] } | null)?.problems ?? []) : [];
      setUpload({ error: errorText(e), problems });
    }
  };

  return (
    <div data-testid="batch-page">
      <Space className="jb-filters">
        <Link to="/batches">← {t('back')}</Link>
      </Space>
      <ErrorAlert error={error} />
      {loading && !b && <Card loading />}
      {b && (
        <Space direction="vertical" size="middle" className="jb-full">
          <Typography.Title level={3}>
            {b.batch}{' '}
            <Tag color={b.state === 'settled' ? 'green' : 'processing'} data-testid="batch-state">
              {t(`batchState_${b.state}` as MessageKey)}
            </Tag>
          </Typography.Title>
          <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('programme')}>{t(`programme_${b.programme}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('settlePeriod')}>{b.period}</Descriptions.Item>
            <Descriptions.Item label={t('total')}>
              <Money value={b.total} />
            </Descriptions.Item>
            <Descriptions.Item label={t('lines')}>{b.lineCount}</Descriptions.Item>
            <Descriptions.Item label={t('createdAt')}>{dateTime(b.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('approved')}>
              {b.approvedBy ? `${b.approvedBy} · ${dateTime(b.approvedAt)}` : '—'}
            </Descriptions.Item>
          </Descriptions>
          {finance && (
            <Space wrap>
              {b.state === 'draft' && (
                <Button type="primary" onClick={() => setApproving(true)} data-testid="approve">
                  {t('approve')}
                </Button>
              )}
              {b.state !== 'draft' && (
                <Button href={`${path}/bank-file`} data-testid="bank-file">
                  {t('bankFile')}
                </Button>
              )}
              <Button href={`${path}/form`} target="_blank" rel="noopener" data-testid="approval-form">
                {t('approvalForm')}
              </Button>
              {b.state === 'approved' && (
                <span data-testid="bank-result">
                  <Upload
                    accept=".xlsx"
                    showUploadList={false}
                    beforeUpload={(f) => {
                      void sendResult(f);
                      return false;
                    }}
                  >
                    <Button>{t('bankResult')}</Button>
                  </Upload>
                </span>
              )}
            </Space>
          )}
          {upload.error && <Alert type="error" showIcon message={upload.error} />}
          {upload.problems.length > 0 && (
            <Table<RowProblem>
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
              dataSource={upload.problems}
              pagination={false}
              columns={[
                { title: t('row'), dataIndex: 'row' },
                { title: t('column'), dataIndex: 'column' },
                { title: t('value'), dataIndex: 'value' },
                { title: t('result'), dataIndex: 'message' },
              ]}
            />
          )}
          <div data-testid="batch-lines">
            <Table
              rowKey="seq"
              size="small"
              dataSource={b.lines}
              pagination={{ pageSize: 50, showSizeChanger: true }}
              columns={[
                { title: '#', dataIndex: 'seq' },
                { title: t('code'), dataIndex: 'subject' },
                { title: t('name'), dataIndex: 'subjectName' },
                { title: t('period'), dataIndex: 'period', render: (p: string | null) => p ?? '—' },
                { title: t('payee'), dataIndex: 'payeeName' },
                { title: t('account'), dataIndex: 'accountNo' },
                { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
                {
                  title: t('result'),
                  dataIndex: 'result',
                  render: (r: string, l) => (
                    <span>
                      <Tag color={r === 'paid' ? 'green' : r === 'pending' ? 'default' : 'red'}>{t(`lineResult_${r}` as MessageKey)}</Tag>
                      {l.resultReason ?? ''}
                    </span>
                  ),
                },
              ]}
            />
          </div>
          <Modal open={approving} title={t('approve')} onOk={approve} confirmLoading={busy} onCancel={() => setApproving(false)}>
            <Typography.Paragraph>{t('approvePassword')}</Typography.Paragraph>
            <ErrorAlert error={approveError} />
            <Input.Password
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              data-testid="approve-password"
            />
          </Modal>
        </Space>
      )}
    </div>
  );
}
