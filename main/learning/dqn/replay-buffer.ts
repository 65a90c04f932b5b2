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

/** A `ReplayBuffer`'s contents (`size` rows), ring position and priorities: what a checkpoint keeps. */
export interface ReplayBufferState {
  readonly capacity: number;
  readonly size: number;
  readonly pos: number;
  readonly maxPriority: number;
  readonly obs: Float32Array;
  readonly next: Float32Array;
  readonly act: Int32Array;
  readonly ret: Float32Array;
  readonly disc: Float32Array;
  readonly tree: Float64Array | null;
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

  /** The filled part of the buffer, its ring position and priorities (copies), for checkpoints. */
  getState(): ReplayBufferState {
    const rows = this.size, d = this.obsDim;
    return {
      capacity: this.capacity, size: this.size, pos: this.pos, maxPriority: this.maxPriority,
      obs: this.obs.slice(0, rows * d), next: this.next.slice(0, rows * d), act: this.act.slice(0, rows),
      ret: this.ret.slice(0, rows), disc: this.disc.slice(0, rows), tree: this.tree?.getState() ?? null,
    };
  }

  setState(s: ReplayBufferState): void {
    if (s.capacity !== this.capacity) throw new RangeError(`ReplayBuffer.setState: capacity ${s.capacity}, this buffer holds ${this.capacity}`);
    if (s.obs.length !== s.size * this.obsDim) throw new RangeError(`ReplayBuffer.setState: ${s.obs.length} observation numbers for ${s.size} rows of ${this.obsDim}`);
    if ((s.tree === null) !== (this.tree === null)) throw new RangeError('ReplayBuffer.setState: prioritised and uniform buffers do not mix');
    this.obs.fill(0).set(s.obs);
    this.next.fill(0).set(s.next);
    this.act.fill(0).set(s.act);
    this.ret.fill(0).set(s.ret);
    this.disc.fill(0).set(s.disc);
    if (s.tree) this.tree!.setState(s.tree);
    this.size = s.size;
    this.pos = s.pos;
    this.maxPriority = s.maxPriority;
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
