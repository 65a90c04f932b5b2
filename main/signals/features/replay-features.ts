import type { BookView } from '../../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../../market/events/market-event.js';
import { openReplay } from '../../market/replay/open-replay.js';
import type { FeatureConfig } from './feature-config.js';
import { FeatureEngine, type FeatureRows } from './feature-engine.js';

/**
 * Feeds one replayed event into a feature engine: trades first (an execution's print, a hidden
 * execution, a cross), then the book for every event that can change it.
 * Execute's `side` is the RESTING order's side, so its aggressor is the opposite one.
 */
export function feedReplayEvent(engine: FeatureEngine, ev: MarketEvent, book: BookView): void {
  switch (ev.kind) {
    case EventKind.Execute:
      if (ev.size > 0) engine.onTrade(ev.tsNs, ev.size, ev.side === 1 ? -1 : ev.side === -1 ? 1 : 0);
      engine.onBook(ev.tsNs, book);
      return;
    case EventKind.Trade:
    case EventKind.Cross:
      if (ev.size > 0) engine.onTrade(ev.tsNs, ev.size, ev.kind === EventKind.Cross ? 0 : ev.side);
      return;
    case EventKind.Add:
    case EventKind.Cancel:
    case EventKind.Delete:
    case EventKind.Modify:
    case EventKind.Clear:
    case EventKind.Level:
    case EventKind.Quote:
      engine.onBook(ev.tsNs, book);
      return;
    default:
      // Status, Fill (the book changes through the following cancel), None, Bar: no book change.
      return;
  }
}

/** The features of one recorded day and the tick they were measured in. */
export interface DayFeatures extends FeatureRows {
  files: readonly string[];
  tickUnits: number;
}

/**
 * Replays one day (`files` as `openReplay` takes them: a LOBSTER message file finds its orderbook file
 * beside it) and computes its features. Throws the readers' `DataFormatError` (file, line, field)
 * unchanged, and an Error naming the file for data without an order book (bars).
 */
export function featuresFromFiles(files: readonly string[], config: Partial<FeatureConfig> = {}): DayFeatures {
  let engine: FeatureEngine | null = null;
  const replay = openReplay(files, { onEvent: (_i, ev, book) => feedReplayEvent(engine!, ev, book) });
  try {
    if (replay.info.bookKind === 'bars') {
      throw new Error(`${files.join('+')}: bars have no order book; signal features need book data (LOBSTER, Databento MBO, Binance depth, Tardis)`);
    }
    const tickUnits = replay.info.instrument.tickSizeUnits;
    engine = new FeatureEngine(config, tickUnits);
    replay.runToEnd();
    return { ...engine.finish(), files, tickUnits };
  } finally {
    replay.close();
  }
}
