import type { Rng } from '../../kernel/rng.js';
import type { NStepTransition } from './n-step.js';
import { SumTree } from './sum-tree.js';

/** A sampled minibatch (fresh arrays); `weights` are the importance weights (all 1 without prioritisation), `indices` the slots to reprioritise. */
export interface ReplaySample {
  readonly obs: Float32Array;
  readonly actions: Int32Array;
  readonly returns: Float32Array;
  readonly nextObs: Float32Array;
  readonly discounts: Float32Array;
  readonly weights: Float32Array;
  readonly indices: Int32Array;
}

/**
 * A ring buffer of n-step transitions in typed arrays; the oldest is overwritten when full.
 * Uniform sampling, or proportional prioritised replay (Schaul et al. 2016): P(i) = p_i^α / Σ p^α,
 * stratified over `batch` equal segments, importance weights (N·P(i))^−β / max_j (N·P(j))^−β
 * over the batch; new transitions get the largest priority seen so far.
 * Invariant: every draw comes from the given `Rng` (same seed ⇒ same batches).
 */
export class ReplayBuffer {
  private readonly obs: Float32Array;
  private readonly next: Float32Array;
  private readonly act: Int32Array;
  private readonly ret: Float32Array;
  private readonly disc: Float32Array;
  private readonly tree: SumTree | null;
  private maxPriority = 1;
  private pos = 0;
  size = 0;

  constructor(readonly capacity: number, readonly obsDim: number, readonly alpha: number | null = null) {
    this.obs = new Float32Array(capacity * obsDim);
    this.next = new Float32Array(capacity * obsDim);
    this.act = new Int32Array(capacity);
    this.ret = new Float32Array(capacity);
    this.disc = new Float32Array(capacity);
    this.tree = alpha === null ? null : new SumTree(capacity);
  }

  add(t: NStepTransition): void {
    const i = this.pos;
    this.obs.set(t.obs, i * this.obsDim);
    this.next.set(t.nextObs, i * this.obsDim);
    this.act[i] = t.action;
    this.ret[i] = t.ret;
    this.disc[i] = t.discount;
    this.tree?.set(i, this.maxPriority ** this.alpha!);
    this.pos = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  sample(batch: number, rng: Rng, beta = 1): ReplaySample {
    if (this.size === 0) throw new Error('ReplayBuffer.sample: the buffer is empty');
    const d = this.obsDim;
    const s: ReplaySample = {
      obs: new Float32Array(batch * d), actions: new Int32Array(batch), returns: new Float32Array(batch),
      nextObs: new Float32Array(batch * d), discounts: new Float32Array(batch), weights: new Float32Array(batch).fill(1), indices: new Int32Array(batch),
    };
    const tree = this.tree;
    let maxW = 0;
    for (let b = 0; b < batch; b++) {
      let i: number;
      if (tree) {
        const seg = tree.total / batch;
        i = Math.min(tree.find((b + rng.float()) * seg), this.size - 1);
        const w = (this.size * (tree.get(i) / tree.total)) ** -beta;
        s.weights[b] = w;
        maxW = Math.max(maxW, w);
      } else {
        i = rng.int(this.size);
      }
      s.indices[b] = i;
      s.obs.set(this.obs.subarray(i * d, (i + 1) * d), b * d);
      s.nextObs.set(this.next.subarray(i * d, (i + 1) * d), b * d);
      s.actions[b] = this.act[i]!;
      s.returns[b] = this.ret[i]!;
      s.discounts[b] = this.disc[i]!;
    }
    if (tree) for (let b = 0; b < batch; b++) s.weights[b]! /= maxW;
    return s;
  }

  /** Prioritised replay: sets the priorities of sampled slots to |TD error| + eps. */
  updatePriorities(indices: Int32Array, tdErrors: ArrayLike<number>, eps: number): void {
    if (!this.tree) return;
    for (let b = 0; b < indices.length; b++) {
      const p = Math.abs(tdErrors[b]!) + eps;
      this.maxPriority = Math.max(this.maxPriority, p);
      this.tree.set(indices[b]!, p ** this.alpha!);
    }
  }
}
