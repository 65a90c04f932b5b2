import { describe, expect, it } from 'vitest';
import { runBookBench } from './book-bench.js';

describe('book benchmark (smoke)', () => {
  it('runs the same stream on both books and they end in the same state', async () => {
    const r = (await runBookBench({ ops: 30_000, reps: 2, theirsOps: 30_000 })) as {
      statesMatch: boolean; ours: { opsPerSec: number; fills: number }; stream: { avgLiveOrders: number };
    };
    expect(r.statesMatch).toBe(true);
    expect(r.ours.opsPerSec).toBeGreaterThan(0);
    expect(r.ours.fills).toBeGreaterThan(0);
    expect(r.stream.avgLiveOrders).toBeGreaterThan(500);
  });
});
