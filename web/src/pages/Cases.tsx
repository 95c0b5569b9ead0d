/** 办件: the cases in the user's scope (GET /api/cases), newest first, with filters and server paging. */
import { Checkbox, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type CaseSummary, qs } from '../api.ts';
import { day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { Due, ErrorAlert, FilterButtons, Money, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

export const CASE_TYPES = ['takeover', 'claim', 'grant', 'facility', 'rectification', 'roster'] as const;

interface Filters {
  type?: string;
  period?: string;
  community?: string;
  compound?: string;
  overdue?: boolean;
}

export default function Cases() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const [form] = Form.useForm<Filters>();
  const q = qs({ ...filters, overdue: filters.overdue ? 'true' : undefined, ...pageQuery(paging) });
  const { data, error, loading } = useGet<{ items: CaseSummary[]; total: number }>(`/api/cases${q}`);
  const pager = usePager(data?.total, paging, setPaging);
  return (
    <div data-testid="cases">
      <Typography.Title level={3}>{t('cases')}</Typography.Title>
      <Form
        form={form}
        layout="inline"
        className="jb-filters"
        onFinish={(v) => {
          setFilters({
            type: v.type || undefined,
            period: v.period?.trim() || undefined,
            community: v.community?.trim() || undefined,
            compound: v.compound?.trim() || undefined,
            overdue: v.overdue || undefined,
          });
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      >
        <Form.Item name="type" label={t('type')}>
          <Select
            allowClear
            className="jb-select"
            placeholder={t('all')}
            options={CASE_TYPES.map((c) => ({ value: c, label: t(`caseType_${c}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('period')}>
          <Input allowClear placeholder="2025H1" />
        </Form.Item>
        <Form.Item name="community" label={t('community')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="compound" label={t('compound')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{t('onlyOverdue')}</Checkbox>
        </Form.Item>
        <FilterButtons
          onReset={() => {
            form.resetFields();
            setFilters({});
          }}
        />
      </Form>
      <ErrorAlert error={error} />
      <Table<CaseSummary>
        rowKey="caseNo"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={pager}
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo', render: (no: string) => <Link to={`/cases/${no}`}>{no}</Link> },
          { title: t('type'), dataIndex: 'type', render: (c: string) => t(`caseType_${c}` as MessageKey) },
          { title: t('compound'), key: 'compound', render: (_, r) => r.compound.name },
          { title: t('community'), key: 'community', render: (_, r) => r.community.name },
          { title: t('period'), dataIndex: 'period', render: (p: string | null) => p ?? '—' },
          { title: t('state'), dataIndex: 'stateName' },
          { title: t('amount'), dataIndex: 'amount', align: 'right', render: (a: string | null) => <Money value={a} /> },
          {
            title: t('dueOn'),
            dataIndex: 'dueOn',
            render: (d: string | null, r) => <Due on={d} overdue={r.overdue} />,
          },
          { title: t('submittedAt'), dataIndex: 'submittedAt', render: (d: string | null) => day(d) },
        ]}
      />
    </div>
  );
}
