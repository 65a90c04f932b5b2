import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { LevelBook } from '../../market/book/level-book.js';
import { OrderBook } from '../../market/book/order-book.js';
import { copyMarketEvent, EventKind, type MarketEvent } from '../../market/events/market-event.js';
import { openReader } from '../../market/readers/open-reader.js';
import { dataPath, drain } from '../../market/readers/test-support.js';
import { applyL3 } from '../../market/replay/apply-l3.js';
import { newReplayCounters } from '../../market/replay/replay-counters.js';
import { featureDocs, normalizeFeatureConfig, type FeatureConfig } from './feature-config.js';
import { FeatureEngine, type FeatureRows } from './feature-engine.js';
import { feedReplayEvent } from './replay-features.js';

const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');

function col(rows: FeatureRows, name: string, i: number): number {
  const c = rows.featureNames.indexOf(name);
  expect(c).toBeGreaterThanOrEqual(0);
  return rows.X[i * rows.featureNames.length + c]!;
}

describe('FeatureEngine on a hand-built book', () => {
  it('computes spread, imbalance, microprice, OFI, trade imbalance and depletion as hand-computed', () => {
    const book = new LevelBook({ tickUnits: 1 });
    const e = new FeatureEngine({ levels: 2, everyEvents: 1, rvHorizons: [2], flowHalfLife: 1 }, 1);
    book.setLevel(1, 100, 10);
    book.setLevel(1, 99, 30);
    book.setLevel(-1, 102, 30);
    book.setLevel(-1, 103, 10);
    e.onBook(1, book); // row 0: first state
    // A buyer-initiated trade of 4 eats the ask queue from 30 to 26, then a bid of 5 joins at 100.
    e.onTrade(2, 4, 1);
    book.setLevel(-1, 102, 26);
    e.onBook(2, book); // row 1
    book.setLevel(1, 100, 15);
    e.onBook(3, book); // row 2
    const r = e.finish();
    expect(r.t).toEqual(new Float64Array([1, 2, 3]));
    expect(r.eventIndex).toEqual(new Float64Array([0, 1, 2]));
    expect(col(r, 'spreadTicks', 0)).toBe(2);
    expect(col(r, 'imbalance1', 0)).toBeCloseTo((10 - 30) / 40, 6);
    expect(col(r, 'imbalance2', 0)).toBeCloseTo((40 - 40) / 80, 6);
    // microprice = (100·30 + 102·10) / 40 = 100.5; mid 101 → −0.5 ticks, −0.5/101 × 1e4 bps.
    expect(col(r, 'micropriceMinusMidTicks', 0)).toBeCloseTo(-0.5, 6);
    expect(col(r, 'micropriceMinusMidBps', 0)).toBeCloseTo((-0.5 / 101) * 1e4, 3);
    // Row 1: OFI e = −(26 − 30) = +4 (ask queue shrank); touch mean = 0.5·20 + 0.5·18 = 19 (half-life 1).
    expect(col(r, 'ofiNorm', 1)).toBeCloseTo(4 / 19, 5);
    expect(col(r, 'tradeImbalance', 1)).toBeCloseTo(1, 6);
    expect(col(r, 'tradeImbalanceRow', 1)).toBe(1);
    // Ask depletion 4/30 with weight 0.5 (half-life 1 event).
    expect(col(r, 'queueDepletionAsk', 1)).toBeCloseTo(0.5 * (4 / 30), 6);
    expect(col(r, 'queueDepletionBid', 1)).toBe(0);
    // Row 2: bid queue grew 10 → 15: OFI +5 over touch mean 0.5·19 + 0.5·20.5.
    expect(col(r, 'ofiNorm', 2)).toBeCloseTo(5 / (0.5 * 19 + 0.5 * 20.5), 5);
    expect(col(r, 'tradeImbalanceRow', 2)).toBe(0);
    expect(Array.from(r.mids)).toEqual([101, 101, 101]);
  });

  it('realised volatility sums squared log mid changes over the last h book events', () => {
    const book = new LevelBook({ tickUnits: 1 });
    const e = new FeatureEngine({ levels: 1, everyEvents: 1, rvHorizons: [2, 3] }, 1);
    const mids = [100, 101, 100, 102];
    for (let i = 0; i < mids.length; i++) {
      book.clear();
      book.setLevel(1, mids[i]! - 1, 5);
      book.setLevel(-1, mids[i]! + 1, 5);
      e.onBook(i, book);
    }
    const r = e.finish();
    const sq = (a: number, b: number) => Math.log(b / a) ** 2;
    expect(col(r, 'rvBps2', 3)).toBeCloseTo(Math.sqrt(sq(101, 100) + sq(100, 102)) * 1e4, 2);
    expect(col(r, 'rvBps3', 3)).toBeCloseTo(Math.sqrt(sq(100, 101) + sq(101, 100) + sq(100, 102)) * 1e4, 2);
    expect(col(r, 'midRetBps', 3)).toBeCloseTo(Math.log(102 / 100) * 1e4, 3);
  });

  it('names and documents every column, and refuses a config without a clock naming the field', () => {
    const c = normalizeFeatureConfig({ levels: 3 });
    const docs = featureDocs(c);
    expect(new FeatureEngine(c).featureNames).toEqual(docs.map((d) => d.name));
    expect(new Set(docs.map((d) => d.name)).size).toBe(docs.length);
    for (const d of docs) expect(d.doc.length).toBeGreaterThan(10);
    expect(() => normalizeFeatureConfig({ everyEvents: 0, everyNs: 0 })).toThrow(/everyEvents\/everyNs/);
    expect(() => normalizeFeatureConfig({ levels: 0 })).toThrow(/levels: 0/);
  });
});

