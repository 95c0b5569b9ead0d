/** 预算: per programme and year (and F's quota per community): appropriated, reserved, paid, remaining. */
import { Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { type BudgetRow, qs } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, useGet } from '../ui.tsx';

export default function Budgets() {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data, error, loading } = useGet<{ items: BudgetRow[] }>(`/api/budgets${qs({ year })}`);
  const years = [...new Set((data?.items ?? []).map((r) => r.year))];
  const money = (v: string) => <Money value={v} />;
  return (
    <div data-testid="budgets">
      <Typography.Title level={3}>{t('budgets')}</Typography.Title>
      <Space className="jb-filters">
        {t('year')}
        <Select
          allowClear
          className="jb-select"
          placeholder={t('all')}
          value={year}
          onChange={setYear}
          options={(year && !years.includes(year) ? [year, ...years] : years).map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      <ErrorAlert error={error} />
      <Table<BudgetRow>
        rowKey={(r) => `${r.year}-${r.programme}-${r.community?.code ?? ''}`}
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: true }}
        columns={[
          { title: t('year'), dataIndex: 'year' },
          { title: t('programme'), dataIndex: 'programme' },
          { title: t('community'), key: 'community', render: (_, r) => r.community?.name ?? '—' },
          { title: t('appropriated'), dataIndex: 'appropriated', align: 'right', render: money },
          { title: t('reserved'), dataIndex: 'reserved', align: 'right', render: money },
          { title: t('paid'), dataIndex: 'paid', align: 'right', render: money },
          { title: t('remaining'), dataIndex: 'remaining', align: 'right', render: money },
        ]}
      />
    </div>
  );
}
