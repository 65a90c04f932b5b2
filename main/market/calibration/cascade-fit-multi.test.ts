import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run-scenario.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { cascadeFano, marketOrderTimes } from './cascade-fit.js';
import { fitMultiScaleCascade, fitMultiScaleCascadeToFano, MULTI_CASCADE_WINDOWS_SEC, multiCascadeFano } from './cascade-fit-multi.js';
import { activityFromSlowTerm, cascadeKernel, withCascadeKernel } from './cascade-mapping.js';
import { ACTIVITY_TIMESCALES_SEC, ACTIVITY_VARIANCE_SHARE, toScenario } from './scenario-mapping.js';

const DAY = 23_400;

describe('multiCascadeFano (a kernel of several exponentials)', () => {
  it('one component is cascadeFano; two of one rate are one of their summed branching; long windows tend to (1 + n)/(1 − n)', () => {
    for (const T of [0.01, 1, 30]) {
      expect(multiCascadeFano([{ branching: 0.6, decayPerSec: 5 }], T)).toBeCloseTo(cascadeFano(0.6, 5, T), 9);
      expect(multiCascadeFano([{ branching: 0.25, decayPerSec: 5 }, { branching: 0.35, decayPerSec: 5 * (1 + 1e-9) }], T)).toBeCloseTo(cascadeFano(0.6, 5, T), 6);
    }
    const k = [{ branching: 0.5, decayPerSec: 300 }, { branching: 0.2, decayPerSec: 8 }, { branching: 0.15, decayPerSec: 0.1 }];
    expect(multiCascadeFano(k, 1e7)).toBeCloseTo(1.85 / 0.15, 2);
    // Rises at every scale: the fast part by 10 ms, the slow part only beyond 10 s.
    expect(multiCascadeFano(k, 0.01)).toBeGreaterThan(1.5);
    expect(multiCascadeFano(k, 60) - multiCascadeFano(k, 10)).toBeGreaterThan(1.5);
  });

  it('the fit on the model\'s own Fano factors returns a kernel whose model matches them (rms log error < 0.01)', () => {
    const k = [{ branching: 0.45, decayPerSec: 500 }, { branching: 0.2, decayPerSec: 10 }, { branching: 0.2, decayPerSec: 0.15 }];
    const W = [...MULTI_CASCADE_WINDOWS_SEC];
    const F = W.map((w) => multiCascadeFano(k, w) + 0.2 * w);
    const fit = fitMultiScaleCascadeToFano(W, F, 3);
    expect(fit.rmsLogError).toBeLessThan(0.01);
    expect(fit.slowFanoPerSec).toBeGreaterThan(0.15);
    expect(fit.slowFanoPerSec).toBeLessThan(0.25);
    expect(fit.components.reduce((s, c) => s + c.branching, 0)).toBeGreaterThan(0.8);
  });
});

/** A pure zero-intelligence day with a two-exponential cascade. */
function zi(components: { branching: number; decayPerSec: number }[]): ScenarioInput {
  const [first, ...more] = components;
  return {
    name: 'zi-multi', instrument: { initialPrice: 100 }, durationSec: DAY,
    agents: {
      noise: { count: 10, ratePerSec: 0.2, marketFraction: 0.3, cancelRatePerSec: 0.05, marketSize: { logMean: 2, logSigma: 0.5, max: 200 }, marketCascade: { ...first!, components: more } },
      marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 },
    },
  };
}

describe('fitMultiScaleCascade on a simulated day', () => {
  it('recovers known fast and slow components (branching ± 0.05, rates within × 1.6) and no slow term', () => {
    const truth = [{ branching: 0.4, decayPerSec: 20 }, { branching: 0.3, decayPerSec: 0.2 }];
    for (const seed of [3, 4]) {
      const r = runScenario(parseScenario(zi(truth), 'test'), { seed });
      const fit = fitMultiScaleCascade(marketOrderTimes(r.series.tradeTimeNs, r.series.tradeSide), 0, DAY * 1e9, { components: 2 })!;
      for (let j = 0; j < 2; j++) {
        expect(Math.abs(fit.components[j]!.branching - truth[j]!.branching)).toBeLessThan(0.05);
        expect(fit.components[j]!.decayPerSec).toBeGreaterThan(truth[j]!.decayPerSec / 1.6);
        expect(fit.components[j]!.decayPerSec).toBeLessThan(truth[j]!.decayPerSec * 1.6);
      }
      expect(fit.slowFanoPerSec).toBeLessThan(0.01);
    }
  }, 60_000);

  it('a day too short for the longest window gives null', () => {
    expect(fitMultiScaleCascade(Float64Array.from({ length: 500 }, (_, i) => i * 1e9), 0, 600e9)).toBeNull();
  });
});

