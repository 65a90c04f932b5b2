import { ExecutionEnv, type EnvPathFactory, type StepInfo } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';

/** Options of a `VecEnv`. */
export interface VecEnvOptions {
  /**
   * Reset an environment as soon as its episode ends (default true). Env i's episodes then use
   * seeds s_i, s_i + stride, s_i + 2·stride, … (s_i from `reset(seeds)`), so consecutive initial
   * seeds never collide across environments with the default stride N.
   */
  readonly autoReset?: boolean;
  readonly seedStride?: number;
}

/**
 * One lockstep step of N environments. Batched layout (row-major, env i = row i):
 * `observations` Float32Array[N × obsDim], env i at [i·obsDim, (i+1)·obsDim);
 * `rewards` Float64Array[N]; `dones` Uint8Array[N] (1 = the episode ended in this step);
 * `infos` one `StepInfo` per env. With auto-reset, a done row holds the NEXT episode's first
 * observation and `infos[i].terminalObservation` the one that ended the episode.
 */
export interface VecStepResult {
  readonly observations: Float32Array;
  readonly rewards: Float64Array;
  readonly dones: Uint8Array;
  readonly infos: StepInfo[];
}

/**
 * N `ExecutionEnv`s stepped in lockstep on the same API, for batched policy inference.
 * Actions: discrete ⇒ N indices (`ArrayLike<number>`, e.g. an Int32Array); continuous ⇒ a flat
 * array of N × 2 ([fraction, aggressiveness] of env i at [2i, 2i+2)).
 *
 * Invariants: env i behaves exactly as a single `ExecutionEnv` given the same seeds and actions
 * (the environments share nothing); without auto-reset an env whose episode ended is not
 * stepped again: its row keeps the final observation, reward 0, done 1 and its last info, until
 * the next `reset`.
 */
export class VecEnv {
  readonly n: number;
  readonly obsDim: number;
  private readonly autoReset: boolean;
  private readonly stride: number;
  private readonly obs: Float32Array;
  private readonly seeds: number[];
  private readonly lastInfo: StepInfo[] = [];

  constructor(readonly envs: readonly ExecutionEnv[], opts: VecEnvOptions = {}) {
    if (envs.length === 0) throw new RangeError('VecEnv: needs at least one environment');
    this.n = envs.length;
    this.obsDim = envs[0]!.obsDim;
    const kind = envs[0]!.actionSpace.kind;
    if (envs.some((e) => e.actionSpace.kind !== kind || e.obsDim !== this.obsDim)) throw new RangeError('VecEnv: every environment needs the same action space and observation size');
    this.autoReset = opts.autoReset ?? true;
    this.stride = opts.seedStride ?? this.n;
    this.obs = new Float32Array(this.n * this.obsDim);
    this.seeds = new Array<number>(this.n).fill(NaN);
  }

  /** N environments over the same path factory and config. */
  static create(factory: EnvPathFactory, config: EnvConfigInput, n: number, opts: VecEnvOptions = {}): VecEnv {
    return new VecEnv(Array.from({ length: n }, () => new ExecutionEnv(factory, config)), opts);
  }

  get actionSpace(): ExecutionEnv['actionSpace'] {
    return this.envs[0]!.actionSpace;
  }

  /** Resets env i with seeds[i]; returns the batch of first observations (a fresh N × obsDim array). */
  reset(seeds: readonly number[]): Float32Array {
    if (seeds.length !== this.n) throw new RangeError(`VecEnv.reset: ${seeds.length} seeds for ${this.n} environments`);
    for (let i = 0; i < this.n; i++) {
      this.seeds[i] = seeds[i]!;
      this.obs.set(this.envs[i]!.reset(seeds[i]!), i * this.obsDim);
      this.lastInfo[i] = this.envs[i]!.info();
    }
    return this.obs.slice();
  }

  /** Steps every environment once (see `VecStepResult` for the layout). */
  step(actions: ArrayLike<number>): VecStepResult {
    const cont = this.actionSpace.kind === 'continuous';
    const width = cont ? 2 : 1;
    if (actions.length !== this.n * width) throw new RangeError(`VecEnv.step: ${actions.length} action numbers for ${this.n} environments × ${width}`);
    const rewards = new Float64Array(this.n);
    const dones = new Uint8Array(this.n);
    const infos: StepInfo[] = [];
    for (let i = 0; i < this.n; i++) {
      const env = this.envs[i]!;
      if (env.done) {
        if (this.lastInfo[i] === undefined) throw new Error('VecEnv: call reset(seeds) first');
        dones[i] = 1;
        infos.push(this.lastInfo[i]!);
        continue;
      }
      const a = cont ? [actions[2 * i]!, actions[2 * i + 1]!] : actions[i]!;
      const r = env.stepInPlace(a);
      rewards[i] = r.reward;
      let info = r.info;
      if (r.done && this.autoReset) {
        dones[i] = 1;
        this.seeds[i]! += this.stride;
        info = { ...info, terminalObservation: env.observation.slice() };
        this.obs.set(env.reset(this.seeds[i]!), i * this.obsDim);
      } else {
        if (r.done) dones[i] = 1;
        this.obs.set(env.observation, i * this.obsDim);
      }
      this.lastInfo[i] = info;
      infos.push(info);
    }
    return { observations: this.obs.slice(), rewards, dones, infos };
  }
}
