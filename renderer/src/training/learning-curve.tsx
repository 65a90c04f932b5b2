import { useEffect, useRef } from 'react';
import { echarts, readPalette, type ChartPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import { smooth, type JobCurves } from './training-model.js';

/** ECharts option of one job's learning curves: raw episode returns as points, the smoothed line over them, evaluations, and the validation shortfall against TWAP on its own axis when reported. */
export function learningCurveOption(p: ChartPalette, c: JobCurves): echarts.EChartsCoreOption {
  const axisCommon = { axisLine: { lineStyle: { color: p.axis } }, axisLabel: { color: p.muted, fontFamily: p.mono, fontSize: 10 }, nameTextStyle: { color: p.muted, fontSize: 11 }, splitLine: { lineStyle: { color: p.grid } } };
  const hasVal = c.validation.length > 0;
  const series: unknown[] = [
    { name: 'Episode return (raw)', type: 'scatter', data: c.train, symbolSize: 3, itemStyle: { color: p.neutral, opacity: 0.55 }, large: true },
    { name: 'Episode return (smoothed)', type: 'line', data: smooth(c.train), showSymbol: false, lineStyle: { color: p.accent, width: 2 }, itemStyle: { color: p.accent }, sampling: 'lttb' },
    { name: 'Evaluation return', type: 'line', data: c.evaluation, symbol: 'diamond', symbolSize: 7, lineStyle: { color: p.mid, type: 'dashed' }, itemStyle: { color: p.mid } },
  ];
  if (hasVal) series.push({ name: 'Validation shortfall vs TWAP (bp)', type: 'line', yAxisIndex: 1, data: c.validation, symbol: 'circle', symbolSize: 5, lineStyle: { color: p.ask }, itemStyle: { color: p.ask } });
  return {
    animation: false,
    textStyle: { fontFamily: p.font, color: p.text },
    grid: { left: 56, right: hasVal ? 64 : 16, top: 30, bottom: 34 },
    legend: { top: 2, textStyle: { color: p.muted, fontSize: 11 }, itemWidth: 14, itemHeight: 8 },
    tooltip: { trigger: 'axis', backgroundColor: p.panel, borderColor: p.axis, textStyle: { color: p.text, fontSize: 11 } },
    xAxis: { type: 'value', name: 'Env steps', nameLocation: 'middle', nameGap: 22, min: 0, ...axisCommon },
    yAxis: [
      { type: 'value', name: 'Return per episode', nameLocation: 'middle', nameGap: 40, scale: true, ...axisCommon },
      ...(hasVal ? [{ type: 'value', name: 'bp (+ = cost)', nameLocation: 'middle', nameGap: 44, scale: true, ...axisCommon, splitLine: { show: false } }] : []),
    ],
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series,
  };
}

/** A job's learning curves (ECharts); the data-* attributes count what is drawn, for the e2e test. */
export function LearningCurve({ curves, theme, jobId }: { curves: JobCurves; theme: string; jobId: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);
  useEffect(() => {
    const el = hostRef.current!;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);
  useEffect(() => {
    const el = hostRef.current!;
    chartRef.current?.setOption(learningCurveOption(readPalette(), curves), { notMerge: true });
    el.dataset.raw = String(curves.train.length);
    el.dataset.evaluation = String(curves.evaluation.length);
    el.dataset.validation = String(curves.validation.length);
    el.dataset.job = jobId;
  }, [curves, theme, jobId]);
  return <div ref={hostRef} className="tr-chart" data-testid="tr-curve" />;
}
