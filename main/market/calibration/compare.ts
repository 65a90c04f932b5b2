import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import { computeStylizedFacts, type StylizedFacts, type StylizedFactsInput } from './stylized-facts.js';

/**
 * One row of the real-vs-simulated table. Invariant: `real` / `simulated` are the same statistic
 * (`key`, a field or a derived value of `StylizedFacts`, defined in `FACT_ROWS`) computed the
 * same way on each series; null = the series cannot give it (or there is no simulation).
 */
export interface FactRow {
  key: string;
  label: string;
  unit: string;
  real: number | string | null;
  simulated: number | string | null;
}

/** Real and simulated stylized facts side by side. `simulated` is null when no simulation ran. */
export interface FactsComparison {
  real: StylizedFacts;
  simulated: StylizedFacts | null;
  rows: FactRow[];
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
  ['spreadMedianTicks', 'spread, median', 'ticks', (f) => f.spreadMedianTicks],
  ['spreadP95Ticks', 'spread, 95th percentile', 'ticks', (f) => f.spreadP95Ticks],
  ['ret1sStdBps', '1 s return std', 'bps', (f) => f.ret1sStdBps],
  ['ret1sExcessKurtosis', '1 s return excess kurtosis', '', (f) => f.ret1sExcessKurtosis],
  ['ret1sZeroShare', '1 s returns equal to 0', 'share', (f) => f.ret1sZeroShare],
  ['ret1mStdBps', '1 min return std', 'bps', (f) => f.ret1mStdBps],
  ['ret1mExcessKurtosis', '1 min return excess kurtosis', '', (f) => f.ret1mExcessKurtosis],
  ['volPerSecBps', 'volatility per √s (from 1 min)', 'bps', (f) => f.volPerSecBps],
  ['absAcf1sLag1', '|r| autocorrelation, 1 s lag 1', '', (f) => f.absAcf1s[0] ?? null],
  ['absAcf1mLag1', '|r| autocorrelation, 1 min lag 1', '', (f) => f.absAcf1m[0] ?? null],
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

function round4(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(4));
}

/** The table for already computed facts. */
export function factsTable(real: StylizedFacts, simulated: StylizedFacts | null): FactRow[] {
  return FACT_ROWS.map(([key, label, unit, get]) => ({ key, label, unit, real: get(real), simulated: simulated ? get(simulated) : null }));
}

/** Computes the stylized facts of both series the same way and tabulates them. */
export function compareSeries(real: StylizedFactsInput | StylizedFacts, simulated: StylizedFactsInput | StylizedFacts | null): FactsComparison {
  const r = 'midTsNs' in real ? computeStylizedFacts(real) : real;
  const s = simulated === null ? null : 'midTsNs' in simulated ? computeStylizedFacts(simulated) : simulated;
  return { real: r, simulated: s, rows: factsTable(r, s) };
}
