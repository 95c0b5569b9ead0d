/** Satisfaction per community in a survey year against its target (80%), with the city's (or the community's) total. */
import { Empty, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { qs } from '../../api.ts';
import { percent } from '../../format.ts';
import { useI18n } from '../../i18n.tsx';
import { useGet } from '../../ui.tsx';
import { Chart, num, type Option } from './Chart.tsx';
import { reportYears, Section, YearSelect } from './Section.tsx';
import type { PlaceShare, SatisfactionReport } from './types.ts';

export function SatisfactionSection() {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const r = useGet<SatisfactionReport>(`/api/reports/satisfaction${qs({ year })}`);
  const d = r.data;
  const metTag = (met: boolean | null) => (met === null ? '—' : <Tag color={met ? 'green' : 'red'}>{met ? t('yes') : t('no')}</Tag>);
  const option: Option | null =
    d && d.communities.length > 0
      ? {
          tooltip: { trigger: 'axis', valueFormatter: (v) => percent(String(v)) },
          grid: { left: 48, right: 24, top: 24, bottom: 32 },
          xAxis: { type: 'category', data: d.communities.map((c) => c.name) },
          yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
          series: [
            {
              name: t('dashSatisfiedRate'),
              type: 'bar',
              barMaxWidth: 48,
              data: d.communities.map((c) => ({ value: num(c.percent), itemStyle: { color: c.met ? '#3f8f3f' : '#c0392b' } })),
              label: { show: true, position: 'top', formatter: (p) => percent(String(p.value)) },
              markLine: {
                symbol: 'none',
                data: [
                  {
                    yAxis: Number(d.target),
                    label: { position: 'insideEndTop', formatter: t('dashTarget', { target: percent(d.target).replace('%', '') }) },
                  },
                ],
              },
            },
          ],
        }
      : null;
  const rows: (PlaceShare & { total?: true })[] = d
    ? [...d.communities, { code: '', name: d.community === null ? t('dashCity') : t('dashOwnCommunity'), ...d.total, total: true }]
    : [];
  return (
    <Section
      id="satisfaction"
      title={t('dashSatisfaction')}
      report="satisfaction"
      query={{ year: d?.year }}
      error={r.error}
      loading={r.loading && !d}
      filters={
        <YearSelect
          label={t('dashSurveyYear')}
          value={year ?? d?.year}
          onChange={setYear}
          years={reportYears()}
          testId="year-satisfaction"
        />
      }
    >
      {d && (
        <>
          <Typography.Paragraph type="secondary">
            {t('dashSatisfactionGoal', { levels: d.satisfiedLevels, target: d.target.replace(/\.00$/, '') })}
          </Typography.Paragraph>
          {!option && <Empty description={t('dashNoData')} />}
          {option && <Chart option={option} testId="chart-satisfaction" />}
          {option && (
            <Table<PlaceShare & { total?: true }>
              size="small"
              data-testid="table-satisfaction"
              rowKey={(x) => x.code || 'total'}
              dataSource={rows}
              pagination={false}
              columns={[
                { title: t('community'), key: 'name', render: (_, x) => (x.total ? <strong>{x.name}</strong> : x.name) },
                { title: t('dashResponses'), dataIndex: 'whole', align: 'right' },
                { title: t('dashSatisfied'), dataIndex: 'part', align: 'right' },
                { title: t('dashSatisfiedRate'), key: 'percent', align: 'right', render: (_, x) => percent(x.percent) },
                { title: t('dashMet'), key: 'met', render: (_, x) => metTag(x.met) },
              ]}
            />
          )}
        </>
      )}
    </Section>
  );
}
