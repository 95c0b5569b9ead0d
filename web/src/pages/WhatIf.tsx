/**
 * 参数模拟测算 (bureau, finance; POST /api/whatif): the parameters in force on a day (GET /api/params) with
 * an input each; the changed ones highlighted and sent as overrides (decimal strings, as typed). The answer:
 * before, after and the difference per programme and per community (a table and a bar chart), and a page
 * of the results that change with the engine's reasons on each side. Nothing is saved.
 */
import { Alert, Button, Card, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { ApiError, api, errorText, qs } from '../api.ts';
import { Reasons } from '../components/Explanation.tsx';
import { type ParamRow, paramColumns } from '../components/ParamColumns.tsx';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, type Paging, useGet, usePager } from '../ui.tsx';

const WhatIfChart = lazy(() => import('../components/WhatIfChart.tsx'));

type Answer = import('../../../src/service/whatif.ts').WhatIfAnswer;
type Line = Answer['lines'][number];
type Side = Line['baseline'];

/** A parameter's value as the override's text: a list comma-separated, no value empty. */
const asText = (v: ParamRow['value']) => (v === null ? '' : Array.isArray(v) ? v.join(',') : String(v));

/** `$.overrides[2].text` → 2 */
const overrideIndex = (path: string) => {
  const m = /^\$\.overrides\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
};

