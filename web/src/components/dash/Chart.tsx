/**
 * ECharts for the dashboards, tree-shaken: only the line and bar charts, the grid, tooltip, legend and
 * markLine components and the canvas renderer are registered (the bundle budget, BENCHMARKS.md "Console
 * bundle"). This module is imported by lazy pages only, so the charts never weigh on the first load.
 */

import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { BarChart, LineChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

/** The options of the charts registered here. */
export type Option = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

/** Chinese first: the same fonts as antd's, then the CJK fonts a Linux browser has. */
const FONTS =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/** Browsers driven by tests draw at once: no animation to wait for. */
const ANIMATE = typeof navigator === 'undefined' || !navigator.webdriver;

/** A chart in the canvas (echarts-for-react sizes it: 300 px high, the width of its column). */
export function Chart({ option, testId }: { option: Option; testId: string }) {
  return (
    <div data-testid={testId} className="jb-chart">
      <ReactEChartsCore
        echarts={echarts}
        option={{ animation: ANIMATE, textStyle: { fontFamily: FONTS }, ...option }}
        notMerge
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}

/** A decimal string from the API as a chart value (for drawing only; figures are shown from the strings). */
export const num = (v: string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
