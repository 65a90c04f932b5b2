import type { BatchEnv, BatchStep } from '../cartpole/batch-env.js';

/**
 * The single-env shape this adapter steps (`CartPoleEnv` and `ExecutionEnv` have it). A step's
 * truncation is read from `truncated` or `info.truncated` (absent: a done episode terminated).
 * Invariant required: same seed + action sequence ⇒ identical observations and rewards.
 */
export interface SteppableEnv {
  readonly obsDim: number;
  readonly actionSpace:
    | { readonly kind: 'discrete'; readonly n: number }
    | { readonly kind: 'continuous'; readonly shape: readonly [number]; readonly low: number; readonly high: number };
  readonly observation: Float32Array;
  reset(seed: number): Float32Array;
  stepInPlace(action: number | ArrayLike<number>): { readonly reward: number; readonly done: boolean; readonly truncated?: boolean; readonly info: unknown };
}

/**
 * What a checkpoint keeps of the envs: per env the seed of its current episode and the actions
 * taken in it (flattened, `width` numbers each), plus the seed stride. Invariant: resetting env
 * i with `seeds[i]` and replaying its actions puts it back exactly where it was.
 */
export interface ReplayableEnvState {
  readonly seeds: number[];
  readonly stride: number;
  readonly actions: Float64Array[];
  readonly counts: number[];
}

/**
 * N envs in lockstep with auto-reset (`VecEnv`'s seeding: env i's episodes use seeds s_i,
 * s_i + stride, …), as the `BatchEnv` the algorithms consume, that can be saved and restored
 * exactly WITHOUT snapshotting the envs themselves: it records each env's current episode (its
 * seed and actions), and `restore` replays them. That works for any deterministic env — CartPole
 * and the execution env alike — at the cost of replaying at most one episode per env.
 * Invariants: `dones = terminated | truncated`; a done row holds the next episode's first
 * observation and `terminalObservations` the final one; arrays are views the next call overwrites.
 */
export class ReplayableBatchEnv implements BatchEnv {
  readonly n: number;
  readonly obsDim: number;
  readonly actionCount: number;
  readonly continuous?: { readonly low: Float32Array; readonly high: Float32Array };
  private readonly width: number;
  private readonly stride: number;
  private readonly seeds: number[];
  private readonly logs: Float64Array[];
  private readonly counts: number[];
  private readonly out: BatchStep;
  private readonly scratch: Float64Array;

  constructor(readonly envs: readonly SteppableEnv[], opts: { seedStride?: number } = {}) {
    if (envs.length === 0) throw new RangeError('ReplayableBatchEnv: needs at least one environment');
    const first = envs[0]!;
    const space = JSON.stringify(first.actionSpace);
    if (envs.some((e) => e.obsDim !== first.obsDim || JSON.stringify(e.actionSpace) !== space)) throw new RangeError('ReplayableBatchEnv: every environment needs the same action space and observation size');
    this.n = envs.length;
    this.obsDim = first.obsDim;
    const a = first.actionSpace;
    if (a.kind === 'discrete') {
      this.actionCount = a.n;
      this.width = 1;
    } else {
      this.actionCount = 0;
      this.width = a.shape[0];
      this.continuous = { low: new Float32Array(this.width).fill(a.low), high: new Float32Array(this.width).fill(a.high) };
    }
    this.stride = opts.seedStride ?? this.n;
    this.seeds = new Array<number>(this.n).fill(NaN);
    this.logs = Array.from({ length: this.n }, () => new Float64Array(64 * this.width));
    this.counts = new Array<number>(this.n).fill(0);
    this.scratch = new Float64Array(this.width);
    const n = this.n, d = this.obsDim;
    this.out = {
      observations: new Float32Array(n * d), rewards: new Float64Array(n), dones: new Uint8Array(n),
      terminated: new Uint8Array(n), truncated: new Uint8Array(n), terminalObservations: new Float32Array(n * d),
    };
  }

