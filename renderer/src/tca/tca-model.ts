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

/** The convention for the unfilled rest of a parent, in the words of `main/tca/README.md`. */
export const OPPORTUNITY_CONVENTION = 'the unfilled rest is counted in IS as opportunity cost, marked at the mid 100 ms after the horizon against arrival';

/**
 * Per strategy (config order): how many parents, how many partially filled, and the mean fill
 * rate over every path (copies included, as the CLI's "Filled (%)" row). Invariant: `partial` ≤
 * `parents`; `meanFillRate` in [0, 1], null without parents.
 */
export interface FillSummary {
  readonly strategy: string;
  readonly parents: number;
  readonly partial: number;
  readonly meanFillRate: number | null;
}

const fillRateOf = (o: BacktestResult['outcomes'][number]): number => o.fillRate ?? (o.quantity > 0 ? o.filled / o.quantity : 0);
const isPartial = (o: BacktestResult['outcomes'][number]): boolean => o.partiallyFilled ?? o.filled < o.quantity;

export function fillSummaries(r: BacktestResult): FillSummary[] {
  return r.config.strategies.map((strategy) => {
    const mine = r.outcomes.filter((o) => o.strategy === strategy);
    return {
      strategy, parents: mine.length, partial: mine.filter(isPartial).length,
      meanFillRate: mine.length > 0 ? mine.reduce((s, o) => s + fillRateOf(o), 0) / mine.length : null,
    };
  });
}

/** A "Filled (%)" cell as the CLI writes it: "33.3 (3 partial)", "100.0", or "n/a". */
export function filledCell(f: FillSummary | undefined): string {
  if (!f || f.meanFillRate === null) return 'n/a';
  return `${(100 * f.meanFillRate).toFixed(1)}${f.partial > 0 ? ` (${f.partial} partial)` : ''}`;
}

/** The headline table as grid rows: the four metrics (IS vs baseline as a fifth row when present), then "Filled (%)". */
export function headlineRows(r: BacktestResult): HeadlineGridRow[] {
  const cols = r.table.columns;
  const fills = new Map(fillSummaries(r).map((f) => [f.strategy, f]));
  const filled: HeadlineGridRow = {
    id: 'Filled',
    metric: 'Filled (%)',
    tooltip: `Mean share of the parent filled, %, over every path; "k partial" = parents left partly unfilled (${OPPORTUNITY_CONVENTION}).`,
    cells: Object.fromEntries(cols.map((c) => [c, filledCell(fills.get(c))])),
    values: Object.fromEntries(cols.map((c) => [c, fills.get(c)?.meanFillRate ?? null])),
  };
  return [...metricRows(r), filled];
}

/** A note for the results: which kind, a one-line text, and the whole of it (the engine's own words where it gave them). */
export interface RunNote {
  readonly kind: 'paths' | 'vwap' | 'partial';
  readonly text: string;
  readonly detail: string;
}

/**
 * The notes a result needs read before its numbers: copies of a path (and a refused paired
 * test), VWAP's schedule coinciding with TWAP's, partially filled parents (as the CLI's notes).
 */
export function runNotes(r: BacktestResult): RunNote[] {
  const out: RunNote[] = [];
  const pc = r.pathCheck;
  if (pc?.note) {
    const copies = pc.paths - pc.distinct;
    out.push({
      kind: 'paths',
      text: `only ${pc.distinct} of ${pc.paths} paths distinct: ${copies} ${copies === 1 ? 'copy' : 'copies'} left out of the statistics`
        + (pc.distinct < 2 ? '; no paired test (it needs 2 distinct paths): draw starts by seed or use other days' : ''),
      detail: pc.note.replace(/--start times/, 'fixed start times'),
    });
  }
  if (r.vwapSchedule) {
    const m = /on (\d+) of (\d+) paths/.exec(r.vwapSchedule);
    out.push({
      kind: 'vwap',
      text: `VWAP's schedule was TWAP's${m ? ` on ${m[1]} of ${m[2]} paths` : ''} (flat volume curve over the horizon): any cost difference between them is noise`,
      detail: r.vwapSchedule.replace(/^vwap's schedule coincides with twap's/, "VWAP's schedule coincides with TWAP's"),
    });
  }
  const partial = fillSummaries(r).filter((f) => f.partial > 0);
  if (partial.length > 0) {
    const list = partial.map((f) => `${strategyLabel(f.strategy, r.config.agents)} ${f.partial} of ${f.parents} (mean fill ${(100 * (f.meanFillRate ?? 0)).toFixed(1)} %)`).join(', ');
    out.push({ kind: 'partial', text: `${list}; unfilled rest counted in IS as opportunity cost`, detail: `Partially filled parents — ${list}; ${OPPORTUNITY_CONVENTION}.` });
  }
  return out;
}

