/**
 * 公示 for the public (no login): the notices, newest first (GET /api/public/notices); one notice with
 * each result's amount and the engine's reasons as published, names masked, the objections and their
 * resolutions (GET /api/public/notices/:id); while it is open, the objection form
 * (POST /api/public/objections) — a refusal is shown at the field the server names, the rate limit
 * with its message.
 */
import { Alert, Button, Card, Empty, Form, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, errorText, qs } from '../api.ts';
import { smallPager } from '../components/public/pager.ts';
import type { PublicNotice, PublicNoticeDetail } from '../components/public/types.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, type Paging, pageQuery, useGet } from '../ui.tsx';

const programme = (p: string) => `pubProg_${p}` as MessageKey;

/** A notice's programme, open or closed, and its dates. */
function NoticeTags({ n }: { n: PublicNotice }) {
  const { t } = useI18n();
  return (
    <Space wrap size={[8, 4]}>
      <Tag color="blue">{t(programme(n.programme))}</Tag>
      {n.open ? <Tag color="green">{t('pubOpen')}</Tag> : <Tag>{t('pubClosed')}</Tag>}
      <Typography.Text type="secondary">{t('pubNoticeDates', { from: n.publishedOn, to: n.closesOn })}</Typography.Text>
    </Space>
  );
}

export default function PublicNotices() {
  const { t } = useI18n();
  const [p, setP] = useState<Paging>({ page: 1, size: 10 });
  const list = useGet<{ items: PublicNotice[]; total: number }>(`/api/public/notices${qs(pageQuery(p))}`);
  return (
    <div data-testid="public-notices">
      <Typography.Title level={3}>{t('pubNotices')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pubNoticesIntro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('pubNoNotices')} /> }}
        pagination={smallPager(list.data?.total, p, setP)}
        renderItem={(n) => (
          <List.Item key={n.id} data-testid="notice-item">
            <Link to={`/public/notices/${n.id}`} className="jb-public-row">
              <Typography.Text strong>{n.title}</Typography.Text>
              <NoticeTags n={n} />
            </Link>
          </List.Item>
        )}
      />
    </div>
  );
}

type Item = PublicNoticeDetail['items'][number];

function ResultCard({ item }: { item: Item }) {
  const { t } = useI18n();
  return (
    <Card size="small" className="jb-public-card" data-testid="notice-result">
      <div className="jb-public-amount-row">
        <div>
          <Typography.Text strong>{item.compound}</Typography.Text>
          <div>
            <Typography.Text type="secondary">
              {item.community}
              {item.company ? ` · ${item.company}` : ''}
              {item.period ? ` · ${item.period}` : ''}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary" className="jb-public-small">
            {t('caseNo')} {item.caseNo}
          </Typography.Text>
        </div>
        <Typography.Text strong className="jb-public-amount" data-testid="result-amount">
          <Money value={item.amount} />
        </Typography.Text>
      </div>
      {item.reasons.length > 0 && (
        <ul className="jb-public-reasons">
          {item.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}

interface ObjectionForm {
  caseNo: string;
  name: string;
  contact: string;
  text: string;
}

const FIELDS = ['caseNo', 'name', 'contact', 'text'] as const;

function Objection({ notice, lodged }: { notice: PublicNoticeDetail; lodged: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ObjectionForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const cases = notice.items.filter((i) => i.state === 'published');
  if (done !== null)
    return (
      <div data-testid="objection-done">
        <Result
          status="success"
          title={t('pubObjectionDone', { id: done })}
          subTitle={t('pubObjectionDoneHint')}
          extra={
            <Button onClick={() => setDone(null)} data-testid="objection-again">
              {t('pubObjectionAgain')}
            </Button>
          }
        />
      </div>
    );
  const submit = async (v: ObjectionForm) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ id: number }>('/api/public/objections', {
        caseNo: v.caseNo,
        name: v.name ?? '',
        contact: v.contact ?? '',
        text: v.text ?? '',
      });
      form.resetFields();
      setDone(r.id);
      lodged();
    } catch (e) {
      // the server names the field it refuses: the message goes under that field
      const field = e instanceof ApiError ? (FIELDS as readonly string[]).find((f) => f === e.field) : undefined;
      if (field && e instanceof ApiError) form.setFields([{ name: field as keyof ObjectionForm, errors: [e.message] }]);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  // only "nothing typed" is caught here; the server judges the rest and names the field
  const need = (key: MessageKey) => [{ required: true, message: t('required', { field: t(key) }) }];
  return (
    <Card title={t('pubObjectionTitle')} size="small" data-testid="objection-form">
      <Typography.Paragraph type="secondary">{t('pubObjectionHint', { date: notice.closesOn })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} className="jb-filters" data-testid="objection-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ caseNo: cases[0]?.caseNo }}>
        <Form.Item name="caseNo" label={t('pubObjectionCase')} rules={need('pubObjectionCase')}>
          <Select
            options={cases.map((c) => ({ value: c.caseNo, label: `${c.caseNo} · ${c.compound}${c.period ? ` · ${c.period}` : ''}` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('pubObjectionName')} rules={need('pubObjectionName')}>
          <Input maxLength={50} autoComplete="name" />
        </Form.Item>
        <Form.Item name="contact" label={t('pubObjectionContact')} extra={t('pubObjectionPrivate')} rules={need('pubObjectionContact')}>
          <Input maxLength={100} autoComplete="tel" />
        </Form.Item>
        <Form.Item name="text" label={t('pubObjectionText')} rules={need('pubObjectionText')}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('pubObjectionSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

export function PublicNoticePage() {
  const { t } = useI18n();
  const { id } = useParams();
  const n = useGet<PublicNoticeDetail>(`/api/public/notices/${encodeURIComponent(id ?? '')}`);
  const d = n.data;
  return (
    <div data-testid="public-notice">
      <Link to="/public/notices">← {t('pubNotices')}</Link>
      <ErrorAlert error={n.error} />
      {n.loading && !d && <Card loading />}
      {d && (
        <Space direction="vertical" size="middle" className="jb-full">
          <div>
            <Typography.Title level={3} className="jb-public-title">
              {d.title}
            </Typography.Title>
            <NoticeTags n={d} />
          </div>
          <Typography.Title level={4}>{t('pubResults', { n: d.items.length })}</Typography.Title>
          {d.items.length === 0 ? <Empty description={t('pubNoResults')} /> : d.items.map((i) => <ResultCard key={i.caseNo} item={i} />)}
          <Typography.Title level={4}>{t('pubObjections')}</Typography.Title>
          {d.objections.length === 0 ? (
            <Typography.Text type="secondary">{t('pubNoObjections')}</Typography.Text>
          ) : (
            d.objections.map((o) => (
              <Card key={o.id} size="small" className="jb-public-card" data-testid="objection">
                <Space wrap size={[8, 4]}>
                  <Typography.Text strong>#{o.id}</Typography.Text>
                  <Typography.Text>{o.caseNo}</Typography.Text>
                  <Typography.Text type="secondary">
                    {o.name} · {o.lodgedOn}
                  </Typography.Text>
                  <Tag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'default'}>
                    {t(`pubObjection_${o.status}` as MessageKey)}
                  </Tag>
                </Space>
                {o.resolution && <Typography.Paragraph className="jb-public-resolution">{o.resolution}</Typography.Paragraph>}
              </Card>
            ))
          )}
          {d.open && d.items.some((i) => i.state === 'published') ? (
            <Objection notice={d} lodged={n.reload} />
          ) : (
            <Alert type="info" showIcon message={t('pubObjectionClosed')} />
          )}
        </Space>
      )}
    </div>
  );
}
