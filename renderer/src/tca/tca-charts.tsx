import { useEffect, useMemo, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { BoxplotChart } from 'echarts/charts';
import { echarts, readPalette, type ChartPalette, type EChartsInstance } from '../charts/echarts-setup.js';
import type { BacktestResult } from '../../../main/contract/backtest.js';
import { costRiskOption, distributionOption, inventoryOption } from './tca-chart-option.js';
import { costRiskData, distributionData, inventoryData } from './tca-model.js';

// The box plot is used only here; the shared setup registers lines and scatters.
echarts.use([BoxplotChart]);

/** One ECharts panel: created once, resized with its box, option replaced when it changes. */
function ChartPanel({ title, sub, tip, testId, option, series, empty }: { title: string; sub: string; tip?: string; testId: string; option: EChartsCoreOption | null; series: number; empty: string }) {
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
    chartRef.current?.setOption(option ?? {}, { notMerge: true });
  }, [option]);

  return (
    <section className="panel chart-panel tca-chart" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        <span className="panel-sub" title={tip ?? sub}>
          {sub}
        </span>
      </header>
      <div className="chart-wrap">
        <div ref={hostRef} className="chart-host" data-testid={testId} data-series={series} />
        {!option && <div className="chart-empty muted">{empty}</div>}
      </div>
    </section>
  );
}

/** The three comparison charts of a backtest: cost distributions, cost vs risk with the AC frontier, inventory. */
export function TcaCharts({ result, theme }: { result: BacktestResult | null; theme: string }) {
  const palette: ChartPalette | null = useMemo(() => (theme ? readPalette() : null), [theme]);
  const dist = useMemo(() => (result ? distributionData(result) : null), [result]);
  const cr = useMemo(() => (result ? costRiskData(result) : null), [result]);
  const inv = useMemo(() => (result ? inventoryData(result) : null), [result]);
  const p = palette ?? readPalette();
  return (
    <div className="tca-charts">
      <ChartPanel
        title="Cost distribution"
        sub="IS per path, bps, + = cost"
        testId="tca-dist-chart"
        option={dist ? distributionOption(p, dist) : null}
        series={dist ? 2 : 0}
        empty="Run a backtest to see each strategy's cost distribution"
      />
      <ChartPanel
        title="Cost vs risk"
        sub="mean IS vs std, bps · dashed: AC frontier"
        tip={result ? `Almgren-Chriss efficient frontier (closed form, urgency κT 0–15): ${result.frontier.source}` : undefined}
        testId="tca-risk-chart"
        option={cr ? costRiskOption(p, cr) : null}
        series={cr ? cr.strategies.length + 1 : 0}
        empty="Run a backtest to place the strategies against the frontier"
      />
      <ChartPanel
        title="Inventory"
        sub="mean % of parent left vs time, against the linear schedule"
        testId="tca-inventory-chart"
        option={inv ? inventoryOption(p, inv) : null}
        series={inv ? inv.series.length + 1 : 0}
        empty="Run a backtest to see the inventory trajectories"
      />
    </div>
  );
}
