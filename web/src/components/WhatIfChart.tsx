/**
 * The what-if's difference per community and programme as a bar chart: ECharts' core with the bar chart
 * alone registered, loaded lazily by the what-if page (the first load's bundle budget). Amounts arrive as
 * decimal strings; the chart's bars are drawn from them as numbers — for drawing only, never for sums.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { money } from '../format.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartRow {
  community: string;
  programme: string;
  difference: string;
}

export default function WhatIfChart({ rows, label }: { rows: ChartRow[]; label: (programme: string) => string }) {
  const communities = [...new Set(rows.map((r) => r.community))];
  const programmes = [...new Set(rows.map((r) => r.programme))];
  const option = {
    animation: false,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => money(String(v)),
    },
    // ECharts 6 puts the legend below the axis by default: above, it never covers the communities' names
    legend: { top: 0, data: programmes.map(label) },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: communities },
    yAxis: { type: 'value' },
    series: programmes.map((p) => ({
      name: label(p),
      type: 'bar',
      data: communities.map((c) => Number(rows.find((r) => r.community === c && r.programme === p)?.difference ?? '0')),
    })),
  };
  return (
    <div data-testid="whatif-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge className="jb-chart" />
    </div>
  );
}
