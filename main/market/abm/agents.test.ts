import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';
import { Chartists } from './chartists.js';
import { Exchange } from './exchange.js';
import type { ChartistConfig, MakerConfig } from './market-config.js';
import { makerQuote, type MakerQuote } from './market-makers.js';
import { MarketSession } from './market-session.js';
import { AliasTable } from './samplers.js';

const none = { count: 0 };
/** A market with only the populations given (others empty), $100 stock, 1-cent tick. */
function market(agents: ScenarioInput['agents'], extra: Partial<ScenarioInput> = {}, seed = 1): MarketSession {
  const sc = parseScenario({
    instrument: { initialPrice: 100 },
    durationSec: 600,
    agents: { noise: none, marketMakers: none, momentum: none, meanReversion: none, value: none, ...agents },
    ...extra,
  });
  return new MarketSession(sc, { seed });
}

describe('market maker quoting rule', () => {
  const cfg: MakerConfig = { count: 1, halfSpreadTicks: 1, quoteSize: 100, maxPosition: 1000, skewTicks: 4, requoteSec: 1, reactionSec: 0 };
  const q = (inv: number, widen = 1): MakerQuote => makerQuote(10_000, inv, 1, cfg, widen, { bidUnits: 0, askUnits: 0 });

  it('is symmetric when flat and shifts both quotes against inventory', () => {
    expect(q(0)).toEqual({ bidUnits: 9999, askUnits: 10_001 });
    expect(q(500)).toEqual({ bidUnits: 9997, askUnits: 9999 });
    expect(q(-500)).toEqual({ bidUnits: 10_001, askUnits: 10_003 });
    expect(q(0, 3)).toEqual({ bidUnits: 9997, askUnits: 10_003 });
  });

  it('stops buying at +maxPosition and selling at −maxPosition', () => {
    expect(q(1000).bidUnits).toBeNaN();
    expect(q(1000).askUnits).toBe(9997);
    expect(q(-2000).askUnits).toBeNaN();
  });

  it('a live maker requotes lower when long and higher when short (inventory skew)', () => {
    const s = market({ marketMakers: { count: 1, halfSpreadTicks: 2, skewTicks: 6, maxPosition: 1000, requoteSec: 1000 } });
    s.runUntilSec(1);
    const flat = s.makers.quotes(0);
    expect(flat).toEqual({ bidUnits: 9998, askUnits: 10_002 });
    const agent = s.makers.base;
    s.exchange.position[agent] = 500;
    s.makers.requoteAll();
    s.runUntilSec(2);
    const long = s.makers.quotes(0);
    expect(long.bidUnits).toBeLessThan(flat.bidUnits);
    expect(long.askUnits).toBeLessThan(flat.askUnits);
    s.exchange.position[agent] = -500;
    s.makers.requoteAll();
    s.runUntilSec(3);
    const short = s.makers.quotes(0);
    expect(short.bidUnits).toBeGreaterThan(long.bidUnits);
    expect(short.askUnits).toBeGreaterThan(long.askUnits);
  });

  it('requotes after being filled and builds inventory against one-sided flow', () => {
    const s = market({ marketMakers: { count: 3, maxPosition: 2000, requoteSec: 0.5 } }, {
      timeline: [{ type: 'cascade', atSec: 5, durationSec: 60, side: 'sell', orders: 120, size: { logMean: 3, logSigma: 0, max: 100 } }],
    });
    s.runUntilSec(70);
    let inv = 0;
    for (let i = 0; i < 3; i++) inv += s.makers.inventory(i);
    expect(inv).toBeGreaterThan(0); // they bought what the sellers sold
    expect(inv).toBe(-s.exchange.position[s.stopLoss.agent]!);
    expect(s.book.mid()).toBeLessThan(10_000); // and skewed their quotes down
  });
});

describe('zero-intelligence traders', () => {
  it('arrive at the configured Poisson rate and split limit / market as configured', () => {
    const s = market({ noise: { count: 200, ratePerSec: 0.5, marketFraction: 0.2 }, marketMakers: { count: 2 } });
    s.runUntilSec(200);
    const n = s.noise;
    const expected = 200 * 0.5 * 200;
    expect(Math.abs(n.arrivals - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const p = n.marketOrders / n.arrivals;
    expect(Math.abs(p - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / n.arrivals));
  });

  it('draws placement distances with the configured weights (alias table)', () => {
    const w = [0.25, 1, 0.4, 0, 2];
    const t = new AliasTable(w);
    const r = new Rng(3);
    const counts = new Array<number>(w.length).fill(0);
    const N = 200_000;
    for (let i = 0; i < N; i++) counts[t.sample(r.float())]!++;
    const tot = w.reduce((a, b) => a + b, 0);
    w.forEach((wi, i) => expect(Math.abs(counts[i]! / N - wi / tot)).toBeLessThan(0.005));
    expect(counts[3]).toBe(0);
    expect(() => new AliasTable([0, 0])).toThrow('positive weight');
  });
});

describe('value traders', () => {
  it('buy when the price is below their (noisy) value and push it up', () => {
    const s = market(
      { noise: { count: 100 }, marketMakers: { count: 2 }, value: { count: 30, ratePerSec: 0.5 } },
      { fundamental: { volatilityPctPerDay: 0 } },
    );
    s.fundamental.value = 10_300; // 3 % above the market
    s.runUntilSec(8);
    expect(s.value.buys).toBeGreaterThan(20);
    expect(s.value.sells).toBeLessThan(s.value.buys / 10);
    let pos = 0;
    for (let i = 0; i < s.value.count; i++) pos += s.exchange.position[s.value.base + i]!;
    expect(pos).toBeGreaterThan(0);
    expect(s.book.mid()).toBeGreaterThan(10_050);
    // Then the price settles near the value (within the traders' 10 bps band and noise).
    s.runUntilSec(120);
    expect(Math.abs(s.book.mid() - 10_300)).toBeLessThan(40);
  });
});

describe('chartists', () => {
  const cfg: ChartistConfig = { count: 1, ratePerSec: 0, horizonSec: [10, 10], thresholdBps: 1, size: { logMean: 2, logSigma: 0, max: 100 }, maxPosition: 1000, orderLifetimeSec: 5 };
  function rig(kind: 'momentum' | 'mean-reversion') {
    const sch = new Scheduler();
    const ex = new Exchange(sch, 1, 10_000);
    const lp = ex.addOwner({ onRestingFill: () => {} }, 1);
    const c = new Chartists(kind, cfg, ex, new Rng(5));
    const quote = (bid: number, ask: number) => {
      for (const id of ids.splice(0)) ex.cancel(id);
      ids.push(ex.limit(lp, 1, bid, 1000), ex.limit(lp, -1, ask, 1000));
    };
    const ids: number[] = [];
    return { sch, ex, c, quote };
  }

  it('momentum buys after the mid rose, mean reversion sells passively at the ask', () => {
    for (const kind of ['momentum', 'mean-reversion'] as const) {
      const { sch, ex, c, quote } = rig(kind);
      quote(9999, 10_001);
      c.wake(0, 0, false); // initialises
      sch.run(5e9);
      quote(10_019, 10_021); // +20 bps in 5 s
      c.wake(0, sch.now, false);
      if (kind === 'momentum') {
        expect([c.buys, c.sells]).toEqual([1, 0]);
        expect(ex.position[c.base]).toBeGreaterThan(0);
      } else {
        expect([c.buys, c.sells]).toEqual([0, 1]);
        expect(ex.book.sizeAt(-1, 10_021)).toBeGreaterThan(1000); // joined the ask
      }
    }
  });
});
