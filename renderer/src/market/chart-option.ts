import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from '../charts/echarts-setup.js';
import { formatChartMs } from '../format/time.js';
import { formatSize, groupThousands } from '../format/numbers.js';
import { tradeDotSize, type ChartSeriesBuilder, type LinePoint, type TradePoint } from './chart-data.js';

/** Series names, also the legend's entries. */
export const SERIES = { bid: 'Bid', ask: 'Ask', mid: 'Mid', buys: 'Trade B (buyer-initiated)', sells: 'Trade S (seller-initiated)', unknown: 'Trade (side unknown)' } as const;

/** What the static part of the option depends on. */
export interface ChartLabels {
  readonly displayDecimals: number;
  readonly sizeDecimals: number;
  /** e.g. "Time (exchange-local)". */
  readonly timeAxisName: string;
  /** e.g. "Price (AMZN)". */
  readonly priceAxisName: string;
}

function fmtPrice(v: number, decimals: number): string {
  return groupThousands(v.toFixed(decimals));
}

function tooltipHtml(params: unknown, labels: ChartLabels, p: ChartPalette): string {
  const list = (Array.isArray(params) ? params : [params]) as { seriesName: string; value: (number | null)[]; color: string }[];
  if (list.length === 0) return '';
  const t = list[0]!.value[0] as number;
  const rows = list
    .filter((x) => x.value[1] !== null && x.value[1] !== undefined)
    .map((x) => {
      const isTrade = x.value.length >= 4;
      const price = fmtPrice(x.value[1] as number, labels.displayDecimals);
      const extra = isTrade ? ` × ${formatSize(x.value[2] as number, labels.sizeDecimals)}` : '';
      return `<tr><td><span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${x.color};margin-right:6px"></span>${x.seriesName}</td><td style="text-align:right;padding-left:12px;font-family:${p.mono}">${price}${extra}</td></tr>`;
    })
    .join('');
  return `<div style="font-family:${p.mono};margin-bottom:4px">${formatChartMs(t)}</div><table style="border-collapse:collapse">${rows}</table>`;
}

/** The full option (axes, legend, tooltip, zoom, empty series) for the price chart. */
export function baseChartOption(p: ChartPalette, labels: ChartLabels): EChartsCoreOption {
  const axisLabel = { color: p.muted, fontFamily: p.mono, fontSize: 10 };
  const line = (name: string, color: string, extra: object = {}) => ({
    name,
    type: 'line',
    data: [] as LinePoint[],
    showSymbol: false,
    sampling: 'lttb',
    step: 'end',
    connectNulls: false,
    lineStyle: { width: 1.2, color },
    itemStyle: { color },
    emphasis: { disabled: true },
    animation: false,
    ...extra,
  });
  const dots = (name: string, color: string, symbol: string) => ({
    name,
    type: 'scatter',
    data: [] as TradePoint[],
    symbol,
    symbolSize: (v: TradePoint) => tradeDotSize(v[2], 1),
    itemStyle: { color, opacity: 0.65, borderColor: p.panel, borderWidth: 0.5 },
    animation: false,
    progressive: 4000,
    z: 3,
  });
  return {
    animation: false,
    // x values are ms since the session's midnight; read as UTC they give clock-time ticks.
    useUTC: true,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: p.font, color: p.text },
    grid: { left: 72, right: 44, top: 30, bottom: 58 },
    legend: {
      top: 2,
      left: 8,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: p.muted, fontSize: 11 },
      data: [SERIES.bid, SERIES.ask, SERIES.mid, SERIES.buys, SERIES.sells],
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'cross', label: { backgroundColor: p.axis, fontFamily: p.mono, formatter: (o: { axisDimension: string; value: number }) => (o.axisDimension === 'x' ? formatChartMs(o.value) : fmtPrice(o.value, labels.displayDecimals)) } },
      backgroundColor: p.panel,
      borderColor: p.axis,
      textStyle: { color: p.text, fontSize: 11 },
      confine: true,
      formatter: (params: unknown) => tooltipHtml(params, labels, p),
    },
    xAxis: {
      type: 'time',
      name: labels.timeAxisName,
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: { color: p.muted, fontSize: 10 },
      min: 'dataMin',
      max: 'dataMax',
      axisLine: { lineStyle: { color: p.axis } },
      axisLabel: { ...axisLabel, formatter: (v: number) => formatChartMs(v), hideOverlap: true },
      splitLine: { show: true, lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: 'value',
      name: labels.priceAxisName,
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: 54,
      nameTextStyle: { color: p.muted, fontSize: 10 },
      scale: true,
      position: 'left',
      axisLine: { show: true, lineStyle: { color: p.axis } },
      axisLabel: { ...axisLabel, formatter: (v: number) => fmtPrice(v, labels.displayDecimals) },
      splitLine: { lineStyle: { color: p.grid } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'filter' },
      {
        type: 'slider',
        xAxisIndex: 0,
        height: 16,
        bottom: 4,
        filterMode: 'filter',
        borderColor: p.axis,
        textStyle: { color: p.muted, fontSize: 10, fontFamily: p.mono },
        labelFormatter: (v: number) => formatChartMs(v),
        dataBackground: { lineStyle: { color: p.mid, opacity: 0.5 }, areaStyle: { color: p.mid, opacity: 0.1 } },
        fillerColor: 'rgba(128,140,160,0.15)',
        handleStyle: { color: p.muted },
      },
    ],
    series: [
      line(SERIES.bid, p.bid),
      line(SERIES.ask, p.ask),
      line(SERIES.mid, p.mid, { lineStyle: { width: 1, color: p.mid, type: 'dashed' }, step: false }),
      dots(SERIES.buys, p.bid, 'circle'),
      dots(SERIES.sells, p.ask, 'diamond'),
      dots(SERIES.unknown, p.neutral, 'rect'),
    ],
  };
}

/** The per-update part: data plus dot sizing against the current largest trade. */
export function dataOption(b: ChartSeriesBuilder): EChartsCoreOption {
  const max = b.maxTradeSize;
  const size = (v: TradePoint) => tradeDotSize(v[2], max);
  return {
    legend: { data: [SERIES.bid, SERIES.ask, SERIES.mid, SERIES.buys, SERIES.sells, ...(b.unknown.length > 0 ? [SERIES.unknown] : [])] },
    series: [
      { name: SERIES.bid, data: b.bid },
      { name: SERIES.ask, data: b.ask },
      { name: SERIES.mid, data: b.mid },
      { name: SERIES.buys, data: b.buys, symbolSize: size },
      { name: SERIES.sells, data: b.sells, symbolSize: size },
      { name: SERIES.unknown, data: b.unknown, symbolSize: size },
    ],
  };
}
