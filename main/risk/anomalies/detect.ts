import type { DaySeries } from '../returns.js';
import { RunTracker, type AlertPoint, type AnomalyAlert, type AnomalyFeature } from './alert.js';
import { IsolationForest } from './isolation-forest.js';
import { RollingMedianMad } from './rolling-robust.js';

/** Options of `detectAnomalies`. Invariants: window ≥ 3; threshold > 0; minRun ≥ 1; 0 < forestQuantile < 1. */
export interface AnomalyOptions {
  /** Samples in the causal baseline (median, MAD) of each feature; default 600 (10 min of 1 s samples). */
  window?: number;
  /** |robust z| above which a sample is out; default 5. */
  threshold?: number;
  /** Consecutive out samples that raise an alert; default 5. */
  minRun?: number;
  /**
   * A sample is out for the forest when its score exceeds this quantile of the scores of the
   * forest's own training samples (default 0.995), and 0.5. A quantile, not a fixed score: a
   * forest's scores saturate for far-out points (a point beyond every training point isolates
   * about as fast as the most extreme of them), and how high that is depends on the dimension.
   */
  forestQuantile?: number;
  /** Trees of the forest (default 100); it is refitted every `window` samples on the last `window`. */
  trees?: number;
  seed?: number;
}

/** z is capped here so that a value off a constant baseline stays a finite, printable number. */
export const Z_CAP = 1e6;
/**
 * The scale is at least this share of |baseline|: a series that sat still for the whole window
 * (a spread pinned for ten minutes before the open) has scale 0, and every later change would be
 * "infinitely" far out; with the floor a 1 % change of a flat level is one unit of z. A baseline of
 * 0 (no trades, so no flow) has no floor: any value off it is out, z capped at Z_CAP.
 */
export const RELATIVE_SCALE_FLOOR = 0.01;

/** The features watched in a day's series: the book's where it has one, else returns and volume (bars). */
export function anomalyFeatures(d: DaySeries): AnomalyFeature[] {
  return d.spreadBps.some(Number.isFinite) ? ['spreadBps', 'depth', 'flow', 'returnBps'] : ['returnBps', 'volume'];
}

function column(d: DaySeries, f: AnomalyFeature): Float64Array {
  switch (f) {
    case 'spreadBps': return d.spreadBps;
    case 'depth': return d.depth;
    case 'flow': return d.flow;
    case 'volume': return d.volume;
    case 'returnBps': return d.r.map((x) => x * 1e4);
  }
}

/**
 * Liquidity-stress and flash-crash-precursor alerts over each day, causal throughout:
 * - robust z: each feature's value against the median and robust scale (1.4826 MAD) of its
 *   previous `window` samples (the baseline starts judging once it holds a quarter of them); an
 *   alert when |z| > threshold for `minRun` samples in a row;
 * - isolation forest over the vector of those z-scores (so levels that drift do not matter, only
 *   how far out the features are together), fitted on the first `window` samples of the day and
 *   refitted every `window` samples on the latest `window`; an alert when its score stays above
 *   the `forestQuantile` of its training scores for `minRun` samples; its evidence is the feature
 *   furthest out.
 * Baselines start afresh each day (an overnight gap is not a sample). Deterministic for a seed.
 */
export function detectAnomalies(days: readonly DaySeries[], opts: AnomalyOptions = {}): { alerts: AnomalyAlert[]; samples: number } {
  const window = opts.window ?? 600;
  const threshold = opts.threshold ?? 5;
  const minRun = opts.minRun ?? 5;
  const forestQuantile = opts.forestQuantile ?? 0.995;
  if (!(threshold > 0)) throw new RangeError(`threshold must be > 0, got ${threshold}`);
  if (!(Number.isInteger(minRun) && minRun >= 1)) throw new RangeError(`minRun must be an integer ≥ 1, got ${minRun}`);
  if (!(forestQuantile > 0 && forestQuantile < 1)) throw new RangeError(`forestQuantile must be in (0, 1), got ${forestQuantile}`);
  const minBaseline = Math.max(3, Math.floor(window / 4));
  const alerts: AnomalyAlert[] = [];
  let samples = 0;
  days.forEach((d, di) => {
    const feats = anomalyFeatures(d);
    const cols = feats.map((f) => column(d, f));
    const base = feats.map(() => new RollingMedianMad(window));
    const emit = (a: AnomalyAlert): void => void alerts.push(a);
    const zTrackers = feats.map(() => new RunTracker('robustZ', d.label, minRun, emit));
    const forestTracker = new RunTracker('isolationForest', d.label, minRun, emit);
    const zRows: number[][] = [];
    let forest: IsolationForest | null = null;
    let forestThreshold = 1;
    let sinceFit = 0;
    const n = d.r.length;
    samples += n;
    for (let i = 0; i < n; i++) {
      const t = d.t[i]!;
      const z = new Array<number>(feats.length).fill(NaN);
      const pts: AlertPoint[] = [];
      feats.forEach((f, j) => {
        const x = cols[j]![i]!;
        const b = base[j]!;
        if (b.size >= minBaseline && Number.isFinite(x)) {
          const med = b.median();
          const sc = Math.max(b.scale(), RELATIVE_SCALE_FLOOR * Math.abs(med));
          const zz = sc > 0 ? (x - med) / sc : x === med ? 0 : Math.sign(x - med) * Z_CAP;
          z[j] = Math.max(-Z_CAP, Math.min(Z_CAP, zz));
          pts.push({ t, out: Math.abs(z[j]!) > threshold, strength: Math.abs(z[j]!), feature: f, z: z[j]!, value: x, baseline: med, scale: sc, score: null, scoreThreshold: null });
          zTrackers[j]!.push(pts[pts.length - 1]!);
        }
        if (Number.isFinite(x)) b.push(x);
      });
      if (!z.every(Number.isFinite)) continue;
      zRows.push(z);
      if (zRows.length > window) zRows.shift();
      if (forest) {
        const score = forest.score(z);
        let top = 0;
        for (let j = 1; j < z.length; j++) if (Math.abs(z[j]!) > Math.abs(z[top]!)) top = j;
        const p = pts.find((q) => q.feature === feats[top])!;
        forestTracker.push({ ...p, out: score > forestThreshold, strength: score, score, scoreThreshold: forestThreshold });
      }
      if (zRows.length >= window && (!forest || ++sinceFit >= window)) {
        forest = new IsolationForest(zRows, { trees: opts.trees, seed: (opts.seed ?? 1) + di });
        const own = zRows.map((z) => forest!.score(z)).sort((a, b) => a - b);
        forestThreshold = Math.max(0.5, own[Math.min(own.length - 1, Math.floor(forestQuantile * own.length))]!);
        sinceFit = 0;
      }
    }
    for (const tr of zTrackers) tr.close(true);
    forestTracker.close(true);
  });
  alerts.sort((a, b) => (a.day === b.day ? a.since - b.since : 0));
  return { alerts, samples };
}
