import type { EventPayload } from '../../../main/contract/events.js';

/** One `market.frame` event as it arrives from the engine. */
export type MarketFrame = EventPayload<'market.frame'>;
/** A price level: [priceUnits, size, orderCount]. */
export type Level = readonly [number, number, number];
/** The engine's live statistics for the latest frame. */
export type FrameStats = MarketFrame['stats'];

/** The latest book and statistics; replaced (never mutated) on every applied batch. */
export interface BookSnapshot {
  readonly sessionId: string;
  readonly eventIndex: number;
  readonly tsNs: number;
  /** Best first (highest price first). */
  readonly bids: readonly Level[];
  /** Best first (lowest price first). */
  readonly asks: readonly Level[];
  readonly lastTradePriceUnits: number | null;
  readonly stats: FrameStats;
}

/**
 * The full top-of-book path and trade prints since the last reset, as growable columns in the
 * engine's units (tsNs, price units, size units). Consumers read them by index and must treat
 * them as read-only; `generation` changes whenever they are cleared.
 */
export interface SeriesColumns {
  readonly tsNs: number[];
  readonly bid: (number | null)[];
  readonly ask: (number | null)[];
  readonly tradeTsNs: number[];
  readonly tradePrice: number[];
  readonly tradeSize: number[];
  /** Aggressor side: +1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  readonly tradeSide: number[];
}

/** Summary of what an `apply` call changed. */
export interface ApplyResult {
  readonly book: BookSnapshot | null;
  readonly reset: boolean;
  readonly appendedPoints: number;
  readonly appendedTrades: number;
}

function sortedBids(levels: readonly Level[]): readonly Level[] {
  for (let i = 1; i < levels.length; i++) if (levels[i]![0] > levels[i - 1]![0]) return [...levels].sort((a, b) => b[0] - a[0]);
  return levels;
}

function sortedAsks(levels: readonly Level[]): readonly Level[] {
  for (let i = 1; i < levels.length; i++) if (levels[i]![0] < levels[i - 1]![0]) return [...levels].sort((a, b) => a[0] - b[0]);
  return levels;
}

/**
 * Folds market frames into the latest book plus the complete series history. Pure logic, no
 * timers: the caller batches frames (one `apply` per animation frame). Invariants: a `reset`
 * frame, or a frame from a different session, clears the history before its own data is
 * appended; the book always reflects the last frame applied.
 */
export class MarketAccumulator {
  private _generation = 0;
  private _book: BookSnapshot | null = null;
  private _columns: SeriesColumns = MarketAccumulator.emptyColumns();

  private static emptyColumns(): SeriesColumns {
    return { tsNs: [], bid: [], ask: [], tradeTsNs: [], tradePrice: [], tradeSize: [], tradeSide: [] };
  }

  /** Increments every time the history is cleared. */
  get generation(): number {
    return this._generation;
  }

  get book(): BookSnapshot | null {
    return this._book;
  }

  get columns(): SeriesColumns {
    return this._columns;
  }

  /** Clears everything (a new file is being opened). */
  clear(): void {
    this._book = null;
    this._columns = MarketAccumulator.emptyColumns();
    this._generation++;
  }

  /** Applies frames in arrival order. */
  apply(frames: readonly MarketFrame[]): ApplyResult {
    let reset = false;
    let appendedPoints = 0;
    let appendedTrades = 0;
    for (const f of frames) {
      if (f.reset || (this._book !== null && f.sessionId !== this._book.sessionId)) {
        this._columns = MarketAccumulator.emptyColumns();
        this._generation++;
        reset = true;
        appendedPoints = 0;
        appendedTrades = 0;
      }
      const c = this._columns;
      for (const [ts, bid, ask] of f.series) {
        c.tsNs.push(ts);
        c.bid.push(bid);
        c.ask.push(ask);
        appendedPoints++;
      }
      for (const t of f.trades) {
        c.tradeTsNs.push(t.tsNs);
        c.tradePrice.push(t.priceUnits);
        c.tradeSize.push(t.size);
        c.tradeSide.push(t.side);
        appendedTrades++;
      }
      this._book = {
        sessionId: f.sessionId,
        eventIndex: f.eventIndex,
        tsNs: f.tsNs,
        bids: sortedBids(f.bids),
        asks: sortedAsks(f.asks),
        lastTradePriceUnits: f.lastTradePriceUnits,
        stats: f.stats,
      };
    }
    return { book: this._book, reset, appendedPoints, appendedTrades };
  }
}
