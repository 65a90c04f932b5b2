import type { BatchStep } from './batch-env.js';

/**
 * Sums each env's rewards into episode returns and lengths across `BatchStep`s.
 * Invariant: `completed` lists finished episodes in the order they ended (lower env index first
 * within one step); `drain()` empties it.
 */
export class EpisodeTracker {
  private readonly ret: Float64Array;
  private readonly len: Int32Array;
  completed: Array<{ return: number; length: number }> = [];
  total = 0;

  constructor(readonly n: number) {
    this.ret = new Float64Array(n);
    this.len = new Int32Array(n);
  }

  record(s: BatchStep): void {
    for (let i = 0; i < this.n; i++) {
      this.ret[i]! += s.rewards[i]!;
      this.len[i]!++;
      if (s.dones[i]) {
        this.completed.push({ return: this.ret[i]!, length: this.len[i]! });
        this.total++;
        this.ret[i] = 0;
        this.len[i] = 0;
      }
    }
  }

  drain(): Array<{ return: number; length: number }> {
    const c = this.completed;
    this.completed = [];
    return c;
  }
}