describe('the multi-scale cascade in a scenario', () => {
  const noise = { count: 10, ratePerSec: 0.2, marketFraction: 0.3 };
  it('withCascadeKernel keeps the limit rate and the mean market-order count, from a flow with or without a cascade', () => {
    const k = [{ branching: 0.5, decayPerSec: 300 }, { branching: 0.3, decayPerSec: 0.2 }];
    const a = withCascadeKernel(noise, k);
    const M = (x: typeof a) => (x.ratePerSec! * x.marketFraction!) / (1 - cascadeKernel(x).reduce((s, c) => s + c.branching, 0));
    expect(a.ratePerSec! * (1 - a.marketFraction!)).toBeCloseTo(0.2 * 0.7, 5);
    expect(M(a)).toBeCloseTo(0.06, 5);
    expect(cascadeKernel(a)).toEqual(k);
    const b = withCascadeKernel(a, [{ branching: 0.5, decayPerSec: 300 }, { branching: 0.4, decayPerSec: 0.2 }]);
    expect(M(b)).toBeCloseTo(0.06, 5);
    expect(b.ratePerSec! * (1 - b.marketFraction!)).toBeCloseTo(0.14, 5);
    // No branching: the flow without a cascade.
    const c = withCascadeKernel(a, []);
    expect(c.marketCascade).toBeUndefined();
    expect(c.ratePerSec).toBeCloseTo(0.2, 6);
    expect(c.marketFraction).toBeCloseTo(0.3, 6);
  });

  it('activityFromSlowTerm: the activity\'s Fano growth at 60 s is the slow term less the profile\'s; nothing left gives null', () => {
    const lam = 0.35, b = 0.25, prof = [1.6, 1.2, 0.9, 0.8, 0.8, 0.9, 1.3];
    const v = activityFromSlowTerm(b, lam, prof, ACTIVITY_TIMESCALES_SEC, ACTIVITY_VARIANCE_SHARE)!;
    const psi = (x: number) => (2 * (x - 1 + Math.exp(-x))) / (x * x);
    const growth = ACTIVITY_TIMESCALES_SEC.reduce((g, tau, k) => g + lam * Math.expm1(v[k]!) * psi(60 / tau), 0);
    const m = prof.reduce((a, x) => a + x, 0) / prof.length;
    const pv = prof.reduce((a, x) => a + (x / m - 1) ** 2, 0) / prof.length;
    expect(growth).toBeCloseTo(b - lam * pv, 6);
    expect(v[0]! / v[1]!).toBeCloseTo(ACTIVITY_VARIANCE_SHARE[0] / ACTIVITY_VARIANCE_SHARE[1], 6);
    expect(activityFromSlowTerm(0.01, lam, prof, ACTIVITY_TIMESCALES_SEC, ACTIVITY_VARIANCE_SHARE)).toBeNull();
  });
});

const F = '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_';
describe.skipIf(!existsSync(`${F}message_1.csv`))('on the AMZN day', () => {
  it('calibrate fits a multi-scale kernel that follows the Fano factors from 10 ms to 120 s; the option applies it (off by default)', () => {
    const cal = calibrate([`${F}message_1.csv`, `${F}orderbook_1.csv`]);
    const fit = cal.result.marketOrders!.cascadeMulti!;
    expect(fit.rmsLogError).toBeLessThan(0.05);
    for (let k = 0; k < fit.windowsSec.length; k++) expect(Math.abs(fit.model[k]! / fit.fano[k]! - 1)).toBeLessThan(0.08);
    // The one-exponential fit misses the fast end (F at 10 ms 2.5 against a model near 1).
    expect(fit.fano[0]!).toBeGreaterThan(2);
    const opts = { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis };
    const off = toScenario(cal.result, opts);
    const on = toScenario(cal.result, { ...opts, multiScaleCascade: true });
    expect(off.agents!.noise!.marketCascade).toBeUndefined();
    expect(cascadeKernel(on.agents!.noise!)).toEqual(fit.components.filter((c) => c.branching > 0));
    // The activity is what the slow term allows: less log-variance than the kurtosis mapping's.
    const lv = (s: ScenarioInput) => s.activity!.logStd.reduce((a, x) => a + x * x, 0);
    expect(lv(on)).toBeLessThan(lv(off));
    // volatilityActivity: the kurtosis mapping's activity, the flow's part capped at what the slow term gave.
    const vol = toScenario(cal.result, { ...opts, multiScaleCascade: true, volatilityActivity: true });
    expect(vol.activity!.logStd).toEqual(off.activity!.logStd);
    expect(vol.activity!.flowLogVarianceMax).toBeCloseTo(lv(on), 4);
    expect(off.activity!.flowLogVarianceMax).toBeUndefined();
  }, 60_000);
});
