/**
 * 名单变更 (docs/domain.md "roster — 名单变更", "The roster in force"): the roster change requests in the
 * caller's scope (GET /api/cases?type=roster), each opening its case page, where the bureau approves or
 * rejects it; a community or the bureau requests one — add, remove or amend a compound's entry, with a
 * reason and an evidence file (POST /api/attachments, then POST /api/cases).
 */
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type CaseSummary, type CaseView, type Page, qs, type Role } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { Due, ErrorAlert, type Paging, pageQuery, useAction, useGet, usePager } from '../ui.tsx';

/** The workflow's applicants (src/workflow/tables.ts ROSTER). */
const REQUESTERS: Role[] = ['community', 'bureau'];

interface RequestForm {
  compoundCode: string;
  action: 'add' | 'remove' | 'amend';
  reason: string;
  name?: string;
  kind?: 'compound' | 'scattered';
  area?: string;
  households?: number;
}

function Request() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RequestForm>();
  const action = Form.useWatch('action', form);
  const [evidence, setEvidence] = useState<File | null>(null);
  const { busy, error, setError, run } = useAction();
  const submit = (v: RequestForm) =>
    run(async () => {
      if (!evidence) {
        setError(t('required', { field: t('evidence') }));
        return;
      }
      const body = new FormData();
      body.append('file', evidence);
      const file = await api.post<{ id: number }>('/api/attachments', body);
      const values = Object.fromEntries(
        Object.entries({ name: v.name?.trim(), kind: v.kind, area: v.area?.trim(), households: v.households }).filter(
          ([, x]) => x !== undefined && x !== null && x !== '',
        ),
      );
      const c = await api.post<CaseView>('/api/cases', {
        type: 'roster',
        form: {
          compoundCode: v.compoundCode.trim(),
          action: v.action,
          reason: v.reason.trim(),
          ...(v.action !== 'remove' && Object.keys(values).length ? { values } : {}),
          evidenceAttachmentId: file.id,
        },
      });
      message.success(`${t('submitted')}：${c.caseNo}`);
      navigate(`/cases/${c.caseNo}`);
    });
  const req = (field: 'compoundCode' | 'reason' | 'rosterAction') => [
    { required: true, whitespace: true, message: t('required', { field: t(field) }) },
  ];
  return (
    <Card size="small" title={t('rosterRequest')} className="jb-filters" data-testid="roster-request">
      <Typography.Paragraph type="secondary">{t('rosterHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ action: 'amend' }}>
        <Space wrap align="start">
          <Form.Item name="compoundCode" label={t('compoundCode')} rules={req('compoundCode')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="action" label={t('rosterAction')} rules={[{ required: true }]}>
            <Select
              className="jb-select"
              options={[
                { value: 'amend', label: t('rosterAmend') },
                { value: 'add', label: t('rosterAdd') },
                { value: 'remove', label: t('rosterRemove') },
              ]}
            />
          </Form.Item>
          {action !== 'remove' && (
            <>
              <Form.Item name="name" label={t('newName')}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="kind" label={t('compoundKind')}>
                <Select
                  allowClear
                  className="jb-select"
                  options={[
                    { value: 'compound', label: t('kindCompound') },
                    { value: 'scattered', label: t('kindScattered') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="area" label={t('newArea')}>
                <Input inputMode="decimal" />
              </Form.Item>
              <Form.Item name="households" label={t('newHouseholds')}>
                <InputNumber min={0} max={100000} precision={0} />
              </Form.Item>
            </>
          )}
        </Space>
        <Form.Item name="reason" label={t('reason')} rules={req('reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('evidence')} required tooltip={t('receiptHint')}>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            maxCount={1}
            fileList={evidence ? [{ uid: '1', name: evidence.name, status: 'done' }] : []}
            onRemove={() => setEvidence(null)}
            beforeUpload={(f) => {
              setEvidence(f);
              return false;
            }}
          >
            <Button>{t('chooseFile')}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('submitRequest')}
        </Button>
      </Form>
    </Card>
  );
}

export default function AdminRosterChanges() {
  const { t } = useI18n();
  const { session } = useAuth();
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const { data, error, loading } = useGet<Page<CaseSummary>>(`/api/cases${qs({ type: 'roster', ...pageQuery(paging) })}`);
  const pager = usePager(data?.total, paging, setPaging);
  const [asking, setAsking] = useState(false);
  const may = session ? REQUESTERS.includes(session.user.role) : false;
  return (
    <div data-testid="roster-changes">
      <Typography.Title level={3}>{t('rosterChanges')}</Typography.Title>
      {may && !asking && (
        <Space className="jb-filters">
          <Button type="primary" onClick={() => setAsking(true)} data-testid="roster-ask">
            {t('rosterRequest')}
          </Button>
        </Space>
      )}
      {may && asking && <Request />}
      <ErrorAlert error={error} />
      <Table<CaseSummary>
        rowKey="caseNo"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={pager}
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo', render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
          { title: t('community'), key: 'community', render: (_, c) => c.community.name },
          { title: t('compound'), key: 'compound', render: (_, c) => `${c.compound.name}（${c.compound.code}）` },
          { title: t('state'), dataIndex: 'stateName' },
          { title: t('dueOn'), key: 'due', render: (_, c) => <Due on={c.dueOn} overdue={c.overdue} /> },
          { title: t('updatedAt'), dataIndex: 'updatedAt', render: (v: string | null) => dateTime(v) },
        ]}
      />
    </div>
  );
}