/** Runs the engine over copied events on a fresh L3 book. */
function run(events: readonly MarketEvent[], cfg: Partial<FeatureConfig>): FeatureRows {
  const book = new OrderBook({ tickUnits: 100 });
  const c = newReplayCounters();
  const engine = new FeatureEngine(cfg, 100);
  for (const ev of events) {
    applyL3(book, ev, c);
    feedReplayEvent(engine, ev, book);
  }
  return engine.finish();
}

/** Every event strictly after `tNs` changed: sizes, prices and sides scrambled (seeded). */
function perturbAfter(events: readonly MarketEvent[], tNs: number, seed: number): MarketEvent[] {
  const rng = new Rng(seed);
  return events.map((ev) => {
    const p = copyMarketEvent(ev);
    if (p.tsNs > tNs) {
      p.size = 1 + rng.int(5000);
      p.priceUnits += (rng.int(11) - 5) * 100;
      if (p.kind === EventKind.Add && rng.float() < 0.5) p.side = p.side === 1 ? -1 : 1;
    }
    return p;
  });
}

describe('no look-ahead (real MSFT level-50 events)', () => {
  const r = openReader([MSFT]);
  const events = drain(r.reader);
  r.reader.close();

  for (const [label, cfg] of [['event clock, every 3 book events', { everyEvents: 3, everyNs: 0, levels: 10 }], ['time clock, every 10 ms', { everyEvents: 0, everyNs: 10_000_000, levels: 10 }]] as const) {
    it(`${label}: changing every event after t changes no row at or before t`, () => {
      const base = run(events, cfg);
      const cols = base.featureNames.length;
      let checkedRows = 0;
      for (const cut of [100, 400, 777]) {
        const tCut = events[cut]!.tsNs;
        const other = run(perturbAfter(events, tCut, cut), cfg);
        const before = (rows: FeatureRows) => rows.t.findIndex((t) => t > tCut);
        const n = before(base);
        expect(n).toBeGreaterThan(0);
        expect(before(other)).toBe(n);
        expect(Array.from(other.X.subarray(0, n * cols))).toEqual(Array.from(base.X.subarray(0, n * cols)));
        expect(Array.from(other.t.subarray(0, n))).toEqual(Array.from(base.t.subarray(0, n)));
        checkedRows += n;
        // The perturbation is real: some later row differs (so the check above could fail).
        const m = Math.min(base.X.length, other.X.length);
        let differs = base.X.length !== other.X.length;
        for (let i = n * cols; i < m && !differs; i++) differs = base.X[i] !== other.X[i];
        expect(differs).toBe(true);
      }
      expect(checkedRows).toBeGreaterThan(50);
    });
  }

  it('every value is finite and the event clock samples every k-th book event', () => {
    const rows = run(events, { everyEvents: 3, levels: 10 });
    for (const x of rows.X) expect(Number.isFinite(x)).toBe(true);
    for (let i = 0; i < rows.eventIndex.length; i++) expect((rows.eventIndex[i]! + 1) % 3).toBe(0);
  });
});
