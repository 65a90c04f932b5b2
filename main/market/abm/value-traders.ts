import type { Rng } from '../../kernel/rng.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { Fundamental } from './fundamental.js';
import type { ValueConfig } from './market-config.js';
import { AgentWake, drawSize, exponentialDelayNs, type Wakeable } from './samplers.js';

/**
 * Value (fundamental) traders, exactly `ValueConfig`'s rule: at Poisson times (rate ratePerSec
 * × `rateMultiplier`) agent i observes v = V·(1 + observationNoiseBps·1e-4·`noiseMultiplier`·Z),
 * band b = thresholdBps·1e-4·v; if bestAsk < v − b it sends an IOC buy limited at
 * floor((v − b)/tick)·tick, if bestBid > v + b an IOC sell limited at ceil((v + b)/tick)·tick, of
 * size = round(draw × min(3, mispricing / b)) ≥ 1, cut so |filled position| ≤ maxPosition.
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

  constructor(
    readonly cfg: ValueConfig,
    private readonly ex: Exchange,
    private readonly fundamental: Fundamental,
    rng: Rng,
  ) {
    this.base = ex.addOwner(this, cfg.count);
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
      const room = cfg.maxPosition - pos;
      const size = Math.min(room, sizeFor(rng, cfg, (v - ask) / band));
      if (size >= 1) {
        this.buys++;
        ex.ioc(this.base + i, 1, Math.floor((v - band) / tick) * tick, size);
      }
    } else if (bid > v + band) {
      const room = cfg.maxPosition + pos;
      const size = Math.min(room, sizeFor(rng, cfg, (bid - v) / band));
      if (size >= 1) {
        this.sells++;
        ex.ioc(this.base + i, -1, Math.max(tick, Math.ceil((v + band) / tick) * tick), size);
      }
    }
  }

  onRestingFill(): void {
    // Value traders never rest orders.
  }
}

function sizeFor(rng: Rng, cfg: ValueConfig, mispricing: number): number {
  const s = Math.round(drawSize(rng, cfg.size) * (mispricing < 3 ? mispricing : 3));
  return s < 1 ? 1 : s;
}
