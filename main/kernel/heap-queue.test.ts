import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HeapQueue } from './heap-queue.js';

// The scheduler's far heap (entries outside its timing wheel); moved here from the removed
// EventQueue's tests, which exercised it through that queue.
describe('HeapQueue', () => {
  it('interleaved pushes and pops match a sorted reference by (time, sequence) (property; every child count of the 4-ary heap, growth past 256)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 2000 }), (ops) => {
        const q = new HeapQueue();
        const ref: Array<{ t: number; i: number }> = [];
        ops.forEach((op, i) => {
          if (op >= 0) {
            q.push(op, i, i);
            ref.push({ t: op, i });
          } else if (ref.length > 0) {
            ref.sort((a, b) => a.t - b.t || a.i - b.i);
            const want = ref.shift()!;
            expect(q.peekTime()).toBe(want.t);
            expect(q.peekSeq()).toBe(want.i);
            expect(q.pop()).toBe(want.i);
            expect([q.time, q.seq]).toEqual([want.t, want.i]);
          }
          expect(q.size).toBe(ref.length);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('orders by the caller’s sequence at equal times, not by push order', () => {
    const q = new HeapQueue();
    q.push(5, 3, 30);
    q.push(5, 1, 10);
    q.push(4, 9, 90);
    q.push(5, 2, 20);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([90, 10, 20, 30]);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.peekSeq()).toBe(Infinity);
  });
});
