/** 办件: the cases in the user's scope (GET /api/cases), newest first, with filters and server paging. */
import { Button, Checkbox, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type CaseSummary, qs } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { BulkBar } from '../components/cases/Bulk.tsx';
import { type CaseType, casePeriod, stateLabel, WORKFLOWS } from '../components/cases/labels.ts';
import { day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { Due, ErrorAlert, FilterButtons, Money, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

export const CASE_TYPES = ['takeover', 'claim', 'grant', 'facility', 'rectification', 'roster'] as const;

/** Who applies for what (the workflow tables' applicants), for the "new application" buttons. */
export const APPLIES: Record<string, CaseType[]> = {
  company: ['takeover', 'claim'],
  committee: ['grant'],
  community: ['grant', 'facility'],
};
const BULK_ROLES = ['bureau', 'community'];

interface Filters {
  type?: string;
  state?: string;
  period?: string;
  community?: string;
  compound?: string;
  overdue?: boolean;
}

export default function Cases() {
  const { t, lang } = useI18n();
  const { session } = useAuth();
  const role = session?.user.role ?? 'bureau';
  const navigate = useNavigate();
  const [selected, setSelected] = useState<CaseSummary[]>([]);
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const [form] = Form.useForm<Filters>();
  const watchedType = Form.useWatch('type', form);
  const q = qs({ ...filters, overdue: filters.overdue ? 'true' : undefined, ...pageQuery(paging) });
  const { data, error, loading, reload } = useGet<{ items: CaseSummary[]; total: number }>(`/api/cases${q}`);
  const pager = usePager(data?.total, paging, setPaging);
  return (
    <div data-testid="cases">
      <Space className="jb-title-row">
        <Typography.Title level={3}>{t('cases')}</Typography.Title>
        {(APPLIES[role] ?? []).map((type) => (
          <Button key={type} type="primary" onClick={() => navigate(`/cases/new/${type}`)} data-testid={`new-${type}`}>
            {t('newCase', { type: t(`caseType_${type}` as MessageKey) })}
          </Button>
        ))}
      </Space>
      <Form
        form={form}
        layout="inline"
        className="jb-filters"
        onFinish={(v) => {
          setFilters({
            type: v.type || undefined,
            state: v.state || undefined,
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
            data-testid="type-filter"
            options={CASE_TYPES.map((c) => ({ value: c, label: t(`caseType_${c}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="state" label={t('state')}>
          <Select
            allowClear
            className="jb-select"
            placeholder={t('all')}
            data-testid="state-filter"
            options={stateOptions(watchedType, lang)}
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
      {BULK_ROLES.includes(role) && (
        <BulkBar
          role={role}
          rows={selected}
          done={() => {
            setSelected([]);
            reload();
          }}
        />
      )}
      <Table<CaseSummary>
        rowKey="caseNo"
        rowSelection={
          BULK_ROLES.includes(role)
            ? { selectedRowKeys: selected.map((r) => r.caseNo), onChange: (_, rows) => setSelected(rows) }
            : undefined
        }
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={pager}
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo', render: (no: string) => <Link to={`/cases/${no}`}>{no}</Link> },
          { title: t('type'), dataIndex: 'type', render: (c: string) => t(`caseType_${c}` as MessageKey) },
          { title: t('compound'), key: 'compound', render: (_, r) => r.compound.name },
          { title: t('community'), key: 'community', render: (_, r) => r.community.name },
          { title: t('casePeriod'), key: 'period', render: (_, r) => casePeriod(r, lang) },
          { title: t('state'), key: 'state', render: (_, r) => stateLabel(r.type, r.state, lang) },
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

/** The states of a kind of case (or of every kind), each once, named as its kind names it. */
function stateOptions(type: string | undefined, lang: 'zh' | 'en') {
  const kinds = (type ? [type] : Object.keys(WORKFLOWS)) as CaseType[];
  const seen = new Map<string, string>();
  for (const k of kinds) for (const s of Object.keys(WORKFLOWS[k].states)) if (!seen.has(s)) seen.set(s, stateLabel(k, s, lang));
  return [...seen].map(([value, label]) => ({ value, label }));
}
