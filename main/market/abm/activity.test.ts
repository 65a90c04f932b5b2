import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { Activity } from './activity.js';
import { MarketSession } from './market-session.js';

describe('market activity process', () => {
  it('has mean 1 and the OU autocorrelation e^(−lag/τ) of its log', () => {
    const sch = new Scheduler();
    const xs: number[] = [];
    const a = new Activity({ timescalesSec: [50], logStd: [0.6], updateSec: 1, liquidityElasticity: 0 }, new Rng(7), (v) => xs.push(v));
    a.start(sch);
    sch.run(400_000e9);
    const n = xs.length;
    expect(n).toBeGreaterThan(399_000);
    expect(xs.reduce((s, v) => s + v, 0) / n).toBeCloseTo(1, 1);
    const l = xs.map(Math.log);
    const m = l.reduce((s, v) => s + v, 0) / n;
    let c0 = 0, c50 = 0;
    for (let i = 0; i < n; i++) c0 += (l[i]! - m) ** 2;
    for (let i = 0; i + 50 < n; i++) c50 += (l[i]! - m) * (l[i + 50]! - m);
    expect(Math.sqrt(c0 / n)).toBeCloseTo(0.6, 1);
    expect(c50 / c0).toBeGreaterThan(Math.exp(-1) - 0.05);
    expect(c50 / c0).toBeLessThan(Math.exp(-1) + 0.05);
  });

  it('drives the noise traders\' pooled arrival rate at once, and is deterministic', () => {
    const run = (logStd: number, seed: number) => {
      const s = new MarketSession(parseScenario({
        instrument: { initialPrice: 100 },
        durationSec: 4000,
        agents: { noise: { count: 10, ratePerSec: 0.2 }, marketMakers: { count: 2 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 } },
        activity: { timescalesSec: [100], logStd: [logStd] },
      }), { seed });
      let weighted = 0;
      const sch = s.scheduler;
      let lastT = 0;
      let lastRate = 0;
      sch.at(0, { fire: () => { lastRate = s.noise.ratePerSec; } });
      // Integrate the population's instantaneous rate once a second.
      const tick = { fire: (now: number) => { weighted += lastRate * (now - lastT) / 1e9; lastT = now; lastRate = s.noise.ratePerSec; if (now < 4000e9) sch.at(now + 1e9, tick); } };
      sch.at(1e9, tick);
      s.runUntilSec(4000);
      return { arrivals: s.noise.arrivals, expected: weighted, events: s.exchange.events };
    };
    const flat = run(0, 1);
    expect(flat.expected).toBeCloseTo(10 * 0.2 * 4000, 0);
    for (const r of [flat, run(0.8, 1), run(0.8, 2)]) {
      // Poisson count against its integrated intensity: within 4 standard deviations.
      expect(Math.abs(r.arrivals - r.expected)).toBeLessThan(4 * Math.sqrt(r.expected));
    }
    const busy = run(0.8, 1);
    expect(busy.expected).not.toBeCloseTo(flat.expected, -1);
    expect(run(0.8, 1)).toEqual(busy);
  });

  it('flowLogVarianceMax: the flow follows a^θ with mean 1 and log-variance at the cap; the volatility still follows a', () => {
    const cfg = { timescalesSec: [50, 500], logStd: [0.8, 0.6], updateSec: 1, liquidityElasticity: 0 };
    const run = (flowLogVarianceMax?: number) => {
      const sch = new Scheduler();
      const va: number[] = [], fl: number[] = [];
      new Activity({ ...cfg, ...(flowLogVarianceMax !== undefined ? { flowLogVarianceMax } : {}) }, new Rng(3), (v, f) => { va.push(v); fl.push(f); }).start(sch);
      sch.run(400_000e9);
      return { va, fl };
    };
    const free = run(), capped = run(0.25), roomy = run(5);
    // No cap, or a cap above s² = 1: the flow is the activity itself, the same numbers.
    expect(free.fl).toEqual(free.va);
    expect(roomy.fl).toEqual(free.va);
    expect(capped.va).toEqual(free.va);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const logVar = (x: number[]) => { const l = x.map(Math.log), m = mean(l); return mean(l.map((v) => (v - m) ** 2)); };
    expect(mean(capped.fl)).toBeCloseTo(1, 1);
    expect(logVar(capped.fl)).toBeGreaterThan(0.25 * 0.85);
    expect(logVar(capped.fl)).toBeLessThan(0.25 * 1.15);
    expect(logVar(capped.va)).toBeGreaterThan(0.8);
  });

  it('rejects an activity whose arrays differ in length, naming the field', () => {
    expect(() => parseScenario({ instrument: { initialPrice: 1 }, activity: { timescalesSec: [60, 600], logStd: [0.5] } }, 'x.json'))
      .toThrow(/x\.json: activity\.logStd: expected 2 values/);
  });
});
