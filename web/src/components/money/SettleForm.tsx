/**
 * 生成批次 (POST /api/batches): finance names a programme and a period — T by half-year (2025H1), W and F
 * by year (2025) — and the server gathers what is payable into a draft batch, opened at once. Nothing new
 * is said so, with the payable lines held back and why (each stays payable for a later batch).
 */
import { Alert, Button, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorText } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

interface Held {
  caseNo: string;
  subject: string;
  period: string | null;
  reason: { zh: string; en: string };
}

interface Values {
  programme?: 'T' | 'W' | 'F';
  period?: string;
}

export function SettleForm() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [none, setNone] = useState<Held[] | null>(null);

  const settle = async (v: Values) => {
    setBusy(true);
    setError(null);
    setNone(null);
    try {
      const res = await api.post<{ batch: string | null; held: Held[] }>('/api/batches', {
        programme: v.programme,
        period: v.period?.trim() ?? '',
      });
      if (res.batch) navigate(`/batches/${encodeURIComponent(res.batch)}`);
      else setNone(res.held);
    } catch (e) {
      // the server names the field it refuses: the period (called `year` for W and F, as the command line
      // asks for it) or the programme
      const field = e instanceof ApiError ? (e.field ?? e.code.replace(/^settle\./, '')) : '';
      const name = field === 'year' ? 'period' : field;
      if (name === 'period' || name === 'programme') form.setFields([{ name, errors: [errorText(e)] }]);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="settle-form">
      <Form form={form} layout="inline" className="jb-filters" onFinish={settle} initialValues={{ programme: 'T' }}>
        <Form.Item name="programme" label={t('programme')} rules={[{ required: true, message: t('required', { field: t('programme') }) }]}>
          <Select
            className="jb-select"
            data-testid="settle-programme"
            options={(['T', 'W', 'F'] as const).map((p) => ({ value: p, label: t(`programme_${p}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('settlePeriod')}
          rules={[{ required: true, message: t('required', { field: t('settlePeriod') }) }]}
        >
          <Input placeholder={t('settlePeriodHint')} maxLength={10} data-testid="settle-period" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="settle">
          {t('settle')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon message={error} className="jb-filters" data-testid="settle-error" />}
      {none && (
        <Alert
          type="info"
          showIcon
          className="jb-filters"
          data-testid="settle-none"
          message={t('settleNone')}
          description={
            none.length > 0 && (
              <Table<Held>
                size="small"
                rowKey={(x) => `${x.caseNo}-${x.period ?? ''}`}
                pagination={false}
                dataSource={none.slice(0, 50)}
                columns={[
                  { title: t('caseNo'), dataIndex: 'caseNo' },
                  { title: t('period'), dataIndex: 'period', render: (p: string | null) => p ?? '—' },
                  { title: t('reason'), key: 'reason', render: (_, x) => x.reason[lang] },
                ]}
              />
            )
          }
        />
      )}
    </div>
  );
}
