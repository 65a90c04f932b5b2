import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../cartpole/cartpole-env.js';
import { ReplayableBatchEnv } from './replayable-batch-env.js';
import { decodeState, encodeState } from './state-codec.js';

describe('state codec', () => {
  it('round-trips typed arrays, NaN, ±Infinity and −0 bit for bit', () => {
    const x = {
      a: Float32Array.from([1.5, NaN, -0]), b: [Float64Array.from([Math.PI, 1e-300]), Int32Array.from([-7, 2 ** 31 - 1])], u: Uint8Array.from([1, 2, 3]),
      n: NaN, inf: Infinity, ninf: -Infinity, z: -0, s: 'seed#1', t: true, nul: null, nested: { deep: [0.1 + 0.2, 2 ** 53 + 2] },
    };
    const { json, bin } = encodeState(x);
    const y = decodeState(json, bin, 'state.json') as typeof x;
    expect(y).toEqual(x);
    expect(Object.is(y.z, -0)).toBe(true);
    expect(Object.is(y.a[2], -0)).toBe(true);
    expect(y.nested.deep[0]).toBe(0.1 + 0.2);
  });

  it('names the file when the blob is truncated', () => {
    const { json, bin } = encodeState({ w: new Float64Array(10) });
    expect(() => decodeState(json, bin.subarray(0, 40), '/x/state.json')).toThrow(/\/x\/state\.json: an array reaches byte 80 of a 40-byte state blob \(truncated\)/);
    expect(() => decodeState('{', bin, '/x/state.json')).toThrow(/\/x\/state\.json: not valid JSON/);
  });
});

describe('ReplayableBatchEnv', () => {
  it('restore(snapshot()) continues exactly as the original, mid-episode and across auto-resets', () => {
    const make = () => new ReplayableBatchEnv([new CartPoleEnv(), new CartPoleEnv(), new CartPoleEnv()]);
    const acts = (t: number) => [t % 2, (t >> 1) % 2, (t * 7) % 3 === 0 ? 1 : 0];
    const a = make();
    let last = Float32Array.from(a.reset([10, 11, 12]));
    for (let t = 0; t < 57; t++) last = Float32Array.from(a.step(acts(t)).observations);
    const snap = a.snapshot();
    expect(snap.counts.some((c) => c > 0)).toBe(true);
    const b = make();
    expect(Array.from(b.restore(snap))).toEqual(Array.from(last));
    let dones = 0;
    for (let t = 57; t < 300; t++) {
      const sa = a.step(acts(t));
      const oa = Array.from(sa.observations), ta = Array.from(sa.terminated), ra = Array.from(sa.rewards);
      dones += sa.dones.reduce((x, y) => x + y, 0);
      const sb = b.step(acts(t));
      expect(Array.from(sb.observations)).toEqual(oa);
      expect(Array.from(sb.terminated)).toEqual(ta);
      expect(Array.from(sb.rewards)).toEqual(ra);
    }
    expect(dones).toBeGreaterThan(3);
  });

  it('matches single CartPoleEnvs given the same seeds and actions (VecEnv seeding: +N per episode)', () => {
    const batch = new ReplayableBatchEnv([new CartPoleEnv(), new CartPoleEnv()]);
    const single = new CartPoleEnv();
    batch.reset([5, 6]);
    let seed = 5;
    single.reset(seed);
    for (let t = 0; t < 200; t++) {
      const s = batch.step([1, 0]);
      const r = single.stepInPlace(1);
      if (r.done) {
        expect(Array.from(s.terminalObservations.subarray(0, 4))).toEqual(Array.from(single.observation));
        seed += 2;
        single.reset(seed);
      }
      expect(Array.from(s.observations.subarray(0, 4))).toEqual(Array.from(single.observation));
    }
  });
});
