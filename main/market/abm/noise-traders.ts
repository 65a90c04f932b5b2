import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { NoiseConfig } from './market-config.js';
import { AgentWake, AliasTable, drawSize, exponentialDelayNs, type Wakeable } from './samplers.js';

/**
 * Zero-intelligence (noise) traders, struct-of-arrays: one `Rng` fork and one preallocated
 * wake-up per agent, nothing allocated per event.
 *
 * Rule (exactly `NoiseConfig`'s): agent i acts at Poisson times of rate ratePerSec ×
 * `rateMultiplier` (the multiplier in force when the previous wake-up drew the wait). Each act:
 * side = fair coin; with probability marketFraction a market order of size ~ marketSize,
 * otherwise a limit order of size ~ limitSize at d ticks from the opposite best, d ~
 * distanceWeights scaled by `distanceMultiplier` (rounded, ≥ 1), with an exponential lifetime
 * of rate cancelRatePerSec. Anchor when the opposite side is empty: own best ± 1 tick, else the
 * last trade price ± 1 tick. Prices never go below one tick.
 *
 * Pooled clock (`start(true)`, used when the market has an activity process): the population
 * acts at Poisson times of rate count × ratePerSec × rateMultiplier × `activity`, each act by a
 * uniformly drawn agent (the same law as independent agents, but a rate change takes effect at
 * once: `rearm()` redraws the wait, which is exact for a Poisson clock). Placement distances are
 * then also × `activityDistance`.
 */
export class NoiseTraders implements Wakeable, OrderOwner {
  readonly base: number;
  /** Acts so far (limit + market): the Poisson arrival count. */
  arrivals = 0;
  limitOrders = 0;
  marketOrders = 0;
  rateMultiplier = 1;
  distanceMultiplier = 1;
  /** Pooled mode only: arrival rate × activity, placement distance × activityDistance. */
  activity = 1;
  activityDistance = 1;
  private pooled = false;
  private readonly clock: PooledClock;
  private readonly rngs: Rng[] = [];
  private readonly wakes: AgentWake[] = [];
  private readonly dist: AliasTable;
  private readonly tick: number;

  constructor(
    readonly cfg: NoiseConfig,
    private readonly ex: Exchange,
    rng: Rng,
  ) {
    this.base = ex.addOwner(this, cfg.count);
    this.dist = new AliasTable(cfg.distanceWeights);
    this.tick = ex.tickUnits;
    for (let i = 0; i < cfg.count; i++) {
      this.rngs.push(rng.fork(`noise-${i}`));
      this.wakes.push(new AgentWake(this, i, true));
    }
    this.clock = new PooledClock(this, rng.fork('noise-clock'));
  }

  get count(): number {
    return this.cfg.count;
  }

  /** Arms every agent's first wake-up, or the one pooled clock (call once, at the session start). */
  start(pooled = false): void {
    this.pooled = pooled;
    if (pooled) {
      this.rearm();
      return;
    }
    const sch = this.ex.scheduler;
    for (let i = 0; i < this.cfg.count; i++) {
      const d = exponentialDelayNs(this.rngs[i]!, this.cfg.ratePerSec * this.rateMultiplier);
      if (d < Infinity) sch.at(sch.now + d, this.wakes[i]!);
    }
  }

  /** Pooled mode: redraws the population's next act at the current rate (after a rate change). */
  rearm(): void {
    if (this.pooled && this.cfg.count > 0) this.clock.arm(this.ex.scheduler, this.cfg.count * this.cfg.ratePerSec * this.rateMultiplier * this.activity);
  }

  /** Total acts per second now (pooled or not). */
  get ratePerSec(): number {
    return this.cfg.count * this.cfg.ratePerSec * this.rateMultiplier * (this.pooled ? this.activity : 1);
  }

  wake(i: number, nowNs: number, timer: boolean): void {
    const rng = this.rngs[i]!;
    const cfg = this.cfg;
    const ex = this.ex;
    this.arrivals++;
    const side: Side = (rng.nextU32() & 1) === 0 ? 1 : -1;
    if (rng.float() < cfg.marketFraction) {
      this.marketOrders++;
      ex.market(this.base + i, side, drawSize(rng, cfg.marketSize));
    } else {
      this.limitOrders++;
      const tick = this.tick;
      let d = this.dist.sample(rng.float()) + 1;
      const dm = this.distanceMultiplier * this.activityDistance;
      if (dm !== 1) d = Math.max(1, Math.round(d * dm));
      const book = ex.book;
      let price: number;
      if (side === 1) {
        let anchor = book.bestAsk();
        if (anchor !== anchor) {
          const b = book.bestBid();
          anchor = (b === b ? b : ex.lastPriceUnits) + tick;
        }
        price = anchor - d * tick;
        if (price < tick) price = tick;
      } else {
        let anchor = book.bestBid();
        if (anchor !== anchor) {
          const a = book.bestAsk();
          anchor = (a === a ? a : ex.lastPriceUnits) - tick;
        }
        price = anchor + d * tick;
        if (price < tick) price = tick;
      }
      const size = drawSize(rng, cfg.limitSize);
      ex.limit(this.base + i, side, price, size, exponentialDelayNs(rng, cfg.cancelRatePerSec));
    }
    if (timer && !this.pooled) {
      const delay = exponentialDelayNs(rng, cfg.ratePerSec * this.rateMultiplier);
      if (delay < Infinity) ex.scheduler.at(nowNs + delay, this.wakes[i]!);
    }
  }

  onRestingFill(): void {
    // Zero intelligence: fills change nothing in the agent's behaviour.
  }
}

/** The pooled Poisson clock of a noise population; a stale firing (superseded by `arm`) does nothing. */
class PooledClock implements Task {
  private dueNs = NaN;
  constructor(
    private readonly pop: NoiseTraders,
    private readonly rng: Rng,
  ) {}
  arm(sch: { now: number; at(t: number, task: Task): void }, ratePerSec: number): void {
    const d = exponentialDelayNs(this.rng, ratePerSec);
    this.dueNs = d < Infinity ? sch.now + d : NaN;
    if (d < Infinity) sch.at(this.dueNs, this);
  }
  fire(nowNs: number): void {
    if (nowNs !== this.dueNs) return;
    this.pop.wake(this.rng.int(this.pop.count), nowNs, false);
    this.pop.rearm();
  }
}
