import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { ActivityConfig } from './market-config.js';

/** What the activity drives; called after every step with the new activity a (mean 1) and what of it the order flow follows (= a without `flowLogVarianceMax`). */
export type ActivityListener = (activity: number, flow: number) => void;

/**
 * The market's activity a(t) (exactly `ActivityConfig`'s rule): a sum of independent OU
 * log-components, each stepped exactly (x ← x·e^{−Δ/τ} + std·√(1 − e^{−2Δ/τ})·Z), started from
 * its stationary law, and a = exp(Σx − s²/2) so that E[a] = 1. A sum of a few OU timescales
 * gives the slowly decaying autocorrelation of |returns| seen in real markets.
 * Deterministic: its own `Rng` fork; one scheduler task.
 */
export class Activity implements Task {
  value = 1;
  /** The flow's activity (`ActivityConfig.flowLogVarianceMax`): a^θ·e^{θ(1−θ)s²/2}; = value when uncapped. */
  flow = 1;
  private readonly flowExp: number;
  private readonly flowShift: number;
  private readonly x: Float64Array;
  private readonly decay: Float64Array;
  private readonly kick: Float64Array;
  private readonly shift: number;
  private readonly stepNs: number;

  constructor(
    readonly cfg: ActivityConfig,
    private readonly rng: Rng,
    private readonly listener: ActivityListener,
  ) {
    const n = Math.min(cfg.timescalesSec.length, cfg.logStd.length);
    this.x = new Float64Array(n);
    this.decay = new Float64Array(n);
    this.kick = new Float64Array(n);
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const sd = cfg.logStd[k]!;
      const e = Math.exp(-cfg.updateSec / cfg.timescalesSec[k]!);
      this.decay[k] = e;
      this.kick[k] = sd * Math.sqrt(1 - e * e);
      this.x[k] = sd * rng.normal();
      s2 += sd * sd;
    }
    this.shift = s2 / 2;
    const cap = cfg.flowLogVarianceMax;
    this.flowExp = cap !== undefined && s2 > cap ? Math.sqrt(cap / s2) : 1;
    this.flowShift = (this.flowExp * (1 - this.flowExp) * s2) / 2;
    this.stepNs = Math.max(1, Math.round(cfg.updateSec * 1e9));
    this.update();
  }

  /** Applies the initial activity now and arms the stepping task. */
  start(scheduler: Scheduler): void {
    this.listener(this.value, this.flow);
    scheduler.at(scheduler.now + this.stepNs, this);
  }

  fire(nowNs: number, scheduler: Scheduler): void {
    const x = this.x;
    for (let k = 0; k < x.length; k++) x[k] = x[k]! * this.decay[k]! + this.kick[k]! * this.rng.normal();
    this.update();
    this.listener(this.value, this.flow);
    scheduler.at(nowNs + this.stepNs, this);
  }

  private update(): void {
    let s = 0;
    for (let k = 0; k < this.x.length; k++) s += this.x[k]!;
    this.value = Math.exp(s - this.shift);
    // Uncapped: the flow is the very same number (no arithmetic), so the event log is unchanged.
    this.flow = this.flowExp === 1 ? this.value : Math.exp(this.flowExp * (s - this.shift) + this.flowShift);
  }
}
