import type { BacktestOrderDetail, BacktestOrderDetailArgs, BacktestResult } from '../../../main/contract/backtest.js';
import { blotterRows, type BlotterRow } from '../whatif/blotter-model.js';
import { buildChartData, type WhatIfChartData } from '../whatif/chart-model.js';
import { strategyLabel } from './tca-form.js';
import type { OutcomeRow } from './tca-model.js';

/** The `backtest.orderDetail` arguments of an outcomes-grid row of the backtest `runId`. */
export function detailArgs(runId: BacktestResult['runId'], row: Pick<OutcomeRow, 'strategyKey' | 'seed' | 'pathId'>): BacktestOrderDetailArgs {
  return { runId, strategy: row.strategyKey as BacktestOrderDetailArgs['strategy'], seed: row.seed, pathId: row.pathId };
}

/**
 * The drill-down's price chart data, built by the What-if chart's own builder: the path (look-back
 * then the order window) with and without our orders, our fills, and Start/End at the order's
 * start and end (`startSec` from the path's first point).
 */
export function detailChartData(d: BacktestOrderDetail): WhatIfChartData {
  const t0 = d.path[0]?.[0] ?? d.startNs;
  return buildChartData({ ...d, snapshots: [] }, { startSec: (d.startNs - t0) / 1e9, horizonSec: (d.endNs - d.startNs) / 1e9 });
}

/** The drill-down's child orders as What-if blotter rows (strategy column = the strategy's label). */
export function detailBlotterRows(d: BacktestOrderDetail): BlotterRow[] {
  return blotterRows(d.orders, d.instrument, strategyLabel(d.strategy, d.model ? [d.model] : undefined));
}

/** The drill-down's model line of an agent parent: name, version, short weights hash (the tooltip has the folder and the whole hash); null for a baseline. */
export function detailModelLine(d: BacktestOrderDetail): { text: string; title: string } | null {
  const m = d.model;
  if (!m) return null;
  return { text: `Model ${m.name} · ${m.version} · ${m.weightsSha256.slice(0, 8)}`, title: `${m.path}\n${m.version}\nweights SHA-256 ${m.weightsSha256}` };
}

/** "TWAP · calm@30s/seed1 · buy 2,000 · filled 2,000 (100.0 %) · IS 1.23 bps" */
export function detailCaption(d: BacktestOrderDetail): string {
  const pct = d.quantity > 0 ? ((d.filled / d.quantity) * 100).toFixed(1) : '0.0';
  const imp = d.impactBps === null ? '' : ` · impact ${d.impactBps.toFixed(2)} bps`;
  return `${strategyLabel(d.strategy, d.model ? [d.model] : undefined)} · ${d.pathId} · ${d.side} ${d.quantity.toLocaleString('en-US')} · filled ${d.filled.toLocaleString('en-US')} (${pct} %) · IS ${d.isBps.toFixed(2)} bps${imp}`;
}
