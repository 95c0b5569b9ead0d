/**
 * 满意度调查 (docs/domain.md "Surveys and complaints"): the surveys in the user's scope with their days,
 * state, codes issued, responses and the share of codes used (GET /api/surveys). A community opens a
 * survey of one of its compounds, the bureau of any (POST /api/surveys), and issues one-time household codes
 * (POST /api/surveys/:id/codes) — as the printable A4 sheet with a QR code per household, downloaded, or
 * listed on the page. The codes are shown that once. Finance and the auditor read.
 */
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api, type Page, qs } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLookup } from '../components/residents/search.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { OPENS_SURVEYS } from '../roles.ts';
import { ErrorAlert, FilterButtons, type Paging, pageQuery, useAction, useGet, usePager } from '../ui.tsx';

type SurveyView = import('../../../src/service/surveys/surveys.ts').SurveyView;

/** As many codes as one request may issue (the server's MAX_CODES_PER_CALL). */
const MAX_CODES = 5_000;

const STATE_COLOURS: Record<SurveyView['state'], string> = { scheduled: 'default', open: 'green', closed: 'red' };

/** codes answered ÷ issued as a percentage with one decimal (a ratio of counts, not money). */
const rate = (used: number, issued: number): string => (issued > 0 ? `${(Math.round((used * 1000) / issued) / 10).toFixed(1)}%` : '—');

/** The half-year today is in: "2026H1" or "2026H2". */
const thisHalf = () => `${dayjs().year()}H${dayjs().month() < 6 ? 1 : 2}`;

/** Compounds in the user's scope whose name holds what is typed (GET /api/compounds?q=). */
function CompoundPicker(props: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const { items } = useLookup<{ code: string; name: string }>(`/api/compounds${qs({ q: q.trim().slice(0, 100), limit: 20 })}`);
  const options = items.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }));
  return (
    <Select
      {...props}
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={t('svCompoundPick')}
      options={options}
      className="jb-full"
      data-testid="survey-compound"
    />
  );
}

interface OpenForm {
  compound: string;
  period: string;
  title: string;
  opensOn: Dayjs;
  closesOn: Dayjs;
}
const OPEN_FIELDS = ['compound', 'period', 'title', 'opensOn', 'closesOn'] as const;

