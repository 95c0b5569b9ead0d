/** Coverage of the 2023 roster over time, the city and each community, against the goal (100% by 2025-12-31). */
import { Table, Typography } from 'antd';
import { percent } from '../../format.ts';
import { useI18n } from '../../i18n.tsx';
import { useGet } from '../../ui.tsx';
import { Chart, num, type Option } from './Chart.tsx';
import { Section } from './Section.tsx';
import type { CoverageReport } from './types.ts';

type Point = CoverageReport['points'][number];

export function CoverageSection() {
  const { t } = useI18n();
  const r = useGet<CoverageReport>('/api/reports/coverage');
  const d = r.data;
  const days = d?.points.map((p) => p.day) ?? [];
  const communities = d?.points.at(-1)?.communities ?? [];
  const city = d?.community === null ? t('dashCity') : t('dashOwnCommunity');
  const option: Option | null = d && {
    tooltip: { trigger: 'axis', valueFormatter: (v) => percent(String(v)) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 24, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: city,
        type: 'line',
        data: d.points.map((p) => num(p.total.percent)),
        lineStyle: { width: 3 },
        markLine: {
          symbol: 'none',
          data: [
            {
              yAxis: Number(d.goal.target),
              label: { position: 'insideEndTop', formatter: t('dashTarget', { target: percent(d.goal.target).replace('%', '') }) },
            },
            ...(days.includes(d.goal.by) ? [{ xAxis: d.goal.by, label: { formatter: `${t('dashDeadline')} ${d.goal.by}` } }] : []),
          ],
        },
      },
      ...communities.map((c, i) => ({
        name: c.name,
        type: 'line' as const,
        symbol: 'none',
        lineStyle: { width: 1 },
        data: d.points.map((p) => num(p.communities[i]?.percent)),
      })),
    ],
  };
  const met = d?.goal.met === null ? t('dashNotYet') : d?.goal.met ? t('yes') : t('no');
  return (
    <Section id="coverage" title={t('dashCoverage')} report="coverage" query={{ asOf: d?.asOf }} error={r.error} loading={r.loading}>
      {d && (
        <>
          <Typography.Paragraph type="secondary">
            {t('dashCoverageGoal', { target: d.goal.target.replace(/\.00$/, ''), date: d.goal.by })} · {t('dashCoverageMet', { met })} ·{' '}
            {t('dashAsOf')} {d.asOf}
          </Typography.Paragraph>
          {option && <Chart option={option} testId="chart-coverage" />}
          <Table<Point>
            size="small"
            data-testid="table-coverage"
            rowKey="day"
            dataSource={[...d.points].reverse()}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 12, showSizeChanger: false }}
            columns={[
              { title: t('dashDay'), dataIndex: 'day' },
              { title: t('dashRoster'), key: 'whole', align: 'right', render: (_, p) => p.total.whole },
              { title: t('dashCovered'), key: 'part', align: 'right', render: (_, p) => p.total.part },
              { title: `${city} ${t('dashRate')}`, key: 'rate', align: 'right', render: (_, p) => percent(p.total.percent) },
              ...communities.map((c, i) => ({
                title: c.name,
                key: c.code,
                align: 'right' as const,
                render: (_: unknown, p: Point) => percent(p.communities[i]?.percent),
              })),
            ]}
          />
        </>
      )}
    </Section>
  );
}
