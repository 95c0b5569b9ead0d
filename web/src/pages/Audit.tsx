/** 审计日志 (the auditor): the trail newest first with filters, and the hash chain's check. */
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { type AuditItem, api, errorText, qs, type Verification } from '../api.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorAlert, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

export default function Audit() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 50 });
  const [check, setCheck] = useState<{ v?: Verification; error?: string; busy?: boolean }>({});
  const { data, error, loading } = useGet<{ items: AuditItem[]; total: number }>(`/api/audit${qs({ ...filters, ...pageQuery(paging) })}`);
  const pager = usePager(data?.total, paging, setPaging);
  const verify = async () => {
    setCheck({ busy: true });
    try {
      setCheck({ v: await api.get<Verification>('/api/audit/verify') });
    } catch (e) {
      setCheck({ error: errorText(e) });
    }
  };
  return (
    <div data-testid="audit">
      <Typography.Title level={3}>{t('audit')}</Typography.Title>
      <Space direction="vertical" className="jb-full">
        <Space>
          <Button onClick={verify} loading={check.busy} data-testid="verify">
            {t('verifyChain')}
          </Button>
          {check.v?.ok === true && <Alert type="success" showIcon message={t('chainOk', { n: check.v.checked })} data-testid="chain" />}
          {check.v?.ok === false && (
            <Alert type="error" showIcon message={t('chainBroken', { at: check.v.brokenAt })} data-testid="chain" />
          )}
          {check.error && <Alert type="error" showIcon message={check.error} />}
        </Space>
        <Form
          layout="inline"
          className="jb-filters"
          onFinish={(v: Record<string, string | undefined>) => {
            setFilters(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x?.trim() || undefined])));
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="actor" label={t('user')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="action" label={t('action')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="from" label={t('startDate')}>
            <Input allowClear placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="to" label={t('endDate')}>
            <Input allowClear placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('search')}
          </Button>
        </Form>
        <ErrorAlert error={error} />
        <Table<AuditItem>
          rowKey="seq"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={pager}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: t('at'), dataIndex: 'at', render: (d: string) => dateTime(d) },
            { title: t('user'), dataIndex: 'username' },
            { title: t('action'), dataIndex: 'action' },
            { title: t('objectType'), dataIndex: 'objectType' },
            { title: t('objectId'), dataIndex: 'objectId' },
            { title: t('result'), dataIndex: 'result' },
          ]}
        />
      </Space>
    </div>
  );
}
