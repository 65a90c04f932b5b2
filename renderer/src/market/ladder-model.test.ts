import { describe, expect, it } from 'vitest';
import type { BookSnapshot } from '../store/market-accumulator.js';
import { ChartSeriesBuilder, tradeDotSize } from './chart-data.js';
import { buildLadder, depthCaption, priceDisplayDecimals } from './ladder-model.js';

const stats = { eventsPerSec: 0, spreadUnits: 100, midUnits: 0, microUnits: 0, imbalance: 0, trades: 0, volume: 0 };
const book = (over: Partial<BookSnapshot> = {}): BookSnapshot => ({
  sessionId: 's',
  eventIndex: 1,
  tsNs: 0,
  bids: [[2238100, 400, 2], [2238000, 100, 1]],
  asks: [[2238200, 200, 1], [2238300, 800, 3], [2238400, 50, 1]],
  lastTradePriceUnits: 2238200,
  stats,
  ...over,
});

describe('buildLadder', () => {
  it('lays out asks worst→best above bids best→worst with fixed height', () => {
    const m = buildLadder(book(), 3);
    expect(m.rows).toHaveLength(6);
    expect(m.rows.map((r) => r.priceUnits)).toEqual([2238400, 2238300, 2238200, 2238100, 2238000, null]);
    expect(m.rows.map((r) => r.side)).toEqual(['ask', 'ask', 'ask', 'bid', 'bid', 'bid']);
    expect(m.bestBid).toBe(2238100);
    expect(m.bestAsk).toBe(2238200);
    expect(m.spreadUnits).toBe(100);
  });

  it('flags the best levels and the last trade price, scaling bars to the largest visible size', () => {
    const m = buildLadder(book(), 3);
    const bestAsk = m.rows[2]!;
    expect(bestAsk.isBest && bestAsk.isLastTrade).toBe(true);
    expect(m.rows[3]!.isBest).toBe(true);
    expect(m.rows[0]!.isBest).toBe(false);
    expect(m.maxSize).toBe(800);
    expect(m.rows[1]!.bar).toBe(1);
    expect(m.rows[3]!.bar).toBe(0.5);
  });

  it('pads an empty or missing book', () => {
    const m = buildLadder(null, 10);
    expect(m.rows).toHaveLength(20);
    expect(m.rows.every((r) => r.priceUnits === null)).toBe(true);
    expect(m.spreadUnits).toBeNull();
  });

  it('chooses display decimals from the tick, or from the data', () => {
    expect(priceDisplayDecimals({ priceDecimals: 4, tickSizeUnits: 100 }, null)).toBe(2);
    expect(priceDisplayDecimals({ priceDecimals: 8, tickSizeUnits: 0 }, book({ bids: [[1_000_000, 1, 1]], asks: [[1_010_000, 1, 1]] }))).toBe(4);
  });
});

describe('ChartSeriesBuilder', () => {
  const cols = () => ({ tsNs: [] as number[], bid: [] as (number | null)[], ask: [] as (number | null)[], tradeTsNs: [] as number[], tradePrice: [] as number[], tradeSize: [] as number[], tradeSide: [] as number[] });
  const base = { baseEpochNs: '0', clock: 'exchange-local' as const };

  it('converts only what was appended and splits trades by side', () => {
    const c = cols();
    const b = new ChartSeriesBuilder();
    c.tsNs.push(1_000_000, 2_000_000);
    c.bid.push(2238100, null);
    c.ask.push(2238200, 2238300);
    c.tradeTsNs.push(1_000_000, 2_000_000, 2_000_000);
    c.tradePrice.push(2238200, 2238100, 2238100);
    c.tradeSize.push(100, 300, 5);
    c.tradeSide.push(1, -1, 0);
    expect(b.sync(c, 0, base, 4)).toBe(true);
    expect(b.bid).toEqual([[1, 223.81], [2, null]]);
    expect(b.mid[0]![1]).toBeCloseTo(223.815, 9);
    expect(b.mid[1]![1]).toBeNull();
    expect(b.buys).toHaveLength(1);
    expect(b.sells).toHaveLength(1);
    expect(b.unknown).toHaveLength(1);
    expect(b.maxTradeSize).toBe(300);
    expect(b.sync(c, 0, base, 4)).toBe(false);
    c.tsNs.push(3_000_000);
    c.bid.push(2238000);
    c.ask.push(2238100);
    expect(b.sync(c, 0, base, 4)).toBe(true);
    expect(b.pointCount).toBe(3);
    expect(b.ask[2]).toEqual([3, 223.81]);
  });

  it('starts over when the generation changes', () => {
    const c = cols();
    const b = new ChartSeriesBuilder();
    c.tsNs.push(1);
    c.bid.push(1);
    c.ask.push(2);
    b.sync(c, 0, base, 0);
    const fresh = cols();
    fresh.tsNs.push(5);
    fresh.bid.push(3);
    fresh.ask.push(4);
    b.sync(fresh, 1, base, 0);
    expect(b.bid).toEqual([[0.000005, 3]]);
    expect(b.pointCount).toBe(1);
  });

  it('sizes dots by area between the bounds', () => {
    expect(tradeDotSize(0, 100)).toBe(3);
    expect(tradeDotSize(100, 100)).toBe(16);
    expect(tradeDotSize(25, 100)).toBeCloseTo(3 + 13 * 0.5, 9);
    expect(tradeDotSize(500, 100)).toBe(16);
  });
});

describe('lastTrades', () => {
  it('returns the newest prints first with tick direction', async () => {
    const { lastTrades } = await import('./trade-tape-model.js');
    const cols = { tsNs: [], bid: [], ask: [], tradeTsNs: [1, 2, 3, 4], tradePrice: [10, 11, 11, 9], tradeSize: [1, 2, 3, 4], tradeSide: [1, 1, 0, -1] };
    const rows = lastTrades(cols, 3);
    expect(rows.map((r) => r.priceUnits)).toEqual([9, 11, 11]);
    expect(rows.map((r) => r.tick)).toEqual([-1, 0, 1]);
    expect(rows[0]!.side).toBe(-1);
    expect(lastTrades(cols, 10)).toHaveLength(4);
  });

  it('marks levels beyond the data depth and never says "top 10" for a level-1 file', () => {
    const book = { bids: [[100, 5, 1], [99, 5, 1]] as [number, number, number][], asks: [[101, 5, 1], [102, 7, 2]] as [number, number, number][], lastTradePriceUnits: null };
    const l1 = buildLadder(book, 10, 1);
    expect(l1.rows.filter((r) => r.priceUnits !== null && r.known).map((r) => r.priceUnits)).toEqual([101, 100]);
    expect(l1.rows.filter((r) => r.priceUnits !== null && !r.known).map((r) => r.priceUnits)).toEqual([102, 99]);
    expect(buildLadder(book, 10).rows.every((r) => r.known)).toBe(true);
    expect(depthCaption('AMZN', 10, 1)).toBe('AMZN · data gives level 1 · levels 2–10 rebuilt');
    expect(depthCaption('AMZN', 10, 5)).toBe('AMZN · data gives levels 1–5 · levels 6–10 rebuilt');
    expect(depthCaption('BTC', 10, 0)).toBe('BTC · top 10 levels');
  });
});
