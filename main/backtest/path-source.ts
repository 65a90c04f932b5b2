import type { Side } from '../domain/side.js';
import type { TapeListener, TradeFeed } from '../execution/algorithms/index.js';
import type { PathSim } from '../execution/what-if/path-sim.js';
import { replayPath } from '../execution/what-if/replay-path.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import { acPath } from '../execution/what-if/ac-path.js';
import { ReplayVenue } from '../market/venue/replay-venue.js';
import type { BookView } from '../market/book/book-types.js';
import type { PathSource } from './backtest-config.js';

/**
 * The market's trade prints on a backtest path, fanned out to any number of listeners (the
 * executor's market volume, the backtest's VWAP / volume counters). Invariant: listeners are
 * called once per print in the order `emit` is called (time order on one path).
 */
export class TradeFeedHub implements TradeFeed {
  private readonly listeners: TapeListener[] = [];

  onTrade(listener: TapeListener): void {
    this.listeners.push(listener);
  }

  emit(tsNs: number, priceUnits: number, size: number, aggressorSide: Side): void {
    for (const l of this.listeners) l(tsNs, priceUnits, size, aggressorSide);
  }
}

/**
 * One opened backtest path: the what-if `PathSim` (built by the SAME factories as the what-if
 * screen, `scenarioPath` / `replayPath`), its trade feed, and the book strategies read.
 * `book`: on a replayed day the venue's lagged `marketView` (REAL prices: history + our impact
 * shift, delayed by the market-data latency), on the agent-based exchange its book (our orders
 * are in it, no shift). `ownFillsNotOnTape`: the venue's prints do not include our fills (a
 * replayed day prints history only), so the runner adds our fills to the feed itself; on the
 * agent-based exchange our trades are prints like any other.
 */
export interface OpenedPath {
  readonly sim: PathSim;
  readonly feed: TradeFeedHub;
  readonly book: BookView;
  readonly ownFillsNotOnTape: boolean;
}

/**
 * Opens the seeded path of `source`. Scenario: `scenarioPath(name, durationSec, seed)` (the
 * preset's timeline scaled to `durationSec`; our orders enter the same exchange as the agents,
 * with or without them the agents draw the same numbers until our first order arrives). Data:
 * `replayPath(files, seed, impact, withOrders)` (the propagator impact applies only with orders).
 */
export function openPath(source: PathSource, seed: number, durationSec: number, withOrders: boolean, impact: boolean): OpenedPath {
  const feed = new TradeFeedHub();
  if (source.kind === 'ac') {
    const sim = acPath(source.params, durationSec, seed);
    sim.trades!.onTrade((ts, p, q, s) => feed.emit(ts, p, q, s));
    // The world prints only its background volume: our fills are added by the runner.
    return { sim, feed, book: sim.venue.book, ownFillsNotOnTape: true };
  }
  if (source.kind === 'scenario') {
    const sim = scenarioPath(source.name, durationSec, seed);
    if (!sim.trades) throw new Error(`scenario ${source.name}: the path has no trade feed to measure market volume`);
    sim.trades.onTrade((ts, p, q, s) => feed.emit(ts, p, q, s));
    return { sim, feed, book: sim.venue.book, ownFillsNotOnTape: false };
  }
  const sim = replayPath(source.files, seed, impact, withOrders);
  const venue = sim.venue;
  if (!(venue instanceof ReplayVenue)) throw new Error(`${source.files[0]}: the replayed path has no replay venue`);
  // The view is made with AND without our orders, so both runs draw the same numbers. The engine
  // prints historical trades (shifted by our impact) to one sink, which the view just set: chain it.
  const view = venue.marketView(10);
  const toView = venue.engine.print;
  venue.engine.print = (priceUnits, size, aggressor, own) => {
    toView?.(priceUnits, size, aggressor, own);
    feed.emit(sim.scheduler.now, priceUnits, size, aggressor === -1 ? -1 : 1);
  };
  return { sim, feed, book: view.book, ownFillsNotOnTape: true };
}
