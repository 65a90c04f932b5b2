import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import { median, refineScenario } from './refine.js';
import { computeStylizedFacts } from './stylized-facts.js';
import { syntheticSeries } from './synthetic-series.js';

describe('refineScenario', () => {
  it('targets the 1-min kurtosis of the typical simulated day (median over seeds), not the mean a wild seed drags up', async () => {
    // Three "simulated" days: two Gaussian (kurtosis ≈ 0) and one GARCH day with fat tails.
    const day = (seed: number) => syntheticSeries({ seed, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: seed === 1003 ? 'garch' : 'gaussian' });
    const ks = [1001, 1002, 1003].map((s) => computeStylizedFacts(day(s)).ret1mExcessKurtosis!);
    const mean = ks.reduce((a, b) => a + b, 0) / 3;
    expect(Math.abs(mean - median(ks)!)).toBeGreaterThan(0.2);
    const real = computeStylizedFacts(syntheticSeries({ seed: 7, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: 'garch' }));
    const sc: ScenarioInput = { instrument: { initialPrice: 100 }, activity: { timescalesSec: [60], logStd: [0.5], updateSec: 1, liquidityElasticity: 0.5 } };
    const r = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 3 });
    expect(r.steps[0]!.ret1mExcessKurtosis).toBe(median(ks));
    const kMed = median(ks)!;
    const af = kMed > 0 ? Math.min(4, Math.max(0.25, Math.log(1 + real.ret1mExcessKurtosis! / 3) / Math.log(1 + kMed / 3))) : 2;
    expect(r.steps[0]!.activityVarianceFactor).toBeCloseTo(af, 9);
  });

  it('volatilitySecant: when part of the volatility does not follow the fundamental, the secant step lands nearer the real day than the proportional one', async () => {
    // A market whose per-update volatility is √(floor² + (c·fundamental)²): a flow-driven floor the fundamental cannot remove.
    const sim = (sc: ScenarioInput, seed: number) => {
      const f = sc.fundamental?.volatilityPctPerDay ?? 1;
      return syntheticSeries({ seed, durationSec: 23_400, updateSec: 10, sigma: Math.sqrt((2e-4) ** 2 + (2e-4 * f) ** 2), model: 'gaussian' });
    };
    const real = computeStylizedFacts(syntheticSeries({ seed: 7, durationSec: 23_400, updateSec: 10, sigma: 2.3e-4, model: 'gaussian' }));
    const sc: ScenarioInput = { instrument: { initialPrice: 100 }, fundamental: { kind: 'random-walk', volatilityPctPerDay: 1 } };
    const err = async (volatilitySecant: boolean) => {
      const r = await refineScenario(sc, real, sim, { iterations: 3, seeds: 3, volatilitySecant });
      return Math.abs(r.steps[2]!.ret1mStdBps! / real.ret1mStdBps! - 1);
    };
    const proportional = await err(false), secant = await err(true);
    expect(proportional).toBeGreaterThan(0.05);
    expect(secant).toBeLessThan(proportional / 2);
  });

  it('activityLogStdMax bounds the activity the kurtosis correction raises, component by component', async () => {
    const day = (seed: number) => syntheticSeries({ seed, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: 'gaussian' });
    const real = computeStylizedFacts(syntheticSeries({ seed: 7, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: 'garch' }));
    const sc: ScenarioInput = { instrument: { initialPrice: 100 }, activity: { timescalesSec: [30, 600], logStd: [0.5, 0.5], updateSec: 1, liquidityElasticity: 0.5 } };
    const free = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 2 });
    const capped = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 2, activityLogStdMax: [0.6] });
    expect(free.scenario.activity!.logStd[0]!).toBeGreaterThan(0.6);
    expect(capped.scenario.activity!.logStd).toEqual([0.6, free.scenario.activity!.logStd[1]]);
  });

  it('kurtosisLever: \'cascade\' scales the slowest kernel component (market-order count kept) and leaves the activity; \'none\' leaves both', async () => {
    // Gaussian simulated days against a fat-tailed real day: the kurtosis factor is > 1 (capped at 2 for the cascade).
    const day = (seed: number) => syntheticSeries({ seed, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: 'gaussian' });
    const real = computeStylizedFacts(syntheticSeries({ seed: 7, durationSec: 23_400, updateSec: 10, sigma: 3e-4, model: 'garch' }));
    const activity = { timescalesSec: [60], logStd: [0.5], updateSec: 1, liquidityElasticity: 0.5 };
    const noise = { count: 10, ratePerSec: 0.2, marketFraction: 0.3, marketCascade: { branching: 0.4, decayPerSec: 500, components: [{ branching: 0.1, decayPerSec: 0.2 }, { branching: 0.2, decayPerSec: 10 }] } };
    const sc: ScenarioInput = { instrument: { initialPrice: 100 }, activity, agents: { noise } };
    const base = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 2 });
    const af = base.steps[0]!.activityVarianceFactor;
    expect(af).toBeGreaterThan(1);
    const c = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 2, kurtosisLever: 'cascade' });
    expect(c.scenario.activity).toEqual(activity);
    expect(c.steps[0]!.activityVarianceFactor).toBe(1);
    const mc = c.scenario.agents!.noise!.marketCascade!;
    expect(mc.branching).toBe(0.4);
    expect(mc.components![1]).toEqual({ branching: 0.2, decayPerSec: 10 });
    expect(mc.components![0]!.decayPerSec).toBe(0.2);
    expect(mc.components![0]!.branching).toBeCloseTo(0.1 * Math.min(2, af), 5);
    // The mean market-order count M = base rate ÷ (1 − n) and the limit rate are kept.
    const n = (x: typeof mc) => x.branching + x.components!.reduce((a, k) => a + k.branching, 0);
    const out = c.scenario.agents!.noise!;
    expect((out.ratePerSec! * out.marketFraction!) / (1 - n(mc))).toBeCloseTo((0.2 * 0.3) / 0.3, 4);
    expect(out.ratePerSec! * (1 - out.marketFraction!)).toBeCloseTo(0.2 * 0.7, 5);
    const none = await refineScenario(sc, real, (_s, seed) => day(seed), { iterations: 1, seeds: 2, kurtosisLever: 'none' });
    expect(none.scenario.activity).toEqual(activity);
    expect(none.scenario.agents!.noise).toEqual(noise);
  });

  it('median: odd and even lengths, empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
