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
  if (!mc) return null;
  const extra = mc.components ?? [];
  const total = extra.reduce((a, k) => a + k.branching, mc.branching);
  if (!(total > 0)) return null;
  // Cumulative branching thresholds and their rates: the coin that decides whether there is a child
  // also picks its component, so a kernel without extra components draws exactly what it drew before.
  const upTo = [mc.branching], rates = [mc.decayPerSec];
  for (const k of extra) {
    upTo.push(upTo[upTo.length - 1]! + k.branching);
    rates.push(k.decayPerSec);
  }
  return new MarketCascade(total, upTo, rates, rng.fork('noise-cascade'));
}

/**
 * Self-exciting market orders (`NoiseConfig.marketCascade`): each noise market order has, with
 * probability n (the total branching), one child of the same side by the same agent after a delay
 * drawn from the kernel's mixture of exponentials (one component: Exp(`decayPerSec`)); children
 * have children (a Hawkes cascade, branching ratio n, 1/(1 − n) orders per base order). Children
 * follow their parent, not the activity or the regime. Invariants: 0 < n = upTo[last] < 1,
 * `upTo` ascending, one rate per threshold.
 */
export class MarketCascade {
  constructor(
    private readonly branching: number,
    private readonly upTo: readonly number[],
    private readonly rates: readonly number[],
    readonly rng: Rng,
  ) {}
  spawn(pop: NoiseTraders, i: number, side: Side): void {
    const u = this.rng.float();
    if (u >= this.branching) return;
    let k = 0;
    while (k < this.upTo.length - 1 && u >= this.upTo[k]!) k++;
    const sch = pop.scheduler;
    sch.at(sch.now + exponentialDelayNs(this.rng, this.rates[k]!), new CascadeChild(pop, this, i, side));
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
