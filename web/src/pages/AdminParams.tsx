/**
 * 政策参数 (GET /api/params, every signed-in role): each parameter with its value, unit, the dates it is in
 * force, the clause it rests on with the clause's place and gist, and the decision (D-n) that reads it.
 */
import { DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { qs } from '../api.ts';
import { type ParamRow, paramColumns } from '../components/ParamColumns.tsx';
import { useI18n } from '../i18n.tsx';
import { ErrorAlert, useGet } from '../ui.tsx';

export default function AdminParams() {
  const { t } = useI18n();
  const [at, setAt] = useState<Dayjs | null>(null);
  const { data, error, loading } = useGet<{ policy: { id: string; version: string; paramsHash: string }; parameters: ParamRow[] }>(
    `/api/params${qs({ at: at?.format('YYYY-MM-DD') })}`,
  );
  return (
    <div data-testid="params">
      <Typography.Title level={3}>{t('params')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('paramsHint')}</Typography.Paragraph>
      <Space className="jb-filters" wrap>
        {t('asOfDay')}
        <DatePicker value={at} onChange={setAt} placeholder={t('latest')} data-testid="params-at" />
        {data && (
          <Typography.Text type="secondary">
            {data.policy.id} · {data.policy.version}
          </Typography.Text>
        )}
      </Space>
      <ErrorAlert error={error} />
      <Table<ParamRow>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.parameters ?? []}
        pagination={false}
        columns={[
          ...paramColumns(t),
          {
            title: t('paramDecision'),
            key: 'decision',
            width: 240,
            render: (_, r) =>
              r.decision ? (
                <div>
                  <Tag>{r.decision}</Tag>
                  <div className="jb-clause">{r.decisionSummary}</div>
                </div>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </div>
  );
}
