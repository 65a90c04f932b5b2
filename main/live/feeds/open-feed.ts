import type { InstrumentSpec } from '../../domain/instrument.js';
import type { TradeFeed } from '../../execution/algorithms/index.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import { EventKind } from '../../market/events/market-event.js';
import { BinanceDepthFeed } from './binance-depth-feed.js';
import type { MarketDataFeed } from './market-data-feed.js';
import { RecordedFeed } from './recorded-feed.js';

/**
 * Where a live parent's prices come from: none (TWAP of market orders only), FIX market data on
 * the same session as the orders (MarketDataRequest), a recorded day at wall-clock speed, or a
 * Binance-style depth stream. The same choice as `slipstream live --md` and `fix.work`'s `md`.
 */
export type MdSource = { kind: 'none' } | { kind: 'fix' } | { kind: 'file'; files: readonly string[] } | { kind: 'binance'; snapshotUrl: string; streamUrl: string };

/** A started feed that is not the session's FIX feed, with the market's trades where it has them. */
export interface OpenedFeed {
  readonly feed: MarketDataFeed;
  /** The recorded day's instrument (its decimals), null for a depth stream (the caller's instrument). */
  readonly instrument: InstrumentSpec | null;
  /** The market's trades as POV and participation caps read them (recorded days only), on `scheduler`'s clock. */
  tape(scheduler: Scheduler): TradeFeed | null;
}

/**
 * Opens and starts a recorded-file or Binance depth feed (FIX market data rides the order
 * session and is opened by its owner). Rejects with the feed's own error (a reader's file:line,
 * the stream's failure) before anything trades.
 */
export async function openStandaloneFeed(md: Extract<MdSource, { kind: 'file' | 'binance' }>, instrument: InstrumentSpec, log: (line: string) => void = () => undefined): Promise<OpenedFeed> {
  if (md.kind === 'file') {
    const recorded = new RecordedFeed({ files: md.files });
    await recorded.start();
    return { feed: recorded, instrument: recorded.instrument ?? null, tape: (s) => tapeOf(recorded, s) };
  }
  const feed = new BinanceDepthFeed({ snapshotUrl: md.snapshotUrl, streamUrl: md.streamUrl, instrument, log });
  await feed.start();
  return { feed, instrument: null, tape: () => null };
}

/** The market's trades from a recorded feed, timestamped on `scheduler`'s clock. */
export function tapeOf(feed: RecordedFeed, scheduler: Scheduler): TradeFeed {
  return {
    onTrade: (l) =>
      feed.onEvent((ev) => {
        if (ev.kind === EventKind.Trade || ev.kind === EventKind.Execute || ev.kind === EventKind.Cross) l(scheduler.now, ev.priceUnits, ev.size, ev.kind === EventKind.Execute ? (ev.side === 1 ? -1 : 1) : ev.side === 0 ? 1 : ev.side);
      }),
  };
}

/** True once the book has both a bid and an ask. */
export function twoSided(feed: MarketDataFeed): boolean {
  return feed.book.levelCount(1) > 0 && feed.book.levelCount(-1) > 0;
}

/**
 * Waits (polling every 20 ms) until the feed's book is two-sided: a strategy starts only then —
 * before it the gate has no reference price and a child priced off one side would be denied.
 * Rejects after `timeoutMs` naming the feed.
 */
export async function waitTwoSided(feed: MarketDataFeed, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !twoSided(feed); waited += 20) await new Promise((r) => setTimeout(r, 20));
  if (!twoSided(feed)) throw new Error(`${feed.name}: no two-sided book after ${Math.round(timeoutMs / 1000)} s; not starting the order`);
}
