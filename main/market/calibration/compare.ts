import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import type { MetaorderImpactCurve } from './metaorder-impact.js';
import { computeStylizedFacts, type StylizedFacts, type StylizedFactsInput } from './stylized-facts.js';
import { FACT_TARGETS, judge, SQRT_LAW_Y } from './fact-targets.js';

/**
 * One row of the real-vs-simulated table. Invariant: `real` / `simulated` are the same statistic
 * (`key`, a field or a derived value of `StylizedFacts`, defined in `FACT_ROWS`) computed the
 * same way on each series; null = the series cannot give it (or there is no simulation).
 */
export interface FactRow {
  key: string;
  /** Same as `key` (the name `calibrate --json` documents). */
  name: string;
  label: string;
  unit: string;
  real: number | string | null;
  simulated: number | string | null;
  /** The goal this fact is judged against (`FACT_TARGETS`), e.g. "±10%"; null = shown, not judged. */
  tolerance: string | null;
  /** Whether `simulated` meets `tolerance`; null when not judged or a side is missing. */
  pass: boolean | null;
}

/** Real and simulated stylized facts side by side. `simulated` is null when no simulation ran. */
export interface FactsComparison {
  real: StylizedFacts;
  simulated: StylizedFacts | null;
  rows: FactRow[];
  /** The simulator's metaorder impact experiment, when one was run. */
  metaorder: MetaorderImpactCurve | null;
}

/**
 * Produces a simulated series for a calibrated scenario (the generative market's run, reduced to
 * the series stylized facts need). Deterministic for a given seed.
 */
export type SimulateFn = (scenario: ScenarioInput, seed: number) => StylizedFactsInput | Promise<StylizedFactsInput>;

type Getter = (f: StylizedFacts) => number | string | null;

