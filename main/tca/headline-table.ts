import type { ConfidenceInterval } from './bootstrap.js';
import type { Comparison } from './compare.js';

/**
 * The comparison in the layout traders know: one row per metric, one column per strategy (in the
 * comparison's order). `values[j]` is the number behind `cells[j]` (null = not available).
 * Rows, all in bps, positive = cost except adaptability:
 *  - "Implementation shortfall": mean IS [bootstrap CI of the mean]
 *  - "Market impact": mean impact vs the same path without our orders [CI]
 *  - "Timing risk": std of IS across paths [bootstrap CI of the std]
 *  - "Adaptability": volatile-minus-calm improvement vs the baseline (see `Adaptability`),
 *    positive = better; 0 for the baseline
 *  - "IS vs <baseline>": mean paired difference [CI] and the headline (Wilcoxon) p-value;
 *    negative = cheaper than the baseline; "baseline" in the baseline's column.
 */
export interface HeadlineTable {
  readonly columns: readonly string[];
  readonly rows: readonly HeadlineRow[];
}

/** One metric across strategies; `cells` and `values` have one entry per column. */
export interface HeadlineRow {
  readonly metric: string;
  readonly cells: readonly string[];
  readonly values: readonly (number | null)[];
}

/** Builds the headline table; `digits` = decimals of the bps figures (default 1). */
export function headlineTable(c: Comparison, digits = 1): HeadlineTable {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  const withCi = (x: number, ci: ConfidenceInterval) => `${f(x)} [${f(ci.lo)}, ${f(ci.hi)}]`;
  const s = c.strategies;
  return {
    columns: s.map((x) => x.strategy),
    rows: [
      { metric: 'Implementation shortfall (bps)', cells: s.map((x) => withCi(x.isBps.mean, x.isBps.ci)), values: s.map((x) => x.isBps.mean) },
      {
        metric: 'Market impact (bps)',
        cells: s.map((x) => (x.marketImpactBps ? withCi(x.marketImpactBps.mean, x.marketImpactBps.ci) : 'n/a')),
        values: s.map((x) => x.marketImpactBps?.mean ?? null),
      },
      { metric: 'Timing risk (bps)', cells: s.map((x) => withCi(x.timingRiskBps, x.timingRiskCi)), values: s.map((x) => x.timingRiskBps) },
      {
        metric: 'Adaptability (bps)',
        cells: s.map((x) => (x.adaptability ? f(x.adaptability.adaptabilityBps) : 'n/a')),
        values: s.map((x) => x.adaptability?.adaptabilityBps ?? null),
      },
      {
        metric: `IS vs ${c.baseline} (bps, p)`,
        cells: s.map((x) => (x.vsBaseline ? `${withCi(x.vsBaseline.meanDiffBps, x.vsBaseline.ci)} p=${formatP(x.vsBaseline.headlinePValue)}` : 'baseline')),
        values: s.map((x) => x.vsBaseline?.meanDiffBps ?? null),
      },
    ],
  };
}

/** p-values as traders read them: 3 significant digits, "<0.001" below 1e-3. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '<0.001' : p.toPrecision(3).replace(/\.?0+$/, '') || '0';
}

/** Fixed-width text rendering: a header line, a rule, then one line per metric. */
export function formatHeadlineTable(t: HeadlineTable): string {
  const first = Math.max('metric'.length, ...t.rows.map((r) => r.metric.length));
  const widths = t.columns.map((c, j) => Math.max(c.length, ...t.rows.map((r) => r.cells[j]!.length)));
  const line = (label: string, cells: readonly string[]) => [label.padEnd(first), ...cells.map((x, j) => x.padStart(widths[j]!))].join('  ').trimEnd();
  const header = line('metric', t.columns);
  return [header, '-'.repeat(header.length), ...t.rows.map((r) => line(r.metric, r.cells))].join('\n');
}
