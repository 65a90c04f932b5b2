import { useEffect, useMemo, useRef } from 'react';
import { echarts, readPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import type { ChartLabels } from '../market/chart-option.js';
import type { Store } from '../store/store.js';
import { useStore } from '../store/store.js';
import type { AppState } from '../store/app-state.js';
import { buildChartData, midSeriesWithData } from './chart-model.js';
import { cursorUpdate, whatIfChartOption } from './chart-option.js';
import type { RunScale } from './summary-model.js';
import type { WhatIfController } from './whatif-controller.js';

/**
 * Mid with our orders against mid without them on the same seeded path, our fills as triangles,
 * the order's window, and the replay cursor; wheel zooms, drag pans, a click moves the replay.
 */
export function ResultChart({ whatif, app, scale }: { whatif: WhatIfController; app: Store<AppState>; scale: RunScale | null }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);
  const theme = useStore(app, (s) => s.theme);
  const run = useStore(whatif.store, (s) => s.run);
  const index = useStore(whatif.store, (s) => s.replayIndex);
  const data = useMemo(() => (run ? buildChartData(run.result, run.args.order) : null), [run]);
  const cursorMs = data?.snapshotMs[index] ?? null;
  const timesRef = useRef<number[]>([]);
  const cursorRef = useRef(cursorMs);
  cursorRef.current = cursorMs;
  const symbol = run?.result.instrument.symbol ?? '';
  const clock = run?.result.clock ?? 'exchange-local';

  useEffect(() => {
    const el = hostRef.current!;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    // A click inside the plot moves the replay to the last snapshot at or before that time.
    chart.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      const times = timesRef.current;
      if (times.length === 0 || !chart.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) return;
      const [x] = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
      let i = 0;
      while (i + 1 < times.length && times[i + 1]! <= x!) i++;
      whatif.pause();
      whatif.setReplayIndex(i);
    });
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [whatif]);

  // Full option when the run, theme or scale changes.
  useEffect(() => {
    const chart = chartRef.current;
    const el = hostRef.current!;
    if (!chart) return;
    const labels: ChartLabels = {
      displayDecimals: scale?.displayDecimals ?? 2,
      sizeDecimals: scale?.sizeDecimals ?? 0,
      timeAxisName: `Time (${clock === 'utc' ? 'UTC' : 'exchange-local'}, HH:MM:SS.mmm)`,
      priceAxisName: symbol ? `Price (${symbol}, per share)` : 'Price',
    };
    const d = data ?? { midWith: [], midWithout: [], buys: [], sells: [], maxFill: 0, startMs: null, endMs: null, snapshotMs: [] };
    chart.setOption(whatIfChartOption(readPalette(), labels, d, cursorRef.current), { notMerge: true });
    timesRef.current = d.snapshotMs;
    el.dataset.points = String(d.midWith.length);
    el.dataset.midSeries = String(midSeriesWithData(d));
    el.dataset.fills = String(d.buys.length + d.sells.length);
    el.dataset.run = String(run?.runNo ?? '');
  }, [data, theme, scale, symbol, clock, run]);

  // The replay cursor alone on every step.
  useEffect(() => {
    chartRef.current?.setOption(cursorUpdate(readPalette(), cursorMs));
  }, [cursorMs]);

  return (
    <section className="panel chart-panel wi-chart" aria-label="What-if price chart">
      <header className="panel-head">
        <h2>Price</h2>
        <span className="panel-sub">mid with vs without our orders · fills sized by quantity · wheel zooms, drag pans, click moves the replay</span>
      </header>
      <div className="chart-wrap">
        <div ref={hostRef} className="chart-host" data-testid="whatif-chart" data-points="0" data-mid-series="0" data-fills="0" />
        {!run && <div className="chart-empty muted">Run a what-if to chart the mid with and without our orders</div>}
      </div>
    </section>
  );
}
