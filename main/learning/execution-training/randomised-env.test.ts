import { describe, expect, it } from 'vitest';
import { testParams } from '../../market/queue-reactive/qr-test-params.js';
import { resolveTrainingConfig } from '../train/training-config.js';
import { DEFAULT_ACTING_ENV, DEFAULT_EPISODES, executionTrainingConfig, executionTrainingEnv } from './default-preset.js';
import { drawEpisode, RandomisedExecutionEnv, type EpisodeDistribution } from './randomised-env.js';
import { qrEnvFactory } from '../env/qr-env-path.js';

const dist: EpisodeDistribution = { ...DEFAULT_EPISODES, horizonSec: [60, 120], horizonStepSec: 30, startSec: 10 };
const markets = [{ name: 'test', volumePerSec: 50, factory: qrEnvFactory(testParams(), { durationSec: 140, warmUpSec: 120, everySec: 30, snapshots: 8 }) }];

describe('drawEpisode', () => {
  it('draws sides, sizes 1–10 % of the expected volume and horizons in range, deterministically per seed', () => {
    const draws = Array.from({ length: 400 }, (_, s) => drawEpisode(s, DEFAULT_EPISODES, [{ volumePerSec: 34.6 }]));
    expect(draws.map((d) => JSON.stringify(d))).toEqual(Array.from({ length: 400 }, (_, s) => JSON.stringify(drawEpisode(s, DEFAULT_EPISODES, [{ volumePerSec: 34.6 }]))));
    for (const d of draws) {
      expect(d.participation).toBeGreaterThanOrEqual(0.01);
      expect(d.participation).toBeLessThanOrEqual(0.1);
      expect(d.horizonSec % 60).toBe(0);
      expect(d.horizonSec).toBeGreaterThanOrEqual(600);
      expect(d.horizonSec).toBeLessThanOrEqual(1800);
      expect(d.quantity).toBe(Math.max(1, Math.round(d.participation * 34.6 * d.horizonSec)));
    }
    const buys = draws.filter((d) => d.side === 'buy').length;
    expect(buys).toBeGreaterThan(150);
    expect(buys).toBeLessThan(250);
    // Log-uniform: about half the orders below √(1 % × 10 %) ≈ 3.16 %.
    const small = draws.filter((d) => d.participation < Math.sqrt(0.001)).length;
    expect(small).toBeGreaterThan(150);
    expect(small).toBeLessThan(250);
  });

  it('draws markets in proportion to their weights (a weight of 0 is never drawn); sizes from the drawn market\'s volume', () => {
    const ms = [{ volumePerSec: 10, weight: 7 }, { volumePerSec: 1000, weight: 1 }, { volumePerSec: 5, weight: 0 }];
    const draws = Array.from({ length: 4000 }, (_, s) => drawEpisode(s, DEFAULT_EPISODES, ms));
    const n = [0, 1, 2].map((k) => draws.filter((d) => d.market === k).length);
    expect(n[2]).toBe(0);
    // 7 : 1 → 3,500 : 500 expected; binomial sd ≈ 21.
    expect(n[0]).toBeGreaterThan(3400);
    expect(n[0]).toBeLessThan(3600);
    for (const d of draws) expect(d.quantity).toBe(Math.max(1, Math.round(d.participation * ms[d.market]!.volumePerSec * d.horizonSec)));
    expect(() => new RandomisedExecutionEnv([{ ...markets[0]!, weight: -1 }], DEFAULT_ACTING_ENV, dist)).toThrow(/markets\[0\] \(test\) weight -1 must be ≥ 0/);
    expect(() => new RandomisedExecutionEnv([{ ...markets[0]!, weight: 0 }], DEFAULT_ACTING_ENV, dist)).toThrow(/weights must not all be 0/);
  });

  it('refuses a bad distribution naming the field and the limit', () => {
    expect(() => new RandomisedExecutionEnv(markets, DEFAULT_ACTING_ENV, { ...dist, participation: [0.2, 0.1] })).toThrow(/participation \[0.2, 0.1\] must satisfy 0 < lo ≤ hi ≤ 1/);
    expect(() => new RandomisedExecutionEnv(markets, DEFAULT_ACTING_ENV, { ...dist, sides: [] })).toThrow(/sides/);
    expect(() => new RandomisedExecutionEnv([{ ...markets[0]!, volumePerSec: 0 }], DEFAULT_ACTING_ENV, dist)).toThrow(/markets\[0\] \(test\) volumePerSec 0 must be > 0/);
  });
});

describe('RandomisedExecutionEnv', () => {
  it('gives every episode its drawn order and is deterministic in seed + actions', () => {
    const run = () => {
      const env = new RandomisedExecutionEnv(markets, DEFAULT_ACTING_ENV, dist);
      const out: number[] = [];
      for (const seed of [3, 4, 5]) {
        out.push(...env.reset(seed));
        expect(env.episode).toEqual(drawEpisode(seed, dist, markets));
        for (let k = 0; ; k++) {
          const r = env.stepInPlace(k % 12);
          out.push(r.reward, ...env.observation);
          if (r.done) break;
        }
      }
      return out;
    };
    const a = run();
    expect(a.every(Number.isFinite)).toBe(true);
    expect(run()).toEqual(a);
  });
});

describe('executionTrainingConfig / executionTrainingEnv', () => {
  it('is a valid training config that rebuilds the env from the config alone', () => {
    const config = resolveTrainingConfig(executionTrainingConfig([{ name: 't', params: testParams(), volumePerSec: 50 }], { steps: 100, seed: 3, episodes: dist }));
    const f = executionTrainingEnv(config);
    const env = f.single();
    expect(env.obsDim).toBe(18);
    expect(env.actionSpace).toEqual({ kind: 'discrete', n: 12 });
    expect(f.dataHash).toMatch(/^[0-9a-f]{64}$/);
    const obs = env.reset(1);
    expect(obs[0]).toBe(1); // time left at the start
    expect(obs[1]).toBe(1); // inventory left at the start
  });
});