function OpenSurvey({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenForm>();
  const { busy, error, setError, run } = useAction();
  const submit = (v: OpenForm) =>
    run(async () => {
      try {
        await api.post('/api/surveys', {
          compound: v.compound,
          period: v.period.trim(),
          title: v.title.trim(),
          opensOn: v.opensOn.format('YYYY-MM-DD'),
          closesOn: v.closesOn.format('YYYY-MM-DD'),
        });
      } catch (e) {
        // the server names the field it refuses: the message goes under that field
        const field = e instanceof ApiError ? OPEN_FIELDS.find((f) => f === e.field) : undefined;
        if (!field) throw e;
        form.setFields([{ name: field, errors: [(e as ApiError).message] }]);
        setError(null);
        return;
      }
      message.success(t('svOpened'));
      form.resetFields(['compound']);
      onDone();
    });
  const need = (key: MessageKey) => [{ required: true, message: t('required', { field: t(key) }) }];
  return (
    <Card size="small" title={t('svOpen')} className="jb-filters" data-testid="survey-open">
      <Typography.Paragraph type="secondary">{t('svOpenHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ period: thisHalf(), title: t('svTitle'), opensOn: dayjs(), closesOn: dayjs().add(30, 'day') }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="compound" label={t('compound')} rules={need('compound')}>
              <CompoundPicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="title" label={t('svTitleLabel')} rules={need('svTitleLabel')}>
              <Input maxLength={100} data-testid="survey-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="period" label={t('svPeriodLabel')} tooltip={t('svPeriodHint')} rules={need('svPeriodLabel')}>
              <Input maxLength={8} data-testid="survey-period" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="opensOn" label={t('svOpensOn')} rules={need('svOpensOn')}>
              <DatePicker className="jb-full" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="closesOn" label={t('svClosesOn')} rules={need('svClosesOn')}>
              <DatePicker className="jb-full" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label=" " colon={false}>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="survey-open-submit">
                {t('svOpen')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}

type Issued = { survey: SurveyView; codes: { code: string; url: string }[] };

/** Saves a file the browser holds (the A4 sheet) under `name`. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function IssueCodes({ survey, onClose }: { survey: SurveyView; onClose: (issued: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ count: number; format: 'html' | 'json' }>();
  const { busy, error, run } = useAction();
  const [codes, setCodes] = useState<Issued['codes'] | null>(null);
  const submit = (v: { count: number; format: 'html' | 'json' }) =>
    run(async () => {
      const path = `/api/surveys/${survey.id}/codes`;
      if (v.format === 'html') {
        save(await api.postFile(path, { count: v.count, format: 'html' }), `调查编码-${survey.compound.code}-${survey.id}.html`);
        message.success(t('svSheetSaved', { n: v.count }));
        onClose(true);
        return;
      }
      const issued = await api.post<Issued>(path, { count: v.count, format: 'json' });
      message.success(t('svIssued_n', { n: issued.codes.length }));
      setCodes(issued.codes);
    });
  return (
    <Modal
      open
      title={t('svIssueTitle', { title: `${survey.compound.name} · ${survey.period}` })}
      onCancel={() => onClose(codes !== null)}
      footer={
        codes ? (
          <Button onClick={() => onClose(true)}>{t('ok')}</Button>
        ) : (
          <Space>
            <Button onClick={() => onClose(false)}>{t('cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="issue-submit">
              {t('svIssueGo')}
            </Button>
          </Space>
        )
      }
      destroyOnHidden
    >
      <div data-testid="issue-dialog">
        <Typography.Paragraph type="warning">{t('svIssueHint')}</Typography.Paragraph>
        <ErrorAlert error={error} />
        {codes ? (
          <div data-testid="issued-codes">
            <Typography.Text strong>{t('svCodesShown')}</Typography.Text>
            <Table<Issued['codes'][number]>
              size="small"
              rowKey="code"
              className="jb-codes"
              dataSource={codes}
              pagination={false}
              columns={[
                {
                  title: t('svCode'),
                  dataIndex: 'code',
                  render: (c: string) => (
                    <Typography.Text code copyable data-testid="issued-code">{`${c.slice(0, 4)} ${c.slice(4)}`}</Typography.Text>
                  ),
                },
                { title: t('svAnswerUrl'), dataIndex: 'url', render: (u: string) => <Typography.Text copyable>{u}</Typography.Text> },
              ]}
            />
          </div>
        ) : (
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ count: 12, format: 'html' }}>
            <Form.Item name="count" label={t('svCount')} rules={[{ required: true, message: t('required', { field: t('svCount') }) }]}>
              <InputNumber min={1} max={MAX_CODES} precision={0} data-testid="issue-count" />
            </Form.Item>
            <Form.Item name="format" label={t('svFormat')}>
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="html" data-testid="format-html">
                    {t('svFormatHtml')}
                  </Radio>
                  <Radio value="json" data-testid="format-json">
                    {t('svFormatJson')}
                  </Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
          </Form>
        )}
      </div>
    </Modal>
  );
}

export default function Surveys() {
  const { t } = useI18n();
  const { session } = useAuth();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const [issuing, setIssuing] = useState<SurveyView | null>(null);
  const list = useGet<Page<SurveyView>>(`/api/surveys${qs({ period, ...pageQuery(paging) })}`);
  const pager = usePager(list.data?.total, paging, setPaging);
  const [filter] = Form.useForm<{ period?: string }>();
  if (!session) return null;
  const opens = OPENS_SURVEYS.includes(session.user.role);
  return (
    <div data-testid="surveys">
      <Typography.Title level={3}>{t('surveys')}</Typography.Title>
      {opens ? <OpenSurvey onDone={list.reload} /> : <Typography.Paragraph type="secondary">{t('svReadOnly')}</Typography.Paragraph>}
      <Form
        form={filter}
        layout="inline"
        className="jb-filters"
        onFinish={(v) => {
          setPeriod(v.period?.trim() || undefined);
          setPaging({ ...paging, page: 1 });
        }}
      >
        <Form.Item name="period" label={t('svPeriodLabel')}>
          <Input maxLength={8} allowClear placeholder={thisHalf()} className="jb-amount-input" />
        </Form.Item>
        <FilterButtons
          onReset={() => {
            filter.resetFields();
            setPeriod(undefined);
          }}
        />
      </Form>
      <ErrorAlert error={list.error} />
      <Table<SurveyView>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={pager}
        locale={{ emptyText: t('svNoSurveys') }}
        columns={[
          { title: t('svTitleLabel'), dataIndex: 'title' },
          { title: t('compound'), key: 'compound', render: (_, s) => `${s.compound.name}（${s.compound.code}）` },
          { title: t('community'), key: 'community', render: (_, s) => s.community.name },
          { title: t('svPeriodLabel'), dataIndex: 'period', width: 90 },
          { title: t('svDays'), key: 'days', width: 210, render: (_, s) => `${s.opensOn} ~ ${s.closesOn ?? '—'}` },
          {
            title: t('state'),
            dataIndex: 'state',
            render: (st: SurveyView['state']) => <Tag color={STATE_COLOURS[st]}>{t(`svState_${st}` as MessageKey)}</Tag>,
          },
          { title: t('svIssued'), key: 'issued', width: 90, align: 'right', render: (_, s) => s.codes.issued },
          { title: t('svResponses'), dataIndex: 'responses', width: 80, align: 'right' },
          { title: t('svRate'), key: 'rate', width: 100, align: 'right', render: (_, s) => rate(s.codes.used, s.codes.issued) },
          ...(opens
            ? [
                {
                  title: '',
                  key: 'issue',
                  render: (_: unknown, s: SurveyView) =>
                    s.state !== 'closed' && (
                      <Button size="small" onClick={() => setIssuing(s)} data-testid="issue-codes">
                        {t('svIssue')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {issuing && (
        <IssueCodes
          survey={issuing}
          onClose={(issued) => {
            setIssuing(null);
            if (issued) list.reload();
          }}
        />
      )}
    </div>
  );
}
