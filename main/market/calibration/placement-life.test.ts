import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { LifeMixture } from '../abm/market-config.js';
import type { BookView } from '../book/book-types.js';
import { EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { fitLifeMixture, PlacementLifeCollector } from './placement-life.js';
import { toScenario } from './scenario-mapping.js';

const draw = (m: LifeMixture, rng: Rng) => -Math.log(1 - rng.float()) / (rng.float() < m.fleetingShare ? m.fleetingRatePerSec : m.persistentRatePerSec);

/** A touch that never moves: bid 1,000, ask 1,010 (tick 1). */
const book = { bestBid: () => 1000, bestAsk: () => 1010 } as unknown as BookView;

/**
 * A simulated L3 day (23,400 s): orders placed at Poisson times, half inside the spread (1,003-1,007)
 * and half at or behind their touch, each removed after a life drawn from its class's mixture —
 * by a delete, or (touch orders, every other one) by two executions that empty it; lives past the
 * close are never seen to end.
 */
function simulatedDay(inside: LifeMixture, touch: LifeMixture, seed: number): MarketEvent[] {
  const rng = new Rng(seed);
  const endSec = 23_400;
  const evs: MarketEvent[] = [];
  const ev = (kind: MarketEvent['kind'], tSec: number, id: number, side: 1 | -1, price: number, size: number) => {
    const e = newMarketEvent();
    Object.assign(e, { kind, tsNs: Math.round(tSec * 1e9), orderId: id, side, priceUnits: price, size });
    evs.push(e);
  };
  let t = 0;
  for (let id = 1; ; id++) {
    t += -Math.log(1 - rng.float()) / 1.5;
    if (t >= endSec) break;
    const side = rng.float() < 0.5 ? 1 : -1;
    const isInside = rng.float() < 0.5;
    const price = isInside ? 1003 + rng.int(5) : side === 1 ? 1000 - rng.int(2) : 1010 + rng.int(2);
    const life = draw(isInside ? inside : touch, rng);
    ev(EventKind.Add, t, id, side, price, 100);
    if (t + life >= endSec) continue;
    if (!isInside && id % 2 === 0) {
      ev(EventKind.Execute, t + life / 2, id, side, price, 40);
      ev(EventKind.Execute, t + life, id, side, price, 60);
    } else ev(EventKind.Delete, t + life, id, side, price, 100);
  }
  return evs.sort((a, b) => a.tsNs - b.tsNs);
}

describe('fitLifeMixture (censored two-exponential mixture, EM)', () => {
  it('recovers share ± 0.03 and rates within 10 % from 20,000 lives, censored at 10 s', () => {
    const m = { fleetingShare: 0.35, fleetingRatePerSec: 50, persistentRatePerSec: 0.2 };
    const rng = new Rng(4);
    const lives: number[] = [], ended: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const l = draw(m, rng);
      lives.push(Math.min(l, 10));
      ended.push(l > 10 ? 0 : 1);
    }
    const f = fitLifeMixture(lives, ended);
    expect(Math.abs(f.fleetingShare - 0.35)).toBeLessThan(0.03);
    expect(f.fleetingRatePerSec / 50).toBeGreaterThan(0.9);
    expect(f.fleetingRatePerSec / 50).toBeLessThan(1.1);
    expect(f.persistentRatePerSec / 0.2).toBeGreaterThan(0.9);
    expect(f.persistentRatePerSec / 0.2).toBeLessThan(1.1);
  });
});

describe('PlacementLifeCollector (lives by placement from L3 messages)', () => {
  it('recovers each class of a simulated day: share ± 0.04, rates within 15 %', () => {
    const inside = { fleetingShare: 0.4, fleetingRatePerSec: 30, persistentRatePerSec: 0.3 };
    const touch = { fleetingShare: 0.15, fleetingRatePerSec: 5, persistentRatePerSec: 0.1 };
    const c = new PlacementLifeCollector(1);
    for (const e of simulatedDay(inside, touch, 11)) c.onEvent(e, book);
    const f = c.finish(23_400e9);
    expect(f).not.toBeNull();
    for (const [got, want] of [[f!.inside, inside], [f!.touch, touch]] as const) {
      expect(Math.abs(got.fleetingShare - want.fleetingShare)).toBeLessThan(0.04);
      expect(Math.abs(got.fleetingRatePerSec / want.fleetingRatePerSec - 1)).toBeLessThan(0.15);
      expect(Math.abs(got.persistentRatePerSec / want.persistentRatePerSec - 1)).toBeLessThan(0.15);
    }
    // Both classes were seen in about equal numbers (the classification against the touch before the Add).
    expect(Math.abs(f!.inside.orders / f!.touch.orders - 1)).toBeLessThan(0.05);
    // Executions that empty an order end its life: touch orders are not read as censored.
    expect(f!.touch.removed / f!.touch.orders).toBeGreaterThan(0.95);
    // Inside prices 1,003-1,007 improve a bid of 1,000 / an ask of 1,010 by 3-7 ticks, uniformly.
    const w = f!.improvementWeights!;
    for (let k = 1; k <= w.length; k++) {
      if (k >= 3 && k <= 7) expect(Math.abs(w[k - 1]! - 0.2)).toBeLessThan(0.02);
      else expect(w[k - 1]).toBe(0);
    }
  });

  it('is null when a class has too few removals to fit', () => {
    const c = new PlacementLifeCollector();
    const e = newMarketEvent();
    Object.assign(e, { kind: EventKind.Add, tsNs: 0, orderId: 1, side: 1, priceUnits: 1005, size: 1 });
    c.onEvent(e, book);
    expect(c.finish(1e9)).toBeNull();
  });
});

const msg = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv';
const ob = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv';

describe.runIf(existsSync(msg) && existsSync(ob))('placement lives on the AMZN LOBSTER day', () => {
  it('inside placements are more fleeting than touch ones; the mapping option puts the fit on the noise traders', () => {
    const r = calibrate([msg, ob]).result;
    const pl = r.placementLife!;
    expect(pl).toBeTruthy();
    // The README's measurement: 30 % of inside placements gone within 10 ms, 8 % of touch ones.
    expect(pl.inside.survival[0]).toBeLessThan(0.75);
    expect(pl.touch.survival[0]).toBeGreaterThan(0.88);
    expect(pl.inside.fleetingShare * pl.inside.fleetingRatePerSec).toBeGreaterThan(pl.touch.fleetingShare * pl.touch.fleetingRatePerSec);
    // Real inside orders mostly improve by a tick or two (46 % by one on AMZN).
    expect(pl.improvementWeights![0]).toBeGreaterThan(0.3);
    const def = toScenario(r);
    const off = toScenario(r, { insideImprovement: false, latentGridJitter: false });
    const on = toScenario(r, { placementLife: true, latentGridJitter: true });
    expect(def.agents?.noise?.placementLife).toBeUndefined();
    expect(def.agents?.noise?.insideImprovementWeights).toEqual(pl.improvementWeights);
    expect(def.agents?.latent?.gridJitter).toBeUndefined();
    expect(off.agents?.noise?.insideImprovementWeights).toBeUndefined();
    expect(off.agents?.latent?.gridJitter).toBeUndefined();
    expect(on.agents?.noise?.placementLife?.inside.fleetingShare).toBe(pl.inside.fleetingShare);
    expect(on.agents?.latent?.gridJitter).toBe(true);
    expect(() => parseScenario(on, 'mapped')).not.toThrow();
  }, 60_000);
});
