import type { RiskModelsState } from '../contract/risk-models.js';
import type { ExecutionPosture } from '../execution/posture.js';
import { postureOfChange } from '../execution/posture.js';
import type { AnomalyFeature } from '../risk/anomalies/alert.js';
import type { PostureBounds } from '../risk/posture/posture.js';
import { PostureTracker, type PostureChange } from '../risk/posture/posture-tracker.js';
import type { RegimeFeature } from '../risk/regimes/features.js';
import type { RegimeLabel } from '../risk/regimes/labels.js';
import { OnlineRegimes, type RegimeOptions } from '../risk/regimes/online.js';
import { RISKMETRICS_LAMBDA } from '../risk/vol/ewma.js';
import { fitGarch, type GarchParams } from '../risk/vol/garch.js';
import { LiveAnomalies, type LiveAnomalyOptions } from './risk-models-anomalies.js';

/**
 * One sample of the market on the models' clock: the interval (t − step, t]'s mid log return,
 * traded volume and signed (aggressor) flow, and the book's spread (bps) and depth at t. Spread
 * and depth are NaN where the data has no book (bars). Invariant: r finite; t increasing.
 */
export interface RiskSample {
  readonly t: number;
  readonly r: number;
  readonly spreadBps: number;
  readonly depth: number;
  readonly volume: number;
  readonly flow: number;
}

/** Options of `LiveRiskModels`. Invariants: window ≥ 2; garchWarmup ≥ 50. */
export interface LiveRiskOptions {
  /** The agent whose posture this is (`risk.posture`'s `agent`). */
  readonly agent: string;
  /** The trader's limits the posture tightens (never loosens). */
  readonly bounds: PostureBounds;
  /** Day label the alerts carry. */
  readonly day?: string;
  /** Samples per regime window, and the posture's review cadence (default 60). */
  readonly window?: number;
  readonly regimes?: RegimeOptions;
  readonly anomalies?: LiveAnomalyOptions;
  /** Returns before GARCH(1,1) is fitted (once); until then the volatility shown is EWMA with no ratio (default 1,800). */
  readonly garchWarmup?: number;
  /** Each audited posture change, as it happens. */
  readonly onPosture?: (c: PostureChange) => void;
}

/**
 * The risk models run live, one sample at a time, with what `replayPosture` runs over recorded
 * days: regimes by `OnlineRegimes` over windows of `window` samples (rv, spread, depth, volume);
 * volatility by EWMA (RiskMetrics λ) and, after `garchWarmup` returns, GARCH(1,1) fitted once on
 * them and filtered forward (ratio √(v / V), V its unconditional variance); the robust-z anomaly
 * alerts (`LiveAnomalies`). The posture (`PostureTracker`) is reviewed at the end of every window
 * and whenever an alert opens or closes, so a stress alert tightens at once. Everything used at t
 * was known at t. Deterministic: the same samples give the same states and posture changes.
 * `version` grows whenever the state a client sees changed.
 */
export class LiveRiskModels {
  readonly tracker: PostureTracker;
  version = 0;
  private readonly window: number;
  private readonly garchWarmup: number;
  private readonly anomalies: LiveAnomalies;
  private names: RegimeFeature[] | null = null;
  private block: RiskSample[] = [];
  private regime: { label: RegimeLabel; since: number; probability: number } | null = null;
  private ewma = NaN;
  private readonly warm: number[] = [];
  private garch: { p: GarchParams; V: number; v: number } | null = null;
  private garchFailed = false;
  /** GARCH speaks from the sample after its fit: the warm-up's own last sample stays in-sample (as in replayPosture). */
  private garchLive = false;
  private current: ExecutionPosture;
  private regimesModel: OnlineRegimes | null = null;

  constructor(private readonly opts: LiveRiskOptions) {
    this.window = opts.window ?? 60;
    this.garchWarmup = opts.garchWarmup ?? 1800;
    if (!(Number.isInteger(this.window) && this.window >= 2)) throw new RangeError(`regime window must be an integer ≥ 2, got ${this.window}`);
    if (!(this.garchWarmup >= 50)) throw new RangeError(`garchWarmup must be ≥ 50 returns, got ${this.garchWarmup}`);
    this.anomalies = new LiveAnomalies(opts.day ?? '', opts.anomalies);
    this.tracker = new PostureTracker(opts.agent, opts.bounds, undefined, (c) => {
      this.current = postureOfChange(c);
      opts.onPosture?.(c);
    });
    this.current = { ...this.tracker.current, reason: null };
  }

