import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { syntheticSeries } from './synthetic-series.js';
import { TRIAL_VARIANTS } from './trial-variants.js';
import { runVariantTrials } from './variant-trials.js';

const AMZN = fileURLToPath(new URL('../../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('runVariantTrials (a change judged over several refinements and days)', () => {
  const cal = calibrate([AMZN]);
  // A stand-in simulator: a Gaussian day whose 1 s volatility is the scenario's fundamental
  // volatility, so a variant that triples it is seen failing the 1-min volatility on every day.
  const simulate = (sc: ScenarioInput, seed: number) => {
    const pctPerDay = sc.fundamental?.volatilityPctPerDay ?? 1;
    return syntheticSeries({ seed, durationSec: 23_400, sigma: pctPerDay / 100 / Math.sqrt(23_400), volumeProfile: [3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4], tradesPerSec: 0.5 });
  };

  it('judges every refinement × day, counts each failing fact, and sees a change that breaks one', async () => {
    const opts = { refineSeeds: [1001, 2001], seeds: [1, 2, 3], rounds: 1 };
    const same = await runVariantTrials(cal, TRIAL_VARIANTS['as-mapped']!, simulate, opts);
    expect(same.passed).toHaveLength(6);
    expect(same.judged).toBeGreaterThan(20);
    for (const p of same.passed) expect(p).toBeLessThanOrEqual(same.judged);
    expect(same.mean).toBeCloseTo(same.passed.reduce((a, b) => a + b, 0) / 6, 12);
    const noisy: typeof TRIAL_VARIANTS['as-mapped'] = (s) => ({ ...s, fundamental: { ...s.fundamental, volatilityPctPerDay: (s.fundamental?.volatilityPctPerDay ?? 1) * 3 } });
    // One refinement round can correct at most × 0.5: the tripled volatility still fails.
    const worse = await runVariantTrials(cal, noisy, simulate, opts);
    expect(worse.failures.ret1mStdBps).toBe(6);
    expect(same.failures.ret1mStdBps ?? 0).toBeLessThan(6);
    expect(worse.mean).toBeLessThan(same.mean);
  });

  it('the trial variants derive their parameters from the calibration and validate as scenarios', async () => {
    const { toScenario } = await import('./scenario-mapping.js');
    const { parseScenario } = await import('../scenarios/scenario-schema.js');
    const mapped = toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis });
    for (const [name, v] of Object.entries(TRIAL_VARIANTS)) expect(() => parseScenario(v(mapped, cal), name)).not.toThrow();
    const mk = TRIAL_VARIANTS.makers!(mapped, cal).agents!.marketMakers!;
    expect(mk.halfSpreadTicks).toBeCloseTo((cal.facts.spreadP75Ticks! - 1) / 2, 9);
    expect(mk.quoteSize).toBe(Math.round(Math.exp(mapped.agents!.noise!.limitSize!.logMean!)));
  });
});
