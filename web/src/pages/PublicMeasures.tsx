/**
 * 宣传引导 (clause 4.3): the three programmes in plain language, their figures read from the policy's
 * parameters with their clauses (GET /api/params), and the reward estimator — a company or a committee
 * enters a compound's area, dates and conditions; the page sends them as a one-entity scenario to the
 * public calculator (POST /api/calc?explain=true) and shows the engine's result and reasons. The page
 * computes nothing itself.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, api, errorText } from '../api.ts';
import { EstimateResult } from '../components/public/EstimateResult.tsx';
import { type EstimateForm, fieldOf, type Programme, percent, scenarioOf } from '../components/public/scenario.ts';
import type { CalcResult, ParamRow } from '../components/public/types.ts';
import { day, money } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, useGet } from '../ui.tsx';

const UNITS: Record<string, MessageKey> = {
  date: 'pubUnit_date',
  'yuan/m²/month': 'pubUnit_rate',
  ratio: 'pubUnit_ratio',
  points: 'pubUnit_points',
  tier: 'pubUnit_tier',
  households: 'pubUnit_households',
  yuan: 'pubUnit_yuan',
  months: 'pubUnit_months',
  'yuan/year': 'pubUnit_yuanYear',
  category: 'pubUnit_category',
  days: 'pubUnit_days',
  levels: 'pubUnit_levels',
  year: 'pubUnit_year',
};
const CATEGORIES = ['health', 'safety', 'security', 'basic'] as const;

function useParamsTable() {
  const p = useGet<{ parameters: ParamRow[] }>('/api/params');
  const byId = useMemo(() => new Map((p.data?.parameters ?? []).map((r) => [r.id, r])), [p.data]);
  const v = (id: string): string => {
    const x = byId.get(id)?.value;
    return x === null || x === undefined ? '' : Array.isArray(x) ? x.join(', ') : String(x);
  };
  return { ...p, byId, v };
}

function ParamTable({ rows }: { rows: ParamRow[] }) {
  const { t } = useI18n();
  const show = (r: ParamRow) => {
    if (r.value === null || r.value === '') return '—';
    if (r.unit === 'category' && Array.isArray(r.value)) return r.value.map((c) => t(`pubCat_${c}` as MessageKey)).join('、');
    if (r.unit === 'ratio') return percent(String(r.value));
    const unit = UNITS[r.unit];
    return unit ? `${r.value} ${t(unit)}`.replace(/ $/, '') : `${r.value} ${r.unit}`;
  };
  return (
    <Table<ParamRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 480 }}
      columns={[
        { title: t('pubParam'), dataIndex: 'label' },
        { title: t('pubValue'), render: (_, r) => show(r), width: 150 },
        { title: t('clause'), dataIndex: 'clause', width: 70 },
        { title: t('pubFrom'), dataIndex: 'from', width: 110, render: (d: string) => day(d) },
      ]}
    />
  );
}

function Programmes({ p }: { p: ReturnType<typeof useParamsTable> }) {
  const { t } = useI18n();
  const { v } = p;
  const rows = (prefix: string) => (p.data?.parameters ?? []).filter((r) => r.id.startsWith(prefix));
  const cards: { key: Programme; who: string; amount: string; when: string; until: string }[] = [
    {
      key: 'T',
      who: t('pubT_who'),
      amount: t('pubT_amount', { tier1: v('T.rate.tier1'), tier2: v('T.rate.tier2') }),
      when: t('pubT_cond', {
        from: v('T.entryFrom'),
        collection: percent(v('T.collectionMin')),
        feeRatio: percent(v('T.feeRatioMin')),
        pass: v('T.passScore'),
      }),
      until: t('pubUntil', { date: v('T.rewardUntil') }),
    },
    {
      key: 'W',
      who: t('pubW_who', { from: v('W.establishedFrom') }),
      amount: t('pubW_amount', { n: v('W.householdThreshold'), small: money(v('W.amount.small')), large: money(v('W.amount.large')) }),
      when: t('pubW_cond', { months: v('W.waitMonths') }),
      until: v('W.applyUntil') ? t('pubUntil', { date: v('W.applyUntil') }) : t('pubNoEnd'),
    },
    {
      key: 'F',
      who: t('pubF_who'),
      amount: t('pubF_amount', { share: percent(v('F.share')), cap: money(v('F.compoundCap')), total: money(v('F.cityAnnualTotal')) }),
      when: t('pubF_cond', {
        from: v('F.acceptedFrom'),
        collection: percent(v('F.collectionMin')),
        feeRatio: percent(v('F.feeRatioMin')),
      }),
      until: t('pubUntil', { date: v('F.until') }),
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={24} lg={8}>
          <Card title={t(`pubProg_${c.key}` as MessageKey)} size="small" className="jb-public-card" data-testid={`measure-${c.key}`}>
            <dl className="jb-public-dl">
              <dt>{t('pubWho')}</dt>
              <dd>{c.who}</dd>
              <dt>{t('pubHowMuch')}</dt>
              <dd>{c.amount}</dd>
              <dt>{t('pubConditions')}</dt>
              <dd>{c.when}</dd>
              <dt>{t('pubHowLong')}</dt>
              <dd>{c.until}</dd>
            </dl>
            <Collapse
              size="small"
              ghost
              items={[{ key: 'p', label: t('pubParamsOf'), children: <ParamTable rows={rows(`${c.key}.`)} /> }]}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Dates as the scenario carries them (and as the picker shows them). */
