/**
 * 公示管理 (the bureau; docs/domain.md "Public notices"): the notices with their results and open
 * objections (GET /api/notices); a new notice from the results waiting to be published (POST
 * /api/notices); closing one after its period (POST /api/notices/:id/close); each objection in full and its
 * resolution with a published reason (POST /api/objections/:id/resolve). The server decides every step.
 */
import { App, Button, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type CaseSummary, type Page, qs } from '../api.ts';
import { dateTime, day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, type Paging, pageQuery, useAction, useGet, usePager } from '../ui.tsx';

type BureauNotice = import('../../../src/service/notices.ts').BureauNotice;
type BureauNoticeDetail = import('../../../src/service/notices.ts').BureauNoticeDetail;
type Programme = 'T' | 'W' | 'F';

/** What a notice may hold (src/service/notices.ts PUBLISHABLE): only to offer them; the server checks. */
const WAITING: Record<Programme, { type: string; state: string }> = {
  T: { type: 'claim', state: 'assessed' },
  W: { type: 'grant', state: 'bureau_approved' },
  F: { type: 'facility', state: 'bureau_approved' },
};

function NoticeState({ n }: { n: BureauNotice }) {
  const { t } = useI18n();
  if (n.closedAt) return <Tag>{t('noticeClosed')}</Tag>;
  if (n.dueToClose) return <Tag color="orange">{t('noticeDue')}</Tag>;
  return <Tag color="green">{t('noticeOpen')}</Tag>;
}

/** A new notice; `from` (a case page's 审批并公示) picks its programme and that case to begin with. */
function Publish({
  open,
  from,
  onClose,
  onDone,
}: {
  open: boolean;
  from: { programme: Programme; caseNo: string } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [programme, setProgramme] = useState<Programme>(from?.programme ?? 'T');
  const [selected, setSelected] = useState<string[]>(from ? [from.caseNo] : []);
  const [title, setTitle] = useState('');
  const w = WAITING[programme];
  const { data, error, loading } = useGet<Page<CaseSummary>>(open ? `/api/cases${qs({ type: w.type, state: w.state, limit: 200 })}` : null);
  const { busy, error: sendError, setError, run } = useAction();
  const publish = () =>
    run(async () => {
      if (selected.length === 0) {
        setError(t('selectCases'));
        return;
      }
      const r = await api.post<{ id: number; closesOn: string }>('/api/notices', {
        programme,
        caseNos: selected,
        ...(title.trim() ? { title: title.trim() } : {}),
      });
      message.success(t('published', { closesOn: r.closesOn }));
      setSelected([]);
      setTitle('');
      onDone();
    });
  return (
    <Modal
      open={open}
      width={900}
      title={t('publishNotice')}
      okText={t('publishNotice')}
      onOk={publish}
      confirmLoading={busy}
      onCancel={onClose}
      okButtonProps={{ disabled: selected.length === 0, 'data-testid': 'publish-ok' }}
    >
      <Typography.Paragraph type="secondary">{t('publishHint')}</Typography.Paragraph>
      <Space className="jb-filters" wrap>
        {t('programme')}
        <Radio.Group
          value={programme}
          onChange={(e) => {
            setProgramme(e.target.value);
            setSelected([]);
          }}
          options={(['T', 'W', 'F'] as const).map((p) => ({ value: p, label: t(`programme_${p}` as MessageKey) }))}
          optionType="button"
          data-testid="publish-programme"
        />
        <Input
          className="jb-wide-input"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={`${t('noticeTitle')}：${t('noticeTitleHint')}`}
          maxLength={200}
        />
      </Space>
      <ErrorAlert error={error ?? sendError} />
      <Table<CaseSummary>
        rowKey="caseNo"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('noCandidates') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={false}
        scroll={{ y: 360 }}
        data-testid="publish-candidates"
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo' },
          { title: t('community'), key: 'community', render: (_, c) => c.community.name },
          { title: t('compound'), key: 'compound', render: (_, c) => c.compound.name },
          { title: t('company'), key: 'company', render: (_, c) => c.company?.name ?? '—' },
          { title: t('period'), dataIndex: 'period', render: (v: string | null) => v ?? '—' },
          { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string | null) => <Money value={v} /> },
        ]}
      />
    </Modal>
  );
}

