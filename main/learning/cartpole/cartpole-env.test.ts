import { describe, expect, it } from 'vitest';
import { CARTPOLE, CartPoleEnv } from './cartpole-env.js';
import { CartPoleVecEnv } from './cartpole-vec-env.js';

describe('CartPoleEnv', () => {
  it('first push from rest matches the exact fractions of the dynamics', () => {
    const env = new CartPoleEnv();
    env.setState([0, 0, 0, 0]);
    const r = env.step(1);
    // temp = 100/11, θ̈ = −(100/11)/(41/66) = −600/41, ẍ = 100/11 + (1/22)(600/41) = 4400/451.
    expect(env.state[0]).toBe(0);
    expect(env.state[1]).toBeCloseTo((0.02 * 4400) / 451, 14);
    expect(env.state[2]).toBe(0);
    expect(env.state[3]).toBeCloseTo((0.02 * -600) / 41, 14);
    expect(r.reward).toBe(1);
    expect(r.done).toBe(false);
    expect(r.observation).toEqual(Float32Array.from(env.state));
  });

  it('three steps from a tilted state match an independent computation (Python, Gymnasium formulas)', () => {
    const env = new CartPoleEnv();
    env.setState([0.01, -0.02, 0.03, 0.04]);
    const expected = [
      [0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081],
      [0.013093583914951107, -0.020868848948191993, 0.025938625640799837, 0.0591679999394166],
      [0.012676206935987267, -0.21635292104612766, 0.02712198563958817, 0.3599205713784138],
    ];
    [1, 0, 0].forEach((a, k) => {
      env.step(a);
      for (let i = 0; i < 4; i++) expect(env.state[i]).toBeCloseTo(expected[k]![i]!, 13);
    });
  });

  it('terminates when the pole passes 12° and refuses to step again', () => {
    const env = new CartPoleEnv();
    env.setState([0, 0, CARTPOLE.thetaThresholdRad - 0.001, 1]);
    const r = env.step(0);
    expect(r.done).toBe(true);
    expect(r.info).toMatchObject({ terminated: true, truncated: false, step: 1 });
    expect(r.reward).toBe(1);
    expect(() => env.step(0)).toThrow(/done/);
  });

  it('terminates when the cart leaves the track (|x| > 2.4)', () => {
    const env = new CartPoleEnv();
    env.setState([-2.39, -1, 0, 0]);
    expect(env.step(1).info).toMatchObject({ terminated: true, truncated: false });
  });

  it('a balancing controller is truncated (not terminated) at exactly 500 steps', () => {
    const env = new CartPoleEnv();
    let obs = env.reset(7);
    let steps = 0;
    for (;;) {
      const r = env.step(obs[2]! + 0.5 * obs[3]! + 0.01 * obs[0]! + 0.1 * obs[1]! > 0 ? 1 : 0);
      steps++;
      obs = r.observation;
      if (r.done) {
        expect(r.info).toMatchObject({ terminated: false, truncated: true, step: 500 });
        break;
      }
    }
    expect(steps).toBe(500);
  });

  it('reset draws the initial state uniformly in [−0.05, 0.05) from the seed, reproducibly', () => {
    const a = new CartPoleEnv().reset(42);
    expect(new CartPoleEnv().reset(42)).toEqual(a);
    expect(new CartPoleEnv().reset(43)).not.toEqual(a);
    for (const v of a) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
    expect(() => new CartPoleEnv().step(0)).toThrow(/reset/);
    const env = new CartPoleEnv();
    env.reset(1);
    expect(() => env.step(2)).toThrow(/0 or 1/);
  });
});

describe('CartPoleVecEnv', () => {
  it('auto-resets with seed + N, reports terminal observations, and matches single envs', () => {
    const vec = new CartPoleVecEnv(3, { maxSteps: 20 });
    const single = [0, 1, 2].map(() => new CartPoleEnv(20));
    const seeds = [10, 11, 12];
    vec.reset(seeds);
    single.forEach((e, i) => e.reset(seeds[i]!));
    let dones = 0;
    for (let t = 0; t < 60; t++) {
      const actions = [t % 2, (t >> 1) % 2, 1];
      const r = vec.step(actions);
      for (let i = 0; i < 3; i++) {
        const s = single[i]!.step(actions[i]!);
        expect(r.dones[i]).toBe(s.done ? 1 : 0);
        expect(r.terminated[i]).toBe(s.info.terminated ? 1 : 0);
        expect(r.truncated[i]).toBe(s.info.truncated ? 1 : 0);
        if (s.done) {
          dones++;
          expect(r.terminalObservations.subarray(i * 4, i * 4 + 4)).toEqual(s.observation);
          seeds[i]! += 3;
          expect(r.observations.subarray(i * 4, i * 4 + 4)).toEqual(single[i]!.reset(seeds[i]!));
        } else {
          expect(r.observations.subarray(i * 4, i * 4 + 4)).toEqual(s.observation);
        }
      }
    }
    expect(dones).toBeGreaterThan(3);
  });
});
