/**
 * The what-if's difference per community, a bar per programme that moves: drawn by the dashboards' chart
 * module (ECharts' core, registering only what the console draws), which the what-if page loads lazily.
 * Amounts arrive as decimal strings; bars are drawn from them as numbers — for drawing only, never for sums.
 */
import { money } from '../format.ts';
import { Chart, num } from './dash/Chart.tsx';

export interface ChartRow {
  community: string;
  programme: string;
  difference: string;
}

export default function WhatIfChart({ rows, label }: { rows: ChartRow[]; label: (programme: string) => string }) {
  const communities = [...new Set(rows.map((r) => r.community))];
  const programmes = [...new Set(rows.map((r) => r.programme))];
  return (
    <Chart
      testId="whatif-chart"
      option={{
        tooltip: { trigger: 'axis', valueFormatter: (v) => money(String(v)) },
        // ECharts 6 puts the legend below the axis by default: above, it never covers the communities' names
        legend: { top: 0, data: programmes.map(label) },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: communities },
        yAxis: { type: 'value' },
        series: programmes.map((p) => ({
          name: label(p),
          type: 'bar',
          data: communities.map((c) => num(rows.find((r) => r.community === c && r.programme === p)?.difference) ?? 0),
        })),
      }}
    />
  );
}
