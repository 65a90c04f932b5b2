import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(new Rng(43).nextU32()).not.toBe(xs[0]);
    expect(new Rng('calm').float()).toBe(new Rng('calm').float());
  });

  it('forks streams that depend on the label, not on draws already made', () => {
    const r = new Rng(7);
    const f1 = r.fork('agent-3').float();
    r.float();
    r.float();
    expect(r.fork('agent-3').float()).toBe(f1);
    expect(r.fork('agent-4').float()).not.toBe(f1);
  });

  it('has the right moments (uniform, normal, exponential, poisson)', () => {
    const r = new Rng(123);
    const n = 200_000;
    let su = 0, sn = 0, sn2 = 0, se = 0, sp = 0;
    for (let i = 0; i < n; i++) {
      const u = r.float();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
      se += r.exponential(4);
      sp += r.poisson(3.5);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
    expect(se / n).toBeCloseTo(0.25, 2);
    expect(sp / n).toBeCloseTo(3.5, 1);
  });

  it('draws integers without bias and rejects a bad bound', () => {
    const r = new Rng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.int(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow('Rng.int: n must be positive, got 0');
  });

  it('getState/setState continue the same stream (cached normal included); reseed restarts a different, reproducible one', () => {
    const r = new Rng(3);
    r.normal(); // leaves a spare normal cached
    const st = r.getState();
    const ahead = [r.normal(), r.float(), r.nextU32()];
    const other = new Rng(99);
    other.setState(st);
    expect([other.normal(), other.float(), other.nextU32()]).toEqual(ahead);
    r.setState(st);
    r.reseed(7);
    const x = [r.nextU32(), r.nextU32()];
    other.setState(st);
    other.reseed(7);
    expect([other.nextU32(), other.nextU32()]).toEqual(x);
    other.setState(st);
    other.reseed(8);
    expect([other.nextU32(), other.nextU32()]).not.toEqual(x);
    expect(r.seed).toBe('3#7');
    const fresh = new Rng('3#7');
    expect([fresh.nextU32(), fresh.nextU32()]).toEqual(x); // reseed = a generator built from the new label
    const twice = new Rng('s');
    twice.reseed(1);
    twice.reseed('b');
    expect(twice.nextU32()).toBe(new Rng('s#1#b').nextU32());
    expect(r.fork('a').nextU32()).toBe(new Rng('3#7/a').nextU32());
  });
  it('int(n) gives exactly the rejection-sampled x % n of the float-remainder rule (integer fast path)', () => {
    // Reference: the rule written with float remainders, on a twin stream.
    const ref = (r: Rng, n: number): number => {
      const limit = 4294967296 - (4294967296 % n);
      let x = r.nextU32();
      while (x >= limit) x = r.nextU32();
      return x % n;
    };
    const ns = [1, 2, 3, 7, 10, 800, 1000, 65_537, 1_000_003, 2 ** 30 + 3, 2 ** 31 - 1, 3_000_000_019, 2 ** 32, 2.5];
    for (const n of ns) {
      const a = new Rng(`int-${n}`);
      const b = new Rng(`int-${n}`);
      const got = Array.from({ length: 20_000 }, () => a.int(n));
      expect(got).toEqual(Array.from({ length: 20_000 }, () => ref(b, n)));
      expect(a.nextU32()).toBe(b.nextU32()); // the same number of words drawn (rejections included)
    }
  });
});
