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
});
