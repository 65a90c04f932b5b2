import type { TradeFeed } from '../../execution/algorithms/market-volume.js';
import type { PathSim } from '../../execution/what-if/path-sim.js';
import type { BookView } from '../../market/book/book-types.js';
import type { MarketView } from '../../market/venue/market-view.js';

/**
 * A what-if `PathSim`, optionally with the market's trade tape (the agent-based `Exchange` is
 * one; see `scenarioEnvPath`). Paths whose venue offers `marketView` (a replayed day) need no
 * tape: the environment reads book and trades from that lagged view.
 */
export interface EnvPath extends PathSim {
  readonly trades?: TradeFeed;
  /**
   * Called by the environment when it abandons this path (the next reset): a path may hand its
   * buffers back to its factory's pool. The path must not be used afterwards.
   */
  release?(): void;
  /**
   * The book's mid at `tNs`, a time before the episode's start that the environment looks back
   * at (its volatility warm-up; times increasing, then `advanceTo(start)`): the path's trades up
   * to `tNs` go to the tape as `advanceTo` would send them, but the book need not move there.
   * For paths whose look-back is shared by every episode (`abmEnvFactory`): the mid is cached,
   * and no book is copied. Absent ⇒ the environment advances to `tNs` and reads the book.
   */
  lookBackMid?(tNs: number): number;
}

/** A venue that offers a strategy's lagged market view (the `ReplayVenue`). */
interface ViewVenue {
  marketView(levels?: number): MarketView;
}

function hasMarketView(v: unknown): v is ViewVenue {
  return typeof (v as Partial<ViewVenue>).marketView === 'function';
}

/** Trades counted over one interval (size units); aggressor unknown counts in `total` only. */
export interface IntervalFlow {
  total: number;
  buy: number;
  sell: number;
}

/**
 * What the agent sees of the market: the book it prices from and the trades between decisions.
 * Sources, in order: the venue's `marketView(5)` (book and trades lagged by market-data latency;
 * our own prints included), else the venue book plus the path's `trades` tape (our prints
 * included: the tape cannot tell them apart), else the venue book with NO trades (volume and flow
 * stay 0). Invariant: `roll()` returns the trades since the previous `roll()` (or since the feed
 * was made) and starts a new interval; the record it returns is valid until the next `roll()`
 * (two records alternate, so rolling allocates nothing).
 */
export class MarketFeed {
  readonly book: BookView;
  private readonly view: MarketView | null;
  private cur: IntervalFlow = { total: 0, buy: 0, sell: 0 };
  /** The record `roll` returned last time, reused for the interval after the next (no allocation per roll). */
  private spare: IntervalFlow = { total: 0, buy: 0, sell: 0 };

  constructor(path: EnvPath) {
    if (hasMarketView(path.venue)) {
      this.view = path.venue.marketView(5);
      this.book = this.view.book;
    } else {
      this.view = null;
      this.book = path.venue.book;
      path.trades?.onTrade((_t, _p, size, aggressor) => this.add(size, aggressor));
    }
  }

  /** The flow of the interval just ended; a new interval starts. */
  roll(): IntervalFlow {
    if (this.view !== null) for (const t of this.view.takeTrades()) this.add(t.size, t.aggressor);
    const out = this.cur;
    const next = this.spare;
    next.total = 0;
    next.buy = 0;
    next.sell = 0;
    this.cur = next;
    this.spare = out;
    return out;
  }

  private add(size: number, aggressor: number): void {
    const c = this.cur;
    c.total += size;
    if (aggressor === 1) c.buy += size;
    else if (aggressor === -1) c.sell += size;
  }
}
