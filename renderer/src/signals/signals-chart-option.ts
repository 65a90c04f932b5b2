import type { echarts, ChartPalette } from '../charts/echarts-setup.js';
import type { SignalsTrainResult } from '../../../main/contract/signals.js';
import { CHART_FEATURES, clockOf, type ChartFeatureId } from './signals-model.js';

type Series = SignalsTrainResult['series'];

/**
 * ECharts option of the Signals chart: the mid price (top, $) with the out-of-sample predicted score
 * P(up) − P(down) on its own right axis, and the chosen feature in a panel below. Both panels share
 * one time axis through one pair of dataZoom components (inside + slider over both x axes), so
 * zooming either keeps them aligned; the tooltip and axis pointer are linked across the panels.
 * Lines use LTTB sampling (peaks survive when there are more points than pixels).
 */
export function signalsChartOption(p: ChartPalette, s: Series, feature: ChartFeatureId): echarts.EChartsCoreOption {
  const f = CHART_FEATURES.find((c) => c.id === feature) ?? CHART_FEATURES[0]!;
  const axisCommon = { axisLine: { lineStyle: { color: p.axis } }, axisLabel: { color: p.muted, fontFamily: p.mono, fontSize: 10 }, nameTextStyle: { color: p.muted, fontSize: 11 }, splitLine: { lineStyle: { color: p.grid } } };
  const xCommon = { type: 'value' as const, min: 'dataMin', max: 'dataMax', ...axisCommon, axisLabel: { ...axisCommon.axisLabel, formatter: (v: number) => clockOf(v) } };
  const pts = (ys: readonly number[]) => s.tNs.map((t, i) => [t, ys[i]!]);
  const featureVals = s.features[f.id] ?? [];
  return {
    animation: false,
    textStyle: { fontFamily: p.font, color: p.text },
    legend: { top: 0, textStyle: { color: p.muted, fontSize: 11 }, itemWidth: 14, itemHeight: 8 },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: {
      trigger: 'axis',
      backgroundColor: p.panel,
      borderColor: p.axis,
      textStyle: { color: p.text, fontSize: 11 },
      formatter: (params: Array<{ seriesName: string; value: [number, number]; marker: string }>) => {
        if (!params.length) return '';
        const t = params[0]!.value[0];
        const rows = params.map((q) => {
          const v = q.value[1];
          const txt = q.seriesName.startsWith('Mid') ? `$${v.toFixed(4)}` : q.seriesName.startsWith('Score') ? (v >= 0 ? '+' : '') + v.toFixed(3) : v.toFixed(3);
          return `${q.marker}${q.seriesName}: <b>${txt}</b>`;
        });
        return [clockOf(t, true), ...rows].join('<br/>');
      },
    },
    grid: [
      { left: 64, right: 58, top: 26, height: '52%' },
      { left: 64, right: 58, top: '68%', bottom: 56 },
    ],
    xAxis: [
      { ...xCommon, gridIndex: 0, axisLabel: { show: false } },
      { ...xCommon, gridIndex: 1, name: 'Time (exchange clock)', nameLocation: 'middle', nameGap: 22 },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'Mid ($)', nameLocation: 'middle', nameGap: 50, scale: true, ...axisCommon, axisLabel: { ...axisCommon.axisLabel, formatter: (v: number) => v.toFixed(2) } },
      { type: 'value', gridIndex: 0, name: 'P(up) − P(down)', nameLocation: 'middle', nameGap: 38, min: -1, max: 1, ...axisCommon, splitLine: { show: false } },
      { type: 'value', gridIndex: 1, name: f.unit, nameLocation: 'middle', nameGap: 50, scale: true, ...axisCommon },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1], filterMode: 'none' },
      { type: 'slider', xAxisIndex: [0, 1], filterMode: 'none', bottom: 6, height: 16, borderColor: p.axis, textStyle: { color: p.muted, fontSize: 10 }, labelFormatter: (v: number) => clockOf(v) },
    ],
    series: [
      { name: 'Mid', type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: pts(s.mid), showSymbol: false, sampling: 'lttb', lineStyle: { color: p.mid, width: 1.2 }, itemStyle: { color: p.mid } },
      { name: 'Score P(up) − P(down), out of sample', type: 'line', xAxisIndex: 0, yAxisIndex: 1, data: pts(s.score), showSymbol: false, sampling: 'lttb', lineStyle: { color: p.accent, width: 1, opacity: 0.8 }, itemStyle: { color: p.accent } },
      { name: `${f.label} (${f.unit})`, type: 'line', xAxisIndex: 1, yAxisIndex: 2, data: pts(featureVals), showSymbol: false, sampling: 'lttb', lineStyle: { color: p.neutral, width: 1 }, itemStyle: { color: p.neutral } },
    ],
  };
}
