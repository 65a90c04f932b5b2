/**
 * A goal a simulated stylized fact is judged against (issue #8.7):
 * - `relative`: |sim − real| ≤ tol × |real|;
 * - `absolute`: |sim − real| ≤ tol;
 * - `range`: lo ≤ sim ≤ hi (the real side is not used: e.g. the √-law exponent);
 * - `atLeast`: sim ≥ min (e.g. a correlation with the real curve);
 * - `factor`: real ÷ f ≤ sim ≤ real × f (a magnitude known only to its order, e.g. impact).
 * Invariant: `text` states the rule in the table's words.
 */
export type FactTarget =
  | { kind: 'relative'; tol: number; text: string }
  | { kind: 'factor'; f: number; text: string }
  | { kind: 'absolute'; tol: number; text: string }
  | { kind: 'range'; lo: number; hi: number; text: string }
  | { kind: 'atLeast'; min: number; text: string };

const rel = (tol: number): FactTarget => ({ kind: 'relative', tol, text: `±${Math.round(tol * 100)}%` });
const abs = (tol: number): FactTarget => ({ kind: 'absolute', tol, text: `±${tol}` });

/**
 * The goals, by fact key (rows without one are shown, not judged): spread mean and quartiles
 * within 10%, excess kurtosis of 1 s and 1 min returns within 25%, 1-min volatility within 15%,
 * |r| autocorrelation at lags 1..10 (1 s and 1 min grids) within 0.1, intraday volume curve
 * correlation ≥ 0.9, metaorder impact exponent in [0.4, 0.6], the impact one execution time
 * after the order between 20% and 90% of the impact at its end (it decays, but not to zero —
 * real metaorders keep about two thirds), and the impact of a metaorder of 1% of the day's volume
 * within a factor 2 of the square-root law's on the real day (`SQRT_LAW_Y`, see `factsTable`).
 */
export const FACT_TARGETS: Readonly<Record<string, FactTarget>> = {
  spreadMeanTicks: rel(0.1),
  spreadP25Ticks: rel(0.1),
  spreadMedianTicks: rel(0.1),
  spreadP75Ticks: rel(0.1),
  ret1sExcessKurtosis: rel(0.25),
  ret1mExcessKurtosis: rel(0.25),
  ret1mStdBps: rel(0.15),
  ...Object.fromEntries(['1s', '1m'].flatMap((h) => Array.from({ length: 10 }, (_, i) => [`absAcf${h}Lag${i + 1}`, abs(0.1)]))),
  volumeCurveCorrelation: { kind: 'atLeast', min: 0.9, text: '≥ 0.9' },
  metaorderImpactExponent: { kind: 'range', lo: 0.4, hi: 0.6, text: 'in [0.4, 0.6]' },
  metaorderImpactRetained: { kind: 'range', lo: 0.2, hi: 0.9, text: 'in [0.2, 0.9]' },
  metaorderImpact1pctBps: { kind: 'factor', f: 2, text: 'within ×2' },
};

/**
 * The square-root law's prefactor Y in I = Y·σ·√(Q/V) (σ the day's volatility, V its volume),
 * ASSUMED: about 1 in the empirical studies of metaorders (Tóth et al. 2011, Bershova & Rakhlin
 * 2013, Bucci et al. 2019 report 0.5-1.5); the real day has no known metaorders to measure it.
 */
export const SQRT_LAW_Y = 1;

/** Whether `simulated` meets `t`; null when a value the rule needs is missing or not a number. */
export function judge(t: FactTarget, real: number | string | null, simulated: number | string | null): boolean | null {
  if (typeof simulated !== 'number' || !Number.isFinite(simulated)) return null;
  switch (t.kind) {
    case 'range':
      return simulated >= t.lo && simulated <= t.hi;
    case 'atLeast':
      return simulated >= t.min;
    case 'factor':
      if (typeof real !== 'number' || !(real > 0)) return null;
      return simulated >= real / t.f - 1e-12 && simulated <= real * t.f + 1e-12;
    case 'relative':
      if (typeof real !== 'number' || !Number.isFinite(real)) return null;
      return Math.abs(simulated - real) <= t.tol * Math.abs(real) + 1e-12;
    case 'absolute':
      if (typeof real !== 'number' || !Number.isFinite(real)) return null;
      return Math.abs(simulated - real) <= t.tol + 1e-12;
  }
}
