import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { OrderPath } from '../../execution/order-path.js';
import { EventLog } from '../../kernel/event-log.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { Rng } from '../../kernel/rng.js';
import { auditOrderBook } from '../book/book-audit.js';
import { ConstantLatency } from '../venue/latency-models.js';
import { ZeroFees } from '../venue/fee-models.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { GenerativeVenue } from './generative-venue.js';
import { MarketSession } from './market-session.js';

/** The default (calm) market plus an early withdrawal, cascade, jump and regime change, so every path runs. */
const STORY = parseScenario({
  instrument: { initialPrice: 100 },
  durationSec: 90,
  timeline: [
    { type: 'liquidity-withdrawal', atSec: 20, durationSec: 20, widenFactor: 4, pullFraction: 0.6 },
    { type: 'cascade', atSec: 21, durationSec: 10, side: 'sell', orders: 40, momentumRateMultiplier: 5 },
    { type: 'fundamental-jump', atSec: 50, jumpPct: 2 },
    { type: 'regime-change', atSec: 60, durationSec: 20, volatilityMultiplier: 2, arrivalRateMultiplier: 1.5 },
  ],
});

describe('agent-based exchange invariants', () => {
  it('never crosses, never holds a non-positive size, and conserves shares (bought = sold) after every message', () => {
    const s = new MarketSession(STORY, { seed: 11 });
    const ex = s.exchange;
    const book = s.book;
    let messages = 0;
    let crossed = 0;
    const audits: string[] = [];
    ex.afterMessage = () => {
      messages++;
      if (book.isCrossed()) crossed++;
      if (messages % 997 === 0) audits.push(...auditOrderBook(book));
    };
    let bought = 0;
    let sold = 0;
    ex.onTrade((_t, p, size) => {
      expect(size).toBeGreaterThan(0);
      bought += size;
      sold += size;
    });
    s.runUntilSec(90);
    expect(messages).toBeGreaterThan(50_000);
    expect(crossed).toBe(0);
    expect(audits.concat(auditOrderBook(book))).toEqual([]);
    // Every trade's size moved one buyer up and one seller down.
    let net = 0;
    let gross = 0;
    for (const p of ex.position) {
      net += p;
      gross += Math.abs(p);
    }
    expect(net).toBe(0);
    expect(bought).toBe(ex.volume);
    expect(sold).toBe(ex.volume);
    expect(gross).toBeLessThanOrEqual(2 * ex.volume);
    expect(s.stopLoss.orders).toBeGreaterThan(10);
    expect(s.makers.requotes).toBeGreaterThan(100);
  });

  it('is deterministic: same seed ⇒ same event-log hash; another seed ⇒ another hash', () => {
    const hash = (seed: number) => {
      const log = new EventLog();
      new MarketSession(STORY, { seed, eventLog: log }).runUntilSec(40);
      return [log.count, log.hash()] as const;
    };
    const a = hash(5);
    expect(a[0]).toBeGreaterThan(10_000);
    expect(hash(5)).toEqual(a);
    expect(hash(6)[1]).not.toBe(a[1]);
  });
});

describe('endogenous impact through the GenerativeVenue', () => {
  const calm = parseScenario({ instrument: { initialPrice: 100 }, durationSec: 120 });

  it('a large buy raises the mid relative to the same seed without it', () => {
    const mids = (buy: boolean) => {
      const s = new MarketSession(calm, { seed: 21 });
      const venue = new GenerativeVenue(s.exchange, { rng: new Rng(21).fork('venue'), latency: new ConstantLatency(50_000), fees: new ZeroFees() });
      const events: OrderEvent[] = [];
      venue.onOrderEvent((e) => events.push(e));
      s.runUntilSec(30);
      // A metaorder: 20 market buys of 1,000 every 0.5 s from t = 30 s.
      if (buy) for (let k = 0; k < 20; k++) s.scheduler.at(30e9 + k * 5e8, { fire: () => venue.submit({ kind: 'new', clientOrderId: `B${k}`, side: 1, type: 'market', tif: 'ioc', size: 1000 }) });
      s.runUntilSec(120);
      return { mid: s.series.midPerSec, events, pos: s.exchange.position[venue.agentIndex]! };
    };
    const base = mids(false);
    const hit = mids(true);
    // Identical before our order (same seed, same agents' streams).
    expect(Array.from(hit.mid.slice(0, 30))).toEqual(Array.from(base.mid.slice(0, 30)));
    const avg = (m: Float64Array, a: number, b: number) => {
      let s = 0;
      for (let k = a; k < b; k++) s += m[k]!;
      return s / (b - a);
    };
    const jump = avg(hit.mid, 35, 45) - avg(base.mid, 35, 45);
    const later = avg(hit.mid, 100, 120) - avg(base.mid, 100, 120);
    expect(hit.pos).toBe(20_000);
    expect(jump).toBeGreaterThan(5); // > 5 ticks (0.05 %) higher right after
    expect(later).toBeGreaterThan(0); // and it persists a minute later (background agents re-anchor on the new prices)
    expect(hit.events.filter((e) => e.type === 'OrderFilled').every((e) => e.type === 'OrderFilled' && e.aggressor)).toBe(true);
  });
});

describe('GenerativeVenue on the standard order path', () => {
  it('strategy → risk gate → OMS → venue → events: a passive bid fills against the background flow', () => {
    const s = new MarketSession(parseScenario({ instrument: { initialPrice: 100 }, durationSec: 120 }), { seed: 4 });
    const venue = new GenerativeVenue(s.exchange, { rng: new Rng(4).fork('venue'), latency: new ConstantLatency(100_000), fees: new ZeroFees() });
    const path = new OrderPath(venue, s.scheduler, s.instrument, DEFAULT_RISK_LIMITS);
    s.runUntilSec(10);
    const bid = s.book.bestBid();
    const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 200, priceUnits: bid });
    const denied = path.place({ side: 1, type: 'limit', tif: 'day', size: 200, priceUnits: bid + 1000 }); // 1,000 bp through: the gate denies it
    s.runUntilSec(120);
    expect(path.oms.get(denied)!.status).toBe('Denied');
    const o = path.oms.get(id)!;
    expect(o.filled).toBeGreaterThan(0);
    expect(o.avgPriceUnits).toBe(bid);
    expect(path.oms.position).toBe(o.filled);
    expect(s.exchange.position[venue.agentIndex]).toBe(o.filled);
    expect(path.oms.errors).toEqual([]);
  });
});