function metricRows(r: BacktestResult): HeadlineGridRow[] {
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
    categories: strategies.map((s) => strategyShort(s, r.config.agents)),
    labels: strategies.map((s) => strategyLabel(s, r.config.agents)),
    boxes: strategies.map((s) => boxStats(r.outcomes.filter((o) => o.strategy === s).map((o) => o.isBps))),
    points: r.outcomes.map((o) => [strategies.indexOf(o.strategy), o.isBps, o.seed] as [number, number, number]),
  };
}

/** Cost vs risk: per strategy [std, mean] of IS (bps), and the AC frontier as [std, expected] sorted by std. */
export function costRiskData(r: BacktestResult): { strategies: Array<{ name: string; short: string; std: number; mean: number }>; frontier: Array<[number, number]> } {
  return {
    // `short` labels the point (close points must not overprint long names); `name` is the tooltip's.
    strategies: r.stats.filter((s) => s.mean !== null).map((s) => ({ name: strategyLabel(s.strategy, r.config.agents), short: strategyShort(s.strategy, r.config.agents), std: s.std ?? 0, mean: s.mean! })),
    frontier: [...r.frontier.points].sort((a, b) => a.stdBps - b.stdBps).map((p) => [p.stdBps, p.expectedBps] as [number, number]),
  };
}

/** Inventory trajectories in % of the horizon → % remaining, plus the linear schedule. */
export function inventoryData(r: BacktestResult): { series: Array<{ name: string; data: Array<[number, number]> }>; schedule: Array<[number, number]> } {
  const t = r.inventory.tFrac;
  return {
    series: r.inventory.series.map((s) => ({ name: strategyLabel(s.strategy, r.config.agents), data: s.remaining.map((v, i) => [t[i]! * 100, v * 100] as [number, number]) })),
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
  /** True when part of the parent was left unfilled (its rest is in `isBps` as opportunity cost). */
  readonly partial: boolean;
  /** The start this path used, s after the path's first event (drawn by the seed or fixed); null when not reported. */
  readonly startSec: number | null;
  /** The path this one copies (same market and costs: left out of the statistics); null when distinct. */
  readonly copyOf: string | null;
}

/**
 * A path id short enough for its column with the part that tells paths apart kept whole: a long
 * source label is cut ("AMZN_2012-…@drawn/seed3"); the full id is the cell's tooltip.
 */
export function shortPathId(id: string, keep = 10): string {
  const at = id.lastIndexOf('@');
  if (at < 0 || at <= keep + 2) return id;
  return `${id.slice(0, keep)}…${id.slice(at)}`;
}

export function outcomeRows(r: BacktestResult): OutcomeRow[] {
  const copies = new Map((r.pathCheck?.duplicates ?? []).map((d) => [d.pathId, d.sameAs]));
  return r.outcomes.map((o) => ({
    id: `${o.strategy}|${o.pathId}`,
    strategy: strategyLabel(o.strategy, r.config.agents),
    strategyKey: o.strategy,
    seed: o.seed,
    pathId: o.pathId,
    isBps: o.isBps,
    impactBps: o.impactBps,
    filled: o.filled,
    quantity: o.quantity,
    fillPct: fillRateOf(o) * 100,
    partial: isPartial(o),
    startSec: o.startSec ?? null,
    copyOf: copies.get(o.pathId) ?? null,
  }));
}

/** "calm · 60 s · seeds 1–3 · buy 2,000 over 20 s from 30 s" ("… from drawn starts" on a real day where each seed drew its start) */
export function runCaption(r: BacktestResult): string {
  const c = r.config;
  const seeds = c.seeds.length > 0 ? `seeds ${c.seeds[0]}–${c.seeds[c.seeds.length - 1]}` : 'no seeds';
  return `${c.source} · ${seeds} · ${c.side} ${c.quantity.toLocaleString('en-US')} over ${c.horizonSec} s from ${c.startDrawn ? 'drawn starts' : `${c.startSec} s`} · baseline ${strategyLabel(c.baseline, c.agents)}`;
}
