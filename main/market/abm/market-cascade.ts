import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Task } from '../../kernel/scheduler.js';
import type { MarketCascadeConfig } from './market-config.js';
import type { NoiseTraders } from './noise-traders.js';
import { exponentialDelayNs } from './samplers.js';

/**
 * The noise population's cascade from its config (null: none, or branching 0). Its draws come from
 * its own fork of the population's `Rng` ('noise-cascade'), so the base flow's draws are the same
 * with or without it.
 */
export function createMarketCascade(mc: MarketCascadeConfig | undefined, rng: Rng): MarketCascade | null {
  return mc && mc.branching > 0 ? new MarketCascade(mc.branching, mc.decayPerSec, rng.fork('noise-cascade')) : null;
}

/**
 * Self-exciting market orders (`NoiseConfig.marketCascade`): each noise market order has, with
 * probability `branching`, one child of the same side by the same agent after an Exp(`decayPerSec`)
 * delay; children have children (a Hawkes cascade with an exponential kernel, branching ratio n,
 * 1/(1 − n) orders per base order). Children follow their parent, not the activity or the regime.
 */
export class MarketCascade {
  constructor(
    private readonly branching: number,
    private readonly decayPerSec: number,
    readonly rng: Rng,
  ) {}
  spawn(pop: NoiseTraders, i: number, side: Side): void {
    if (this.rng.float() >= this.branching) return;
    const sch = pop.scheduler;
    sch.at(sch.now + exponentialDelayNs(this.rng, this.decayPerSec), new CascadeChild(pop, this, i, side));
  }
}

/** One pending cascade child (one object per child: several can be pending at once). */
class CascadeChild implements Task {
  constructor(
    private readonly pop: NoiseTraders,
    private readonly c: MarketCascade,
    private readonly i: number,
    private readonly side: Side,
  ) {}
  fire(): void {
    this.pop.cascadeAct(this.i, this.side, this.c);
  }
}