  /** The posture in force, for `ExecutionContext.posture()` (the same object until it changes: executors read it at every print). */
  posture(): ExecutionPosture {
    return this.current;
  }

  /** The models' view now (the `risk.models` event). */
  state(): RiskModelsState {
    const vol = this.garch && this.garchLive
      ? { model: 'garch' as const, volBps: Math.sqrt(this.garch.v) * 1e4, ratio: Math.sqrt(this.garch.v / this.garch.V) }
      : Number.isFinite(this.ewma) ? { model: 'ewma' as const, volBps: Math.sqrt(this.ewma) * 1e4, ratio: null } : null;
    return { regime: this.regime, volatility: vol, alerts: this.anomalies.open() };
  }

  push(s: RiskSample): void {
    if (!Number.isFinite(s.r)) throw new RangeError(`risk sample at t ${s.t}: return must be finite, got ${s.r}`);
    const r2 = s.r * s.r;
    // EWMA seeded with the first squared return; GARCH filtered from its fit on.
    this.ewma = Number.isFinite(this.ewma) ? RISKMETRICS_LAMBDA * this.ewma + (1 - RISKMETRICS_LAMBDA) * r2 : r2;
    if (this.garch) {
      this.garch.v = this.garch.p.omega + this.garch.p.alpha * r2 + this.garch.p.beta * this.garch.v;
      this.garchLive = true;
    } else if (!this.garchFailed) this.warmGarch(s.r);
    const book = Number.isFinite(s.spreadBps);
    const feats: Array<readonly [AnomalyFeature, number]> = book
      ? [['spreadBps', s.spreadBps], ['depth', s.depth], ['flow', s.flow], ['returnBps', s.r * 1e4]]
      : [['returnBps', s.r * 1e4], ['volume', s.volume]];
    const alertsChanged = this.anomalies.push(s.t, feats);
    this.version++;
    this.block.push(s);
    let review = alertsChanged;
    if (this.block.length === this.window) {
      this.closeWindow(s.t);
      review = true;
    }
    if (review) this.review(s.t);
  }

  private warmGarch(r: number): void {
    this.warm.push(r);
    if (this.warm.length < this.garchWarmup) return;
    try {
      const g = fitGarch(this.warm).garch;
      const V = g.omega / (1 - g.alpha - g.beta);
      let v = V;
      for (const x of this.warm) v = g.omega + g.alpha * x * x + g.beta * v;
      this.garch = { p: g, V, v };
    } catch {
      // A price that never moved in the warm-up: no GARCH; EWMA stays the volatility shown.
      this.garchFailed = true;
    }
    this.warm.length = 0;
  }

  private closeWindow(t: number): void {
    const b = this.block;
    this.block = [];
    const book = b.every((x) => Number.isFinite(x.spreadBps) && Number.isFinite(x.depth));
    this.names ??= book ? ['rvBps', 'spreadBps', 'depth', 'volume'] : ['rvBps', 'volume'];
    const sum = (f: (x: RiskSample) => number) => b.reduce((a, x) => a + f(x), 0);
    const rv = Math.sqrt(sum((x) => x.r * x.r)) * 1e4;
    const row = this.names.length === 4 ? [rv, sum((x) => x.spreadBps) / b.length, sum((x) => x.depth) / b.length, sum((x) => x.volume)] : [rv, sum((x) => x.volume)];
    if (!row.every(Number.isFinite)) return;
    this.regimesModel ??= new OnlineRegimes(this.names, this.opts.regimes);
    const a = this.regimesModel.push(row);
    if (!a) return;
    if (!this.regime || this.regime.label !== a.label) this.regime = { label: a.label, since: t, probability: a.probability };
    else this.regime = { ...this.regime, probability: a.probability };
  }

  private review(t: number): void {
    const g = this.garchLive ? this.garch : null;
    this.tracker.update(t, { regime: this.regime?.label ?? null, volRatio: g ? Math.sqrt(g.v / g.V) : null, alerts: this.anomalies.open() });
  }
}
