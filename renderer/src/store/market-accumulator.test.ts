import { describe, expect, it } from 'vitest';
import { FrameBatcher } from './frame-batcher.js';
import { MarketAccumulator, type MarketFrame } from './market-accumulator.js';
import { MarketStore } from './market-store.js';

function frame(over: Partial<MarketFrame> = {}): MarketFrame {
  return {
    sessionId: 's1',
    eventIndex: 1,
    tsNs: 1000,
    bids: [[2238100, 300, 2], [2238000, 100, 1]],
    asks: [[2238200, 200, 1], [2238300, 500, 3]],
    lastTradePriceUnits: null,
    stats: { eventsPerSec: 0, spreadUnits: 100, midUnits: 2238150, microUnits: 2238160, imbalance: 0.2, trades: 0, volume: 0 },
    trades: [],
    series: [],
    reset: false,
    ...over,
  };
}

describe('MarketAccumulator', () => {
  it('keeps the latest book and appends series and trades', () => {
    const acc = new MarketAccumulator();
    acc.apply([
      frame({ eventIndex: 1, series: [[1, 10, 12], [2, 10, null]], trades: [{ tsNs: 2, priceUnits: 12, size: 100, side: 1 }] }),
      frame({ eventIndex: 5, series: [[3, 11, 12]], trades: [{ tsNs: 3, priceUnits: 11, size: 50, side: -1 }] }),
    ]);
    expect(acc.book?.eventIndex).toBe(5);
    expect(acc.columns.tsNs).toEqual([1, 2, 3]);
    expect(acc.columns.bid).toEqual([10, 10, 11]);
    expect(acc.columns.ask).toEqual([12, null, 12]);
    expect(acc.columns.tradePrice).toEqual([12, 11]);
    expect(acc.columns.tradeSide).toEqual([1, -1]);
  });

  it('clears the history on a reset frame, keeping that frame’s own data', () => {
    const acc = new MarketAccumulator();
    acc.apply([frame({ series: [[1, 10, 12]] })]);
    const gen = acc.generation;
    const r = acc.apply([frame({ series: [[2, 10, 12]] }), frame({ reset: true, eventIndex: 100, series: [[50, 20, 21]] }), frame({ series: [[51, 20, 22]] })]);
    expect(r.reset).toBe(true);
    expect(acc.generation).toBeGreaterThan(gen);
    expect(acc.columns.tsNs).toEqual([50, 51]);
    expect(r.appendedPoints).toBe(2);
  });

  it('treats a frame from another session as a reset', () => {
    const acc = new MarketAccumulator();
    acc.apply([frame({ series: [[1, 10, 12]] })]);
    acc.apply([frame({ sessionId: 's2', series: [[9, 1, 2]] })]);
    expect(acc.columns.tsNs).toEqual([9]);
    expect(acc.book?.sessionId).toBe('s2');
  });

  it('sorts levels best first when the engine sends them out of order', () => {
    const acc = new MarketAccumulator();
    acc.apply([frame({ bids: [[10, 1, 1], [12, 1, 1], [11, 1, 1]], asks: [[15, 1, 1], [13, 1, 1]] })]);
    expect(acc.book?.bids.map((l) => l[0])).toEqual([12, 11, 10]);
    expect(acc.book?.asks.map((l) => l[0])).toEqual([13, 15]);
  });

  it('clear() empties everything', () => {
    const acc = new MarketAccumulator();
    acc.apply([frame({ series: [[1, 10, 12]] })]);
    acc.clear();
    expect(acc.book).toBeNull();
    expect(acc.columns.tsNs).toHaveLength(0);
  });
});

describe('FrameBatcher', () => {
  it('flushes everything pushed between two ticks in one batch, in order', () => {
    const ticks: (() => void)[] = [];
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((items) => batches.push(items), (cb) => ticks.push(cb));
    b.push(1);
    b.push(2);
    b.push(3);
    expect(ticks).toHaveLength(1);
    ticks.shift()!();
    b.push(4);
    expect(ticks).toHaveLength(1);
    ticks.shift()!();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('discard() drops what is queued', () => {
    const ticks: (() => void)[] = [];
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((items) => batches.push(items), (cb) => ticks.push(cb));
    b.push(1);
    b.discard();
    ticks.shift()!();
    expect(batches).toEqual([]);
  });
});

describe('MarketStore', () => {
  it('publishes one view change per animation frame however many frames arrived', () => {
    const ticks: (() => void)[] = [];
    const store = new MarketStore((cb) => ticks.push(cb));
    let notified = 0;
    store.view.subscribe(() => notified++);
    for (let i = 1; i <= 20; i++) store.push(frame({ eventIndex: i, series: [[i, 10, 11]] }));
    expect(notified).toBe(0);
    ticks.shift()!();
    expect(notified).toBe(1);
    const v = store.view.getState();
    expect(v.book?.eventIndex).toBe(20);
    expect(v.points).toBe(20);
    expect(v.framesApplied).toBe(20);
    expect(store.columns.tsNs).toHaveLength(20);
  });

  it('clear() resets the view and bumps the generation', () => {
    const store = new MarketStore((cb) => cb());
    store.push(frame({ series: [[1, 10, 11]] }));
    const gen = store.view.getState().generation;
    store.clear();
    expect(store.view.getState().book).toBeNull();
    expect(store.view.getState().points).toBe(0);
    expect(store.view.getState().generation).toBeGreaterThan(gen);
  });
});
