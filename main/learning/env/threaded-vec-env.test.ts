import { afterAll, describe, expect, it } from 'vitest';
import { Ppo } from '../ppo/ppo.js';
import { selectTfBackend } from '../tf-backend.js';
import { CartPoleVecEnv } from '../cartpole/cartpole-vec-env.js';
import { testParams } from '../../market/queue-reactive/qr-test-params.js';
import { envFactoryOf, type EnvSpec } from './env-spec.js';
import { awaitSequence, ThreadedVecEnv } from './threaded-vec-env.js';
import { CARTPOLE_INFO, INFO_DIM, writeInfo } from './vec-env-shared.js';
import { VecEnv } from './vec-env.js';

const spec: EnvSpec = {
  market: { kind: 'queue-reactive', params: testParams(), options: { durationSec: 40, warmUpSec: 60, everySec: 10, snapshots: 8 } },
  config: { side: 'sell', quantity: 800, startSec: 6, horizonSec: 24, decisions: 8 },
};
const N = 7;
const STEPS = 60;

/** A fixed pseudo-random action table (LCG), the same for both runs. */
function actions(n: number, steps: number): Int32Array {
  const a = new Int32Array(n * steps);
  let x = 99;
  for (let i = 0; i < a.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    a[i] = x % 12;
  }
  return a;
}

const open: ThreadedVecEnv[] = [];
afterAll(async () => {
  await Promise.all(open.map((v) => v.close()));
});

