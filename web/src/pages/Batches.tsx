/** 拨付批次: the settlement batches, newest first (GET /api/batches); finance makes one here (SettleForm). */
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { BatchSummary } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { SettleForm } from '../components/money/SettleForm.tsx';
import { day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { APPROVES_BATCHES } from '../roles.ts';
import { ErrorAlert, Money, useGet } from '../ui.tsx';

export default function Batches() {
  const { t } = useI18n();
  const { session } = useAuth();
  const { data, error, loading } = useGet<{ items: BatchSummary[]; total: number }>('/api/batches');
  return (
    <div data-testid="batches">
      <Typography.Title level={3}>{t('batches')}</Typography.Title>
      {session && APPROVES_BATCHES.includes(session.user.role) && <SettleForm />}
      <ErrorAlert error={error} />
      <Table<BatchSummary>
        rowKey="batch"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        columns={[
          { title: t('batch'), dataIndex: 'batch', render: (b: string) => <Link to={`/batches/${encodeURIComponent(b)}`}>{b}</Link> },
          { title: t('programme'), dataIndex: 'programme' },
          { title: t('settlePeriod'), dataIndex: 'period' },
          { title: t('state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`batchState_${s}` as MessageKey)}</Tag> },
          { title: t('lines'), dataIndex: 'lineCount', align: 'right' },
          { title: t('total'), dataIndex: 'total', align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (d: string) => day(d) },
          { title: t('approved'), dataIndex: 'approvedAt', render: (d: string | null) => day(d) },
        ]}
      />
    </div>
  );
}
