import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { abmEnvFactory } from './abm-env-path.js';
import { scenarioEnvPath } from './env-paths.js';
import { ExecutionEnv, type EnvAction } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';
import { OBS, OBS_DIM } from './observation.js';
import { envFactoryOf, type EnvSpec } from './env-spec.js';
import { ThreadedVecEnv } from './threaded-vec-env.js';
import { INFO_DIM, writeInfo } from './vec-env-shared.js';
import { VecEnv } from './vec-env.js';

// The env bench's setup: calm, 60 s, decisions every 3 s from 20 s (the fork) to 50 s.
const config: EnvConfigInput = { side: 'buy', quantity: 3_000, startSec: 20, horizonSec: 30, decisions: 10 };
const policy = (k: number): EnvAction => encodeDiscrete(k % 4, k % 3, DEFAULT_ACTIONS);

function episode(env: ExecutionEnv, seed: number) {
  const obs = [Array.from(env.reset(seed))];
  const rewards: number[] = [];
  const filled: number[] = [];
  for (let k = 0; !env.done; k++) {
    const r = env.step(policy(k));
    obs.push(Array.from(r.observation));
    rewards.push(r.reward);
    filled.push(r.info.filled);
  }
  return { obs, rewards, filled };
}

describe('abmEnvFactory (resets from snapshots)', () => {
  it('a look-back that reaches the path\'s start (t = 0) reads the shared history, also on a reused market', () => {
    // startSec 15 with 3 s decisions: the volatility warm-up samples the mid at 0, 3, …, 12 s.
    const early: EnvConfigInput = { ...config, startSec: 15 };
    const fresh = episode(new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 15 }), early), 7);
    const env = new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 15 }), early);
    episode(env, 3); // the market ends this episode at 45 s and goes back to the pool
    expect(episode(env, 7)).toEqual(fresh);
  });

  it('an episode is the same whether its market was simulated (first use) or copied from the cache (reuse)', () => {
    const env = new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 20 }), config);
    const first = episode(env, 1); // simulates the shared history, caching every look-back time
    const other = episode(env, 2);
    const again = episode(env, 1); // every look-back time and the fork restored from the cache
    expect(again).toEqual(first);
    expect(other.obs[0]).toEqual(first.obs[0]); // the shared history: same first observation
    expect(other.rewards).not.toEqual(first.rewards); // the reseeded futures differ
    expect(first.obs[0]![OBS.volume]).toBeGreaterThan(0); // the look-back's trades reached the tape
    // A fresh factory (another pooled market) gives the same episode for the same seed.
    expect(episode(new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 20 }), config), 1)).toEqual(first);
  });

  it('the shared history is the bank seed’s scenario path, event for event', () => {
    const path = abmEnvFactory('calm', 60, { forkSec: 20, bankSeed: 4 })(9);
    const ref = scenarioEnvPath('calm', 60, 4);
    for (const t of [5e9, 12e9, 19.5e9]) {
      path.advanceTo(t);
      ref.advanceTo(t);
      expect(path.events()).toBe(ref.events());
      expect(path.venue.book.bestBid()).toBe(ref.venue.book.bestBid());
      expect(path.venue.book.bestAsk()).toBe(ref.venue.book.bestAsk());
    }
  });

  it('refuses orders before the fork', () => {
    const env = new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 20 }), { ...config, startSec: 10 });
    env.reset(1);
    expect(() => {
      while (!env.done) env.step(encodeDiscrete(3, 2, DEFAULT_ACTIONS));
    }).toThrow(/before the fork/);
  });

  it('environments sharing one factory (VecEnv, auto-reset) each get their own pooled market: rows as single environments', () => {
    const seeds = [3, 4, 5];
    const vec = VecEnv.create(abmEnvFactory('calm', 60, { forkSec: 20 }), config, 3, { autoReset: true });
    const singles = seeds.map(() => new ExecutionEnv(abmEnvFactory('calm', 60, { forkSec: 20 }), config));
    const first = vec.reset(seeds);
    singles.forEach((e, i) => expect(Array.from(first.subarray(i * OBS_DIM, (i + 1) * OBS_DIM))).toEqual(Array.from(e.reset(seeds[i]!))));
    const next = [...seeds];
    let resets = 0;
    for (let k = 0; k < 12; k++) {
      const a = seeds.map((_, i) => (k + i) % 7);
      const r = vec.step(Int32Array.from(a));
      singles.forEach((e, i) => {
        const s = e.step(a[i]!);
        expect(r.rewards[i]).toBe(s.reward);
        if (s.done) {
          next[i]! += seeds.length; // the batch auto-resets row i with seed + N
          resets++;
          expect(Array.from(r.observations.subarray(i * OBS_DIM, (i + 1) * OBS_DIM))).toEqual(Array.from(e.reset(next[i]!)));
        }
      });
    }
    expect(resets).toBeGreaterThan(0);
  });

  it('a look-back at a time not cached yet, after a cached one, simulates from a whole copied state', () => {
    const f = abmEnvFactory('calm', 60, { forkSec: 20 });
    const first = f(1);
    first.advanceTo(5e9); // simulated and cached
    first.advanceTo(30e9); // forked, episode 1 runs on
    first.release!();
    const second = f(2); // the same pooled market
    second.advanceTo(5e9); // cached: copied in
    second.advanceTo(8e9); // not cached: must start from the whole state at 5 s, not episode 1's
    const ref = abmEnvFactory('calm', 60, { forkSec: 20 })(2);
    ref.advanceTo(8e9);
    expect(second.scheduler.now).toBe(8e9);
    expect(second.events()).toBe(ref.events());
    expect(second.venue.book.bestBid()).toBe(ref.venue.book.bestBid());
    expect(second.venue.book.bestAsk()).toBe(ref.venue.book.bestAsk());
  });

  it('lookBackMid reads a cached look-back without copying the market; the next move starts from a whole copied state', () => {
    const f = abmEnvFactory('calm', 60, { forkSec: 20 });
    const ref = scenarioEnvPath('calm', 60, 1); // the bank seed's history
    ref.advanceTo(5e9);
    const mid5 = ref.venue.book.mid();
    const first = f(1);
    expect(first.lookBackMid!(5e9)).toBe(mid5); // simulated and cached
    first.advanceTo(30e9); // forked, episode 1 runs on
    const after = first.events();
    first.release!();
    const second = f(2); // the same pooled market, still at episode 1's 30 s
    let volume = 0;
    second.trades!.onTrade((_t, _p, size) => void (volume += size));
    expect(second.lookBackMid!(5e9)).toBe(mid5); // from the cache
    expect(second.events()).toBe(after); // nothing was copied or simulated
    expect(volume).toBeGreaterThan(0); // the shared history's trades to 5 s reached the tape
    second.advanceTo(8e9); // not cached: from the whole state at 5 s, not episode 1's
    ref.advanceTo(8e9);
    expect(second.events()).toBe(ref.events());
    expect(second.venue.book.mid()).toBe(ref.venue.book.mid());
    expect(second.lookBackMid!(8e9)).toBe(ref.venue.book.mid());
  });

  it('in ThreadedVecEnv lanes (the env bench\'s abmVecStepsPerSec): bit-identical to the single-threaded VecEnv, auto-reset included', async () => {
    // A shorter session than the bench's (the same fork logic): decisions every 2 s from 6 s.
    const spec: EnvSpec = { market: { kind: 'scenario', name: 'calm', durationSec: 24, forkSec: 6 }, config: { side: 'buy', quantity: 2_000, startSec: 6, horizonSec: 12, decisions: 6 } };
    const n = 4;
    const steps = 14;
    const seeds = [11, 12, 13, 14];
    const act = (k: number, i: number) => (k * 5 + i * 7) % 12;
    const single = VecEnv.create(envFactoryOf(spec.market), spec.config, n);
    const ref: number[][] = [Array.from(single.reset(seeds))];
    const info = new Float64Array(n * INFO_DIM);
    let dones = 0;
    for (let k = 0; k < steps; k++) {
      const r = single.step(Int32Array.from({ length: n }, (_, i) => act(k, i)));
      dones += r.dones.reduce((a, d) => a + d, 0);
      r.infos.forEach((x, i) => writeInfo(info, i, x));
      ref.push([...r.observations, ...r.rewards, ...r.dones, ...info]);
    }
    expect(dones).toBeGreaterThan(0); // auto-reset happened
    const vec = await ThreadedVecEnv.create(spec, n, { workers: 2 });
    lanes.push(vec);
    const got: number[][] = [Array.from(vec.reset(seeds))];
    for (let k = 0; k < steps; k++) {
      const r = vec.step(Int32Array.from({ length: n }, (_, i) => act(k, i)));
      got.push([...r.observations, ...r.rewards, ...r.dones, ...r.info]);
    }
    expect(got).toEqual(ref);
  }, 180_000); // each worker boots from TypeScript sources (tsx): slow on a cold cache under parallel load
});

const lanes: ThreadedVecEnv[] = [];
afterAll(async () => {
  await Promise.all(lanes.map((v) => v.close()));
});
