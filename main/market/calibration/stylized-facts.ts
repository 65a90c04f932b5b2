import { impactFromMetaorders, impactFromTradeFlow } from './impact-curve.js';
import {
  autocorrelation, densityHistogram, excessKurtosis, logReturns, round, sampleRegular, stdDev, weightedQuantile,
} from './series-stats.js';

const NS = 1e9;

/**
 * The series stylized facts are measured on; the same shape for real and simulated data.
 *
 * Invariants: `midTsNs` is non-decreasing and aligned with `mid` (> 0, any price unit: only
 * ratios are used) and with `spreadTicks` when given; each entry is the state from that time
 * until the next entry. Trade arrays are aligned with each other. All times are ns on one base,
 * and `sessionStartNs < sessionEndNs`.
 */
export interface StylizedFactsInput {
  midTsNs: Float64Array;
  mid: Float64Array;
  /** Quoted spread in ticks, aligned with `midTsNs`. */
  spreadTicks?: Float64Array;
  tradeTsNs?: Float64Array;
  tradeSize?: Float64Array;
  /** Aggressor side per trade: +1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  tradeSide?: ArrayLike<number>;
  sessionStartNs: number;
  sessionEndNs: number;
  /** Known metaorders (simulation): participation rate and signed impact in bps, aligned. */
  metaorderParticipation?: Float64Array;
  metaorderImpactBps?: Float64Array;
  /** Coarsest spacing of the mid series (e.g. the bar length); horizons shorter than this are not measured. Default 0. */
  resolutionSec?: number;
  /** Fold trade times modulo this period for the volume curve (multi-day data: one day). */
  foldPeriodNs?: number;
  options?: StylizedFactsOptions;
}

/** Tuning of `computeStylizedFacts`; defaults in brackets. */
export interface StylizedFactsOptions {
  /** Largest lag of the |r| autocorrelation [20]. */
  acfMaxLag?: number;
  /** Sampling intervals of the signature plot, seconds [1, 2, 5, 10, 15, 30, 60, 120, 300, 600]. */
  signatureIntervalsSec?: readonly number[];
  /** Volume-curve bin length, seconds [1800 when the span is ≥ 3 h, else span / 12 rounded to whole minutes, ≥ 60]. */
  volumeBinSec?: number;
  /** Largest spread-histogram bin, ticks; the last bin collects everything wider [20]. */
  spreadHistMaxTicks?: number;
  /** Bucket of the trade-flow impact proxy, seconds [60]. */
  impactBucketSec?: number;
  /** Number of participation bins of the impact curve [8]. */
  impactBins?: number;
}

/**
 * Stylized facts of one price / trade series, flat and JSON-able (numbers, number arrays,
 * strings, null where the data cannot give a fact).
 *
 * Definitions (exact):
 * - Returns at horizon h ∈ {1 s, 60 s}: the mid is sampled previous-tick on the regular grid
 *   sessionStart + k·h (grid points before the first mid are dropped); r_k = ln(m_k / m_{k−1}).
 *   `ret*StdBps` is the population std of r in bps; `ret*ExcessKurtosis` = m4/m2² − 3 (moments
 *   divided by n; ≈ 0 for Gaussian returns); `ret*ZeroShare` is the share of r exactly 0.
 *   Null when h < `resolutionSec` or fewer than 4 returns.
 * - `ret*DensityX` / `ret*Density`: density histogram of standardized returns r / std(r),
 *   40 bins over [−8, 8] (a shape comparison independent of the volatility level).
 * - `volPerSecBps` = ret1mStdBps / √60 (per-second volatility from 1-min returns, little
 *   affected by microstructure noise); `volPerSecBps1s` = ret1sStdBps (noise included).
 * - Spread: time-weighted over the session (each spread holds until the next entry, clipped to
 *   the session). `spreadHistTicks[j]` = share of time with round(spread) = j, j = 0..max, the
 *   last bin collecting ≥ max. Quantiles are of the time-weighted distribution.
 * - Volatility clustering: `absAcf1s[h−1]`, `absAcf1m[h−1]` = autocorrelation of |r| at lag
 *   h = 1..acfMaxLag on the 1 s / 1 min grids (lags in grid steps). > 0 means clustering.
 * - Signature plot: for each Δ in `signatureIntervalsSec` (≥ resolution, ≥ 2 returns),
 *   `signatureVarPerSecBps2` = Σ r_Δ² / (n·Δ) in bps² per second (realized variance per unit
 *   time). With i.i.d. microstructure noise it decreases in Δ towards σ².
 * - Volume curve: share of traded size per bin of `volumeCurveBinSec` from the session start
 *   (or, with `foldPeriodNs`, of the time of day modulo the period); shares sum to 1.
 * - Impact: see `ImpactCurve` (metaorders when given, else the trade-flow imbalance proxy).
 */
