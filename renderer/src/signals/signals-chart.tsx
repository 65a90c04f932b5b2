import { useEffect, useRef } from 'react';
import type { SignalsTrainResult } from '../../../main/contract/signals.js';
import { echarts, readPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import { signalsChartOption } from './signals-chart-option.js';
import type { ChartFeatureId } from './signals-model.js';

/** The price, score and feature chart (ECharts); data-* attributes count what is drawn, for the e2e test. */
export function SignalsChart({ series, feature, theme }: { series: SignalsTrainResult['series']; feature: ChartFeatureId; theme: string }) {
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
    chartRef.current?.setOption(signalsChartOption(readPalette(), series, feature), { notMerge: true });
    el.dataset.points = String(series.tNs.length);
    el.dataset.feature = feature;
    el.dataset.featurePoints = String(series.features[feature]?.length ?? 0);
  }, [series, feature, theme]);
  return <div ref={hostRef} className="sg-chart" data-testid="sg-chart" />;
}