describe('ThreadedVecEnv', () => {
  it('gives bit-identical observations, rewards, dones and infos to the single-threaded VecEnv (1 to 3 lanes, with and without the calling thread, auto-reset)', async () => {
    const acts = actions(N, STEPS);
    const seeds = Array.from({ length: N }, (_, i) => 100 + i);
    const single = VecEnv.create(envFactoryOf(spec.market), spec.config, N);
    const ref: number[][] = [];
    const info = new Float64Array(N * INFO_DIM);
    ref.push(Array.from(single.reset(seeds)));
    let episodes = 0;
    for (let k = 0; k < STEPS; k++) {
      const r = single.step(acts.subarray(k * N, (k + 1) * N));
      r.infos.forEach((s, i) => writeInfo(info, i, s));
      const term: number[] = [];
      r.infos.forEach((s) => s.terminalObservation && term.push(...s.terminalObservation));
      episodes += r.dones.reduce((a, d) => a + d, 0);
      ref.push([...r.observations, ...r.rewards, ...r.dones, ...info, ...term]);
    }
    expect(episodes).toBeGreaterThan(N); // auto-reset happened in the run
    for (const [workers, callerRuns] of [[2, true], [3, true], [2, false], [1, true]] as const) {
      const vec = await ThreadedVecEnv.create(spec, N, { workers, callerRuns });
      open.push(vec);
      expect(vec.workers).toBe(workers);
      const got: number[][] = [Array.from(vec.reset(seeds))];
      for (let k = 0; k < STEPS; k++) {
        const r = vec.step(acts.subarray(k * N, (k + 1) * N));
        const term: number[] = [];
        for (let i = 0; i < N; i++) if (r.dones[i]) term.push(...r.terminalObservations.subarray(i * vec.obsDim, (i + 1) * vec.obsDim));
        got.push([...r.observations, ...r.rewards, ...r.dones, ...r.info, ...term]);
      }
      // toEqual on numbers compares with Object.is: NaN = NaN, and any bit of difference fails.
      expect(got).toEqual(ref);
      // Every thread counted every round (reset + steps); the calling thread's lane spent time stepping.
      const tm = vec.timing();
      expect(tm.rounds).toBe(STEPS + 1);
      expect(tm.workers.map((w) => w.rounds)).toEqual(new Array(workers - (callerRuns ? 1 : 0)).fill(STEPS + 1));
      expect(tm.workers.every((w) => w.busyMs > 0)).toBe(true);
      expect(tm.callerBusyMs > 0).toBe(callerRuns);
    }
  }, 180_000); // each worker boots from TypeScript sources (tsx compiles the env's imports): slow on a cold cache under parallel load

  it('refuses a negative spin or a young generation under 1 MiB before any thread starts', async () => {
    await expect(ThreadedVecEnv.create(spec, 2, { spinMicros: -1 })).rejects.toThrow(/spinMicros -1 must be a number ≥ 0/);
    await expect(ThreadedVecEnv.create(spec, 2, { youngGenerationMb: 0 })).rejects.toThrow(/youngGenerationMb 0 must be a number ≥ 1/);
  });

  it('reports an environment error from a worker with its message, and checks the action count', async () => {
    const vec = await ThreadedVecEnv.create(spec, 2, { workers: 2, callerRuns: true });
    open.push(vec);
    expect(() => vec.step(new Int32Array(2))).toThrow(/calling thread \(envs 0-0\): VecEnv: call reset\(seeds\) first; worker 0 \(envs 1-1\): VecEnv: call reset/);
    expect(() => vec.step(new Int32Array(3))).toThrow(/3 action numbers for 2 environments/);
    vec.reset([1, 2]);
    expect(() => vec.step(new Int32Array([0, 99]))).toThrow(/^ThreadedVecEnv: worker 0 \(envs 1-1\): action: discrete index 99 outside \[0, 12\)$/);
  }, 180_000); // each worker boots from TypeScript sources (tsx compiles the env's imports): slow on a cold cache under parallel load

  it('runs CartPole too ({ kind: cartpole }): bit-identical to the single-threaded CartPoleVecEnv, terminated and truncated apart', async () => {
    const n = 5, steps = 60;
    const seeds = [3, 4, 5, 6, 7];
    // A balancing controller for even envs (reaches the 20-step limit: truncated), a fixed push for odd ones (falls: terminated).
    const policy = (obs: Float32Array, i: number) => (i % 2 === 1 ? 1 : obs[i * 4 + 2]! + 0.5 * obs[i * 4 + 3]! > 0 ? 1 : 0);
    const run = (step: (a: Int32Array) => { observations: Float32Array; rewards: Float64Array; dones: Uint8Array; terminated: Uint8Array; truncated: Uint8Array; terminalObservations: Float32Array }, first: Float32Array, info: (i: number) => number[]) => {
      const rows: number[][] = [Array.from(first)];
      let obs = Float32Array.from(first);
      const counts = { terminated: 0, truncated: 0 };
      for (let k = 0; k < steps; k++) {
        const a = Int32Array.from({ length: n }, (_, i) => policy(obs, i));
        const r = step(a);
        const term: number[] = [];
        for (let i = 0; i < n; i++) if (r.dones[i]) term.push(...r.terminalObservations.subarray(i * 4, i * 4 + 4));
        counts.terminated += r.terminated.reduce((x, y) => x + y, 0);
        counts.truncated += r.truncated.reduce((x, y) => x + y, 0);
        rows.push([...r.observations, ...r.rewards, ...r.dones, ...r.terminated, ...r.truncated, ...term, ...Array.from({ length: n }, (_, i) => info(i)).flat()]);
        obs = Float32Array.from(r.observations);
      }
      return { rows, counts };
    };
    const single = new CartPoleVecEnv(n, { maxSteps: 20 });
    let last: ReturnType<CartPoleVecEnv['step']> | null = null;
    const out = new Float64Array(4);
    const ref = run((a) => (last = single.step(a)), single.reset(seeds), (i) => {
      CARTPOLE_INFO.write(out, 0, last!.infos[i]!);
      return Array.from(out);
    });
    expect(ref.counts.terminated).toBeGreaterThan(0);
    expect(ref.counts.truncated).toBeGreaterThan(0);
    for (const workers of [2, 3]) {
      const vec = await ThreadedVecEnv.create({ kind: 'cartpole', maxSteps: 20 }, n, { workers });
      open.push(vec);
      expect([vec.obsDim, vec.actionCount, vec.infoDim]).toEqual([4, 2, 4]);
      const got = run((a) => vec.step(a), Float32Array.from(vec.reset(seeds)), (i) => Array.from(vec.infoRow(i)));
      expect(got.rows).toEqual(ref.rows);
    }
  }, 180_000); // each worker boots from TypeScript sources (tsx compiles the env's imports): slow on a cold cache under parallel load
});

