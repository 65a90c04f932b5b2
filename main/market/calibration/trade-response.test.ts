import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { calibrate } from './calibrate.js';
import { RESPONSE_MAX_DISTANCE, TradeResponseCounter } from './trade-response.js';
import { fitTradeResponse, responseTable } from './trade-response-fit.js';

const SIZE = { logMean: 3, logSigma: 1, max: 100 };

describe('TradeResponseCounter', () => {
  it('counts each event against the last market order and the time spent at each lag', () => {
    const c = new TradeResponseCounter();
    c.marketOrder(0, 1, 5, 5);
    c.event(0, 0.5e6, 1, 0); // 0.5 ms, aggressor's side, at the touch
    c.event(1, 5e6, -1, 0); // 5 ms, consumed side
    c.marketOrder(2e9, -1, 5, 7); // widened
    c.event(0, 2.05e9, 1, -2); // 50 ms after it, the consumed side (bid) of a sell, 2 ticks inside
    c.finish(4e9);
    expect(c.orders).toEqual([1, 1]);
    // The first order's 2 s: 1 ms, 9 ms, 90 ms, 900 ms, 1 s in the bins; the second's 2 s the same, in class 1.
    expect(Array.from(c.exposureSec[0]).map((x) => +x.toFixed(6))).toEqual([0.001, 0.009, 0.09, 0.9, 1]);
    expect(Array.from(c.exposureSec[1]).map((x) => +x.toFixed(6))).toEqual([0.001, 0.009, 0.09, 0.9, 1]);
    const D = RESPONSE_MAX_DISTANCE;
    const at = (kind: number, rel: number, d: number, bin: number) => ((kind * 2 + rel) * (2 * D + 1) + d + D) * 5 + bin;
    expect(c.after[0][at(0, 0, 0, 0)]).toBe(1);
    expect(c.after[0][at(1, 1, 0, 1)]).toBe(1);
    expect(c.after[1][at(0, 1, -2, 2)]).toBe(1);
    expect(c.after[0].reduce((a, b) => a + b, 0) + c.after[1].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('a flow that ignores market orders has ratios near 1 and no fitted burst', () => {
    const rng = new Rng(17);
    const c = new TradeResponseCounter();
    // Independent Poisson streams: market orders 0.3 /s, limit submissions 5 /s on either side.
    let tMo = rng.exponential(0.3) * 1e9, tEv = rng.exponential(5) * 1e9;
    while (Math.min(tMo, tEv) < 20_000e9) {
      if (tMo < tEv) {
        c.marketOrder(tMo, rng.float() < 0.5 ? 1 : -1, 3, 3);
        tMo += rng.exponential(0.3) * 1e9;
      } else {
        c.event(0, tEv, rng.float() < 0.5 ? 1 : -1, 0);
        tEv += rng.exponential(5) * 1e9;
      }
    }
    c.finish(20_000e9);
    const tab = responseTable(c);
    for (const rel of [0, 1]) for (const b of [1, 2, 3, 4]) expect(Math.abs(tab.ratio[0]![rel]![b]! - 1)).toBeLessThan(0.25);
    const fit = fitTradeResponse(c, SIZE);
    expect(fit === null || fit.submissionsPerTrade < 0.05).toBe(true);
  });
});

const msg = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv';
const ob = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv';

describe.runIf(existsSync(msg) && existsSync(ob))('the book\'s response to market orders on the AMZN LOBSTER day', () => {
  it('re-quotes on both sides within 10 ms (submissions and cancels ≥ 30x the mean rate) and fits a burst', () => {
    const tr = calibrate([msg, ob]).result.tradeResponse!;
    expect(tr.table.marketOrders).toBeGreaterThan(5000);
    for (const kind of [0, 1]) for (const rel of [0, 1]) {
      expect(tr.table.ratio[kind]![rel]![0]).toBeGreaterThan(30);
      // Decays with the lag.
      expect(tr.table.ratio[kind]![rel]![2]).toBeLessThan(tr.table.ratio[kind]![rel]![0]! / 5);
    }
    const f = tr.fit!;
    expect(f.submissionsPerTrade).toBeGreaterThan(0.3);
    expect(f.cancelsPerTrade).toBeGreaterThan(0.1);
    expect(f.aggressorShare.submissions).toBeGreaterThan(0.5);
  });
});
