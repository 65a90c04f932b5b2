import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('pops by time, ties in push order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }), (times) => {
        const q = new EventQueue();
        times.forEach((t, i) => q.push(t, i));
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((e) => e.i);
        const got: number[] = [];
        while (q.size > 0) got.push(q.pop());
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('interleaves pushes and pops correctly and reports the popped time', () => {
    const q = new EventQueue();
    q.push(10, 1);
    q.push(5, 2);
    expect(q.pop()).toBe(2);
    expect(q.time).toBe(5);
    q.push(7, 3);
    q.push(10, 4);
    expect([q.pop(), q.pop(), q.pop()]).toEqual([3, 1, 4]);
    expect(q.peekTime()).toBe(Infinity);
    expect(() => q.pop()).toThrow('EventQueue.pop: the queue is empty');
  });

  it('interleaved pushes and pops match a sorted reference (property; exercises every child count of the 4-ary heap)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 2000 }), (ops) => {
        const q = new EventQueue();
        const ref: Array<{ t: number; i: number }> = [];
        ops.forEach((op, i) => {
          if (op >= 0) {
            q.push(op, i);
            ref.push({ t: op, i });
          } else if (ref.length > 0) {
            ref.sort((a, b) => a.t - b.t || a.i - b.i);
            const want = ref.shift()!;
            expect(q.pop()).toBe(want.i);
            expect(q.time).toBe(want.t);
          }
          expect(q.size).toBe(ref.length);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('matches a sorted reference over the whole time range: same bucket, other buckets, a wheel lap and more ahead, the past (property)', () => {
    // Offsets from the last popped time, in ns: ties, within a 1 ms bucket, across buckets,
    // around the ~8.6 s window (2^33 ns) and far beyond it, and before the current time.
    const offset = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 2_000 }),
      fc.integer({ min: 0, max: 50_000_000 }),
      fc.integer({ min: 8_000_000_000, max: 9_500_000_000 }),
      fc.integer({ min: 0, max: 60_000_000_000 }),
      fc.integer({ min: -3_000_000_000, max: 0 }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(offset, fc.constant(null)), { maxLength: 1500 }), (ops) => {
        const q = new EventQueue();
        const ref: Array<{ t: number; i: number }> = [];
        let now = 0;
        ops.forEach((op, i) => {
          if (op !== null) {
            const t = Math.max(0, now + op);
            q.push(t, i);
            ref.push({ t, i });
          } else if (ref.length > 0) {
            ref.sort((a, b) => a.t - b.t || a.i - b.i);
            const want = ref.shift()!;
            expect(q.peekTime()).toBe(want.t);
            expect(q.pop()).toBe(want.i);
            expect(q.time).toBe(want.t);
            now = want.t;
          }
          expect(q.size).toBe(ref.length);
        });
        ref.sort((a, b) => a.t - b.t || a.i - b.i);
        for (const want of ref) expect(q.pop()).toBe(want.i);
        expect(q.peekTime()).toBe(Infinity);
      }),
      { numRuns: 300 },
    );
  });

  it('clear() empties it for reuse', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100; i++) q.push(i * 1e8, i);
    q.pop();
    q.clear();
    expect(q.size).toBe(0);
    q.push(5, 7);
    q.push(5, 8);
    expect([q.pop(), q.pop()]).toEqual([7, 8]);
  });
});
