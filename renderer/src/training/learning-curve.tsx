import { useEffect, useRef } from 'react';
import { echarts, readPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import { compareOption, learningCurveOption } from './curve-options.js';
import type { JobCurves } from './training-model.js';

/** An ECharts canvas that follows its element's size and redraws when `option` changes. */
function useChart(option: Record<string, unknown>, deps: readonly unknown[]) {
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
    chartRef.current?.setOption(option, { notMerge: true });
  }, deps);
  return hostRef;
}

/**
 * A job's learning curves (ECharts, `learningCurveOption`); the data-* attributes count what is
 * drawn (raw returns, evaluations, validations, validations with an interval, speed points), for
 * the e2e test.
 */
export function LearningCurve({ curves, theme, jobId }: { curves: JobCurves; theme: string; jobId: string }) {
  const ref = useChart(learningCurveOption(readPalette(), curves), [curves, theme, jobId]);
  useEffect(() => {
    const el = ref.current!;
    el.dataset.raw = String(curves.train.length);
    el.dataset.evaluation = String(curves.evaluation.length);
    el.dataset.validation = String(curves.validation.filter((v) => v.diffBps !== null).length);
    el.dataset.band = String(curves.validation.filter((v) => v.ciLowBps !== null && v.ciHighBps !== null).length);
    el.dataset.rate = String(curves.rate.length);
    el.dataset.job = jobId;
  }, [curves, jobId, ref]);
  return <div ref={ref} className="tr-chart" data-testid="tr-curve" />;
}

/** Stored runs' curves overlaid (`compareOption`); `data-runs` = runs drawn. */
export function CompareCurves({ runs, theme }: { runs: ReadonlyArray<{ label: string; curves: JobCurves }>; theme: string }) {
  const ref = useChart(compareOption(readPalette(), runs), [runs, theme]);
  useEffect(() => {
    ref.current!.dataset.runs = String(runs.length);
    ref.current!.dataset.validated = String(runs.filter((r) => r.curves.validation.length > 0).length);
  }, [runs, ref]);
  return <div ref={ref} className="tr-chart tr-compare-chart" data-testid="tr-compare-chart" />;
}