describe('ThreadedVecEnv lane by lane (beginStep / finishStep)', () => {
  it('gives the same step as step(actions) (auto-reset included), and refuses a lane twice, a finish before every lane, a lane out of range', async () => {
    const n = 5, steps = 40;
    const acts = actions(n, steps);
    const seeds = [11, 12, 13, 14, 15];
    const single = VecEnv.create(envFactoryOf(spec.market), spec.config, n);
    const vec = await ThreadedVecEnv.create(spec, n, { workers: 2 });
    open.push(vec);
    expect(vec.lanes).toEqual([{ lo: 0, hi: 2 }, { lo: 2, hi: 5 }]);
    expect(Array.from(vec.reset(seeds))).toEqual(Array.from(single.reset(seeds)));
    const info = new Float64Array(n * INFO_DIM);
    let dones = 0;
    for (let k = 0; k < steps; k++) {
      const a = acts.subarray(k * n, (k + 1) * n);
      const want = single.step(a);
      want.infos.forEach((x, i) => writeInfo(info, i, x));
      vec.beginStep(1, a); // lanes may start in any order
      vec.beginStep(0, a);
      const got = vec.finishStep();
      dones += want.dones.reduce((x, y) => x + y, 0);
      expect([Array.from(got.observations), Array.from(got.rewards), Array.from(got.dones), Array.from((got as { info: Float64Array }).info)])
        .toEqual([Array.from(want.observations), Array.from(want.rewards), Array.from(want.dones), Array.from(info)]);
    }
    expect(dones).toBeGreaterThan(0);
    vec.beginStep(0, acts.subarray(0, n));
    expect(() => vec.beginStep(0, acts.subarray(0, n))).toThrow(/lane 0 already started/);
    expect(() => vec.finishStep()).toThrow(/every lane must be started first/);
    expect(() => vec.step(acts.subarray(0, n))).toThrow(/not finished/);
    expect(() => vec.beginStep(2, acts.subarray(0, n))).toThrow(/lane 2 must be an integer in \[0, 2\)/);
    vec.beginStep(1, acts.subarray(0, n));
    vec.finishStep();
  }, 180_000); // each worker boots from TypeScript sources (tsx): slow on a cold cache under parallel load
});

describe('PPO on ThreadedVecEnv lanes', () => {
  it('trains the same weights bit for bit as on the single-threaded VecEnv (same seed; 1 and 2 lanes, with and without the calling thread)', async () => {
    await selectTfBackend();
    const config = { seed: 5, numEnvs: 6, numSteps: 16, numMinibatches: 2, updateEpochs: 2 };
    const train = (env: ConstructorParameters<typeof Ppo>[0]) => {
      const ppo = new Ppo(env, config);
      const stats = ppo.train(2 * 6 * 16);
      const h = ppo.weightsSha256();
      ppo.dispose();
      return { h, episodes: stats.reduce((a, s) => a + s.episodes, 0) };
    };
    const ref = train(VecEnv.create(envFactoryOf(spec.market), spec.config, 6, { reuseBuffers: true }));
    expect(ref.episodes).toBeGreaterThan(6); // episodes ended (and auto-reset) during the run
    for (const [workers, callerRuns] of [[2, true], [2, false]] as const) {
      const vec = await ThreadedVecEnv.create(spec, 6, { workers, callerRuns });
      open.push(vec);
      expect(train(vec)).toEqual(ref);
    }
  }, 180_000); // each worker boots from TypeScript sources (tsx): slow on a cold cache under parallel load
});

describe('awaitSequence (the caller waiting for the round\'s answers)', () => {
  it('never sleeps on the answer itself: a lane that answers right after the caller looked does not stall it', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    ctrl[2] = 4; // the previous command's sequence
    const sleptOn: number[] = [];
    let looks = 0;
    // The lane answers (5) just after the caller's first look. A wait on a value still there sleeps
    // (here: records it and returns 'timed-out', as the real one would after 120 s).
    const load = (a: Int32Array, i: number) => {
      const v = Atomics.load(a, i);
      if (++looks === 1) Atomics.store(a, i, 5);
      return v;
    };
    const wait = (a: Int32Array, i: number, v: number) => {
      if (Atomics.load(a, i) !== v) return 'not-equal';
      sleptOn.push(v);
      return 'timed-out';
    };
    expect(awaitSequence(ctrl, 2, 5, 120_000, wait, load)).toBe(true);
    expect(sleptOn).toEqual([]);
  });

  it('counts answers across the int32 wrap: a counter past the round\'s count has reached it, one short has not', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    const max = 2 ** 31 - 1;
    ctrl[0] = (max + 2) | 0; // two answers after INT32_MAX: wrapped to −2147483647
    expect(awaitSequence(ctrl, 0, (max + 1) | 0, 5)).toBe(true); // passed (the last of the round may have added more)
    expect(awaitSequence(ctrl, 0, (max + 2) | 0, 5)).toBe(true); // reached exactly
    expect(awaitSequence(ctrl, 0, (max + 3) | 0, 5)).toBe(false); // one short: waits, then times out
  });

  it('gives up after the timeout when the lane never answers', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    expect(awaitSequence(ctrl, 0, 1, 5)).toBe(false);
  });
});