export default function WhatIf() {
  const { t } = useI18n();
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs());
  const at = asOf.format('YYYY-MM-DD');
  const params = useGet<{ parameters: ParamRow[] }>(`/api/params${qs({ at })}`);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const rows = params.data?.parameters ?? [];

  const overrides = useMemo(
    () =>
      rows
        .filter((r) => texts[r.id] !== undefined && texts[r.id] !== asText(r.value))
        .map((r) => ({ id: r.id, text: texts[r.id] as string })),
    [rows, texts],
  );
  const changed = new Set(overrides.map((o) => o.id));

  const run = async (page: Paging) => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const a = await api.post<Answer>('/api/whatif', { asOf: at, overrides, limit: page.size, offset: (page.page - 1) * page.size });
      setAnswer(a);
      setPaging(page);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError)
        setFieldErrors(
          Object.fromEntries(
            (e.problems ?? []).flatMap((p) => {
              const i = overrideIndex(p.path);
              const o = i === null ? undefined : overrides[i];
              return o ? [[o.id, p.message]] : [];
            }),
          ),
        );
    } finally {
      setBusy(false);
    }
  };

  const pager = usePager(answer?.page.total, paging, (p) => void run(p));
  const programme = (p: string) => t(`programme_${p}` as MessageKey);
  const status = (s: string) => t(`lineStatus_${s}` as MessageKey);
  const money = (v: string) => <Money value={v} />;
  const difference = (v: string) => (
    <strong className={v.startsWith('-') ? 'jb-error' : v === '0.00' ? undefined : 'jb-up'}>
      <Money value={v} />
    </strong>
  );
  /** before, after, difference and changed lines: a programme's row and a community's alike */
  const totals = <R extends Answer['programmes'][number]>(): ColumnsType<R> => [
    { title: t('whatifBefore'), dataIndex: 'baseline', align: 'right', render: money },
    { title: t('whatifAfter'), dataIndex: 'whatIf', align: 'right', render: money },
    { title: t('whatifDifference'), dataIndex: 'difference', align: 'right', render: difference },
    { title: t('whatifChangedLines'), dataIndex: 'changedLines', align: 'right' },
  ];
  // the chart draws the programmes whose totals move, not rows of zeros
  const movedProgrammes = new Set((answer?.programmes ?? []).filter((p) => p.difference !== '0.00').map((p) => p.programme));
  const moved = (answer?.communities ?? [])
    .filter((c) => movedProgrammes.has(c.programme))
    .map((c) => ({ ...c, community: c.communityName || c.community }));
  const names = new Map((answer?.communities ?? []).map((c) => [c.community, c.communityName]));
  const side = (s: Side) =>
    s ? (
      <div className="jb-nowrap">
        <Money value={s.amount} />
        <div>
          <Tag>{status(s.status)}</Tag>
          {s.tier ? <Tag>{t('pubTier', { n: s.tier })}</Tag> : null}
        </div>
      </div>
    ) : (
      <Typography.Text type="secondary">{t('whatifNone')}</Typography.Text>
    );

  return (
    <div data-testid="whatif">
      <Typography.Title level={3}>{t('whatif')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('whatifHint')}</Typography.Paragraph>
      <Alert type="info" showIcon message={t('whatifNothingSaved')} className="jb-filters" data-testid="whatif-nothing-saved" />
      <Space className="jb-filters" wrap>
        {t('whatifAsOf')}
        <DatePicker value={asOf} allowClear={false} onChange={(d) => d && setAsOf(d)} data-testid="whatif-asof" />
        <Button type="primary" loading={busy} onClick={() => void run({ page: 1, size: paging.size })} data-testid="whatif-run">
          {t('whatifRun')}
        </Button>
        <Button
          disabled={overrides.length === 0}
          onClick={() => {
            setTexts({});
            setFieldErrors({});
          }}
          data-testid="whatif-restore"
        >
          {t('whatifRestore')}
        </Button>
        {overrides.length > 0 ? (
          <Tag color="orange" data-testid="whatif-changed">
            {t('whatifChanged', { n: overrides.length })}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{t('whatifNoChange')}</Typography.Text>
        )}
      </Space>
      <ErrorAlert error={params.error ?? error} />
      <Card size="small" title={t('whatifParams')} className="jb-filters">
        <Table<ParamRow>
          rowKey="id"
          size="small"
          loading={params.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 440 }}
          rowClassName={(r) => (changed.has(r.id) ? 'jb-changed' : '')}
          columns={[
            ...paramColumns(t, (r) => changed.has(r.id) && <Tag color="orange">{t('whatifOverridden')}</Tag>),
            {
              title: t('whatifNew'),
              key: 'new',
              width: 240,
              render: (_, r) => (
                <div data-testid={`param-${r.id}`}>
                  <Input
                    value={texts[r.id] ?? asText(r.value)}
                    status={fieldErrors[r.id] ? 'error' : changed.has(r.id) ? 'warning' : undefined}
                    placeholder={r.type === 'list' ? t('whatifListHint') : undefined}
                    maxLength={500}
                    onChange={(e) => setTexts((x) => ({ ...x, [r.id]: e.target.value }))}
                    aria-label={`${t('whatifNew')} ${r.id}`}
                    data-testid="param-input"
                  />
                  {fieldErrors[r.id] && (
                    <div className="jb-error" data-testid="param-error">
                      {fieldErrors[r.id]}
                    </div>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>

      {answer && (
        <div data-testid="whatif-result">
          <Typography.Title level={4}>{t('whatifResult', { date: answer.asOf })}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('whatifParamsHash', { before: answer.baseline.paramsHash.slice(0, 12), after: answer.whatIf.paramsHash.slice(0, 12) })}
          </Typography.Paragraph>
          <Card size="small" title={t('whatifByProgramme')} className="jb-filters">
            <Table
              rowKey="programme"
              size="small"
              pagination={false}
              dataSource={answer.programmes}
              data-testid="whatif-programmes"
              columns={[{ title: t('programme'), dataIndex: 'programme', render: programme }, ...totals()]}
            />
          </Card>
          <Card size="small" title={t('whatifByCommunity')} className="jb-filters">
            {moved.length > 0 && (
              <Suspense fallback={null}>
                <Typography.Text type="secondary">{t('whatifChart')}</Typography.Text>
                <WhatIfChart rows={moved} label={programme} />
              </Suspense>
            )}
            <Table<Answer['communities'][number]>
              rowKey={(c) => `${c.community}-${c.programme}`}
              size="small"
              dataSource={answer.communities}
              data-testid="whatif-communities"
              pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (n) => `${t('total')} ${n}` }}
              rowClassName={(c) => (c.changedLines > 0 ? 'jb-changed' : '')}
              columns={[
                { title: t('community'), key: 'community', render: (_, c) => c.communityName || c.community },
                { title: t('programme'), dataIndex: 'programme', render: programme },
                ...totals<Answer['communities'][number]>(),
              ]}
            />
          </Card>
          <Card size="small" title={t('whatifLines')}>
            <Table<Line>
              rowKey={(l) => `${l.programme}/${l.subject}/${l.period ?? ''}`}
              size="small"
              loading={busy}
              dataSource={answer.lines}
              data-testid="whatif-lines"
              locale={{ emptyText: t('whatifNoLines') }}
              pagination={pager}
              expandable={{
                rowExpandable: (l) => (l.baseline?.reasons.length ?? 0) > 0,
                expandedRowRender: (l) => (
                  <div>
                    <Typography.Text strong>{t('whatifWhyBefore')}</Typography.Text>
                    <Reasons reasons={l.baseline?.reasons ?? []} />
                  </div>
                ),
              }}
              columns={[
                { title: t('programme'), dataIndex: 'programme', width: 90, render: programme },
                {
                  title: t('whatifSubject'),
                  key: 'subject',
                  width: 200,
                  render: (_, l) => (
                    <div>
                      <div>{l.subject}</div>
                      <div className="jb-clause">
                        {l.compoundName} · {names.get(l.community) ?? l.community}
                      </div>
                    </div>
                  ),
                },
                { title: t('period'), dataIndex: 'period', width: 90, render: (v?: string) => v ?? '—' },
                { title: t('whatifBefore'), key: 'before', width: 140, align: 'right', render: (_, l) => side(l.baseline) },
                { title: t('whatifAfter'), key: 'after', width: 140, align: 'right', render: (_, l) => side(l.whatIf) },
                {
                  title: t('whatifWhy'),
                  key: 'why',
                  render: (_, l) => <Reasons reasons={(l.whatIf ?? l.baseline)?.reasons ?? []} />,
                },
              ]}
            />
          </Card>
        </div>
      )}
    </div>
  );
}
