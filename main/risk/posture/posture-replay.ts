import type { AnomalyAlert } from '../anomalies/alert.js';
import { detectAnomalies, type AnomalyOptions } from '../anomalies/detect.js';
import { featureWindows } from '../regimes/features.js';
import type { RegimeLabel } from '../regimes/labels.js';
import { OnlineRegimes, type RegimeOptions } from '../regimes/online.js';
import { concatReturns, type DaySeries } from '../returns.js';
import { fitGarch, garchVariances } from '../vol/garch.js';
import type { PostureBounds, PostureLimits } from './posture.js';
import { PostureTracker, type PostureChange } from './posture-tracker.js';

/** Options of `replayPosture`. Invariant: window ≥ 2; the regime options' warmup ≥ 2k. */
export interface PostureReplayOptions {
  readonly bounds: PostureBounds;
  readonly agent?: string;
  /** Samples per regime window, and the cadence the posture is reviewed at (default 60). */
  readonly window?: number;
  readonly regimes?: RegimeOptions;
  readonly anomalies?: AnomalyOptions;
}

/** The posture at one review. Invariant: `limits` within the bounds. */
export interface PostureStep {
  readonly day: string;
  readonly t: number;
  readonly regime: RegimeLabel | null;
  readonly volRatio: number | null;
  readonly openAlerts: number;
  readonly limits: PostureLimits;
}

/**
 * Runs the three models over recorded days as if live and lets them drive one agent's posture,
 * reviewed at the end of every regime window. Everything it uses at time t was knowable at t:
 * the regime is the online tracker's assignment (none during its warm-up); the volatility ratio is
 * √(v / V) of a GARCH(1,1) fitted once on the warm-up's returns and filtered forward (v the next
 * step's variance, V its unconditional variance); an alert counts from the sample that completed
 * its run (since + (minRun − 1) steps) to its last out sample. Deterministic for the seeds.
 */
export function replayPosture(days: readonly DaySeries[], opts: PostureReplayOptions): { steps: PostureStep[]; changes: PostureChange[] } {
  const window = opts.window ?? 60;
  const warmup = opts.regimes?.warmup ?? 60;
  const minRun = opts.anomalies?.minRun ?? 5;
  const fw = featureWindows(days, window);
  const tracker = new PostureTracker(opts.agent ?? 'replay', opts.bounds);
  const regimes = new OnlineRegimes(fw.names, { ...opts.regimes, warmup });
  const { alerts } = detectAnomalies(days, opts.anomalies);
  const r = concatReturns(days);
  const warmReturns = Math.min(r.length, warmup * window);
  let ratio: ((i: number) => number) | null = null;
  if (warmReturns >= 50) {
    const g = fitGarch(r.subarray(0, warmReturns));
    const p = g.garch;
    const V = p.omega / (1 - p.alpha - p.beta);
    const v = garchVariances(r, p, V);
    ratio = (i) => Math.sqrt(v[i]! / V);
  }
  // Index in the concatenated returns of each day's first return.
  const dayStart: number[] = [];
  days.reduce((o, d) => (dayStart.push(o), o + d.r.length), 0);
  const steps: PostureStep[] = [];
  const dayOfLabel = new Map(days.map((d, i) => [d.label, i]));
  fw.raw.forEach((row, w) => {
    const di = fw.day[w]!;
    const d = days[di]!;
    const t = fw.t[w]!;
    const a = regimes.push(row);
    const step = d.sampleSec;
    const open = alerts.filter((x: AnomalyAlert) => dayOfLabel.get(x.day) === di && x.since + (minRun - 1) * step <= t && t <= x.until);
    // Sample index of t within its day (windows tile the day's returns from the start).
    const local = d.t.indexOf(t);
    const volRatio = ratio && warmReturns <= dayStart[di]! + local ? ratio(dayStart[di]! + local + 1) : null;
    const regime = a ? a.label : null;
    tracker.update(t, { regime, volRatio, alerts: open });
    steps.push({ day: d.label, t, regime, volRatio, openAlerts: open.length, limits: tracker.current });
  });
  return { steps, changes: tracker.log };
}
