import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { SizeDist } from './market-config.js';
import { drawSize, exponentialDelayNs } from './samplers.js';

/**
 * The forced flow of a cascade (stop-loss orders being triggered): market orders of `side`
 * at Poisson times of rate `ratePerSec` during [start, endNs), sizes ~ `size`. One owner agent
 * for all of them (its position is the cascade's net flow). Never rests orders.
 */
export class StopLossFlow implements Task, OrderOwner {
  readonly agent: number;
  orders = 0;
  private side: Side = -1;
  private endNs = 0;
  private ratePerSec = 0;
  private size: SizeDist = { logMean: 0, logSigma: 0, max: 1 };

  constructor(
    private readonly ex: Exchange,
    private readonly rng: Rng,
  ) {
    this.agent = ex.addOwner(this, 1);
  }

  /** Starts a burst now; a burst already running is replaced (its pending order still fires once). */
  begin(side: Side, durationSec: number, orders: number, size: SizeDist, scheduler: Scheduler): void {
    this.side = side;
    this.endNs = scheduler.now + Math.round(durationSec * 1e9);
    this.ratePerSec = durationSec > 0 ? orders / durationSec : 0;
    this.size = size;
    const d = exponentialDelayNs(this.rng, this.ratePerSec);
    if (scheduler.now + d < this.endNs) scheduler.at(scheduler.now + d, this);
  }

  fire(nowNs: number, scheduler: Scheduler): void {
    if (nowNs >= this.endNs) return;
    this.orders++;
    this.ex.market(this.agent, this.side, drawSize(this.rng, this.size));
    const d = exponentialDelayNs(this.rng, this.ratePerSec);
    if (nowNs + d < this.endNs) scheduler.at(nowNs + d, this);
  }

  onRestingFill(): void {
    // Never rests.
  }
}
