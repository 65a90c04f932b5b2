import { describe, expect, it } from 'vitest';
import { scenarioEnvFactory } from './env-paths.js';
import { ExecutionEnv, type StepResult } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';
import { OBS_DIM } from './observation.js';
import { VecEnv } from './vec-env.js';

const factory = scenarioEnvFactory('calm', 40);
const config: EnvConfigInput = { side: 'buy', quantity: 2_000, startSec: 15, horizonSec: 20, decisions: 5 };
const seeds = [11, 12, 13];
// actions[t][i]: env 0 crosses everything at once (its episode ends at step 0), the others trade slowly.
const actions = [[11, 3, 4], [1, 3, 0], [4, 0, 5], [0, 6, 3]];

describe('VecEnv', () => {
  it('steps N environments in lockstep exactly as N single environments, row-major batches', () => {
    const vec = VecEnv.create(factory, config, 3, { autoReset: true });
    const first = vec.reset(seeds);
    expect(first).toHaveLength(3 * OBS_DIM);
    const singles = seeds.map(() => new ExecutionEnv(factory, config));
    const expectRow = (batch: Float32Array, i: number, row: Float32Array) => expect(batch.subarray(i * OBS_DIM, (i + 1) * OBS_DIM)).toEqual(row);
    singles.forEach((e, i) => expectRow(first, i, e.reset(seeds[i]!)));
    const nextSeed = [...seeds];
    for (const a of actions) {
      const r = vec.step(Int32Array.from(a));
      expect(r.observations).toHaveLength(3 * OBS_DIM);
      singles.forEach((e, i) => {
        const s: StepResult = e.step(a[i]!);
        expect(r.rewards[i]).toBe(s.reward);
        expect(r.dones[i]).toBe(s.done ? 1 : 0);
        expect(r.infos[i]!.seed).toBe(nextSeed[i]);
        if (s.done) {
          // Auto-reset: the row holds the next episode (seed + N), the info the terminal observation.
          expect(r.infos[i]!.terminalObservation).toEqual(s.observation);
          nextSeed[i]! += 3;
          expectRow(r.observations, i, e.reset(nextSeed[i]!));
        } else {
          expect(r.infos[i]).toEqual(s.info);
          expectRow(r.observations, i, s.observation);
        }
      });
    }
    expect(nextSeed[0]).toBeGreaterThan(seeds[0]!);
  });

  it('without auto-reset a finished environment is held: final row, reward 0, done 1', () => {
    const vec = VecEnv.create(factory, config, 2, { autoReset: false });
    vec.reset([21, 22]);
    const a = vec.step([11, 0]);
    expect(Array.from(a.dones)).toEqual([1, 0]);
    const b = vec.step([11, 0]);
    expect(Array.from(b.dones)).toEqual([1, 0]);
    expect(b.rewards[0]).toBe(0);
    expect(b.observations.subarray(0, OBS_DIM)).toEqual(a.observations.subarray(0, OBS_DIM));
    expect(b.infos[0]).toBe(a.infos[0]);
    expect(() => vec.step([0])).toThrow(RangeError);
    expect(() => vec.reset([1])).toThrow(RangeError);
  });

  it('reuseBuffers: the same arrays every step, holding exactly what fresh arrays would', () => {
    const fresh = VecEnv.create(factory, config, 3);
    const reused = VecEnv.create(factory, config, 3, { reuseBuffers: true });
    fresh.reset(seeds);
    reused.reset(seeds);
    let first: ReturnType<typeof reused.step> | null = null;
    for (const a of actions) {
      const f = fresh.step(Int32Array.from(a));
      const r = reused.step(Int32Array.from(a));
      first ??= r;
      for (const k of ['observations', 'rewards', 'dones', 'terminated', 'truncated', 'terminalObservations'] as const) {
        expect(r[k]).toBe(first[k]);
        expect(Array.from(r[k])).toEqual(Array.from(f[k]));
      }
      expect(r.infos).toBe(first.infos);
      expect(r.infos).toEqual(f.infos);
    }
    // Env 0 ended at step 0 and later steps did not end it: the reused rows were cleared in between.
    expect(first!.dones[0]).toBe(0);
  });

  it('takes continuous actions as a flat N × 2 array', () => {
    const vec = VecEnv.create(factory, { ...config, actionSpace: 'continuous' }, 2);
    vec.reset([31, 32]);
    const r = vec.step(Float32Array.from([0.5, 1, 0, 0]));
    expect(r.infos[0]!.action).toEqual({ fraction: 0.5, aggression: 'cross' });
    expect(r.infos[1]!.action).toEqual({ fraction: 0, aggression: 'passive' });
    expect(r.infos[0]!.filled).toBe(1_000);
  });
});
