import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { ActivityConfig } from './market-config.js';

/** What the activity drives; called after every step with the new activity a (mean 1). */
export type ActivityListener = (activity: number) => void;

/**
 * The market's activity a(t) (exactly `ActivityConfig`'s rule): a sum of independent OU
 * log-components, each stepped exactly (x ← x·e^{−Δ/τ} + std·√(1 − e^{−2Δ/τ})·Z), started from
 * its stationary law, and a = exp(Σx − s²/2) so that E[a] = 1. A sum of a few OU timescales
 * gives the slowly decaying autocorrelation of |returns| seen in real markets.
 * Deterministic: its own `Rng` fork; one scheduler task.
 */
export class Activity implements Task {
  value = 1;
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
    this.stepNs = Math.max(1, Math.round(cfg.updateSec * 1e9));
    this.update();
  }

  /** Applies the initial activity now and arms the stepping task. */
  start(scheduler: Scheduler): void {
    this.listener(this.value);
    scheduler.at(scheduler.now + this.stepNs, this);
  }

  fire(nowNs: number, scheduler: Scheduler): void {
    const x = this.x;
    for (let k = 0; k < x.length; k++) x[k] = x[k]! * this.decay[k]! + this.kick[k]! * this.rng.normal();
    this.update();
    this.listener(this.value);
    scheduler.at(nowNs + this.stepNs, this);
  }

  private update(): void {
    let s = 0;
    for (let k = 0; k < this.x.length; k++) s += this.x[k]!;
    this.value = Math.exp(s - this.shift);
  }
}
