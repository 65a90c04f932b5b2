import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { ACVenue } from './ac-venue.js';
import { parseACWorldParams } from './ac-world-params.js';

const P = parseACWorldParams({ S0: 50, sigma: 0.01, epsilon: 0.01, gamma: 1e-6, eta: 1e-3, periodSec: 10, marketVolumePerSec: 0 });

/** Buys `sizes` (market orders) at the given times (s); returns the fills and the venue. */
function run(orders: Array<[number, number]>, seed = 1) {
  const sch = new Scheduler();
  const v = new ACVenue(P, sch, new Rng(seed), 0);
  const fills: Array<Extract<OrderEvent, { type: 'OrderFilled' }>> = [];
  v.onOrderEvent((e) => { if (e.type === 'OrderFilled') fills.push(e); });
  const prices: number[] = [];
  orders.forEach(([t, q], i) => sch.at(t * 1e9, { fire: () => v.submit({ kind: 'new', clientOrderId: `o${i}`, side: 1, type: 'market', tif: 'ioc', size: q }) }));
  for (let t = 5; t <= 45; t += 10) sch.at(t * 1e9, { fire: () => prices.push(v.priceNow) });
  sch.run(50e9);
  const cost = fills.reduce((s, f) => s + f.size * (f.priceUnits / 1e4), 0);
  return { fills, cost, prices };
}

describe('ACVenue: the Almgren-Chriss world as a venue', () => {
  it('one period: 1,000 shares cost n·(S + ε + η·n/τ) in one order or in four', () => {
    const one = run([[11, 1000]]);
    const four = run([[11, 250], [12, 250], [13, 250], [14, 250]]);
    const s1 = one.prices[1]!; // S during period 1 (same seed: same path)
    expect(one.cost).toBeCloseTo(1000 * (s1 + 0.01 + (1e-3 * 1000) / 10), 1);
    expect(four.cost).toBeCloseTo(one.cost, 1);
    // Spread over two periods the temporary cost halves (η·n²/τ), and the price path carries γ·n.
    const two = run([[11, 500], [21, 500]]);
    expect(two.cost).toBeLessThan(one.cost - 40);
    expect(two.prices[2]! - one.prices[2]!).toBeCloseTo(-1e-6 * 500, 9); // in period 2 only the first 500 have moved it
    expect(two.prices[3]! - one.prices[3]!).toBeCloseTo(0, 9); // by period 3 both carry γ·1,000
    expect(one.prices[2]! - run([]).prices[2]!).toBeCloseTo(1e-6 * 1000, 9);
  });

  it('passive orders never fill; the quote is S ∓ ε; the path without orders depends only on the seed', () => {
    const sch = new Scheduler();
    const v = new ACVenue(P, sch, new Rng(3), 0);
    const evs: OrderEvent[] = [];
    v.onOrderEvent((e) => evs.push(e));
    sch.at(1e9, { fire: () => v.submit({ kind: 'new', clientOrderId: 'p', side: 1, type: 'limit', tif: 'day', size: 10, priceUnits: v.bestBid() }) });
    sch.run(100e9);
    expect(evs.map((e) => e.type)).toEqual(['OrderAccepted']);
    expect(v.bestAsk() - v.bestBid()).toBe(200);
    expect(run([], 7).prices).toEqual(run([], 7).prices);
    expect(run([], 7).prices).not.toEqual(run([], 8).prices);
  });
});