export interface StylizedFacts {
  sessionSec: number;
  midUpdates: number;
  tradeCount: number;
  spreadMeanTicks: number | null;
  spreadP05Ticks: number | null;
  spreadP25Ticks: number | null;
  spreadMedianTicks: number | null;
  spreadP75Ticks: number | null;
  spreadP95Ticks: number | null;
  spreadHistTicks: number[];
  ret1sCount: number;
  ret1sStdBps: number | null;
  ret1sExcessKurtosis: number | null;
  ret1sZeroShare: number | null;
  ret1sDensityX: number[];
  ret1sDensity: number[];
  ret1mCount: number;
  ret1mStdBps: number | null;
  ret1mExcessKurtosis: number | null;
  ret1mZeroShare: number | null;
  ret1mDensityX: number[];
  ret1mDensity: number[];
  volPerSecBps: number | null;
  volPerSecBps1s: number | null;
  absAcfLags: number[];
  absAcf1s: (number | null)[];
  absAcf1m: (number | null)[];
  signatureIntervalsSec: number[];
  signatureVarPerSecBps2: number[];
  volumeCurveBinSec: number;
  volumeCurveShare: number[];
  impactMethod: 'metaorders' | 'trade-flow-imbalance-proxy' | 'none';
  impactBucketSec: number | null;
  impactObservations: number;
  impactParticipation: number[];
  impactBps: number[];
  impactExponent: number | null;
  impactPrefactorBps: number | null;
  impactR2: number | null;
}

const SIGNATURE_DEFAULT = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600] as const;
// A 1-s grid over more than ~60 days would be tens of millions of points; no source here needs it.
const MAX_GRID_POINTS = 5_000_000;

