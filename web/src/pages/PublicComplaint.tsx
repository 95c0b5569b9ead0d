/**
 * 报事 for the public (no login; clause 3.3 gives the community the handling of 物业服务纠纷): find the
 * compound by typing part of its name (GET /api/public/compounds?q=), pick a category, describe, leave a
 * contact or not, and send (POST /api/public/complaints); the receipt number comes back. A refusal is shown
 * at the field the server names; the rate limit with its message.
 */
import { Alert, Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText, qs } from '../api.ts';
import { CATEGORIES, categoryKey } from '../components/residents/labels.ts';
import { useLookup } from '../components/residents/search.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';

type Found = { code: string; name: string; community: string };
type Lodged = import('../../../src/service/complaints.ts').ComplaintView;

interface ComplaintForm {
  compound: string;
  category: string;
  text: string;
  contact?: string;
}
const FIELDS = ['compound', 'category', 'text', 'contact'] as const;

export default function PublicComplaint() {
  const { t } = useI18n();
  const [form] = Form.useForm<ComplaintForm>();
  const [q, setQ] = useState('');
  const needle = q.trim().slice(0, 50);
  const { items: found, searching } = useLookup<Found>(needle ? `/api/public/compounds${qs({ q: needle })}` : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Lodged | null>(null);
  if (done)
    return (
      <div data-testid="complaint-done">
        <Result
          status="success"
          title={<span data-testid="complaint-receipt">{t('cpDone', { id: done.id })}</span>}
          subTitle={t('cpDoneHint', { compound: done.compound.name, category: t(categoryKey(done.category)), date: done.lodgedOn })}
          extra={
            <Button onClick={() => setDone(null)} data-testid="complaint-again">
              {t('cpAgain')}
            </Button>
          }
        />
      </div>
    );
  const submit = async (v: ComplaintForm) => {
    setBusy(true);
    setError(null);
    try {
      const lodged = await api.post<Lodged>('/api/public/complaints', {
        compound: v.compound,
        category: v.category,
        text: v.text ?? '',
        ...(v.contact?.trim() ? { contact: v.contact } : {}),
      });
      form.resetFields();
      setQ('');
      setDone(lodged);
    } catch (e) {
      // the server names the field it refuses: the message goes under that field
      const field = e instanceof ApiError ? FIELDS.find((f) => f === e.field) : undefined;
      if (field && e instanceof ApiError) form.setFields([{ name: field, errors: [e.message] }]);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const need = (key: MessageKey) => [{ required: true, whitespace: true, message: t('required', { field: t(key) }) }];
  return (
    <div data-testid="public-complaint">
      <Typography.Title level={3}>{t('cpTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cpIntro')}</Typography.Paragraph>
      <Card size="small" data-testid="complaint-form">
        {error && <Alert type="error" showIcon message={error} className="jb-filters" data-testid="complaint-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="compound" label={t('cpCompound')} extra={t('cpCompoundHint')} rules={need('cpCompound')}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              loading={searching}
              placeholder={t('cpCompoundHint')}
              notFoundContent={q.trim() && !searching ? t('cpNoCompound', { q: q.trim() }) : null}
              options={found.map((c) => ({ value: c.code, label: `${c.name}（${c.community}）` }))}
              data-testid="complaint-compound"
            />
          </Form.Item>
          <Form.Item name="category" label={t('cpCategory')} rules={need('cpCategory')}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))} data-testid="complaint-category" />
          </Form.Item>
          <Form.Item name="text" label={t('cpText')} rules={need('cpText')}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="contact" label={t('cpContact')} extra={t('cpContactHint')}>
            <Input maxLength={50} autoComplete="tel" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('cpSubmit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
