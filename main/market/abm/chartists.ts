import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { ChartistConfig } from './market-config.js';
import { AgentWake, drawSize, exponentialDelayNs, type Wakeable } from './samplers.js';

/** Which rule a chartist population follows. */
export type ChartistKind = 'momentum' | 'mean-reversion';

/**
 * Momentum or mean-reversion traders (struct-of-arrays), exactly `ChartistConfig`'s rule.
 * At each wake-up agent i with horizon τᵢ updates, with a = 1 − exp(−Δt/τᵢ):
 * m ← (1 − a)·m + a·ln(mid/mid_prev)/Δt (log-return per second) and ē ← (1 − a)·ē + a·mid, then
 * momentum: m·τᵢ > θ ⇒ market buy, m·τᵢ < −θ ⇒ market sell;
 * mean-reversion: (mid − ē)/ē > θ ⇒ passive sell at the best ask, < −θ ⇒ passive buy at the best
 * bid (lifetime ~ Exp(mean orderLifetimeSec)); θ = thresholdBps·1e-4. The first wake-up only
 * initialises. No order that would take |filled position| beyond maxPosition. Rate =
 * ratePerSec × `rateMultiplier`; `boost` adds extra wake-ups (cascades) without new clocks.
 */
export class Chartists implements Wakeable, OrderOwner {
  readonly base: number;
  rateMultiplier = 1;
  buys = 0;
  sells = 0;
  private readonly rngs: Rng[] = [];
  private readonly wakes: AgentWake[] = [];
  private readonly tau: Float64Array;
  private readonly lastMid: Float64Array;
  private readonly lastT: Float64Array;
  private readonly mom: Float64Array;
  private readonly ema: Float64Array;
  private readonly theta: number;
  private readonly lifetimeRate: number;

  constructor(
    readonly kind: ChartistKind,
    readonly cfg: ChartistConfig,
    private readonly ex: Exchange,
    rng: Rng,
  ) {
    const n = cfg.count;
    this.base = ex.addOwner(this, n);
    this.tau = new Float64Array(n);
    this.lastMid = new Float64Array(n).fill(NaN);
    this.lastT = new Float64Array(n);
    this.mom = new Float64Array(n);
    this.ema = new Float64Array(n);
    this.theta = cfg.thresholdBps * 1e-4;
    this.lifetimeRate = cfg.orderLifetimeSec > 0 ? 1 / cfg.orderLifetimeSec : 0;
    const [lo, hi] = cfg.horizonSec;
    for (let i = 0; i < n; i++) {
      const r = rng.fork(`${kind}-${i}`);
      this.rngs.push(r);
      this.tau[i] = lo + (hi - lo) * r.float();
      this.wakes.push(new AgentWake(this, i, true));
    }
  }

  get count(): number {
    return this.cfg.count;
  }

  start(): void {
    const sch = this.ex.scheduler;
    for (let i = 0; i < this.cfg.count; i++) {
      const d = exponentialDelayNs(this.rngs[i]!, this.cfg.ratePerSec * this.rateMultiplier);
      if (d < Infinity) sch.at(sch.now + d, this.wakes[i]!);
    }
  }

  wake(i: number, nowNs: number, timer: boolean): void {
    const ex = this.ex;
    const rng = this.rngs[i]!;
    if (timer) {
      const d = exponentialDelayNs(rng, this.cfg.ratePerSec * this.rateMultiplier);
      if (d < Infinity) ex.scheduler.at(nowNs + d, this.wakes[i]!);
    }
    let mid = ex.book.mid();
    if (mid !== mid) mid = ex.lastPriceUnits;
    const prev = this.lastMid[i]!;
    this.lastMid[i] = mid;
    if (prev !== prev) {
      this.ema[i] = mid;
      this.lastT[i] = nowNs;
      return;
    }
    const dt = (nowNs - this.lastT[i]!) * 1e-9;
    if (dt <= 0) return;
    this.lastT[i] = nowNs;
    const tau = this.tau[i]!;
    const a = 1 - Math.exp(-dt / tau);
    const m = (1 - a) * this.mom[i]! + (a * Math.log(mid / prev)) / dt;
    this.mom[i] = m;
    const e = (1 - a) * this.ema[i]! + a * mid;
    this.ema[i] = e;
    const pos = ex.position[this.base + i]!;
    const size = drawSize(rng, this.cfg.size);
    const max = this.cfg.maxPosition;
    if (this.kind === 'momentum') {
      const signal = m * tau;
      if (signal > this.theta && pos + size <= max) this.trade(i, 1, size, rng);
      else if (signal < -this.theta && pos - size >= -max) this.trade(i, -1, size, rng);
    } else {
      const dev = (mid - e) / e;
      if (dev > this.theta && pos - size >= -max) this.trade(i, -1, size, rng);
      else if (dev < -this.theta && pos + size <= max) this.trade(i, 1, size, rng);
    }
  }

  onRestingFill(): void {
    // Positions are kept by the exchange; the rule reads them at the next wake-up.
  }

  private trade(i: number, side: Side, size: number, rng: Rng): void {
    const ex = this.ex;
    if (side === 1) this.buys++;
    else this.sells++;
    if (this.kind === 'momentum') {
      ex.market(this.base + i, side, size);
      return;
    }
    const tick = ex.tickUnits;
    let price = side === 1 ? ex.book.bestBid() : ex.book.bestAsk();
    if (price !== price) {
      const mid = this.lastMid[i]!;
      price = side === 1 ? Math.floor(mid / tick) * tick - tick : Math.ceil(mid / tick) * tick + tick;
    }
    if (price < tick) price = tick;
    ex.limit(this.base + i, side, price, size, exponentialDelayNs(rng, this.lifetimeRate));
  }
}

/**
 * Extra Poisson wake-ups of a chartist population during [start, end): rate `extraRatePerSec`
 * in total, each waking a uniformly drawn agent (so each agent's act rate rises by
 * extraRatePerSec / count, as if its own rate were multiplied).
 */
export class ChartistBoost implements Task {
  constructor(
    private readonly pop: Chartists,
    private readonly endNs: number,
    private readonly extraRatePerSec: number,
    private readonly rng: Rng,
  ) {}
  /** Arms the first extra wake-up. */
  start(scheduler: Scheduler): void {
    if (this.pop.count === 0) return;
    const d = exponentialDelayNs(this.rng, this.extraRatePerSec);
    if (scheduler.now + d < this.endNs) scheduler.at(scheduler.now + d, this);
  }
  fire(nowNs: number, scheduler: Scheduler): void {
    this.pop.wake(this.rng.int(this.pop.count), nowNs, false);
    const d = exponentialDelayNs(this.rng, this.extraRatePerSec);
    if (nowNs + d < this.endNs) scheduler.at(nowNs + d, this);
  }
}
