/** Half-year assessment results: passed, failed and not assessed per half-year, and the counts per community or company. */
import { Empty, Segmented, Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { useGet } from '../../ui.tsx';
import { Chart, type Option } from './Chart.tsx';
import { Section } from './Section.tsx';
import type { AssessmentsReport, PlaceCounts } from './types.ts';

type Row = PlaceCounts & { period: string; passScore: string };

export function AssessmentsSection() {
  const { t } = useI18n();
  const [by, setBy] = useState<'communities' | 'companies'>('communities');
  const r = useGet<AssessmentsReport>('/api/reports/assessments');
  const d = r.data;
  const periods = d?.periods ?? [];
  const option: Option | null =
    periods.length > 0
      ? {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 48, right: 24, top: 40, bottom: 32 },
          xAxis: { type: 'category', data: periods.map((p) => p.period) },
          yAxis: { type: 'value', minInterval: 1 },
          series: (
            [
              ['passed', 'dashPassed', '#3f8f3f'],
              ['failed', 'dashFailed', '#c0392b'],
              ['notAssessed', 'dashNotAssessed', '#b0b0b0'],
            ] as const
          ).map(([k, label, color]) => ({
            name: t(label),
            type: 'bar' as const,
            stack: 'all',
            itemStyle: { color },
            data: periods.map((p) => p.total[k]),
          })),
        }
      : null;
  const rows: Row[] = periods.flatMap((p) => p[by].map((c) => ({ ...c, period: p.period, passScore: p.passScore })));
  return (
    <Section
      id="assessments"
      title={t('dashAssessments')}
      report="assessments"
      query={{ asOf: d?.asOf }}
      error={r.error}
      loading={r.loading}
      filters={
        <Segmented
          size="small"
          value={by}
          onChange={(v) => setBy(v as typeof by)}
          options={[
            { value: 'communities', label: t('dashByCommunity') },
            { value: 'companies', label: t('dashByCompany') },
          ]}
        />
      }
    >
      {option ? <Chart option={option} testId="chart-assessments" /> : <Empty description={t('dashNoData')} />}
      <Table<Row>
        size="small"
        data-testid="table-assessments"
        rowKey={(x) => `${x.period}-${x.code}`}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 12, showSizeChanger: false }}
        columns={[
          { title: t('period'), dataIndex: 'period' },
          { title: by === 'communities' ? t('community') : t('company'), dataIndex: 'name' },
          { title: t('dashExpected'), dataIndex: 'expected', align: 'right' },
          { title: t('dashPassed'), dataIndex: 'passed', align: 'right' },
          { title: t('dashFailed'), dataIndex: 'failed', align: 'right' },
          { title: t('dashNotAssessed'), dataIndex: 'notAssessed', align: 'right' },
          { title: t('dashProvisional'), dataIndex: 'provisional', align: 'right' },
          { title: t('dashPassScore'), dataIndex: 'passScore', align: 'right' },
        ]}
      />
    </Section>
  );
}