  reset(seeds: readonly number[]): Float32Array {
    if (seeds.length !== this.n) throw new RangeError(`ReplayableBatchEnv.reset: ${seeds.length} seeds for ${this.n} environments`);
    for (let i = 0; i < this.n; i++) this.startEpisode(i, seeds[i]!);
    return this.out.observations;
  }

  step(actions: ArrayLike<number>): BatchStep {
    const w = this.width, d = this.obsDim, o = this.out;
    if (actions.length !== this.n * w) throw new RangeError(`ReplayableBatchEnv.step: ${actions.length} action numbers for ${this.n} environments × ${w}`);
    for (let i = 0; i < this.n; i++) {
      const env = this.envs[i]!;
      const r = this.stepEnv(i, actions, i * w);
      const truncated = r.done && (r.truncated ?? (r.info as { truncated?: boolean } | null)?.truncated ?? false);
      o.rewards[i] = r.reward;
      o.dones[i] = r.done ? 1 : 0;
      o.truncated[i] = truncated ? 1 : 0;
      o.terminated[i] = r.done && !truncated ? 1 : 0;
      if (r.done) {
        o.terminalObservations.set(env.observation, i * d);
        this.startEpisode(i, this.seeds[i]! + this.stride);
      } else {
        o.observations.set(env.observation, i * d);
      }
    }
    return o;
  }

  /** The current episodes' seeds and actions (copies). */
  snapshot(): ReplayableEnvState {
    return { seeds: [...this.seeds], stride: this.stride, counts: [...this.counts], actions: this.logs.map((l, i) => l.slice(0, this.counts[i]! * this.width)) };
  }

  /** Puts every env back where `snapshot` found it (reset + replay); returns the current observations. */
  restore(s: ReplayableEnvState): Float32Array {
    if (s.seeds.length !== this.n || s.actions.length !== this.n) throw new RangeError(`ReplayableBatchEnv.restore: state of ${s.seeds.length} environments, this batch has ${this.n}`);
    if (s.stride !== this.stride) throw new RangeError(`ReplayableBatchEnv.restore: seed stride ${s.stride}, this batch uses ${this.stride}`);
    const w = this.width;
    for (let i = 0; i < this.n; i++) {
      const acts = s.actions[i]!;
      if (acts.length !== s.counts[i]! * w) throw new RangeError(`ReplayableBatchEnv.restore: env ${i} has ${acts.length} action numbers for ${s.counts[i]} steps of ${w}`);
      this.startEpisode(i, s.seeds[i]!);
      for (let k = 0; k < s.counts[i]!; k++) {
        const r = this.stepEnv(i, acts, k * w);
        if (r.done) throw new Error(`ReplayableBatchEnv.restore: env ${i} (seed ${s.seeds[i]}) ended at replayed step ${k + 1} of ${s.counts[i]} — the env is not deterministic, or not the one checkpointed`);
      }
      this.out.observations.set(this.envs[i]!.observation, i * this.obsDim);
    }
    return this.out.observations;
  }

  private startEpisode(i: number, seed: number): void {
    this.seeds[i] = seed;
    this.counts[i] = 0;
    this.out.observations.set(this.envs[i]!.reset(seed), i * this.obsDim);
  }

  /** Steps env i with the action at actions[off…off+width) and logs it. */
  private stepEnv(i: number, actions: ArrayLike<number>, off: number) {
    const w = this.width;
    let log = this.logs[i]!;
    const c = this.counts[i]!;
    if ((c + 1) * w > log.length) {
      const grown = new Float64Array(2 * log.length);
      grown.set(log);
      this.logs[i] = log = grown;
    }
    for (let j = 0; j < w; j++) log[c * w + j] = actions[off + j]!;
    this.counts[i] = c + 1;
    if (w === 1) return this.envs[i]!.stepInPlace(actions[off]!);
    for (let j = 0; j < w; j++) this.scratch[j] = actions[off + j]!;
    return this.envs[i]!.stepInPlace(this.scratch);
  }
}
