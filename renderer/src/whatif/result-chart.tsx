import { useEffect, useMemo, useRef } from 'react';
import { echarts, readPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import type { ChartLabels } from '../market/chart-option.js';
import type { Store } from '../store/store.js';
import { useStore } from '../store/store.js';
import type { AppState } from '../store/app-state.js';
import { buildChartData, midSeriesWithData, type WhatIfChartData } from './chart-model.js';
import { cursorUpdate, whatIfChartOption } from './chart-option.js';
import type { RunScale } from './summary-model.js';
import type { WhatIfController } from './whatif-controller.js';

const EMPTY: WhatIfChartData = { midWith: [], midWithout: [], buys: [], sells: [], maxFill: 0, startMs: null, endMs: null, snapshotMs: [] };

/**
 * The what-if price chart on its own (What-if and the TCA drill-down share it): mid with vs
 * without our orders, our fills as triangles (up buys, down sells), the order's Start/End window
 * and an optional cursor; wheel zooms, drag pans, a click in the plot reports its time (ms).
 */
export function PriceChart({
  data, scale, symbol, clock, theme, cursorMs = null, onPickMs, runKey, testId,
}: {
  data: WhatIfChartData | null;
  scale: RunScale | null;
  symbol: string;
  clock: 'utc' | 'exchange-local';
  theme: string;
  cursorMs?: number | null;
  onPickMs?: (ms: number) => void;
  runKey: string;
  testId: string;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);
  const cursorRef = useRef(cursorMs);
  cursorRef.current = cursorMs;
  const pickRef = useRef(onPickMs);
  pickRef.current = onPickMs;

  useEffect(() => {
    const el = hostRef.current!;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    chart.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      if (!pickRef.current || !chart.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) return;
      const [x] = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
      pickRef.current(x!);
    });
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  // Full option when the data, theme or scale changes.
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
    const d = data ?? EMPTY;
    chart.setOption(whatIfChartOption(readPalette(), labels, d, cursorRef.current), { notMerge: true });
    el.dataset.points = String(d.midWith.length);
    el.dataset.midSeries = String(midSeriesWithData(d));
    el.dataset.fills = String(d.buys.length + d.sells.length);
    el.dataset.run = runKey;
  }, [data, theme, scale, symbol, clock, runKey]);

  // The cursor alone on every step.
  useEffect(() => {
    chartRef.current?.setOption(cursorUpdate(readPalette(), cursorMs));
  }, [cursorMs]);

  return <div ref={hostRef} className="chart-host" data-testid={testId} data-points="0" data-mid-series="0" data-fills="0" />;
}

/**
 * Mid with our orders against mid without them on the same seeded path, our fills as triangles,
 * the order's window, and the replay cursor; wheel zooms, drag pans, a click moves the replay.
 */
export function ResultChart({ whatif, app, scale }: { whatif: WhatIfController; app: Store<AppState>; scale: RunScale | null }) {
  const theme = useStore(app, (s) => s.theme);
  const run = useStore(whatif.store, (s) => s.run);
  const index = useStore(whatif.store, (s) => s.replayIndex);
  const data = useMemo(() => (run ? buildChartData(run.result, run.args.order) : null), [run]);
  const cursorMs = data?.snapshotMs[index] ?? null;
  const times = data?.snapshotMs;
  const symbol = run?.result.instrument.symbol ?? '';
  const clock = run?.result.clock ?? 'exchange-local';

  // A click inside the plot moves the replay to the last snapshot at or before that time.
  const onPickMs = (x: number) => {
    if (!times || times.length === 0) return;
    let i = 0;
    while (i + 1 < times.length && times[i + 1]! <= x) i++;
    whatif.pause();
    whatif.setReplayIndex(i);
  };

  return (
    <section className="panel chart-panel wi-chart" aria-label="What-if price chart">
      <header className="panel-head">
        <h2>Price</h2>
        <span className="panel-sub">mid with vs without our orders · fills sized by quantity · wheel zooms, drag pans, click moves the replay</span>
      </header>
      <div className="chart-wrap">
        <PriceChart data={data} scale={scale} symbol={symbol} clock={clock} theme={theme} cursorMs={cursorMs} onPickMs={onPickMs} runKey={String(run?.runNo ?? '')} testId="whatif-chart" />
        {!run && <div className="chart-empty muted">Run a what-if to chart the mid with and without our orders</div>}
      </div>
    </section>
  );
}
