import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import { SECONDS_PER_DAY, type FundamentalConfig } from './market-config.js';

/**
 * The fundamental value process V (in price units, a float), exactly `FundamentalConfig`'s
 * rule, stepped every `updateSec` by its own scheduler task with its own `Rng` fork:
 * `ou`: V ← m + (V − m)·e^{−κΔ} + σ·√((1 − e^{−2κΔ})/(2κ))·Z (exact OU step; κ → 0 gives the
 * random walk); `random-walk`: V ← V + μΔ + σ√Δ·Z; the OU mean m drifts by μΔ each step.
 * σ is multiplied by `volatilityMultiplier` (regimes) and `activityVolMultiplier` (activity).
 * With `learningHalfLifeSec` h > 0, each step then pulls V towards the mid (`midSource`) by the
 * fraction 1 − 2^(−updateSec/h). `jump(f)` multiplies V and m by (1 + f).
 * Invariant: V ≥ minUnits (one tick).
 */
export class Fundamental implements Task {
  value: number;
  mean: number;
  volatilityMultiplier = 1;
  /** σ × this as well (the activity process sets it to √activity). */
  activityVolMultiplier = 1;
  /** Where the value learns from (the book mid, NaN when a side is empty); null = no learning. */
  midSource: (() => number) | null = null;
  private readonly learn: number;
  private readonly sigma: number;
  private readonly kappa: number;
  private readonly drift: number;
  private readonly stepNs: number;

  constructor(
    readonly cfg: FundamentalConfig,
    initialUnits: number,
    private readonly minUnits: number,
    private readonly rng: Rng,
  ) {
    this.value = initialUnits;
    this.mean = initialUnits;
    this.sigma = ((cfg.volatilityPctPerDay / 100) * initialUnits) / Math.sqrt(SECONDS_PER_DAY);
    this.kappa = cfg.kind === 'ou' ? cfg.meanReversionPerDay / SECONDS_PER_DAY : 0;
    this.drift = ((cfg.driftPctPerDay / 100) * initialUnits) / SECONDS_PER_DAY;
    this.stepNs = Math.max(1, Math.round(cfg.updateSec * 1e9));
    const h = cfg.learningHalfLifeSec ?? 0;
    this.learn = h > 0 ? 1 - 2 ** (-cfg.updateSec / h) : 0;
  }

  /** Arms the stepping task. */
  start(scheduler: Scheduler): void {
    scheduler.at(scheduler.now + this.stepNs, this);
  }

  fire(nowNs: number, scheduler: Scheduler): void {
    this.step(this.stepNs * 1e-9);
    scheduler.at(nowNs + this.stepNs, this);
  }

  /** Advances the process by `dtSec`. */
  step(dtSec: number): void {
    const sigma = this.sigma * this.volatilityMultiplier * this.activityVolMultiplier;
    const z = this.rng.normal();
    this.mean += this.drift * dtSec;
    const k = this.kappa;
    if (k > 0) {
      const e = Math.exp(-k * dtSec);
      this.value = this.mean + (this.value - this.mean) * e + sigma * Math.sqrt((1 - e * e) / (2 * k)) * z;
    } else {
      this.value += this.drift * dtSec + sigma * Math.sqrt(dtSec) * z;
    }
    if (this.learn > 0 && this.midSource !== null) {
      const m = this.midSource();
      if (m === m) this.value += this.learn * (m - this.value);
    }
    if (this.value < this.minUnits) this.value = this.minUnits;
  }

  /** News: V and the OU mean jump by the fraction `f` (e.g. −0.03). */
  jump(f: number): void {
    this.value = Math.max(this.minUnits, this.value * (1 + f));
    this.mean *= 1 + f;
  }
}
