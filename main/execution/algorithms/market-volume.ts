import type { Side } from '../../domain/side.js';

/** One trade printed on the market (the tape): time (scheduler ns), price units, size units, aggressor side. */
export type TapeListener = (tsNs: number, priceUnits: number, size: number, aggressorSide: Side) => void;

/**
 * Market trades as a strategy receives them (the agent-based `Exchange` satisfies it; a replay
 * or live adapter publishes its trade feed the same way). Invariant: listeners are called once
 * per print, in time order, and must not send orders synchronously.
 */
export interface TradeFeed {
  onTrade(listener: TapeListener): void;
}

/**
 * Market volume printed since `startNs` (inclusive), OUR OWN PRINTS INCLUDED (the tape cannot
 * tell them apart), for POV targets and the max-participation cap. Invariants: `volume` never
 * decreases; prints before `startNs` are ignored; `intervalVolume()` returns the volume since its
 * previous call (or since `startNs`) and resets that counter.
 */
export class MarketVolume {
  private total = 0;
  private mark = 0;

  constructor(feed: TradeFeed, readonly startNs: number) {
    feed.onTrade((tsNs, _price, size) => {
      if (tsNs >= startNs) this.total += size;
    });
  }

  /** Volume since `startNs`, size units. */
  get volume(): number {
    return this.total;
  }

  /** Volume since the previous call (or since `startNs`). */
  intervalVolume(): number {
    const v = this.total - this.mark;
    this.mark = this.total;
    return v;
  }
}
