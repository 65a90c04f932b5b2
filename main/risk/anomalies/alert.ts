/** What an alert is about: a feature of the sampled market, or the isolation forest's joint score. */
export type AnomalyFeature = 'spreadBps' | 'depth' | 'flow' | 'returnBps' | 'volume';

/**
 * One anomaly, with its evidence. Invariants: since ≤ peakAt ≤ until; |peakZ| ≥ the detector's
 * threshold; `baseline` and `scale` are the robust statistics of the window BEFORE the value (the
 * value never judges itself); times are seconds since the day's midnight.
 */
export interface AnomalyAlert {
  readonly detector: 'robustZ' | 'isolationForest';
  /** The feature that is out (for the forest: the one furthest out by robust z at the peak). */
  readonly feature: AnomalyFeature;
  readonly day: string;
  /** First sample of the run that raised it. */
  readonly since: number;
  /** Last sample still out (the run's end, or the data's end while it lasts). */
  readonly until: number;
  readonly samples: number;
  /** Where it was furthest out. */
  readonly peakAt: number;
  /** Robust z of the feature at the peak: (value − baseline) / scale. */
  readonly peakZ: number;
  readonly value: number;
  readonly baseline: number;
  readonly scale: number;
  /** 'high' or 'low' against the baseline. */
  readonly direction: 'high' | 'low';
  /** Isolation-forest anomaly score at the peak (0-1, > 0.5 unusual), null for robust z. */
  readonly score: number | null;
  /** The score it had to exceed (the forest's training-score quantile), null for robust z. */
  readonly scoreThreshold: number | null;
  /** Whether it was still going at the end of the data. */
  readonly open: boolean;
}

/** The evidence at one sample, as a detector sees it. */
export interface AlertPoint {
  readonly t: number;
  readonly out: boolean;
  /** Strength used to pick the peak (|z| or the forest's score). */
  readonly strength: number;
  readonly feature: AnomalyFeature;
  readonly z: number;
  readonly value: number;
  readonly baseline: number;
  readonly scale: number;
  readonly score: number | null;
  readonly scoreThreshold: number | null;
}

/**
 * Turns a stream of out/in points into alerts: an alert is raised when `minRun` consecutive
 * points are out, dated from the first of them, and ends at the first point back in. Invariant:
 * one alert per run; a run shorter than `minRun` raises nothing.
 */
export class RunTracker {
  private first: AlertPoint | null = null;
  private peak: AlertPoint | null = null;
  private last: AlertPoint | null = null;
  private count = 0;

  constructor(
    private readonly detector: AnomalyAlert['detector'],
    private readonly day: string,
    private readonly minRun: number,
    private readonly emit: (a: AnomalyAlert) => void,
  ) {}

  push(p: AlertPoint): void {
    if (!p.out) {
      this.close(false);
      return;
    }
    this.first ??= p;
    if (!this.peak || p.strength > this.peak.strength) this.peak = p;
    this.last = p;
    this.count++;
  }

  /** Ends the current run (at the end of the data, `open` = true). */
  close(open: boolean): void {
    const pk = this.peak;
    if (this.count >= this.minRun && pk && this.first && this.last) {
      this.emit({
        detector: this.detector, feature: pk.feature, day: this.day, since: this.first.t, until: this.last.t,
        samples: this.count, peakAt: pk.t, peakZ: pk.z, value: pk.value, baseline: pk.baseline, scale: pk.scale,
        direction: pk.z >= 0 ? 'high' : 'low', score: pk.score, scoreThreshold: pk.scoreThreshold, open,
      });
    }
    this.first = null;
    this.peak = null;
    this.last = null;
    this.count = 0;
  }
}
