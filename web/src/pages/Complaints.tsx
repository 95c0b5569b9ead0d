/**
 * 报事处理 (docs/domain.md "Surveys and complaints"): residents' complaints in the user's scope, newest
 * first, filtered by state — the unresolved ones first, the very list of the workbench's to-dos
 * (GET /api/complaints?status=unresolved). The community acknowledges (受理) and resolves (办结) its own,
 * each with a note; it reads the contact in clear (the server audits that read). The bureau and a company
 * read, the contact partly hidden.
 */
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText, type Page, qs } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { categoryKey, statusKey } from '../components/residents/labels.ts';
import { dateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { HANDLES_COMPLAINTS } from '../roles.ts';
import { ErrorAlert, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

type ComplaintView = import('../../../src/service/complaints.ts').ComplaintView;
type Move = 'acknowledge' | 'resolve';

const STATUS_COLOURS: Record<ComplaintView['status'], string> = { open: 'orange', acknowledged: 'blue', resolved: 'green' };
const FILTERS = ['unresolved', 'open', 'acknowledged', 'resolved'] as const;

/** The note of an acknowledgement or a resolution, asked in a dialog; the server's refusal shown at the field. */
function NoteDialog({ c, move, onClose }: { c: ComplaintView; move: Move; onClose: (done: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { note: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/complaints/${c.id}/${move}`, { note: v.note });
      message.success(t(move === 'acknowledge' ? 'cpAcked' : 'cpResolved'));
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.field === 'note') form.setFields([{ name: 'note', errors: [e.message] }]);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(move === 'acknowledge' ? 'cpAckTitle' : 'cpResolveTitle', { id: c.id })}
      okText={t(move === 'acknowledge' ? 'cpAcknowledge' : 'cpResolve')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <div data-testid="note-dialog">
        <Typography.Paragraph>
          {c.compound.name} · {t(categoryKey(c.category))} · {c.lodgedOn}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" className="jb-pre">
          {c.text}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} className="jb-filters" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="note"
            label={t('cpNote')}
            rules={[{ required: true, whitespace: true, message: t('required', { field: t('cpNote') }) }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

/** Who did what, with the note: the acknowledgement and the resolution. */
function Handling({ c }: { c: ComplaintView }) {
  const { t } = useI18n();
  const steps = [
    ['cpAcknowledge', c.acknowledgement],
    ['cpResolve', c.resolution],
  ] as const;
  const done = steps.filter(([, s]) => s !== null);
  if (done.length === 0) return <>—</>;
  return (
    <Space direction="vertical" size={2}>
      {done.map(([key, s]) => (
        <span key={key}>
          <Tag>{t(key)}</Tag>
          {s?.note}
          <Typography.Text type="secondary" className="jb-public-small">
            {' '}
            {s?.by} · {dateTime(s?.at)}
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}

export default function Complaints() {
  const { t } = useI18n();
  const { session } = useAuth();
  const [status, setStatus] = useState<string | undefined>('unresolved');
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const [moving, setMoving] = useState<{ c: ComplaintView; move: Move } | null>(null);
  const list = useGet<Page<ComplaintView>>(`/api/complaints${qs({ status, ...pageQuery(paging) })}`);
  const pager = usePager(list.data?.total, paging, setPaging);
  if (!session) return null;
  const handles = HANDLES_COMPLAINTS.includes(session.user.role);
  return (
    <div data-testid="complaints">
      <Typography.Title level={3}>{t('cpList')}</Typography.Title>
      <Typography.Paragraph type="secondary">{handles ? t('cpListHint') : t('cpReadOnly')}</Typography.Paragraph>
      <Space className="jb-filters">
        {t('status')}
        <Select
          allowClear
          className="jb-select"
          placeholder={t('all')}
          value={status}
          onChange={(v?: string) => {
            setStatus(v);
            setPaging({ ...paging, page: 1 });
          }}
          options={FILTERS.map((f) => ({ value: f, label: t(f === 'unresolved' ? 'cpUnresolved' : statusKey(f)) }))}
          data-testid="complaint-status"
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<ComplaintView>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={pager}
        locale={{ emptyText: t('cpNoComplaints') }}
        // the fixed widths' sum: the text keeps its width and the table scrolls sideways on a narrow screen
        scroll={{ x: handles ? 1530 : 1380 }}
        columns={[
          { title: t('cpNo'), dataIndex: 'id', width: 90 },
          { title: t('cpLodgedOn'), dataIndex: 'lodgedOn', width: 110 },
          { title: t('cpAge'), dataIndex: 'ageDays', width: 80, align: 'right', render: (n: number) => t('cpAgeDays', { n }) },
          { title: t('compound'), key: 'compound', width: 140, render: (_, c) => c.compound.name },
          { title: t('community'), key: 'community', width: 110, render: (_, c) => c.community.name },
          { title: t('cpCategory'), dataIndex: 'category', width: 110, render: (k: string) => t(categoryKey(k)) },
          { title: t('cpText'), dataIndex: 'text', width: 280, render: (s: string) => <span className="jb-pre">{s}</span> },
          { title: t('cpContactCol'), dataIndex: 'contact', width: 130, render: (s: string | null) => s ?? '—' },
          {
            title: t('status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ComplaintView['status']) => <Tag color={STATUS_COLOURS[s]}>{t(statusKey(s))}</Tag>,
          },
          { title: t('cpHandled'), key: 'handled', width: 240, render: (_, c) => <Handling c={c} /> },
          ...(handles
            ? [
                {
                  title: '',
                  key: 'moves',
                  width: 150,
                  render: (_: unknown, c: ComplaintView) => (
                    <Space>
                      {c.status === 'open' && (
                        <Button size="small" onClick={() => setMoving({ c, move: 'acknowledge' })} data-testid="acknowledge">
                          {t('cpAcknowledge')}
                        </Button>
                      )}
                      {c.status !== 'resolved' && (
                        <Button size="small" type="primary" onClick={() => setMoving({ c, move: 'resolve' })} data-testid="resolve">
                          {t('cpResolve')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {moving && (
        <NoteDialog
          c={moving.c}
          move={moving.move}
          onClose={(done) => {
            setMoving(null);
            if (done) list.reload();
          }}
        />
      )}
    </div>
  );
}
