import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { MarketSession } from '../abm/market-session.js';
import { runScenario, type ScenarioRun } from '../scenarios/run-scenario.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { cascadeFano, fanoFactor, fitMarketCascade, marketOrderTimes } from './cascade-fit.js';
import { applyMarketCascade, toScenario } from './scenario-mapping.js';

const DAY = 23_400;

/** A pure zero-intelligence market (no other agents, no activity) whose flow has enough market orders to measure. */
function zi(cascade?: { branching: number; decayPerSec: number }, marketFraction = 0.3): ScenarioInput {
  return {
    name: 'zi-cascade',
    instrument: { initialPrice: 100 },
    durationSec: DAY,
    agents: {
      noise: { count: 10, ratePerSec: 0.2, marketFraction, cancelRatePerSec: 0.05, marketSize: { logMean: 2, logSigma: 0.5, max: 200 }, ...(cascade ? { marketCascade: cascade } : {}) },
      marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 },
    },
  };
}

const run = (s: ScenarioInput, seed: number, durationSec?: number): ScenarioRun => runScenario(parseScenario(s, 'test'), { seed, ...(durationSec ? { durationSec } : {}) });
const moTimes = (r: ScenarioRun) => marketOrderTimes(r.series.tradeTimeNs, r.series.tradeSide);

describe('cascadeFano (stationary exponential Hawkes count)', () => {
  it('is 1 without a cascade and at T → 0, and tends to 1/(1 − n)² for long windows', () => {
    expect(cascadeFano(0, 5, 10)).toBe(1);
    expect(cascadeFano(0.6, 5, 1e-12)).toBeCloseTo(1, 6);
    expect(cascadeFano(0.6, 5, 1e6)).toBeCloseTo(1.6 / 0.4, 3);
    expect(cascadeFano(0.6, 5, 1)).toBeLessThan(cascadeFano(0.6, 5, 10));
  });
});

describe('NoiseConfig.marketCascade (engine)', () => {
  it('absent and branching 0 give the same event log as before; a cascade changes it', () => {
    const a = run(zi(), 7, 600);
    const b = run(zi({ branching: 0, decayPerSec: 5 }), 7, 600);
    const c = run(zi({ branching: 0.5, decayPerSec: 5 }), 7, 600);
    expect(a.eventLogHash).not.toBeNull();
    expect(b.eventLogHash).toBe(a.eventLogHash);
    expect(c.eventLogHash).not.toBe(a.eventLogHash);
    expect(a.session.noise.cascadeOrders).toBe(0);
  });

  it('snapshot / restore with cascade children pending gives the events of the uninterrupted run', () => {
    const cfg = parseScenario(zi({ branching: 0.8, decayPerSec: 2 }), 'test');
    const straightLog = new EventLog();
    const straight = new MarketSession(cfg, { seed: 9, eventLog: straightLog });
    straight.runUntilSec(300);
    const log = new EventLog();
    const s = new MarketSession(cfg, { seed: 9, eventLog: log });
    s.runUntilSec(120);
    const snap = s.snapshot([log]);
    s.runUntilSec(300);
    expect(log.hash()).toBe(straightLog.hash());
    s.restore(snap);
    s.runUntilSec(300);
    expect(log.hash()).toBe(straightLog.hash());
    expect(s.noise.cascadeOrders).toBeGreaterThan(0);
  });

  it('children are a share n of all market orders, and the fitter recovers n and β from the day (n ± 0.05, β within ×1.6)', () => {
    for (const [n, beta] of [[0.6, 5], [0.75, 12]] as const) {
      const r = run(zi({ branching: n, decayPerSec: beta }), 3);
      const noise = r.session.noise;
      // Each order has a child with probability n: children / all orders → n.
      expect(noise.cascadeOrders / noise.marketOrders).toBeGreaterThan(n - 0.03);
      expect(noise.cascadeOrders / noise.marketOrders).toBeLessThan(n + 0.03);
      const fit = fitMarketCascade(moTimes(r), 0, DAY * 1e9)!;
      expect(fit.branching).toBeGreaterThan(n - 0.05);
      expect(fit.branching).toBeLessThan(n + 0.05);
      expect(fit.decayPerSec).toBeGreaterThan(beta / 1.6);
      expect(fit.decayPerSec).toBeLessThan(beta * 1.6);
    }
  }, 120_000);

  it('without a cascade the fitted branching is near 0 and the 1 s Fano factor near 1', () => {
    const r = run(zi(), 3);
    const t = moTimes(r);
    expect(fanoFactor(t, 0, DAY * 1e9, 1)!).toBeLessThan(1.3);
    expect(fitMarketCascade(t, 0, DAY * 1e9)!.branching).toBeLessThanOrEqual(0.1);
  }, 60_000);
});

describe('applyMarketCascade (mapping)', () => {
  it('keeps the limit rate and the mean market-order count: base market rate × (1 − n)', () => {
    const noise = { count: 10, ratePerSec: 0.2, marketFraction: 0.3 };
    const c = applyMarketCascade(noise, { branching: 0.6, decayPerSec: 8 });
    const total = c.ratePerSec! * c.count!;
    expect(total * (1 - c.marketFraction!)).toBeCloseTo(2 * 0.7, 4);
    expect((total * c.marketFraction!) / (1 - 0.6)).toBeCloseTo(2 * 0.3, 4);
    expect(c.marketCascade).toEqual({ branching: 0.6, decayPerSec: 8 });
    expect(applyMarketCascade(noise, { branching: 0, decayPerSec: 8 })).toBe(noise);
  });

  it('a simulated day with the mapped cascade has the market-order count of the day without it (± 4 %)', () => {
    const plain = zi();
    const mapped: ScenarioInput = { ...plain, agents: { ...plain.agents, noise: applyMarketCascade(plain.agents!.noise!, { branching: 0.6, decayPerSec: 8 }) } };
    const a = moTimes(run(plain, 5)).length, b = moTimes(run(mapped, 5)).length;
    expect(b / a).toBeGreaterThan(0.96);
    expect(b / a).toBeLessThan(1.04);
  }, 60_000);
});

const F = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_';
describe.skipIf(!existsSync(`${F}message_1.csv`))('on the AMZN day', () => {
  it('calibrate fits a cascade whose model matches the measured Fano factors, and the mapping option applies it (off by default)', () => {
    const cal = calibrate([`${F}message_1.csv`, `${F}orderbook_1.csv`]);
    const fit = cal.result.marketOrders!.cascade!;
    expect(fit.branching).toBeGreaterThan(0.2);
    for (let k = 0; k < fit.windowsSec.length; k++) expect(Math.abs(fit.model[k]! / fit.fano[k]! - 1)).toBeLessThan(0.05);
    const off = toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis });
    const on = toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, marketCascade: true });
    expect(off.agents!.noise!.marketCascade).toBeUndefined();
    expect(on.agents!.noise!.marketCascade).toEqual({ branching: fit.branching, decayPerSec: fit.decayPerSec });
    expect(on.activity!.timescalesSec).toEqual([30, 600, 3600]);
    expect(off.activity!.timescalesSec).toEqual([60, 600, 3600]);
  }, 60_000);
});
