import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from '../charts/echarts-setup.js';
import type { costRiskData, distributionData, inventoryData } from './tca-model.js';

/** Strategy colours: distinct hues that are neither the bid nor the ask colour. */
export const STRATEGY_COLORS = ['#5b8def', '#e0b340', '#b07cf0', '#4fc3e8', '#d96fb5', '#9ccf5a', '#e88a4f'];

const f1 = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : 'n/a');

const AXIS_LABEL = (p: ChartPalette) => ({ color: p.muted, fontFamily: p.mono, fontSize: 10 });

function common(p: ChartPalette) {
  const axisLabel = AXIS_LABEL(p);
  const axis = (name: string, extra: object = {}) => ({
    name,
    nameLocation: 'middle',
    nameGap: 28,
    nameTextStyle: { color: p.muted, fontSize: 10 },
    axisLabel,
    axisLine: { lineStyle: { color: p.axis } },
    splitLine: { lineStyle: { color: p.grid } },
    ...extra,
  });
  return {
    base: {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { fontFamily: p.font, color: p.text },
      color: STRATEGY_COLORS,
      grid: { left: 52, right: 14, top: 30, bottom: 40 },
      legend: { top: 4, textStyle: { color: p.muted, fontSize: 11 }, itemWidth: 14, itemHeight: 8 },
      tooltip: { backgroundColor: p.panel, borderColor: p.axis, textStyle: { color: p.text, fontSize: 11 }, confine: true },
    },
    axis,
  };
}

/** Cost distributions: a box per strategy (IS, bps) with every path's cost overlaid as a dot. */
export function distributionOption(p: ChartPalette, d: ReturnType<typeof distributionData>): EChartsCoreOption {
  const { base, axis } = common(p);
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (x: { seriesName: string; name: string; data: unknown; value: unknown }) => {
        if (x.seriesName === 'Paths') {
          const v = x.value as [number, number, number];
          return `${d.labels[v[0]] ?? d.categories[v[0]]} · seed ${v[2]}<br/>IS ${f1(v[1])} bps`;
        }
        const v = x.value as number[];
        const s = v.slice(-5);
        return `${d.labels[d.categories.indexOf(x.name)] ?? x.name}<br/>max ${f1(s[4])}<br/>Q3 ${f1(s[3])}<br/>median ${f1(s[2])}<br/>Q1 ${f1(s[1])}<br/>min ${f1(s[0])} bps`;
      },
    },
    legend: { ...base.legend, data: ['Distribution', 'Paths'] },
    // Every strategy labelled (short names, never skipped): interval 0, no overlap hiding.
    xAxis: axis('Strategy', { type: 'category', data: d.categories, splitLine: { show: false }, axisLabel: { ...AXIS_LABEL(p), interval: 0, hideOverlap: false } }),
    yAxis: axis('Implementation shortfall (bps, + = cost)', { type: 'value', scale: true, nameGap: 38 }),
    series: [
      {
        name: 'Distribution',
        type: 'boxplot',
        data: d.boxes.map((b, i) => ({ value: b ?? [0, 0, 0, 0, 0], itemStyle: { color: 'transparent', borderColor: STRATEGY_COLORS[i % STRATEGY_COLORS.length] } })),
        itemStyle: { color: 'transparent', borderColor: p.text },
        boxWidth: ['20%', '45%'],
      },
      {
        name: 'Paths',
        type: 'scatter',
        data: d.points,
        symbolSize: 6,
        itemStyle: { color: p.text, opacity: 0.75 },
        z: 3,
      },
    ],
  };
}

/** Cost vs risk: each strategy's (std, mean) of IS, with the Almgren-Chriss efficient frontier as a line. */
export function costRiskOption(p: ChartPalette, d: ReturnType<typeof costRiskData>): EChartsCoreOption {
  const { base, axis } = common(p);
  return {
    ...base,
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (x: { seriesName: string; value: [number, number] }) =>
        `${x.seriesName}<br/>${x.seriesName === 'AC frontier' ? 'expected cost' : 'mean IS'} ${f1(x.value[1])} bps<br/>std ${f1(x.value[0])} bps`,
    },
    // The strategies' points carry their names, so the legend only explains the frontier (never pages).
    legend: { ...base.legend, data: ['AC frontier'] },
    xAxis: axis('Risk: std of IS (bps)', { type: 'value', scale: true }),
    yAxis: axis('Mean IS (bps, + = cost)', { type: 'value', scale: true, nameGap: 38 }),
    series: [
      {
        name: 'AC frontier',
        type: 'line',
        data: d.frontier,
        showSymbol: true,
        symbolSize: 4,
        lineStyle: { color: p.muted, type: 'dashed', width: 1.5 },
        itemStyle: { color: p.muted },
        z: 1,
      },
      ...d.strategies.map((s, i) => ({
        name: s.name,
        type: 'scatter',
        data: [[s.std, s.mean]],
        symbolSize: 11,
        itemStyle: { color: STRATEGY_COLORS[i % STRATEGY_COLORS.length] },
        label: { show: true, position: 'right', formatter: s.short ?? s.name, color: p.text, fontSize: 10 },
        // Points close together (same risk and cost) push their names apart instead of overprinting.
        labelLayout: { moveOverlap: 'shiftY' },
        z: 3,
      })),
    ],
  };
}

/** Inventory: mean % of the parent left vs % of the horizon, one line per strategy, against the linear schedule. */
export function inventoryOption(p: ChartPalette, d: ReturnType<typeof inventoryData>): EChartsCoreOption {
  const { base, axis } = common(p);
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: 'axis', valueFormatter: (v: unknown) => `${f1(v)} %` },
    // One plain vertical legend in the plot's top-right (inventory starts top-left and falls): every entry visible, no paging.
    legend: { ...base.legend, orient: 'vertical', top: 24, right: 18, itemGap: 3, textStyle: { color: p.muted, fontSize: 10 }, backgroundColor: p.panel, padding: [2, 4] },
    grid: { ...base.grid, top: 14 },
    xAxis: axis('Time (% of horizon)', { type: 'value', min: 0, max: 100 }),
    yAxis: axis('Remaining (% of parent)', { type: 'value', min: 0, max: 100, nameGap: 34 }),
    series: [
      { name: 'Linear schedule', type: 'line', data: d.schedule, showSymbol: false, lineStyle: { color: p.muted, type: 'dashed', width: 1 }, itemStyle: { color: p.muted } },
      ...d.series.map((s, i) => ({
        name: s.name,
        type: 'line',
        data: s.data,
        showSymbol: false,
        step: 'end',
        sampling: 'lttb',
        lineStyle: { width: 1.8, color: STRATEGY_COLORS[i % STRATEGY_COLORS.length] },
        itemStyle: { color: STRATEGY_COLORS[i % STRATEGY_COLORS.length] },
      })),
    ],
  };
}
