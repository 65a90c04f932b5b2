import { describe, expect, it } from 'vitest';
import { LevelBook } from '../../market/book/level-book.js';
import { EventFlag, EventKind, newMarketEvent, type MarketEvent } from '../../market/events/market-event.js';
import { dataPath } from '../../market/readers/test-support.js';
import { applyL2 } from '../../market/replay/apply-l2.js';
import { newReplayCounters } from '../../market/replay/replay-counters.js';
import { FeatureEngine } from './feature-engine.js';
import { featuresFromFiles, feedReplayEvent } from './replay-features.js';

function level(ts: number, side: 1 | -1, price: number, size: number, flags: number): MarketEvent {
  return { ...newMarketEvent(), kind: EventKind.Level, tsNs: ts, side, priceUnits: price, size, flags };
}

// A snapshot (2 bids, 2 asks) then one update batch moving the best bid up.
const S = EventFlag.Snapshot;
const EVENTS = [
  level(1, 1, 100, 5, S | EventFlag.SnapshotStart), level(1, 1, 99, 5, S), level(1, -1, 102, 5, S), level(1, -1, 103, 5, S | EventFlag.BatchEnd),
  level(2, 1, 101, 3, 0), level(2, -1, 102, 0, 0), level(2, -1, 104, 1, EventFlag.BatchEnd),
];

function mids(batched: boolean): number[] {
  const book = new LevelBook({ tickUnits: 1 });
  const c = newReplayCounters();
  const engine = new FeatureEngine({ everyEvents: 1, levels: 2 }, 1);
  for (const ev of EVENTS) {
    applyL2(book, ev, c);
    feedReplayEvent(engine, ev, book, batched);
  }
  return Array.from(engine.finish().mids);
}

describe('replay adapter', () => {
  it('in a batched source the book counts only at a batch end: never a half-applied snapshot', () => {
    // Unbatched, the first book events see bids alone (no mid), then the update's middle state 101/102
    // that never existed at the venue.
    expect(mids(false)).toEqual([NaN, NaN, 101, 101, 101.5, 102, 102]);
    expect(mids(true)).toEqual([101, 102]);
  });

  it('Binance depth snapshots: one book event per snapshot line', () => {
    const f = featuresFromFiles([dataPath('binance/BTCUSDT_depth10_20230109.jsonl.gz')], { everyEvents: 10, levels: 10 });
    expect(f.mids.length).toBe(24_499);
    expect(f.t.length).toBe(2449);
    for (const m of f.mids) expect(m).toBeGreaterThan(0);
  }, 60_000);
});