/** Computes every stylized fact of `input` (see `StylizedFacts` for the definitions). Pure and deterministic. */
export function computeStylizedFacts(input: StylizedFactsInput): StylizedFacts {
  const o = input.options ?? {};
  const start = input.sessionStartNs;
  const end = input.sessionEndNs;
  if (!(end > start)) throw new RangeError(`computeStylizedFacts: sessionEndNs (${end}) must be after sessionStartNs (${start})`);
  if (input.mid.length !== input.midTsNs.length) throw new RangeError('computeStylizedFacts: mid and midTsNs differ in length');
  const spanSec = (end - start) / NS;
  const res = input.resolutionSec ?? 0;
  const maxLag = o.acfMaxLag ?? 20;

  const r1s = returnsAt(input, 1, res);
  const r1m = returnsAt(input, 60, res);
  const s1 = r1s ? stdDev(r1s) : null;
  const s60 = r1m ? stdDev(r1m) : null;
  const d1 = r1s && s1 ? standardizedDensity(r1s, s1) : { centers: [], density: [] };
  const d60 = r1m && s60 ? standardizedDensity(r1m, s60) : { centers: [], density: [] };

  const sig = signature(input, o.signatureIntervalsSec ?? SIGNATURE_DEFAULT, res);
  const spread = spreadStats(input, o.spreadHistMaxTicks ?? 20);
  const binSec = o.volumeBinSec ?? defaultBinSec(input.foldPeriodNs ? input.foldPeriodNs / NS : spanSec);
  const impact = input.metaorderParticipation && input.metaorderImpactBps && input.metaorderParticipation.length > 0
    ? impactFromMetaorders(input.metaorderParticipation, input.metaorderImpactBps, o.impactBins)
    : input.tradeTsNs && input.tradeSize && input.tradeSide
      ? impactFromTradeFlow({
        midTsNs: input.midTsNs, mid: input.mid, tradeTsNs: input.tradeTsNs, tradeSize: input.tradeSize, tradeSide: input.tradeSide,
        sessionStartNs: start, sessionEndNs: end, bucketSec: o.impactBucketSec ?? 60,
      }, o.impactBins)
      : impactFromMetaorders([], [], 1);

  return {
    sessionSec: spanSec,
    midUpdates: input.mid.length,
    tradeCount: input.tradeTsNs?.length ?? 0,
    ...spread,
    ret1sCount: r1s?.length ?? 0,
    ret1sStdBps: round(s1 === null ? null : s1 * 1e4),
    ret1sExcessKurtosis: round(r1s ? excessKurtosis(r1s) : null),
    ret1sZeroShare: round(r1s ? zeroShare(r1s) : null),
    ret1sDensityX: d1.centers.map((x) => round(x)!),
    ret1sDensity: d1.density.map((x) => round(x)!),
    ret1mCount: r1m?.length ?? 0,
    ret1mStdBps: round(s60 === null ? null : s60 * 1e4),
    ret1mExcessKurtosis: round(r1m ? excessKurtosis(r1m) : null),
    ret1mZeroShare: round(r1m ? zeroShare(r1m) : null),
    ret1mDensityX: d60.centers.map((x) => round(x)!),
    ret1mDensity: d60.density.map((x) => round(x)!),
    volPerSecBps: round(s60 === null ? null : (s60 * 1e4) / Math.sqrt(60)),
    volPerSecBps1s: round(s1 === null ? null : s1 * 1e4),
    absAcfLags: Array.from({ length: maxLag }, (_, i) => i + 1),
    absAcf1s: r1s ? autocorrelation(r1s.map(Math.abs), maxLag).map((x) => round(x)) : new Array<null>(maxLag).fill(null),
    absAcf1m: r1m ? autocorrelation(r1m.map(Math.abs), maxLag).map((x) => round(x)) : new Array<null>(maxLag).fill(null),
    signatureIntervalsSec: sig.intervals,
    signatureVarPerSecBps2: sig.values.map((x) => round(x)!),
    volumeCurveBinSec: binSec,
    volumeCurveShare: volumeCurve(input, binSec).map((x) => round(x)!),
    impactMethod: impact.method,
    impactBucketSec: impact.bucketSec,
    impactObservations: impact.observations,
    impactParticipation: impact.participation.map((x) => round(x)!),
    impactBps: impact.impactBps.map((x) => round(x)!),
    impactExponent: round(impact.exponent),
    impactPrefactorBps: round(impact.prefactorBps),
    impactR2: round(impact.r2),
  };
}

/** Log returns of the mid on the regular grid of `horizonSec` (null when below the resolution, too long a grid, or < 4 returns). */
function returnsAt(input: StylizedFactsInput, horizonSec: number, resolutionSec: number): Float64Array | null {
  if (horizonSec < resolutionSec) return null;
  if ((input.sessionEndNs - input.sessionStartNs) / (horizonSec * NS) > MAX_GRID_POINTS) return null;
  const p = sampleRegular(input.midTsNs, input.mid, input.sessionStartNs, input.sessionEndNs, horizonSec * NS);
  const r = logReturns(p);
  return r.length >= 4 ? r : null;
}

function zeroShare(r: Float64Array): number {
  let z = 0;
  for (let i = 0; i < r.length; i++) if (r[i] === 0) z++;
  return z / r.length;
}

