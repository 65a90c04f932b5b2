import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MarketSession } from '../abm/market-session.js';
import { MetaorderTrader } from '../abm/metaorder-trader.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { impactAtSize } from './compare.js';
import { measureMetaorderImpact, powerFit, type MetaorderImpactCurve } from './metaorder-impact.js';
import { refineScenario } from './refine.js';
import { toScenario, type ScenarioMappingOptions } from './scenario-mapping.js';
import { simulateScenario } from './simulate.js';
import { computeStylizedFacts } from './stylized-facts.js';

const AMZN = fileURLToPath(new URL('../../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('metaorder trader', () => {
  it('sends n = ⌈duration / every⌉ market orders evenly over the window, summing to the quantity', () => {
    const s = new MarketSession(parseScenario({
      instrument: { initialPrice: 100 }, durationSec: 200,
      agents: { noise: { count: 0 }, marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 }, latent: { count: 1, depthPerTick: 50, bandTicks: 1, levels: 50, ratePerSec: 1 } },
      fundamental: { volatilityPctPerDay: 0 },
    }), { seed: 1 });
    const times: number[] = [];
    s.exchange.onTrade((t) => { if (times[times.length - 1] !== t) times.push(t); });
    const m = new MetaorderTrader(s.exchange, { side: 1, quantity: 1001, startSec: 10, durationSec: 95, childEverySec: 10 });
    m.start();
    s.runUntilSec(200);
    expect(m.children).toBe(10);
    expect(m.sent).toBe(1001);
    expect(m.filled).toBe(1001);
    expect(times.map((t) => t / 1e9)).toEqual(Array.from({ length: 10 }, (_, k) => 10 + k * 9.5));
    expect(s.exchange.position[m.agent]).toBe(1001);
    expect(() => new MetaorderTrader(s.exchange, { side: 1, quantity: 0, startSec: 0, durationSec: 1, childEverySec: 1 })).toThrow(/quantity/);
  });
});

describe('metaorder trader, sweep mode (the immediate algorithm)', () => {
  it('sends the whole quantity at once, then what is left every childEverySec until filled', () => {
    const s = new MarketSession(parseScenario({
      instrument: { initialPrice: 100 }, durationSec: 200,
      agents: { noise: { count: 0 }, marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 }, latent: { count: 1, depthPerTick: 10, bandTicks: 1, levels: 10, ratePerSec: 1 } },
      fundamental: { volatilityPctPerDay: 0 },
    }), { seed: 1 });
    // 10 levels a side hold 10·(1 + … + 10) = 550: the first sweep fills 550, re-posts refill the rest.
    const m = new MetaorderTrader(s.exchange, { side: -1, quantity: 1_000, startSec: 10, durationSec: 100, childEverySec: 5, mode: 'sweep' });
    m.start();
    s.runUntilSec(10);
    expect(m.filled).toBe(550);
    s.runUntilSec(200);
    expect(m.filled).toBe(1_000);
    expect(s.exchange.position[m.agent]).toBe(-1_000);
    expect(m.sent).toBe(m.filled + (m.sent - m.filled));
  });
});

describe('power-law fit of impact against size', () => {
  it('recovers the exponent and down-weights cells lost in noise', () => {
    const pts = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2].map((size) => ({ size, impactEndBps: 40 * Math.sqrt(size), impactEndStderrBps: 0.1 }));
    expect(powerFit(pts)!.slope).toBeCloseTo(0.5, 10);
    // A wild point with a huge standard error barely moves the fit; unweighted it would.
    const noisy = [...pts, { size: 0.015, impactEndBps: 40, impactEndStderrBps: 200 }];
    expect(powerFit(noisy)!.slope).toBeCloseTo(0.5, 2);
    expect(powerFit(noisy.map((p) => ({ ...p, impactEndStderrBps: null })))!.slope).toBeLessThan(0.4);
    expect(powerFit(pts.slice(0, 2))).toBeNull();
  });
});

/** The AMZN day calibrated and refined as `calibrate` does, with extra `toScenario` options; its impact curve (16 seeds). */
async function calibratedImpact(opts: ScenarioMappingOptions = {}) {
  const cal = calibrate([AMZN]);
  const mapped = toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, ...opts });
  const { scenario } = await refineScenario(mapped, cal.facts, simulateScenario, { factOptions: cal.series.options });
  return { cal, scenario, m: measureMetaorderImpact(parseScenario(scenario), { seeds: 16 }) };
}

describe('metaorder impact on the market calibrated to the AMZN day', () => {
  it('is concave in size (exponent in [0.4, 0.6]) and decays after the order ends, but not to zero', async () => {
    expectConcaveAndDecaying((await calibratedImpact()).m);
  }, 120_000);

  it('latentFollow (a latent book that remembers what it traded and moves with it): impact at 1 % ≥ 5× the stateless book\'s, still concave and decaying, the spread and 1-min volatility still the day\'s', async () => {
    // #8.7: the stateless latent book holds the price within its band (1 % of the day's volume:
    // ~1 bps against the √ law's 14.4); memory alone widens the spread (one wall recedes: spread
    // mean failing on 50 of 50 trial days). With the other side following, the mid moves instead.
    const base = await calibratedImpact();
    const { cal, scenario, m } = await calibratedImpact({ latentFollow: true });
    expect(scenario.agents?.latent?.followConsumed).toBe(true);
    expect(impactAtSize(m, 0.01)!).toBeGreaterThan(5 * impactAtSize(base.m, 0.01)!);
    expectConcaveAndDecaying(m);
    // The market without our order (the balanced flow) keeps the day's spread and 1-min volatility (seed 1).
    const sim = computeStylizedFacts({ ...simulateScenario(scenario, 1), options: cal.series.options });
    expect(Math.abs(sim.spreadMeanTicks! / cal.facts.spreadMeanTicks! - 1)).toBeLessThan(0.1);
    expect(Math.abs(sim.ret1mStdBps! / cal.facts.ret1mStdBps! - 1)).toBeLessThan(0.15);
  }, 240_000);
});

/** The curve's shape the README asks of the calibrated market (exponent, fills, sign, reversion). */
function expectConcaveAndDecaying(m: MetaorderImpactCurve): void {
  // Sizes 0.5% .. 20% of the day's volume at 10%, 25% and 50% participation (cells that fit the day).
  expect(new Set(m.points.map((p) => p.participation))).toEqual(new Set([0.1, 0.25, 0.5]));
  expect(Math.min(...m.points.map((p) => p.size))).toBe(0.005);
  expect(Math.max(...m.points.map((p) => p.size))).toBe(0.2);
  for (const p of m.points) expect(p.fillRatio).toBeGreaterThan(0.95);
  expect(m.exponent!).toBeGreaterThanOrEqual(0.4);
  expect(m.exponent!).toBeLessThanOrEqual(0.6);
  // Buying pushes the price up at every size; bigger orders move it more.
  for (const p of m.points) expect(p.impactEndBps).toBeGreaterThan(0);
  const at = (part: number, size: number) => m.points.find((p) => p.participation === part && p.size === size)!.impactEndBps;
  expect(at(0.5, 0.2)).toBeGreaterThan(at(0.5, 0.01));
  // After the order: less than at its end, more than nothing, and not growing from T/2 to T.
  const [half, full] = m.retainedAfter as [number, number];
  expect(full).toBeGreaterThan(0.2);
  expect(full).toBeLessThan(0.9);
  expect(full).toBeLessThanOrEqual(half + 0.05);
}
