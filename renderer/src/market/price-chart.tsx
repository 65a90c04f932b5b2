import { useEffect, useRef } from 'react';
import { echarts, readPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import type { AppState } from '../store/app-state.js';
import type { MarketStore } from '../store/market-store.js';
import { useStore, type Store } from '../store/store.js';
import { ChartSeriesBuilder } from './chart-data.js';
import { baseChartOption, dataOption, type ChartLabels } from './chart-option.js';
import { useMarketScale } from './use-market-format.js';

/**
 * Bid/ask/mid lines and trade dots on a canvas. The full history stays in the market store;
 * the chart converts only what was appended and redraws at most once per animation frame,
 * backing off further when a redraw is slow (long sessions at max speed).
 */
export function PriceChart({ market, app }: { market: MarketStore; app: Store<AppState> }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);
  const builder = useRef(new ChartSeriesBuilder());
  const theme = useStore(app, (s) => s.theme);
  const session = useStore(app, (s) => s.session);
  const scale = useMarketScale(session, null);
  const empty = useStore(market.view, (v) => v.points === 0 && v.trades === 0);
  const clock = session?.clock ?? 'exchange-local';
  const symbol = session?.instrument.symbol ?? '';
  const base = session ? { baseEpochNs: session.baseEpochNs, clock: session.clock } : null;
  const baseKey = base ? `${base.baseEpochNs}|${base.clock}` : '';

  // Create and dispose the chart instance.
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

  // Static option: axes, legend, colours. Re-applied when the theme or scale changes.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const labels: ChartLabels = {
      displayDecimals: scale.displayDecimals,
      sizeDecimals: scale.sizeDecimals,
      timeAxisName: `Time (${clock === 'utc' ? 'UTC' : 'exchange-local'}, HH:MM:SS.mmm)`,
      priceAxisName: symbol ? `Price (${symbol}, per share)` : 'Price',
    };
    chart.setOption(baseChartOption(readPalette(), labels), { notMerge: true });
    chart.setOption(dataOption(builder.current), { lazyUpdate: false });
  }, [theme, scale, clock, symbol]);

  // Data: follow the market store, redraw at most once per animation frame.
  useEffect(() => {
    let raf = 0;
    let nextAllowed = 0;
    const el = hostRef.current!;
    const draw = () => {
      raf = 0;
      const chart = chartRef.current;
      if (!chart) return;
      const now = performance.now();
      if (now < nextAllowed) {
        raf = requestAnimationFrame(draw);
        return;
      }
      const v = market.view.getState();
      const b = builder.current;
      const t0 = performance.now();
      if (b.sync(market.columns, v.generation, base, scale.priceDecimals)) {
        chart.setOption(dataOption(b));
        const cost = performance.now() - t0;
        nextAllowed = now + (cost > 8 ? cost * 3 : 0);
      }
      el.dataset.points = String(b.pointCount);
      el.dataset.trades = String(b.tradeCount);
      el.dataset.series = String([b.bid, b.ask, b.mid, b.buys, b.sells, b.unknown].filter((s) => s.length > 0).length);
      el.dataset.generation = String(v.generation);
    };
    const schedule = () => {
      if (raf === 0) raf = requestAnimationFrame(draw);
    };
    schedule();
    const unsub = market.view.subscribe(schedule);
    return () => {
      unsub();
      if (raf) cancelAnimationFrame(raf);
    };
  }, [market, baseKey, scale.priceDecimals]);

  return (
    <section className="panel chart-panel" aria-label="Price chart">
      <header className="panel-head">
        <h2>Price</h2>
        <span className="panel-sub">bid · ask · mid · trades sized by quantity — wheel to zoom, drag to pan</span>
      </header>
      <div className="chart-wrap">
        <div ref={hostRef} className="chart-host" data-testid="price-chart" data-points="0" data-trades="0" data-series="0" />
        {empty && <div className="chart-empty muted">{session ? 'waiting for the first frame…' : 'Open a sample or data files to chart bid, ask, mid and trades'}</div>}
      </div>
    </section>
  );
}
