/**
 * The money: by half-year, programme and community, reserved and paid (docs/domain.md "Funds by half-year"),
 * and by budget year and programme against the appropriation (the city's readers).
 */
import { Col, Empty, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { qs } from '../../api.ts';
import { money } from '../../format.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { Money, useGet } from '../../ui.tsx';
import { Chart, num, type Option } from './Chart.tsx';
import { reportYears, Section, YearSelect } from './Section.tsx';
import type { FundsHalfRow, FundsReport, FundsTotal } from './types.ts';

const PROGRAMMES = ['T', 'W', 'F'] as const;
const COLORS = { T: ['#9bb8e3', '#1d5fbf'], W: ['#f3c98b', '#d4860b'], F: ['#a8d5a2', '#3f8f3f'] } as const;
/** Money in a chart: ¥ in the tooltip, whole yuan on the axis. */
const MONEY = {
  tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => money(String(v)) },
  yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(String(v)).replace(/\.00$/, '') } },
} satisfies Option;

export function FundsSection() {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [community, setCommunity] = useState<string | undefined>(undefined);
  const r = useGet<FundsReport>(`/api/reports/funds${qs({ year })}`);
  const d = r.data;
  const prog = (p: string) => t(`pubProgShort_${p}` as MessageKey);
  const communities = [...new Map((d?.halves ?? []).map((x) => [x.communityCode, x.communityName])).entries()];
  const halves = (d?.halves ?? []).filter((x) => community === undefined || x.communityCode === community);
  const periods = [...new Set(halves.map((x) => x.half))].sort();
  const sum = (p: string, half: string, k: 'reserved' | 'paid') =>
    halves.filter((x) => x.programme === p && x.half === half).reduce((n, x) => n + Number(x[k]), 0);
  const byHalf: Option | null =
    periods.length > 0
      ? {
          ...MONEY,
          legend: { top: 0 },
          grid: { left: 96, right: 24, top: 64, bottom: 32 },
          xAxis: { type: 'category', data: periods },
          series: PROGRAMMES.flatMap((p) =>
            (['reserved', 'paid'] as const).map((k, i) => ({
              name: `${prog(p)} ${t(k)}`,
              type: 'bar' as const,
              stack: p,
              itemStyle: { color: COLORS[p][i] },
              data: periods.map((h) => Math.round(sum(p, h, k) * 100) / 100),
            })),
          ),
        }
      : null;
  const totals = (d?.totals ?? []).filter((x) => x.programme !== null);
  const city = d?.community === null;
  const byYear: Option | null =
    totals.length > 0
      ? {
          ...MONEY,
          legend: { top: 0 },
          grid: { left: 96, right: 24, top: 40, bottom: 72 },
          xAxis: {
            type: 'category',
            data: totals.map((x) => `${x.year} ${prog(x.programme as string)}`),
            axisLabel: { interval: 0, rotate: 35, fontSize: 11 },
          },
          series: [
            // fixed colours: a community's chart has no appropriation, and the others keep theirs
            ...(city
              ? [
                  {
                    name: t('appropriated'),
                    type: 'bar' as const,
                    itemStyle: { color: '#8c9bb5' },
                    data: totals.map((x) => num(x.appropriated)),
                  },
                ]
              : []),
            { name: t('reserved'), type: 'bar' as const, itemStyle: { color: '#9bb8e3' }, data: totals.map((x) => num(x.reserved)) },
            { name: t('paid'), type: 'bar' as const, itemStyle: { color: '#1d5fbf' }, data: totals.map((x) => num(x.paid)) },
          ],
        }
      : null;
  const m = (v: string | null) => <Money value={v} />;
  return (
    <Section
      id="funds"
      title={t('dashFunds')}
      report="funds"
      query={{ year }}
      error={r.error}
      loading={r.loading && !d}
      filters={
        <>
          <YearSelect
            label={t('dashBudgetYear')}
            value={year}
            onChange={setYear}
            years={reportYears()}
            all={t('all')}
            testId="year-funds"
          />
          {city && communities.length > 1 && (
            <Space size={4}>
              {t('community')}
              <Select<string>
                size="small"
                allowClear
                className="jb-select"
                placeholder={t('dashCity')}
                value={community}
                onChange={(c) => setCommunity(c ?? undefined)}
                options={communities.map(([value, label]) => ({ value, label }))}
              />
            </Space>
          )}
        </>
      }
    >
      {d && (
        <>
          <Typography.Paragraph type="secondary">{t('dashFundsNote')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              {byHalf ? <Chart option={byHalf} testId="chart-funds-half" /> : <Empty description={t('dashNoData')} />}
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('dashFundsByYear')}</Typography.Text>
              {byYear ? <Chart option={byYear} testId="chart-funds-year" /> : <Empty description={t('dashNoData')} />}
            </Col>
          </Row>
          <Table<FundsHalfRow>
            size="small"
            data-testid="table-funds-half"
            rowKey={(x) => `${x.half}-${x.programme}-${x.communityCode}`}
            dataSource={halves}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: t('dashHalf'), dataIndex: 'half' },
              { title: t('programme'), key: 'programme', render: (_, x) => prog(x.programme) },
              { title: t('community'), dataIndex: 'communityName' },
              { title: t('dashClaims'), dataIndex: 'claims', align: 'right' },
              { title: t('reserved'), dataIndex: 'reserved', align: 'right', render: m },
              { title: t('paid'), dataIndex: 'paid', align: 'right', render: m },
            ]}
          />
          <Table<FundsTotal>
            size="small"
            data-testid="table-funds-year"
            rowKey={(x) => `${x.year}-${x.programme ?? '*'}`}
            dataSource={d.totals}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 12, showSizeChanger: false }}
            columns={[
              { title: t('year'), dataIndex: 'year' },
              {
                title: t('programme'),
                key: 'programme',
                render: (_, x) => (x.programme === null ? <strong>{t('dashAllProgrammes')}</strong> : prog(x.programme)),
              },
              { title: t('dashClaims'), dataIndex: 'claims', align: 'right' },
              ...(city ? [{ title: t('appropriated'), dataIndex: 'appropriated', align: 'right' as const, render: m }] : []),
              { title: t('reserved'), dataIndex: 'reserved', align: 'right', render: m },
              { title: t('paid'), dataIndex: 'paid', align: 'right', render: m },
              ...(city ? [{ title: t('dashUnspent'), dataIndex: 'unspent', align: 'right' as const, render: m }] : []),
            ]}
          />
        </>
      )}
    </Section>
  );
}