const mean = (xs: readonly (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/**
 * The table's rows, in order: [key, label, unit, getter]. Derived rows: `absAcf1mMean1to10` =
 * mean of |r| autocorrelations at 1-min lags 1..10; `signatureRatio` = RV/T at the shortest
 * interval ÷ RV/T at the longest (> 1: microstructure noise dominates short horizons);
 * `tradesPerSec` = trades / session seconds; `volumeFirstBinShare` / `volumeLastBinShare` =
 * share of volume in the first / last bin of the volume curve (the U-shape's ends).
 */
export const FACT_ROWS: readonly (readonly [string, string, string, Getter])[] = [
  ['spreadMeanTicks', 'spread, time-weighted mean', 'ticks', (f) => f.spreadMeanTicks],
  ['spreadP25Ticks', 'spread, 25th percentile', 'ticks', (f) => f.spreadP25Ticks],
  ['spreadMedianTicks', 'spread, median', 'ticks', (f) => f.spreadMedianTicks],
  ['spreadP75Ticks', 'spread, 75th percentile', 'ticks', (f) => f.spreadP75Ticks],
  ['spreadP95Ticks', 'spread, 95th percentile', 'ticks', (f) => f.spreadP95Ticks],
  ['ret1sStdBps', '1 s return std', 'bps', (f) => f.ret1sStdBps],
  ['ret1sExcessKurtosis', '1 s return excess kurtosis', '', (f) => f.ret1sExcessKurtosis],
  ['ret1sZeroShare', '1 s returns equal to 0', 'share', (f) => f.ret1sZeroShare],
  ['ret1mStdBps', '1 min return std', 'bps', (f) => f.ret1mStdBps],
  ['ret1mExcessKurtosis', '1 min return excess kurtosis', '', (f) => f.ret1mExcessKurtosis],
  ['volPerSecBps', 'volatility per √s (from 1 min)', 'bps', (f) => f.volPerSecBps],
  ...acfRows('1s', '1 s', (f) => f.absAcf1s),
  ...acfRows('1m', '1 min', (f) => f.absAcf1m),
  ['absAcf1mMean1to10', '|r| autocorrelation, 1 min lags 1-10 mean', '', (f) => round4(mean(f.absAcf1m.slice(0, 10)))],
  ['signatureRatio', 'signature plot: RV/T shortest ÷ longest interval', '', (f) => {
    const v = f.signatureVarPerSecBps2;
    return v.length >= 2 && v[v.length - 1]! > 0 ? round4(v[0]! / v[v.length - 1]!) : null;
  }],
  ['tradesPerSec', 'trades per second', '1/s', (f) => (f.sessionSec > 0 ? round4(f.tradeCount / f.sessionSec) : null)],
  ['volumeFirstBinShare', 'volume share, first bin', 'share', (f) => f.volumeCurveShare[0] ?? null],
  ['volumeLastBinShare', 'volume share, last bin', 'share', (f) => f.volumeCurveShare[f.volumeCurveShare.length - 1] ?? null],
  ['impactMethod', 'impact estimate', '', (f) => f.impactMethod],
  ['impactExponent', 'impact vs participation exponent (√ law: 0.5)', '', (f) => f.impactExponent],
  ['impactPrefactorBps', 'impact prefactor (at participation 1)', 'bps', (f) => f.impactPrefactorBps],
];

/** Rows `absAcf{h}Lag1` .. `absAcf{h}Lag10`: the |r| autocorrelation at lags 1..10 of one grid. */
function acfRows(h: string, label: string, get: (f: StylizedFacts) => readonly (number | null)[]): (readonly [string, string, string, Getter])[] {
  return Array.from({ length: 10 }, (_, i) => [`absAcf${h}Lag${i + 1}`, `|r| autocorrelation, ${label} lag ${i + 1}`, '', (f: StylizedFacts) => get(f)[i] ?? null] as const);
}

/**
 * Pearson correlation of two volume curves over their common bins; null with fewer than 3 bins
 * or a constant curve.
 */
export function curveCorrelation(a: readonly number[], b: readonly number[]): number | null {
  const n = Math.min(a.length, b.length);
  if (n < 3) return null;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

function round4(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(4));
}

/**
 * The table for already computed facts: every `FACT_ROWS` row, then the rows that need both sides
 * or the metaorder experiment — `volumeCurveCorrelation` (real: null; simulated: Pearson
 * correlation of the simulated intraday volume curve with the real one), `metaorderImpactExponent`
 * (real: null, no metaorders are known in real data — the trade-flow proxy's exponent is the
 * `impactExponent` row; simulated: `MetaorderImpactCurve.exponent`), `metaorderImpactRetained`
 * (the share of the end-of-order impact left one execution time after the order ended) and
 * `metaorderImpact1pctBps` (real: `sqrtLawImpactBps` at 1%; simulated: `impactAtSize` at 1%). Every
 * row is judged against `FACT_TARGETS` where it has one.
 */
export function factsTable(real: StylizedFacts, simulated: StylizedFacts | null, metaorder: MetaorderImpactCurve | null = null, opts: CompareOptions = {}): FactRow[] {
  const rows: Omit<FactRow, 'tolerance' | 'pass' | 'name'>[] = FACT_ROWS.map(([key, label, unit, get]) => ({ key, label, unit, real: get(real), simulated: simulated ? get(simulated) : null }));
  rows.push({
    key: 'volumeCurveCorrelation', label: 'intraday volume curve, correlation with the real one', unit: '', real: null,
    simulated: simulated && simulated.volumeCurveBinSec === real.volumeCurveBinSec ? round4(curveCorrelation(real.volumeCurveShare, simulated.volumeCurveShare)) : null,
  });
  const last = metaorder ? metaorder.retainedAfter[metaorder.retainedAfter.length - 1] : undefined;
  rows.push(
    { key: 'metaorderImpactExponent', label: 'metaorder impact vs size exponent (√ law: 0.5)', unit: '', real: null, simulated: round4(metaorder?.exponent ?? null) },
    { key: 'metaorderImpactRetained', label: 'metaorder impact retained one execution time after the end', unit: 'share', real: null, simulated: round4(last ?? null) },
    {
      key: 'metaorderImpact1pctBps', label: 'impact of a metaorder of 1% of the day\'s volume (real: √ law, Y = 1, on the day\'s σ)', unit: 'bps',
      real: sqrtLawImpactBps(real, 0.01), simulated: metaorder ? round4(impactAtSize(metaorder, 0.01)) : null,
    },
  );
  return rows.map((r) => {
    const t = FACT_TARGETS[r.key];
    if (r.key === 'volumeCurveCorrelation' && opts.volumeProfileCopied) {
      // A curve copied into the scenario matches by construction: the goal is a generated one.
      return { ...r, name: r.key, tolerance: `${t?.text ?? ''} (not judged: the scenario copies the real profile)`.trim(), pass: null };
    }
    return { ...r, name: r.key, tolerance: t?.text ?? null, pass: t ? judge(t, r.real, r.simulated) : null };
  });
}

/**
 * The real day's impact estimate for a metaorder of `size` × the day's volume: the square-root
 * law Y·σ_day·√size in bps, σ_day = the 1-min volatility per √s × √(session seconds), Y =
 * `SQRT_LAW_Y` (assumed: the day has no known metaorders). Null without a volatility.
 */
export function sqrtLawImpactBps(f: StylizedFacts, size: number): number | null {
  if (f.volPerSecBps === null || !(f.sessionSec > 0)) return null;
  return round4(SQRT_LAW_Y * f.volPerSecBps * Math.sqrt(f.sessionSec) * Math.sqrt(size));
}

/**
 * The simulated metaorder impact at `size` (share of the day's volume) at the end of the order:
 * the power-law fit over every participation, prefactor × size^exponent; null without a fit.
 */
export function impactAtSize(m: MetaorderImpactCurve, size: number): number | null {
  return m.prefactorBps !== null && m.exponent !== null ? m.prefactorBps * size ** m.exponent : null;
}

/** How the table is judged. */
export interface CompareOptions {
  /**
   * The simulated market was given the real intraday volume profile (e.g. `toScenario`'s
   * arrival-rate timeline): the volume-curve correlation is then shown but not judged.
   */
  volumeProfileCopied?: boolean;
}

/** Computes the stylized facts of both series the same way and tabulates them. */
export function compareSeries(
  real: StylizedFactsInput | StylizedFacts,
  simulated: StylizedFactsInput | StylizedFacts | null,
  metaorder: MetaorderImpactCurve | null = null,
  opts: CompareOptions = {},
): FactsComparison {
  const r = 'midTsNs' in real ? computeStylizedFacts(real) : real;
  const s = simulated === null ? null : 'midTsNs' in simulated ? computeStylizedFacts(simulated) : simulated;
  return { real: r, simulated: s, rows: factsTable(r, s, metaorder, opts), metaorder };
}
