import type { AnomalyAlert, AnomalyFeature } from '../risk/anomalies/alert.js';
import { RELATIVE_SCALE_FLOOR, Z_CAP } from '../risk/anomalies/detect.js';
import { RollingMedianMad } from '../risk/anomalies/rolling-robust.js';

/** Options of `LiveAnomalies` (the batch detector's robust-z defaults). Invariants: window ≥ 3; threshold > 0; minRun ≥ 1. */
export interface LiveAnomalyOptions {
  window?: number;
  threshold?: number;
  minRun?: number;
}

interface Run {
  since: number;
  last: number;
  count: number;
  peakAt: number;
  peakZ: number;
  value: number;
  baseline: number;
  scale: number;
}

/**
 * The robust-z anomaly detector of `risk/anomalies/detect.ts`, fed one sample at a time so its
 * alerts are known while they last: each feature against the median and robust scale of its
 * previous `window` values (judging once it holds a quarter of them); a run of `minRun` samples
 * with |z| > threshold is an OPEN alert until the first sample back in. Same numbers as the batch
 * detector's robust-z part (test). The isolation forest is not run live (it is most of the batch
 * detector's cost and refits every window); its alerts stay in `slipstream risk anomalies`.
 * Invariant: an open alert's `until` is its latest out sample, `open` is true.
 */
export class LiveAnomalies {
  private readonly window: number;
  private readonly threshold: number;
  private readonly minRun: number;
  private readonly minBaseline: number;
  private readonly base = new Map<AnomalyFeature, RollingMedianMad>();
  private readonly runs = new Map<AnomalyFeature, Run>();

  constructor(private readonly day: string, opts: LiveAnomalyOptions = {}) {
    this.window = opts.window ?? 600;
    this.threshold = opts.threshold ?? 5;
    this.minRun = opts.minRun ?? 5;
    if (!(Number.isInteger(this.window) && this.window >= 3)) throw new RangeError(`anomaly window must be an integer ≥ 3, got ${this.window}`);
    if (!(this.threshold > 0)) throw new RangeError(`threshold must be > 0, got ${this.threshold}`);
    if (!(Number.isInteger(this.minRun) && this.minRun >= 1)) throw new RangeError(`minRun must be an integer ≥ 1, got ${this.minRun}`);
    this.minBaseline = Math.max(3, Math.floor(this.window / 4));
  }

  /** One sample's feature values at time t; returns true when the set of open alerts changed. */
  push(t: number, values: ReadonlyArray<readonly [AnomalyFeature, number]>): boolean {
    let changed = false;
    for (const [f, x] of values) {
      let b = this.base.get(f);
      if (!b) this.base.set(f, (b = new RollingMedianMad(this.window)));
      if (b.size >= this.minBaseline && Number.isFinite(x)) {
        const med = b.median();
        const sc = Math.max(b.scale(), RELATIVE_SCALE_FLOOR * Math.abs(med));
        const zz = sc > 0 ? (x - med) / sc : x === med ? 0 : Math.sign(x - med) * Z_CAP;
        const z = Math.max(-Z_CAP, Math.min(Z_CAP, zz));
        const run = this.runs.get(f);
        if (Math.abs(z) > this.threshold) {
          if (!run) this.runs.set(f, { since: t, last: t, count: 1, peakAt: t, peakZ: z, value: x, baseline: med, scale: sc });
          else {
            run.last = t;
            run.count++;
            if (Math.abs(z) > Math.abs(run.peakZ)) Object.assign(run, { peakAt: t, peakZ: z, value: x, baseline: med, scale: sc });
          }
          if (this.runs.get(f)!.count === this.minRun) changed = true;
        } else if (run) {
          if (run.count >= this.minRun) changed = true;
          this.runs.delete(f);
        }
      }
      if (Number.isFinite(x)) b.push(x);
    }
    return changed;
  }

  /** The alerts open now (a run of at least minRun out samples that has not ended). */
  open(): AnomalyAlert[] {
    const out: AnomalyAlert[] = [];
    for (const [feature, r] of this.runs) {
      if (r.count < this.minRun) continue;
      out.push({
        detector: 'robustZ', feature, day: this.day, since: r.since, until: r.last, samples: r.count, peakAt: r.peakAt, peakZ: r.peakZ,
        value: r.value, baseline: r.baseline, scale: r.scale, direction: r.peakZ >= 0 ? 'high' : 'low', score: null, scoreThreshold: null, open: true,
      });
    }
    return out;
  }
}
