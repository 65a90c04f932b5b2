import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from '../charts/echarts-setup.js';
import { tradeDotSize, type TradePoint } from '../market/chart-data.js';
import { baseChartOption, type ChartLabels } from '../market/chart-option.js';
import type { WhatIfChartData } from './chart-model.js';

/** Series names, also the legend's entries. */
export const WI_SERIES = {
  with: 'Mid with our orders',
  without: 'Mid without',
  buys: 'Our buys (B)',
  sells: 'Our sells (S)',
} as const;

const CURSOR_ID = 'replay-cursor';
/** The legend icon for sells (ECharts does not rotate legend icons). */
const DOWN_TRIANGLE = 'path://M0,0L10,0L5,9Z';

/**
 * The what-if price chart: the Market chart's axes, tooltip and zoom (`baseChartOption`) with
 * two mid lines (with and without our orders, LTTB-sampled), our fills as accent triangles sized
 * by quantity (up buys, down sells, edged in the side's colour), the order's window shaded
 * between Start and End lines, and the replay cursor.
 */
export function whatIfChartOption(p: ChartPalette, labels: ChartLabels, d: WhatIfChartData, cursorMs: number | null): EChartsCoreOption {
  const base = baseChartOption(p, labels) as { legend: object; [k: string]: unknown };
  const line = (id: string, name: string, data: unknown, style: object, extra: object = {}) => ({
    id,
    name,
    type: 'line',
    data,
    showSymbol: false,
    sampling: 'lttb',
    step: 'end',
    connectNulls: false,
    lineStyle: style,
    itemStyle: { color: (style as { color: string }).color },
    emphasis: { disabled: true },
    animation: false,
    ...extra,
  });
  const size = (v: TradePoint) => tradeDotSize(v[2], d.maxFill, 7, 18);
  const fills = (id: string, name: string, data: TradePoint[], edge: string, rotate: number) => ({
    id,
    name,
    type: 'scatter',
    data,
    symbol: 'triangle',
    symbolRotate: rotate,
    symbolSize: size,
    itemStyle: { color: p.accent, opacity: 0.9, borderColor: edge, borderWidth: 1 },
    animation: false,
    z: 4,
  });
  const orderWindow =
    d.startMs !== null && d.endMs !== null
      ? {
          markArea: { silent: true, itemStyle: { color: p.accent, opacity: 0.06 }, data: [[{ xAxis: d.startMs }, { xAxis: d.endMs }]] },
          markLine: {
            silent: true,
            symbol: 'none',
            animation: false,
            lineStyle: { color: p.accent, type: 'dashed', width: 1, opacity: 0.8 },
            label: { color: p.accent, fontSize: 10, position: 'insideEndTop', formatter: (x: { name: string }) => x.name },
            data: [
              { xAxis: d.startMs, name: 'Start' },
              { xAxis: d.endMs, name: 'End' },
            ],
          },
        }
      : {};
  return {
    ...base,
    legend: { ...base.legend, data: [WI_SERIES.with, WI_SERIES.without, { name: WI_SERIES.buys, icon: 'triangle' }, { name: WI_SERIES.sells, icon: DOWN_TRIANGLE }] },
    series: [
      line('mid-without', WI_SERIES.without, d.midWithout, { width: 1, color: p.mid, opacity: 0.75 }, { z: 1 }),
      line('mid-with', WI_SERIES.with, d.midWith, { width: 1.4, color: p.text }, { ...orderWindow, z: 2 }),
      fills('fills-buy', WI_SERIES.buys, d.buys, p.bid, 0),
      fills('fills-sell', WI_SERIES.sells, d.sells, p.ask, 180),
      { id: CURSOR_ID, name: 'Replay', type: 'line', data: [], silent: true, tooltip: { show: false }, ...cursorOption(p, cursorMs) },
    ],
  };
}

function cursorOption(p: ChartPalette, ms: number | null) {
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      lineStyle: { color: p.muted, type: 'solid', width: 1 },
      label: { show: false },
      data: ms === null ? [] : [{ xAxis: ms }],
    },
  };
}

/** The cheap per-step update: moves only the replay cursor. */
export function cursorUpdate(p: ChartPalette, ms: number | null): EChartsCoreOption {
  return { series: [{ id: CURSOR_ID, ...cursorOption(p, ms) }] };
}
