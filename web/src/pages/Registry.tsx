/**
 * The registry lists (communities, compounds, companies, committees, engagements): filters, server
 * paging (limit/offset of src/server/routes/resources.ts), a detail drawer read by code.
 */
import { Button, Descriptions, Drawer, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { qs } from '../api.ts';
import { RegistrySheets } from '../components/admin/RegistrySheets.tsx';
import { KIND_NAMES, REGISTRY_FIELDS } from '../components/registry-fields.ts';
import { day } from '../format.ts';
import { type T, useI18n } from '../i18n.tsx';
import type { RegistryKind } from '../roles.ts';
import { ErrorAlert, FilterButtons, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

type Row = Record<string, unknown> & { code: string };

interface Filter {
  name: string;
  label: (t: T) => string;
  options?: (t: T) => { value: string; label: string }[];
}

/** An engagement's status as the server computes it (src/service/read/engagements.ts ENGAGEMENT_STATUSES), named in the console's language. */
const ENGAGEMENT_STATUSES = ['upcoming', 'active', 'ended'] as const;

const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
const yesNo = (t: T) => [
  { value: 'true', label: t('yes') },
  { value: 'false', label: t('no') },
];

const FILTERS: Record<RegistryKind, Filter[]> = {
  communities: [
    { name: 'q', label: (t) => t('nameContains') },
    { name: 'subdistrict', label: (t) => t('subdistrict') },
  ],
  compounds: [
    { name: 'q', label: (t) => t('nameContains') },
    { name: 'community', label: (t) => t('community') },
    { name: 'onRoster', label: (t) => t('onRoster'), options: yesNo },
    {
      name: 'coverage',
      label: (t) => t('coverage'),
      options: (t) => [
        { value: 'managed', label: t('managed') },
        { value: 'unmanaged', label: t('unmanaged') },
      ],
    },
  ],
  companies: [
    { name: 'q', label: (t) => t('nameContains') },
    { name: 'community', label: (t) => t('community') },
  ],
  committees: [
    { name: 'community', label: (t) => t('community') },
    { name: 'compound', label: (t) => t('compound') },
  ],
  engagements: [
    { name: 'community', label: (t) => t('community') },
    { name: 'compound', label: (t) => t('compound') },
    { name: 'company', label: (t) => t('company') },
    {
      name: 'status',
      label: (t) => t('status'),
      options: (t) => ENGAGEMENT_STATUSES.map((s) => ({ value: s, label: t(`engagementStatus_${s}`) })),
    },
    { name: 'period', label: (t) => t('period') },
  ],
};

function columns(kind: RegistryKind, t: T): ColumnsType<Row> {
  const code = { title: t('code'), dataIndex: 'code', key: 'code' };
  switch (kind) {
    case 'communities':
      return [code, { title: t('name'), dataIndex: 'name' }, { title: t('subdistrict'), dataIndex: 'subdistrictName', render: text }];
    case 'compounds':
      return [
        code,
        { title: t('name'), dataIndex: 'name' },
        { title: t('community'), dataIndex: 'communityName' },
        { title: t('area'), dataIndex: 'area', align: 'right' },
        { title: t('households'), dataIndex: 'households', align: 'right' },
        {
          title: t('onRoster'),
          dataIndex: 'onRoster',
          render: (v: boolean) => (v ? <Tag color="gold">{t('yes')}</Tag> : t('no')),
        },
        {
          title: t('coverage'),
          dataIndex: 'coverage',
          render: (v: string) => (v === 'managed' ? <Tag color="green">{t('managed')}</Tag> : <Tag color="red">{t('unmanaged')}</Tag>),
        },
      ];
    case 'companies':
      return [code, { title: t('name'), dataIndex: 'name' }, { title: t('uscc'), dataIndex: 'uscc', render: text }];
    case 'committees':
      return [
        code,
        { title: t('compound'), dataIndex: 'compoundName' },
        { title: t('community'), dataIndex: 'communityCode' },
        { title: t('startDate'), dataIndex: 'established', render: (v: string) => day(v) },
      ];
    case 'engagements':
      return [
        code,
        { title: t('compound'), dataIndex: 'compoundName' },
        { title: t('company'), dataIndex: 'companyName' },
        { title: t('startDate'), dataIndex: 'entryDate', render: (v: string) => day(v) },
        { title: t('endDate'), dataIndex: 'endDate', render: (v: string | null) => day(v) },
        { title: t('status'), dataIndex: 'status', render: (s: (typeof ENGAGEMENT_STATUSES)[number]) => t(`engagementStatus_${s}`) },
      ];
  }
}

/** A drawer value in words: yes/no, coverage and status by name, the serving engagement with its company. */
function fieldValue(k: string, v: unknown, t: T, lang: 'zh' | 'en'): ReactNode {
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (k === 'coverage') return v === 'managed' ? t('managed') : t('unmanaged');
  if (k === 'kind' && typeof v === 'string' && v in KIND_NAMES) return KIND_NAMES[v as keyof typeof KIND_NAMES][lang];
  if (k === 'status' && typeof v === 'string' && (ENGAGEMENT_STATUSES as readonly string[]).includes(v))
    return t(`engagementStatus_${v as (typeof ENGAGEMENT_STATUSES)[number]}`);
  if (k === 'servedBy' && v && typeof v === 'object') {
    const s = v as { engagement?: string; company?: string };
    return `${s.company ?? ''}（${s.engagement ?? ''}）`;
  }
  if (typeof v === 'object' && v !== null) return <pre className="jb-pre">{JSON.stringify(v, null, 2)}</pre>;
  return text(v);
}

function Detail({ kind, code, onClose }: { kind: RegistryKind; code: string | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { data, error } = useGet<Record<string, unknown>>(code ? `/api/${kind}/${encodeURIComponent(code)}` : null);
  return (
    <Drawer open={code !== null} onClose={onClose} title={code} width={560} data-testid="detail">
      <ErrorAlert error={error} />
      {data && (
        <Descriptions column={1} bordered size="small">
          {Object.entries(data).map(([k, v]) => (
            <Descriptions.Item key={k} label={REGISTRY_FIELDS[k]?.[lang] ?? k}>
              {fieldValue(k, v, t, lang)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Drawer>
  );
}

export default function Registry({ kind }: { kind: RegistryKind }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm();
  const { data, error, loading } = useGet<{ items: Row[]; total: number }>(`/api/${kind}${qs({ ...filters, ...pageQuery(paging) })}`);
  const pager = usePager(data?.total, paging, setPaging);
  return (
    <div data-testid={`registry-${kind}`}>
      <Typography.Title level={3}>{t(kind)}</Typography.Title>
      <RegistrySheets page={kind} />
      <Form
        form={form}
        layout="inline"
        className="jb-filters"
        onFinish={(v: Record<string, string | undefined>) => {
          setFilters(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x?.trim() || undefined])));
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      >
        {FILTERS[kind].map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label(t)}>
            {f.options ? <Select allowClear className="jb-select" options={f.options(t)} placeholder={t('all')} /> : <Input allowClear />}
          </Form.Item>
        ))}
        <FilterButtons
          onReset={() => {
            form.resetFields();
            setFilters({});
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        />
      </Form>
      <ErrorAlert error={error} />
      <Table<Row>
        rowKey="code"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={[
          ...columns(kind, t),
          {
            title: '',
            key: 'detail',
            render: (_, r) => (
              <Button type="link" onClick={() => setOpen(r.code)}>
                {t('detail')}
              </Button>
            ),
          },
        ]}
        pagination={pager}
      />
      <Detail kind={kind} code={open} onClose={() => setOpen(null)} />
    </div>
  );
}