function standardizedDensity(r: Float64Array, sd: number): { centers: number[]; density: number[] } {
  return densityHistogram(r.map((x) => x / sd), -8, 8, 40);
}

function signature(input: StylizedFactsInput, intervals: readonly number[], resolutionSec: number): { intervals: number[]; values: number[] } {
  const out = { intervals: [] as number[], values: [] as number[] };
  for (const d of intervals) {
    if (d < resolutionSec) continue;
    if ((input.sessionEndNs - input.sessionStartNs) / (d * NS) > MAX_GRID_POINTS) continue;
    const r = logReturns(sampleRegular(input.midTsNs, input.mid, input.sessionStartNs, input.sessionEndNs, d * NS));
    if (r.length < 2) continue;
    let ss = 0;
    for (let i = 0; i < r.length; i++) ss += r[i]! * r[i]!;
    out.intervals.push(d);
    out.values.push((ss * 1e8) / (r.length * d));
  }
  return out;
}

type SpreadFacts = Pick<StylizedFacts, 'spreadMeanTicks' | 'spreadP05Ticks' | 'spreadP25Ticks' | 'spreadMedianTicks' | 'spreadP75Ticks' | 'spreadP95Ticks' | 'spreadHistTicks'>;

function spreadStats(input: StylizedFactsInput, maxTicks: number): SpreadFacts {
  const s = input.spreadTicks;
  const t = input.midTsNs;
  const none: SpreadFacts = {
    spreadMeanTicks: null, spreadP05Ticks: null, spreadP25Ticks: null, spreadMedianTicks: null, spreadP75Ticks: null, spreadP95Ticks: null, spreadHistTicks: [],
  };
  if (!s || s.length === 0) return none;
  const w = new Float64Array(s.length);
  const hist = new Array<number>(maxTicks + 1).fill(0);
  let total = 0, sum = 0;
  for (let i = 0; i < s.length; i++) {
    const a = Math.max(t[i]!, input.sessionStartNs);
    const b = Math.min(i + 1 < s.length ? t[i + 1]! : input.sessionEndNs, input.sessionEndNs);
    const wi = b > a && Number.isFinite(s[i]!) ? b - a : 0;
    w[i] = wi;
    total += wi;
    sum += wi * s[i]!;
    if (wi > 0) hist[Math.max(0, Math.min(maxTicks, Math.round(s[i]!)))]! += wi;
  }
  if (total <= 0) return none;
  const q = (p: number) => round(weightedQuantile(s, w, p));
  return {
    spreadMeanTicks: round(sum / total),
    spreadP05Ticks: q(0.05), spreadP25Ticks: q(0.25), spreadMedianTicks: q(0.5), spreadP75Ticks: q(0.75), spreadP95Ticks: q(0.95),
    spreadHistTicks: hist.map((h) => round(h / total)!),
  };
}

function defaultBinSec(spanSec: number): number {
  if (spanSec >= 3 * 3600) return 1800;
  return Math.max(60, Math.round(spanSec / 12 / 60) * 60);
}

function volumeCurve(input: StylizedFactsInput, binSec: number): number[] {
  const ts = input.tradeTsNs, sz = input.tradeSize;
  if (!ts || !sz || ts.length === 0) return [];
  const fold = input.foldPeriodNs;
  const span = fold ?? input.sessionEndNs - input.sessionStartNs;
  const bins = Math.max(1, Math.ceil(span / (binSec * NS)));
  const v = new Array<number>(bins).fill(0);
  let total = 0;
  for (let i = 0; i < ts.length; i++) {
    let off = ts[i]! - input.sessionStartNs;
    if (fold) off = ((off % fold) + fold) % fold;
    else if (off < 0 || off >= span) continue;
    v[Math.min(bins - 1, Math.floor(off / (binSec * NS)))]! += sz[i]!;
    total += sz[i]!;
  }
  return total > 0 ? v.map((x) => x / total) : [];
}
