/** The communities ranked by progress (clause 4.2, docs/policy.md R-9): the score, the three measures, 通报表扬 / 通报批评. */
import { Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { qs } from '../../api.ts';
import { percent } from '../../format.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { useGet } from '../../ui.tsx';
import { Chart, num, type Option } from './Chart.tsx';
import { reportYears, Section, YearSelect } from './Section.tsx';
import type { CommunityProgress, ProgressReport } from './types.ts';

const STANDING_COLOR = { praise: '#3f8f3f', criticism: '#c0392b', none: '#1d5fbf' } as const;

export function ProgressSection() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const r = useGet<ProgressReport>(`/api/reports/progress${qs({ year })}`);
  const d = r.data;
  // the best at the top of a horizontal bar chart: the category axis runs upwards
  const ranked = [...(d?.communities ?? [])].reverse();
  const option: Option | null = d
    ? {
        tooltip: { trigger: 'axis', valueFormatter: (v) => percent(String(v)) },
        grid: { left: 96, right: 48, top: 32, bottom: 32 },
        yAxis: { type: 'category', data: ranked.map((c) => c.name) },
        xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            name: t('dashScore'),
            type: 'bar',
            barMaxWidth: 28,
            data: ranked.map((c) => ({ value: num(c.score), itemStyle: { color: STANDING_COLOR[c.standing] } })),
            label: { show: true, position: 'right', formatter: (p) => percent(String(p.value)) },
            markLine: {
              symbol: 'none',
              data: [
                {
                  xAxis: Number(d.rule.criticismBelow),
                  label: { formatter: t('dashCriticismLine', { value: percent(d.rule.criticismBelow).replace('%', '') }) },
                },
              ],
            },
          },
        ],
      }
    : null;
  const tag = (s: CommunityProgress['standing']) =>
    s === 'none' ? '—' : <Tag color={s === 'praise' ? 'green' : 'red'}>{t(`dashStanding_${s}` as MessageKey)}</Tag>;
  return (
    <Section
      id="progress"
      title={t('dashProgress')}
      report="progress"
      query={{ asOf: d?.asOf, year: d?.year }}
      error={r.error}
      loading={r.loading && !d}
      filters={
        <YearSelect label={t('dashSurveyYear')} value={year ?? d?.year} onChange={setYear} years={reportYears()} testId="year-progress" />
      }
    >
      {d && (
        <>
          <Typography.Paragraph type="secondary">
            {t('dashAsOf')} {d.asOf} · {lang === 'zh' ? d.rule.text.zh : d.rule.text.en}
          </Typography.Paragraph>
          {option && <Chart option={option} testId="chart-progress" />}
          <Table<CommunityProgress>
            size="small"
            data-testid="table-progress"
            rowKey="code"
            dataSource={d.communities}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('dashRank'), dataIndex: 'rank', align: 'right' },
              { title: t('community'), dataIndex: 'name' },
              { title: t('dashRate'), key: 'coverage', align: 'right', render: (_, c) => percent(c.coverage.percent) },
              { title: t('dashSatisfiedRate'), key: 'satisfaction', align: 'right', render: (_, c) => percent(c.satisfaction.percent) },
              { title: t('dashAssessmentRate'), key: 'assessments', align: 'right', render: (_, c) => percent(c.assessments.percent) },
              { title: t('dashScore'), key: 'score', align: 'right', render: (_, c) => percent(c.score) },
              { title: t('dashTargetsMet'), dataIndex: 'targetsMet', align: 'right' },
              { title: t('dashStanding'), key: 'standing', render: (_, c) => tag(c.standing) },
            ]}
          />
        </>
      )}
    </Section>
  );
}