function Resolve({ id, onClose, onDone }: { id: number | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; reason: string }>();
  const { busy, error, run } = useAction();
  const submit = (v: { outcome: 'upheld' | 'dismissed'; reason: string }) =>
    run(async () => {
      const r = await api.post<{ caseNo: string; state: string }>(`/api/objections/${id}/resolve`, v);
      message.success(t('resolvedMsg', { caseNo: r.caseNo, state: r.state }));
      form.resetFields();
      onDone();
    });
  return (
    <Modal
      open={id !== null}
      title={t('resolveTitle', { id: id ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'resolve-ok' }}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'dismissed' }}>
        <Form.Item name="outcome" label={t('outcome')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'dismissed', label: t('dismissed') },
              { value: 'upheld', label: t('upheld') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('resolveReason')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('resolveReason') }) }]}
        >
          <Input.TextArea rows={4} maxLength={2000} data-testid="resolve-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Detail({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { data: n, error, reload } = useGet<BureauNoticeDetail>(id !== null ? `/api/notices/${id}` : null);
  const [resolving, setResolving] = useState<number | null>(null);
  return (
    <Drawer open={id !== null} onClose={onClose} title={n?.title ?? ''} width={1000} data-testid="notice-detail">
      <ErrorAlert error={error} />
      {n && (
        <Space direction="vertical" size="middle" className="jb-full">
          <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('programme')}>{t(`programme_${n.programme}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('publishedOn')}>{day(n.publishedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('closesOn')}>{day(n.closesOn)}</Descriptions.Item>
            <Descriptions.Item label={t('state')}>
              <NoticeState n={n} /> {n.closedAt && dateTime(n.closedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('results')}>{n.items.length}</Descriptions.Item>
            <Descriptions.Item label={t('openCount')}>{n.openObjections}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('results')}</Typography.Title>
          <Table
            rowKey="caseNo"
            size="small"
            dataSource={n.items}
            pagination={n.items.length > 20 ? { pageSize: 20 } : false}
            columns={[
              { title: t('caseNo'), dataIndex: 'caseNo', render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
              { title: t('community'), dataIndex: 'community' },
              { title: t('compound'), dataIndex: 'compound' },
              { title: t('company'), dataIndex: 'company', render: (v: string | null) => v ?? '—' },
              { title: t('period'), dataIndex: 'period', render: (v: string | null) => v ?? '—' },
              { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string | null) => <Money value={v} /> },
              { title: t('state'), dataIndex: 'stateName' },
            ]}
          />
          <Typography.Title level={5}>{t('objections')}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            dataSource={n.objections}
            pagination={false}
            data-testid="objections"
            columns={[
              { title: '#', dataIndex: 'id' },
              { title: t('caseNo'), dataIndex: 'caseNo' },
              { title: t('objector'), dataIndex: 'name' },
              { title: t('contact'), dataIndex: 'contact' },
              { title: t('objectionText'), dataIndex: 'text' },
              { title: t('lodgedOn'), dataIndex: 'lodgedOn', render: (v: string) => day(v) },
              {
                title: t('state'),
                dataIndex: 'status',
                render: (v: string) => <Tag color={v === 'open' ? 'orange' : undefined}>{t(`status_${v}` as MessageKey)}</Tag>,
              },
              { title: t('resolution'), dataIndex: 'resolution', render: (v: string | null) => v ?? '—' },
              {
                title: '',
                key: 'resolve',
                render: (_, o) =>
                  o.status === 'open' && (
                    <Button size="small" onClick={() => setResolving(o.id)} data-testid={`resolve-${o.id}`}>
                      {t('resolve')}
                    </Button>
                  ),
              },
            ]}
          />
        </Space>
      )}
      <Resolve
        id={resolving}
        onClose={() => setResolving(null)}
        onDone={() => {
          setResolving(null);
          reload();
          onChanged();
        }}
      />
    </Drawer>
  );
}

export default function AdminNotices() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const { data, error, loading, reload } = useGet<Page<BureauNotice>>(`/api/notices${qs(pageQuery(paging))}`);
  const pager = usePager(data?.total, paging, setPaging);
  // from a case page: /notices?publish=T&case=JB-…
  const [params] = useSearchParams();
  const asked = params.get('publish');
  const from = asked && ['T', 'W', 'F'].includes(asked) ? { programme: asked as Programme, caseNo: params.get('case') ?? '' } : null;
  const [publishing, setPublishing] = useState(from !== null);
  const [open, setOpen] = useState<number | null>(null);
  const { error: closeError, run } = useAction();
  const close = (id: number) =>
    run(async () => {
      const r = await api.post<{ payable: string[]; held: string[] }>(`/api/notices/${id}/close`);
      message.success(t('closedResult', { payable: r.payable.length, held: r.held.length }));
      reload();
    });
  return (
    <div data-testid="notices">
      <Typography.Title level={3}>{t('notices')}</Typography.Title>
      <Space className="jb-filters">
        <Button type="primary" onClick={() => setPublishing(true)} data-testid="publish">
          {t('publishNotice')}
        </Button>
      </Space>
      <ErrorAlert error={error ?? closeError} />
      <Table<BureauNotice>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={pager}
        columns={[
          { title: '#', dataIndex: 'id' },
          { title: t('noticeTitle'), dataIndex: 'title' },
          { title: t('programme'), dataIndex: 'programme', render: (v: Programme) => t(`programme_${v}` as MessageKey) },
          { title: t('publishedOn'), dataIndex: 'publishedOn', render: (v: string) => day(v) },
          { title: t('closesOn'), dataIndex: 'closesOn', render: (v: string) => day(v) },
          { title: t('results'), dataIndex: 'results', align: 'right' },
          {
            title: t('openCount'),
            dataIndex: 'openObjections',
            align: 'right',
            render: (v: number) => (v > 0 ? <Tag color="orange">{v}</Tag> : v),
          },
          { title: t('state'), key: 'state', render: (_, n) => <NoticeState n={n} /> },
          {
            title: '',
            key: 'actions',
            render: (_, n) => (
              <Space>
                <Button type="link" onClick={() => setOpen(n.id)} data-testid={`notice-detail-${n.id}`}>
                  {t('detail')}
                </Button>
                {n.dueToClose && (
                  <Popconfirm title={t('closeConfirm')} onConfirm={() => close(n.id)} okButtonProps={{ 'data-testid': 'close-ok' }}>
                    <Button size="small" data-testid={`close-${n.id}`}>
                      {t('closeNotice')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Publish
        open={publishing}
        from={from}
        onClose={() => setPublishing(false)}
        onDone={() => {
          setPublishing(false);
          reload();
        }}
      />
      <Detail id={open} onClose={() => setOpen(null)} onChanged={reload} />
    </div>
  );
}
