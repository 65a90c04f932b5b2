import type { ChartPalette } from '../charts/echarts-setup.js';
import { smooth, type CurvePoint, type JobCurves, type ValidationPoint } from './training-model.js';

// ECharts options of the Training screen's charts, as plain data (tested without a canvas).

/** A band of the validation chart: the interval's lower edge and its width, stacked (`[step, value | '-']`, '-' = no interval). */
export interface Band {
  readonly lower: Array<[number, number | '-']>;
  readonly width: Array<[number, number | '-']>;
}

/** The 95 % interval of agent − TWAP as a stacked band (a point without an interval — fewer than 2 episodes — leaves a gap). */
export function validationBand(v: readonly ValidationPoint[]): Band {
  const ok = (p: ValidationPoint) => p.ciLowBps !== null && p.ciHighBps !== null;
  return {
    lower: v.map((p) => [p.step, ok(p) ? p.ciLowBps! : '-']),
    width: v.map((p) => [p.step, ok(p) ? p.ciHighBps! - p.ciLowBps! : '-']),
  };
}

/** The agent − TWAP difference's points (`[step, bp]`, null diffs left out). */
export function diffPoints(v: readonly ValidationPoint[]): CurvePoint[] {
  return v.filter((p) => p.diffBps !== null).map((p) => [p.step, p.diffBps!] as const);
}

