import type { BacktestResult } from '../../../main/contract/backtest.js';
import { strategyLabel, strategyShort } from './tca-form.js';

/** The four headline metrics shown in the table (the backtest also has "IS vs baseline"). */
export const HEADLINE_METRICS = ['Implementation shortfall', 'Market impact', 'Timing risk', 'Adaptability'] as const;

/** One headline-table row for the grid: id = metric, one cell text and value per strategy. */
export interface HeadlineGridRow {
  readonly id: string;
  readonly metric: string;
  readonly tooltip: string;
  readonly cells: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, number | null>>;
}

const TOOLTIPS: Readonly<Record<string, string>> = {
  'Implementation shortfall': 'Mean implementation shortfall vs arrival mid, bps [95% bootstrap CI]. Positive = cost to us.',
  'Market impact': 'Mean mid with our orders minus without, on the same seeded path, at the end, bps [95% CI]. Positive = cost to us.',
  'Timing risk': 'Standard deviation of the shortfall across paths, bps [95% CI].',
  Adaptability: 'Improvement vs the baseline on volatile paths minus on calm paths, bps. Positive = better.',
};

/** The headline table as grid rows: the four metrics (IS vs baseline as a fifth row when present). */
export function headlineRows(r: BacktestResult): HeadlineGridRow[] {
  const cols = r.table.columns;
  return r.table.rows.map((row) => {
    const base = row.metric.replace(/\s*\(.*\)\s*$/, '');
    return {
      id: base,
      metric: base,
      tooltip: TOOLTIPS[base] ?? 'Mean paired difference of shortfall vs the baseline, bps [95% CI], Wilcoxon p. Negative = cheaper than the baseline.',
      cells: Object.fromEntries(cols.map((c, j) => [c, (row.cells[j] ?? 'n/a').replace(/-(0\.0+)(?!\d)/g, '$1')])),
      values: Object.fromEntries(cols.map((c, j) => [c, row.values[j] ?? null])),
    };
  });
}

/** A headline cell's parts: "0.5 [-0.5, 1.4] p=0.322" → value "0.5", interval "[-0.5, 1.4]", "p=0.322"; other texts ("baseline", "n/a") stay whole. */
export function splitHeadlineCell(text: string): { main: string; ci: string; p: string } {
  const m = /^(\S+)(?: (\[[^\]]*\]))?(?: (p=\S+))?$/.exec(text.trim());
  return m ? { main: m[1]!, ci: m[2] ?? '', p: m[3] ?? '' } : { main: text, ci: '', p: '' };
}

/** Boxplot stats [min, q1, median, q3, max] of a sample (linear interpolation of quantiles). */
export function boxStats(xs: readonly number[]): [number, number, number, number, number] | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (h - lo);
  };
  return [s[0]!, q(0.25), q(0.5), q(0.75), s[s.length - 1]!];
}

/** Cost distributions: one box per strategy and the per-path points [strategyIndex, isBps, seed]. */
export function distributionData(r: BacktestResult): { categories: string[]; labels: string[]; boxes: Array<[number, number, number, number, number] | null>; points: Array<[number, number, number]> } {
  const strategies = r.config.strategies;
  return {
    categories: strategies.map(strategyShort),
    labels: strategies.map(strategyLabel),
    boxes: strategies.map((s) => boxStats(r.outcomes.filter((o) => o.strategy === s).map((o) => o.isBps))),
    points: r.outcomes.map((o) => [strategies.indexOf(o.strategy), o.isBps, o.seed] as [number, number, number]),
  };
}

/** Cost vs risk: per strategy [std, mean] of IS (bps), and the AC frontier as [std, expected] sorted by std. */
export function costRiskData(r: BacktestResult): { strategies: Array<{ name: string; std: number; mean: number }>; frontier: Array<[number, number]> } {
  return {
    strategies: r.stats.filter((s) => s.mean !== null).map((s) => ({ name: strategyLabel(s.strategy), std: s.std ?? 0, mean: s.mean! })),
    frontier: [...r.frontier.points].sort((a, b) => a.stdBps - b.stdBps).map((p) => [p.stdBps, p.expectedBps] as [number, number]),
  };
}

/** Inventory trajectories in % of the horizon → % remaining, plus the linear schedule. */
export function inventoryData(r: BacktestResult): { series: Array<{ name: string; data: Array<[number, number]> }>; schedule: Array<[number, number]> } {
  const t = r.inventory.tFrac;
  return {
    series: r.inventory.series.map((s) => ({ name: strategyLabel(s.strategy), data: s.remaining.map((v, i) => [t[i]! * 100, v * 100] as [number, number]) })),
    schedule: [[0, 100], [100, 0]],
  };
}

/** One outcomes-grid row, keyed by strategy and path. */
export interface OutcomeRow {
  readonly id: string;
  readonly strategy: string;
  /** The strategy's engine name (`strategy` is its label). */
  readonly strategyKey: string;
  readonly seed: number;
  readonly pathId: string;
  readonly isBps: number;
  readonly impactBps: number | null;
  readonly filled: number;
  readonly quantity: number;
  readonly fillPct: number;
}

export function outcomeRows(r: BacktestResult): OutcomeRow[] {
  return r.outcomes.map((o) => ({
    id: `${o.strategy}|${o.pathId}`,
    strategy: strategyLabel(o.strategy),
    strategyKey: o.strategy,
    seed: o.seed,
    pathId: o.pathId,
    isBps: o.isBps,
    impactBps: o.impactBps,
    filled: o.filled,
    quantity: o.quantity,
    fillPct: o.quantity > 0 ? (o.filled / o.quantity) * 100 : 0,
  }));
}

/** "calm · 60 s · seeds 1–3 · buy 2,000 over 20 s from 30 s" */
export function runCaption(r: BacktestResult): string {
  const c = r.config;
  const seeds = c.seeds.length > 0 ? `seeds ${c.seeds[0]}–${c.seeds[c.seeds.length - 1]}` : 'no seeds';
  return `${c.source} · ${seeds} · ${c.side} ${c.quantity.toLocaleString('en-US')} over ${c.horizonSec} s from ${c.startSec} s · baseline ${strategyLabel(c.baseline)}`;
}
