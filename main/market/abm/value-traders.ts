import type { Rng } from '../../kernel/rng.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { Fundamental } from './fundamental.js';
import type { ValueConfig } from './market-config.js';
import { AgentWake, drawSize, exponentialDelayNs, type Wakeable } from './samplers.js';

/**
 * `ValueConfig` with the shape of the traders' demand (a field of the scenario's `value` block;
 * `MarketConfig` carries it through unchanged). `demand`:
 * - `'capped'` (absent): |filled position| ≤ maxPosition at any mispricing — a step demand curve:
 *   the population absorbs up to count × maxPosition as soon as the price leaves the band, then
 *   nothing more however far it goes (impact of larger orders jumps: convex).
 * - `'growing'`: the position limit grows smoothly with the mispricing beyond the band,
 *   |filled position| ≤ maxPosition·((m − b)/b)² (m = |price − v|, b the band; maxPosition is
 *   reached at m = 2b). Zero at the band and without a ceiling: cumulative demand quadratic in the
 *   distance is a linear depth profile, the latent book of Donier et al., so the value traders
 *   obey the square-root law instead of saturating.
 */
export interface ValueDemandConfig extends ValueConfig {
  readonly demand?: 'capped' | 'growing';
}

/**
 * Value (fundamental) traders, exactly `ValueConfig`'s rule: at Poisson times (rate ratePerSec
 * × `rateMultiplier`) agent i observes v = V·(1 + observationNoiseBps·1e-4·`noiseMultiplier`·Z),
 * band b = thresholdBps·1e-4·v; if bestAsk < v − b it sends an IOC buy limited at
 * floor((v − b)/tick)·tick, if bestBid > v + b an IOC sell limited at ceil((v + b)/tick)·tick, of
 * size = round(draw × min(3, mispricing / b)) ≥ 1, cut so |filled position| ≤ maxPosition (or,
 * with `demand: 'growing'`, ≤ maxPosition·(mispricing / b − 1)²; see `ValueDemandConfig`).
 * Orders never rest, so a stale value never sits in the book.
 */
export class ValueTraders implements Wakeable, OrderOwner {
  readonly base: number;
  rateMultiplier = 1;
  noiseMultiplier = 1;
  buys = 0;
  sells = 0;
  private readonly rngs: Rng[] = [];
  private readonly wakes: AgentWake[] = [];
  private readonly growing: boolean;

  constructor(
    readonly cfg: ValueDemandConfig,
    private readonly ex: Exchange,
    private readonly fundamental: Fundamental,
    rng: Rng,
  ) {
    this.base = ex.addOwner(this, cfg.count);
    this.growing = cfg.demand === 'growing';
    for (let i = 0; i < cfg.count; i++) {
      this.rngs.push(rng.fork(`value-${i}`));
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
    const cfg = this.cfg;
    const rng = this.rngs[i]!;
    if (timer) {
      const d = exponentialDelayNs(rng, cfg.ratePerSec * this.rateMultiplier);
      if (d < Infinity) ex.scheduler.at(nowNs + d, this.wakes[i]!);
    }
    const v = this.fundamental.value * (1 + cfg.observationNoiseBps * 1e-4 * this.noiseMultiplier * rng.normal());
    const band = cfg.thresholdBps * 1e-4 * v;
    const tick = ex.tickUnits;
    const pos = ex.position[this.base + i]!;
    const ask = ex.book.bestAsk();
    const bid = ex.book.bestBid();
    if (ask < v - band) {
      const mis = (v - ask) / band;
      const room = this.limit(mis) - pos;
      const size = Math.min(room, sizeFor(rng, cfg, mis));
      if (size >= 1) {
        this.buys++;
        ex.ioc(this.base + i, 1, Math.floor((v - band) / tick) * tick, size);
      }
    } else if (bid > v + band) {
      const mis = (bid - v) / band;
      const room = this.limit(mis) + pos;
      const size = Math.min(room, sizeFor(rng, cfg, mis));
      if (size >= 1) {
        this.sells++;
        ex.ioc(this.base + i, -1, Math.max(tick, Math.ceil((v + band) / tick) * tick), size);
      }
    }
  }

  /** Largest |position| wanted at a mispricing of `mis` bands (> 1: the price is beyond the band). */
  private limit(mis: number): number {
    return this.growing ? this.cfg.maxPosition * (mis - 1) * (mis - 1) : this.cfg.maxPosition;
  }

  onRestingFill(): void {
    // Value traders never rest orders.
  }
}

function sizeFor(rng: Rng, cfg: ValueConfig, mispricing: number): number {
  const s = Math.round(drawSize(rng, cfg.size) * (mispricing < 3 ? mispricing : 3));
  return s < 1 ? 1 : s;
}