const bp = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(2)} bp`);
const num = (x: number, digits = 2) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The tooltip of one validation (what the band and the line stand for, in words). */
export function validationTooltip(p: ValidationPoint): string {
  const ci = p.ciLowBps === null || p.ciHighBps === null ? 'no interval (fewer than 2 episodes)' : `95 % interval [${bp(p.ciLowBps)}, ${bp(p.ciHighBps)}]`;
  return `agent − TWAP ${bp(p.diffBps)} (${ci})<br/>agent IS ${bp(p.agentIsBps)} · TWAP IS ${bp(p.twapIsBps)} · ${p.n} episodes`;
}

function axisCommon(p: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: p.axis } }, axisLabel: { color: p.muted, fontFamily: p.mono, fontSize: 10 },
    nameTextStyle: { color: p.muted, fontSize: 10 }, splitLine: { lineStyle: { color: p.grid } },
  };
}

function tooltipOf(p: ChartPalette, byStep: (step: number) => string[]) {
  return {
    trigger: 'axis', backgroundColor: p.panel, borderColor: p.axis, textStyle: { color: p.text, fontSize: 11 },
    axisPointer: { type: 'line', lineStyle: { color: p.axis } },
    formatter: (params: unknown) => {
      const list = Array.isArray(params) ? (params as Array<{ value?: unknown }>) : [params as { value?: unknown }];
      const v = list[0]?.value;
      const step = Array.isArray(v) ? Number(v[0]) : NaN;
      if (!Number.isFinite(step)) return '';
      return [`<b>step ${num(step, 0)}</b>`, ...byStep(step)].join('<br/>');
    },
  };
}

/** The nearest point at or before `step` of a step-sorted list (null before its first). */
function at<T>(xs: readonly T[], stepOf: (x: T) => number, step: number): T | null {
  let out: T | null = null;
  for (const x of xs) {
    if (stepOf(x) > step) break;
    out = x;
  }
  return out;
}

/**
 * One job's learning curves, on linked step axes: (1) return per episode — the raw points, the
 * smoothed line over them (debiased EMA 0.8) and the greedy evaluations; (2) with validations
 * against TWAP, agent − TWAP shortfall in bp (+ = the agent costlier) with its 95 % band and a
 * zero line; (3) env steps per second. Tooltips name every value with its unit.
 */
export function learningCurveOption(p: ChartPalette, c: JobCurves): Record<string, unknown> {
  const hasVal = c.validation.length > 0;
  const ax = axisCommon(p);
  const grids = hasVal
    ? [{ left: 58, right: 14, top: 30, height: '32%' }, { left: 58, right: 14, top: '50%', height: '26%' }, { left: 58, right: 14, bottom: 30, height: '11%' }]
    : [{ left: 58, right: 14, top: 30, height: '55%' }, { left: 58, right: 14, bottom: 30, height: '18%' }];
  const rateGrid = grids.length - 1;
  const xAxis = grids.map((_, i) => ({
    type: 'value', gridIndex: i, min: 0, ...ax,
    ...(i === rateGrid ? { name: 'Env steps', nameLocation: 'middle', nameGap: 20 } : { axisLabel: { show: false } }),
  }));
  const yAxis: unknown[] = [{ type: 'value', gridIndex: 0, name: 'Return / episode', nameLocation: 'middle', nameGap: 42, scale: true, ...ax }];
  if (hasVal) yAxis.push({ type: 'value', gridIndex: 1, name: 'Agent − TWAP, bp', nameLocation: 'middle', nameGap: 42, scale: true, ...ax });
  yAxis.push({ type: 'value', gridIndex: rateGrid, name: 'Steps/s', nameLocation: 'middle', nameGap: 42, scale: true, splitNumber: 2, ...ax });
  const series: unknown[] = [
    { name: 'Return (raw)', type: 'scatter', data: c.train, symbolSize: 3, itemStyle: { color: p.neutral, opacity: 0.55 }, large: true },
    { name: 'Return (smoothed)', type: 'line', data: smooth(c.train), showSymbol: false, lineStyle: { color: p.accent, width: 2 }, itemStyle: { color: p.accent } },
    { name: 'Evaluation return', type: 'line', data: c.evaluation, symbol: 'diamond', symbolSize: 7, lineStyle: { color: p.mid, type: 'dashed' }, itemStyle: { color: p.mid } },
  ];
  if (hasVal) {
    const band = validationBand(c.validation);
    series.push(
      { name: '95 % interval', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: band.lower, stack: 'ci', lineStyle: { opacity: 0 }, showSymbol: false, itemStyle: { color: p.ask }, tooltip: { show: false } },
      { name: '95 % interval', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: band.width, stack: 'ci', lineStyle: { opacity: 0 }, showSymbol: false, areaStyle: { color: p.ask, opacity: 0.18 }, itemStyle: { color: p.ask } },
      {
        name: 'Agent − TWAP', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: diffPoints(c.validation), symbol: 'circle', symbolSize: 5,
        lineStyle: { color: p.ask, width: 2 }, itemStyle: { color: p.ask },
        markLine: { silent: true, symbol: 'none', label: { show: true, position: 'insideEndTop', formatter: 'TWAP', color: p.muted, fontSize: 10 }, lineStyle: { color: p.mid, type: 'dotted' }, data: [{ yAxis: 0 }] },
      },
    );
  }
  series.push({ name: 'Steps/s', type: 'line', xAxisIndex: rateGrid, yAxisIndex: rateGrid, data: c.rate, showSymbol: false, lineStyle: { color: p.bid, width: 1 }, itemStyle: { color: p.bid } });
  return {
    animation: false,
    textStyle: { fontFamily: p.font, color: p.text },
    grid: grids,
    legend: { top: 2, textStyle: { color: p.muted, fontSize: 11 }, itemWidth: 14, itemHeight: 8 },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: tooltipOf(p, (step) => {
      const lines: string[] = [];
      const r = at(c.train, (x) => x[0], step), s = at(smooth(c.train), (x) => x[0], step), e = at(c.evaluation, (x) => x[0], step);
      if (r) lines.push(`return ${num(r[1])} (smoothed ${num(s![1])}) at step ${num(r[0], 0)}`);
      if (e) lines.push(`evaluation return ${num(e[1])} at step ${num(e[0], 0)}`);
      const v = at(c.validation, (x) => x.step, step);
      if (v) lines.push(`validation at step ${num(v.step, 0)}: ${validationTooltip(v)}`);
      const q = at(c.rate, (x) => x[0], step);
      if (q) lines.push(`${num(q[1], 0)} steps/s`);
      return lines;
    }),
    xAxis, yAxis,
    dataZoom: [{ type: 'inside', xAxisIndex: xAxis.map((_, i) => i) }],
    series,
  };
}

/** Run colours for the comparison, in tick order. */
export function runColours(p: ChartPalette): string[] {
  return [p.accent, p.bid, p.ask, p.mid, '#e0b341', '#5aa0ff', '#ff7eb6', p.neutral];
}

/**
 * Two or more stored runs overlaid on linked step axes: each run's smoothed return (and its
 * evaluations), and — for runs validated against TWAP — its agent − TWAP line with its 95 % band,
 * one colour per run, named in the legend by `label`.
 */
export function compareOption(p: ChartPalette, runs: ReadonlyArray<{ label: string; curves: JobCurves }>): Record<string, unknown> {
  const ax = axisCommon(p);
  const colours = runColours(p);
  const anyVal = runs.some((r) => r.curves.validation.length > 0);
  const grids = anyVal ? [{ left: 58, right: 14, top: 30, height: '36%' }, { left: 58, right: 14, bottom: 30, height: '36%' }] : [{ left: 58, right: 14, top: 30, bottom: 30 }];
  const last = grids.length - 1;
  const series: unknown[] = [];
  runs.forEach((r, i) => {
    const col = colours[i % colours.length]!;
    // A run with a single point would draw nothing as a bare line: its point is shown.
    series.push({ name: r.label, type: 'line', data: smooth(r.curves.train), showSymbol: r.curves.train.length < 2, symbolSize: 5, lineStyle: { color: col, width: 2 }, itemStyle: { color: col } });
    if (anyVal && r.curves.validation.length > 0) {
      const band = validationBand(r.curves.validation);
      series.push(
        { name: r.label, type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: band.lower, stack: `ci-${i}`, lineStyle: { opacity: 0 }, showSymbol: false, itemStyle: { color: col }, tooltip: { show: false } },
        { name: r.label, type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: band.width, stack: `ci-${i}`, lineStyle: { opacity: 0 }, showSymbol: false, areaStyle: { color: col, opacity: 0.14 }, itemStyle: { color: col }, tooltip: { show: false } },
        { name: r.label, type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: diffPoints(r.curves.validation), symbol: 'circle', symbolSize: 4, lineStyle: { color: col, width: 2 }, itemStyle: { color: col } },
      );
    }
  });
  if (anyVal) series.push({ name: 'TWAP (0)', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: [], markLine: { silent: true, symbol: 'none', lineStyle: { color: p.mid, type: 'dotted' }, label: { position: 'insideEndTop', formatter: 'TWAP', color: p.muted, fontSize: 10 }, data: [{ yAxis: 0 }] } });
  return {
    animation: false,
    textStyle: { fontFamily: p.font, color: p.text },
    grid: grids,
    legend: { top: 2, textStyle: { color: p.muted, fontSize: 11 }, itemWidth: 14, itemHeight: 8, data: runs.map((r) => r.label) },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: tooltipOf(p, (step) => runs.flatMap((r) => {
      const s = at(smooth(r.curves.train), (x) => x[0], step), v = at(r.curves.validation, (x) => x.step, step);
      return [`${r.label}: return ${s ? num(s[1]) : '—'}${v ? ` · ${validationTooltip(v).replace('<br/>', ' · ')}` : ''}`];
    })),
    xAxis: grids.map((_, i) => ({ type: 'value', gridIndex: i, min: 0, ...ax, ...(i === last ? { name: 'Env steps', nameLocation: 'middle', nameGap: 20 } : { axisLabel: { show: false } }) })),
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'Return (smoothed)', nameLocation: 'middle', nameGap: 42, scale: true, ...ax },
      ...(anyVal ? [{ type: 'value', gridIndex: 1, name: 'Agent − TWAP, bp', nameLocation: 'middle', nameGap: 42, scale: true, ...ax }] : []),
    ],
    series,
  };
}
