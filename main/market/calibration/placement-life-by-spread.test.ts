import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { ImprovementBySpreadCounts } from './placement-life-by-spread.js';
import { toScenario } from './scenario-mapping.js';

/** The mean improvement (ticks) of a table of weights for 1..K. */
const meanOf = (row: readonly number[]) => row.reduce((a, w, k) => a + w * (k + 1), 0);

describe('ImprovementBySpreadCounts (inside improvements by the spread found)', () => {
  it('buckets at the quantiles of the spread inside orders found, one table and inside share each', () => {
    const c = new ImprovementBySpreadCounts(30);
    // Spreads 2..31, 100 placements each; 40 % go inside, by 1 tick below 12 ticks, by 5 from 22 on, by 3 between.
    for (let s = 2; s <= 31; s++) {
      for (let i = 0; i < 100; i++) c.add(s, i < 40 ? (s < 12 ? 1 : s >= 22 ? 5 : 3) : 0);
    }
    const f = c.fit({ buckets: 3, minPlacements: 100 })!;
    // Tertiles of a uniform 2..31: edges after 11 and 21 ticks.
    expect(f.spreadEdgesTicks).toEqual([12, 22]);
    expect(f.weights.map(meanOf)).toEqual([1, 3, 5]);
    expect(f.insidePlacements).toEqual([400, 400, 400]);
    expect(f.placements).toEqual([1000, 1000, 1000]);
    expect(f.insideShare).toEqual([0.4, 0.4, 0.4]);
  });

  it('merges a bucket with too few inside placements into its neighbour; null when there are too few in all', () => {
    const c = new ImprovementBySpreadCounts(10);
    for (let i = 0; i < 300; i++) c.add(10, 2);
    for (let i = 0; i < 50; i++) c.add(20, 4);
    const f = c.fit({ buckets: 4, minPlacements: 100 })!;
    expect(f.spreadEdgesTicks).toEqual([]);
    expect(f.weights[0]![1]).toBeCloseTo(300 / 350, 5);
    const few = new ImprovementBySpreadCounts(10);
    for (let i = 0; i < 99; i++) few.add(10, 2);
    expect(few.fit({ minPlacements: 100 })).toBeNull();
  });
});

describe('ImprovementBySpreadCounts.fitMarketFraction (market orders among the acts, by spread)', () => {
  it('buckets at the quantiles of the spread market orders found; share = market / (market + limit) in each', () => {
    const c = new ImprovementBySpreadCounts(10);
    // 300 market orders at spreads 1-2 against 100 placements; 300 at 10-11 against 2,700.
    for (let i = 0; i < 300; i++) c.market(1 + (i % 2));
    for (let i = 0; i < 100; i++) c.add(1 + (i % 2), 0);
    for (let i = 0; i < 300; i++) c.market(10 + (i % 2));
    for (let i = 0; i < 2700; i++) c.add(10 + (i % 2), 0);
    const f = c.fitMarketFraction({ buckets: 2, minPlacements: 100 })!;
    expect(f.spreadEdgesTicks).toEqual([3]);
    expect(f.marketFraction).toEqual([0.75, 0.1]);
    expect(f.marketOrders).toEqual([300, 300]);
    // No time seen: multipliers 1. With 100 s at 1-2 ticks and 3,000 s at 10-11: 4 and 1 acts /s against 3,400 / 3,100.
    expect(f.rateMultiplier).toEqual([1, 1]);
    c.time(1, 100);
    c.time(10, 3000);
    const g = c.fitMarketFraction({ buckets: 2, minPlacements: 100 })!;
    expect(g.rateMultiplier[0]).toBeCloseTo(4 / (3400 / 3100), 4);
    expect(g.rateMultiplier[1]).toBeCloseTo(1 / (3400 / 3100), 4);
    expect(new ImprovementBySpreadCounts(10).fitMarketFraction()).toBeNull();
  });
});

const msg = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv';
const ob = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv';

describe.runIf(existsSync(msg) && existsSync(ob))('improvements by spread on the AMZN LOBSTER day', () => {
  it('orders finding a wide spread improve it further than those finding a narrow one; the option maps it', () => {
    const r = calibrate([msg, ob]).result;
    const f = r.placementLife!.improvementBySpread!;
    expect(f.spreadEdgesTicks.length).toBeGreaterThanOrEqual(4);
    const means = f.weights.map(meanOf);
    expect(means[means.length - 1]!).toBeGreaterThan(1.8 * means[0]!);
    const off = toScenario(r);
    const on = toScenario(r, { insideImprovementBySpread: true });
    const share = toScenario(r, { insideImprovementBySpread: true, insideShareBySpread: true });
    expect(off.agents?.noise?.insideImprovementBySpread).toBeUndefined();
    expect(on.agents?.noise?.insideImprovementBySpread).toEqual({ spreadEdgesTicks: f.spreadEdgesTicks, weights: f.weights });
    expect(share.agents?.noise?.insideImprovementBySpread?.insideShare).toEqual(f.insideShare);
    expect(() => parseScenario(share, 'mapped')).not.toThrow();
    // Market orders come faster at narrow spreads: the narrowest bucket's share > 3x the widest's.
    const mf = r.placementLife!.marketFractionBySpread!;
    expect(mf.marketFraction[0]!).toBeGreaterThan(3 * mf.marketFraction[mf.marketFraction.length - 1]!);
    const mo = toScenario(r, { marketFractionBySpread: true });
    expect(mo.agents?.noise?.marketFractionBySpread).toEqual({ spreadEdgesTicks: mf.spreadEdgesTicks, marketFraction: mf.marketFraction });
    expect(() => parseScenario(mo, 'mapped')).not.toThrow();
  }, 60_000);
});