const DAY = 'YYYY-MM-DD';

/** Today in Beijing, YYYY-MM-DD. */
const today = () => day(new Date().toISOString());

const EXAMPLE: EstimateForm = {
  programme: 'T',
  asOf: today(),
  kind: 'compound',
  area: '10000.00',
  households: '120',
  onRoster2023: true,
  entryDate: '2024-01-01',
  contractSigned: '2024-01-01',
  commitmentSigned: '2024-01-01',
  endDate: '',
  basicServices: true,
  committeeSupport: true,
  enhancedServices: true,
  feesReceivableOccupied: '100000.00',
  feesCollected: '70000.00',
  feeStandard: '0.90',
  marketPrice: '1.20',
  assessmentScore: '80',
  established: '2024-03-01',
  serviceContractSigned: '2024-04-01',
  operatingNormally: true,
  reviewApproved: true,
  category: 'safety',
  investment: '10000.00',
  submitted: '2025-05-01',
  accepted: '2025-04-01',
  committeeEstablished: true,
  collectionRate: '0.70',
  feeRatio: '0.70',
};

function Estimator({ rewardUntil }: { rewardUntil: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EstimateForm>();
  const programme = (Form.useWatch('programme', form) ?? 'T') as Programme;
  const [result, setResult] = useState<{ r: CalcResult; programme: Programme } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (values: EstimateForm) => {
    const f = { ...EXAMPLE, ...values };
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.post<CalcResult>('/api/calc?explain=true', scenarioOf(f, rewardUntil));
      setResult({ r, programme: f.programme });
    } catch (e) {
      // the engine names each bad value by its path: shown under the form's field where there is one
      const problems = e instanceof ApiError ? (e.problems ?? []) : [];
      const fields = problems.map((x) => ({ x, field: fieldOf(x.path) })).filter((y) => y.field !== null);
      if (fields.length > 0) {
        const by = new Map<string, string[]>();
        for (const { x, field } of fields) by.set(field as string, [...(by.get(field as string) ?? []), x.message]);
        form.setFields([...by].map(([name, errors]) => ({ name: name as keyof EstimateForm, errors: [...new Set(errors)] })));
      }
      if (fields.length < problems.length || problems.length === 0) setError(errorText(e));
      else setError(t('pubEstimateFix'));
    } finally {
      setBusy(false);
    }
  };
  const date = (name: keyof EstimateForm, label: MessageKey, required = true, extra?: MessageKey) => (
    <Form.Item
      name={name}
      label={t(label)}
      extra={extra ? t(extra) : undefined}
      rules={required ? [{ required: true, message: t('required', { field: t(label) }) }] : []}
      // the form keeps YYYY-MM-DD strings (what the scenario sends); the picker shows and reads that format
      getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : null })}
      normalize={(d: Dayjs | null) => (d ? d.format(DAY) : '')}
    >
      <DatePicker className="jb-full" format={DAY} allowClear={!required} />
    </Form.Item>
  );
  const decimal = (name: keyof EstimateForm, label: MessageKey, required = true, extra?: MessageKey) => (
    <Form.Item
      name={name}
      label={t(label)}
      extra={extra ? t(extra) : undefined}
      rules={required ? [{ required: true, whitespace: true, message: t('required', { field: t(label) }) }] : []}
    >
      <Input inputMode="decimal" />
    </Form.Item>
  );
  const check = (name: keyof EstimateForm, label: MessageKey) => (
    <Form.Item name={name} valuePropName="checked" className="jb-public-check">
      <Checkbox>{t(label)}</Checkbox>
    </Form.Item>
  );
  return (
    <Card title={t('pubEstimator')} size="small" data-testid="estimator">
      <Typography.Paragraph type="secondary">{t('pubEstimatorHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={EXAMPLE}
        onFinish={run}
        requiredMark={false}
        onValuesChange={() => setResult(null)}
      >
        <Form.Item name="programme" label={t('pubWhich')}>
          <Segmented
            block
            options={(['T', 'W', 'F'] as const).map((p) => ({ value: p, label: t(`pubProgShort_${p}` as MessageKey) }))}
            data-testid="estimate-programme"
          />
        </Form.Item>
        <Typography.Title level={5}>{t('pubTheCompound')}</Typography.Title>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('kind')}>
              <Radio.Group
                options={[
                  { value: 'compound', label: t('pubKindCompound') },
                  { value: 'scattered', label: t('pubKindScattered') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {check('onRoster2023', 'pubOnRoster')}
          </Col>
          <Col xs={12}>{decimal('area', 'pubArea')}</Col>
          <Col xs={12}>
            <Form.Item
              name="households"
              label={t('households')}
              rules={[{ required: true, whitespace: true, message: t('required', { field: t('households') }) }]}
            >
              <Input inputMode="numeric" />
            </Form.Item>
          </Col>
        </Row>
        {programme === 'T' && (
          <>
            <Typography.Title level={5}>{t('pubTheEngagement')}</Typography.Title>
            <Row gutter={12}>
              <Col xs={12}>{date('entryDate', 'pubEntryDate')}</Col>
              <Col xs={12}>{date('endDate', 'pubEndDate', false, 'pubEndDateHint')}</Col>
              <Col xs={12}>{date('contractSigned', 'pubContractSigned', false)}</Col>
              <Col xs={12}>{date('commitmentSigned', 'pubCommitmentSigned', false)}</Col>
            </Row>
            <Typography.Title level={5}>{t('pubEachHalfYear')}</Typography.Title>
            <Typography.Paragraph type="secondary" className="jb-public-small">
              {t('pubEachHalfYearHint')}
            </Typography.Paragraph>
            {check('basicServices', 'pubBasicServices')}
            {check('committeeSupport', 'pubCommitteeSupport')}
            {check('enhancedServices', 'pubEnhancedServices')}
            <Row gutter={12}>
              <Col xs={12}>{decimal('feesReceivableOccupied', 'pubFeesReceivable')}</Col>
              <Col xs={12}>{decimal('feesCollected', 'pubFeesCollected')}</Col>
              <Col xs={12}>{decimal('feeStandard', 'pubFeeStandard')}</Col>
              <Col xs={12}>{decimal('marketPrice', 'pubMarketPrice', false, 'pubMarketPriceHint')}</Col>
              <Col xs={12}>{decimal('assessmentScore', 'pubScore', false, 'pubScoreHint')}</Col>
            </Row>
          </>
        )}
        {programme === 'W' && (
          <>
            <Typography.Title level={5}>{t('pubTheCommittee')}</Typography.Title>
            <Row gutter={12}>
              <Col xs={12}>{date('established', 'pubEstablished')}</Col>
              <Col xs={12}>{date('serviceContractSigned', 'pubServiceContract', false)}</Col>
            </Row>
            {check('operatingNormally', 'pubOperatingNormally')}
            {check('reviewApproved', 'pubReviewApproved')}
          </>
        )}
        {programme === 'F' && (
          <>
            <Typography.Title level={5}>{t('pubTheWorks')}</Typography.Title>
            <Form.Item name="category" label={t('pubCategory')}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`pubCat_${c}` as MessageKey) }))} />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={12}>{decimal('investment', 'pubInvestment')}</Col>
              <Col xs={12}>{date('accepted', 'pubAccepted', false)}</Col>
              <Col xs={12}>{date('submitted', 'pubSubmitted')}</Col>
              <Col xs={12}>{decimal('collectionRate', 'pubCollectionRate', true, 'pubRatioHint')}</Col>
              <Col xs={12}>{decimal('feeRatio', 'pubFeeRatio', true, 'pubRatioHint')}</Col>
            </Row>
            {check('committeeEstablished', 'pubCommitteeEstablished')}
          </>
        )}
        <Row gutter={12}>
          <Col xs={12}>{date('asOf', 'pubAsOf', true, 'pubAsOfHint')}</Col>
        </Row>
        <Space direction="vertical" className="jb-full">
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="estimate-run">
            {t('pubEstimate')}
          </Button>
          {error && <Alert type="error" showIcon message={error} data-testid="estimate-error" />}
        </Space>
      </Form>
      {result && (
        <div className="jb-public-result">
          <EstimateResult result={result.r} programme={result.programme} />
        </div>
      )}
    </Card>
  );
}

export default function PublicMeasures() {
  const { t } = useI18n();
  const p = useParamsTable();
  return (
    <Space direction="vertical" size="middle" className="jb-full" data-testid="public-measures">
      <div>
        <Typography.Title level={3}>{t('pubMeasures')}</Typography.Title>
        <Typography.Paragraph>{t('pubMeasuresLead')}</Typography.Paragraph>
        {p.data && (
          <Typography.Paragraph type="secondary">
            {t('pubGoals', {
              by: p.v('goal.coverage.by'),
              year: p.v('goal.satisfaction.year'),
              target: percent(p.v('goal.satisfaction.target')),
              days: p.v('notice.days'),
            })}
          </Typography.Paragraph>
        )}
      </div>
      <ErrorAlert error={p.error} />
      {p.data && <Programmes p={p} />}
      {p.data && <Estimator rewardUntil={p.v('T.rewardUntil')} />}
    </Space>
  );
}
