import { fitSizes, type SizeFit } from './size-fit.js';
import { F64Column, round } from './series-stats.js';

/** Per-side values indexed by distance from the SAME-side touch in ticks (index 0 = at the touch). */
export interface SidedByDistance {
  bid: number[];
  ask: number[];
}

/** A bid / ask pair of scalars. */
export interface Sided {
  bid: number;
  ask: number;
}

/**
 * Limit-order flow by distance from the touch, per side. Distances are measured against the
 * touch of the book just BEFORE the event (the state the order arrived into): for a bid,
 * d = (bestBid − price) / tick, for an ask d = (price − bestAsk) / tick; d < 0 is an order inside
 * the spread (it improves the touch).
 *
 * Invariants: every `SidedByDistance` array has `maxDistanceTicks` entries (d = 0..D−1);
 * rates are events per second of time during which that distance was observed
 * (`observedSec`); `meanDepth` is the time-average size resting at that distance;
 * `cancelPerOrderPerSec[d]` = cancels(d) / ∫ depth_d(t) / meanAddSize dt, i.e. the cancel hazard of
 * one resting order of average size (queue measured in average orders, as in Cont, Stoikov and
 * Talreja 2010), null-free (0 when the level was never populated).
 *
 * `statistic` says what an "arrival" and a "cancel" are:
 * - 'order-adds' (L3): arrivals are new visible orders, cancels are partial cancels and
 *   deletions of resting orders (executions excluded), sizes are order sizes.
 * - 'level-increases' (L2): arrivals are increases of a level's aggregate size between two
 *   consistent book states, cancels are decreases (which include executions when the source
 *   has no trades), sizes are the size changes (several orders may net out in one change).
 */
export interface LimitOrderFlowFit {
  statistic: 'order-adds' | 'level-increases';
  maxDistanceTicks: number;
  observedSec: SidedByDistance;
  arrivalPerSec: SidedByDistance;
  insideSpreadPerSec: Sided;
  beyondPerSec: Sided;
  /**
   * Arrivals per second by distance k = 1..K from the OPPOSITE touch (index k − 1; a bid at
   * bestAsk − k·tick, an ask at bestBid + k·tick): the placement rule of zero-intelligence models
   * that quote relative to the other side. K = maxDistanceTicks + 30; farther arrivals are left
   * out. Depth-limited sources (LOBSTER level N) see only k < spread + N, so far k are understated.
   */
  arrivalFromOppositePerSec: { bid: number[]; ask: number[] };
  cancelPerSec: SidedByDistance;
  cancelPerOrderPerSec: SidedByDistance;
  meanDepth: SidedByDistance;
  addSize: SizeFit;
  cancelSize: SizeFit;
  /** Order modifications seen (L3 only; not counted as arrivals or cancels). */
  modifies: number;
  /** Events whose touch was unknown (an empty side) and so have no distance. */
  unplaced: number;
}

/** Accumulates counts and time integrals per side and distance; shared by the L3 and L2 collectors. */
export class FlowCounters {
  readonly adds: [Float64Array, Float64Array];
  readonly cancels: [Float64Array, Float64Array];
  /** ∫ size dt (size units × ns) per distance. */
  readonly depthTime: [Float64Array, Float64Array];
  /** ns during which the distance was observed. */
  readonly observedNs: [Float64Array, Float64Array];
  /** Arrivals by distance from the opposite touch, index k − 1. */
  readonly addsOpposite: [Float64Array, Float64Array];
  readonly inside: [number, number] = [0, 0];
  readonly beyond: [number, number] = [0, 0];
  readonly addSizes = new F64Column();
  readonly cancelSizes = new F64Column();
  modifies = 0;
  unplaced = 0;

  constructor(readonly maxDistance: number) {
    const z = () => new Float64Array(maxDistance);
    this.adds = [z(), z()];
    this.cancels = [z(), z()];
    this.depthTime = [z(), z()];
    this.observedNs = [z(), z()];
    this.addsOpposite = [new Float64Array(maxDistance + 30), new Float64Array(maxDistance + 30)];
  }

  /** Index 0 = bid (side +1), 1 = ask (side −1). */
  static at(side: number): 0 | 1 {
    return side === 1 ? 0 : 1;
  }

  /** An arrival at distance d from the same-side touch and k from the opposite touch (NaN = unknown). */
  arrival(side: number, d: number, size: number, k = NaN): void {
    const s = FlowCounters.at(side);
    this.addSizes.push(size);
    if (k >= 1 && k <= this.addsOpposite[s].length) this.addsOpposite[s][k - 1]!++;
    if (d < 0) this.inside[s]++;
    else if (d < this.maxDistance) this.adds[s][d]!++;
    else this.beyond[s]++;
  }

  cancel(side: number, d: number, size: number): void {
    const s = FlowCounters.at(side);
    this.cancelSizes.push(size);
    if (d >= 0 && d < this.maxDistance) this.cancels[s][d]!++;
  }

  /** The fit; `totalObservedNs` is the time arrivals inside the spread / beyond D were observable. */
  fit(statistic: LimitOrderFlowFit['statistic'], totalObservedNs: number): LimitOrderFlowFit {
    const addSize = fitSizes(this.addSizes.toArray());
    const meanAdd = addSize.mean ?? 0;
    const perSec = (c: Float64Array, obs: Float64Array) => Array.from(c, (x, d) => round(obs[d]! > 0 ? x / (obs[d]! / 1e9) : 0)!);
    const sided = (f: (s: 0 | 1) => number[]): SidedByDistance => ({ bid: f(0), ask: f(1) });
    const tot = totalObservedNs / 1e9;
    return {
      statistic,
      maxDistanceTicks: this.maxDistance,
      observedSec: sided((s) => Array.from(this.observedNs[s], (x) => round(x / 1e9)!)),
      arrivalPerSec: sided((s) => perSec(this.adds[s], this.observedNs[s])),
      insideSpreadPerSec: { bid: round(tot > 0 ? this.inside[0] / tot : 0)!, ask: round(tot > 0 ? this.inside[1] / tot : 0)! },
      beyondPerSec: { bid: round(tot > 0 ? this.beyond[0] / tot : 0)!, ask: round(tot > 0 ? this.beyond[1] / tot : 0)! },
      arrivalFromOppositePerSec: sided((s) => Array.from(this.addsOpposite[s], (x) => round(tot > 0 ? x / tot : 0)!)),
      cancelPerSec: sided((s) => perSec(this.cancels[s], this.observedNs[s])),
      cancelPerOrderPerSec: sided((s) => Array.from(this.cancels[s], (c, d) => {
        const ordersTimeSec = meanAdd > 0 ? this.depthTime[s][d]! / meanAdd / 1e9 : 0;
        return round(ordersTimeSec > 0 ? c / ordersTimeSec : 0)!;
      })),
      meanDepth: sided((s) => Array.from(this.depthTime[s], (x, d) => round(this.observedNs[s][d]! > 0 ? x / this.observedNs[s][d]! : 0)!)),
      addSize,
      cancelSize: fitSizes(this.cancelSizes.toArray()),
      modifies: this.modifies,
      unplaced: this.unplaced,
    };
  }
}
