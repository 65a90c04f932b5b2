import { ExecutionEnv, type EnvPathFactory, type StepInfo } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';
import { actionWidthOf, batchActionsOf, type BatchEnv, type BatchStep, type LearningActionSpace, type LearningEnv } from './vec-env-types.js';

/** Options of a `VecEnv`. */
export interface VecEnvOptions {
  /**
   * Reset an environment as soon as its episode ends (default true). Env i's episodes then use
   * seeds s_i, s_i + stride, s_i + 2·stride, … (s_i from `reset(seeds)`), so consecutive initial
   * seeds never collide across environments with the default stride N.
   */
  readonly autoReset?: boolean;
  readonly seedStride?: number;
  /**
   * `step` returns the same arrays every time (overwritten by the next `step` / `reset`) instead
   * of fresh ones (default false): no allocation per step on the hot path of a learner that
   * copies what it keeps (PPO does). `infos` is then reused too; the info objects are not.
   */
  readonly reuseBuffers?: boolean;
}

/**
 * One lockstep step of N environments (a `BatchStep`, in fresh arrays unless `reuseBuffers`). Batched layout
 * (row-major, env i = row i): `observations` Float32Array[N × obsDim], env i at
 * [i·obsDim, (i+1)·obsDim); `rewards` Float64Array[N]; `dones` Uint8Array[N] (1 = the episode
 * ended in this step) split into `terminated` / `truncated`; `infos` one info per env. With
 * auto-reset, a done row holds the NEXT episode's first observation and both
 * `infos[i].terminalObservation` and row i of `terminalObservations` the one that ended it.
 */
export interface VecStepResult<I = StepInfo> extends BatchStep {
  readonly infos: Array<I & { readonly terminalObservation?: Float32Array }>;
}

/**
 * N environments (any `LearningEnv`: the execution env, CartPole) stepped in lockstep on the
 * same API, for batched policy inference; it is the `BatchEnv` the algorithms consume.
 * Actions: discrete ⇒ N indices (`ArrayLike<number>`, e.g. an Int32Array); continuous ⇒ a flat
 * array of N × D (env i's vector at [D·i, D·i + D)).
 *
 * Invariants: env i behaves exactly as a single env given the same seeds and actions (the
 * environments share nothing); without auto-reset an env whose episode ended is not stepped
 * again: its row keeps the final observation, reward 0, done 1 and its last info, until the next
 * `reset`.
 */
export class VecEnv<I = StepInfo> implements BatchEnv {
  readonly n: number;
  readonly obsDim: number;
  readonly actionCount: number;
  readonly continuous?: { readonly low: Float32Array; readonly high: Float32Array };
  private readonly width: number;
  private readonly autoReset: boolean;
  private readonly stride: number;
  private readonly obs: Float32Array;
  private readonly seeds: number[];
  private readonly lastInfo: I[] = [];
  private readonly lastTruncated: Uint8Array;
  private readonly reused: { rewards: Float64Array; dones: Uint8Array; terminated: Uint8Array; truncated: Uint8Array; terminalObservations: Float32Array; infos: Array<I & { terminalObservation?: Float32Array }> } | null;

  constructor(readonly envs: ReadonlyArray<LearningEnv<I>>, opts: VecEnvOptions = {}) {
    if (envs.length === 0) throw new RangeError('VecEnv: needs at least one environment');
    this.n = envs.length;
    this.obsDim = envs[0]!.obsDim;
    const space = JSON.stringify(envs[0]!.actionSpace);
    if (envs.some((e) => JSON.stringify(e.actionSpace) !== space || e.obsDim !== this.obsDim)) throw new RangeError('VecEnv: every environment needs the same action space and observation size');
    const a = batchActionsOf(envs[0]!.actionSpace);
    this.actionCount = a.actionCount;
    if (a.continuous) this.continuous = a.continuous;
    this.width = actionWidthOf(envs[0]!.actionSpace);
    this.autoReset = opts.autoReset ?? true;
    this.stride = opts.seedStride ?? this.n;
    this.obs = new Float32Array(this.n * this.obsDim);
    this.seeds = new Array<number>(this.n).fill(NaN);
    this.lastTruncated = new Uint8Array(this.n);
    const n = this.n;
    this.reused = opts.reuseBuffers
      ? { rewards: new Float64Array(n), dones: new Uint8Array(n), terminated: new Uint8Array(n), truncated: new Uint8Array(n), terminalObservations: new Float32Array(n * this.obsDim), infos: [] }
      : null;
  }

  /** N execution environments over the same path factory and config. */
  static create(factory: EnvPathFactory, config: EnvConfigInput, n: number, opts: VecEnvOptions = {}): VecEnv<StepInfo> {
    return new VecEnv<StepInfo>(Array.from({ length: n }, () => new ExecutionEnv(factory, config)), opts);
  }

  get actionSpace(): LearningActionSpace {
    return this.envs[0]!.actionSpace;
  }

  /** Resets env i with seeds[i]; returns the batch of first observations (a fresh N × obsDim array). */
  reset(seeds: readonly number[]): Float32Array {
    if (seeds.length !== this.n) throw new RangeError(`VecEnv.reset: ${seeds.length} seeds for ${this.n} environments`);
    for (let i = 0; i < this.n; i++) {
      this.seeds[i] = seeds[i]!;
      this.obs.set(this.envs[i]!.reset(seeds[i]!), i * this.obsDim);
      this.lastInfo[i] = this.envs[i]!.info();
      this.lastTruncated[i] = 0;
    }
    return this.obs.slice();
  }

  /** Steps every environment once (see `VecStepResult` for the layout). */
  step(actions: ArrayLike<number>): VecStepResult<I> {
    const w = this.width, d = this.obsDim, cont = this.continuous !== undefined;
    if (actions.length !== this.n * w) throw new RangeError(`VecEnv.step: ${actions.length} action numbers for ${this.n} environments × ${w}`);
    const u = this.reused;
    if (u) {
      u.rewards.fill(0); u.dones.fill(0); u.terminated.fill(0); u.truncated.fill(0); u.terminalObservations.fill(0); u.infos.length = 0;
    }
    const rewards = u ? u.rewards : new Float64Array(this.n);
    const dones = u ? u.dones : new Uint8Array(this.n);
    const terminated = u ? u.terminated : new Uint8Array(this.n);
    const truncated = u ? u.truncated : new Uint8Array(this.n);
    const terminalObservations = u ? u.terminalObservations : new Float32Array(this.n * d);
    const infos: Array<I & { terminalObservation?: Float32Array }> = u ? u.infos : [];
    for (let i = 0; i < this.n; i++) {
      const env = this.envs[i]!;
      if (env.done) {
        if (this.lastInfo[i] === undefined) throw new Error('VecEnv: call reset(seeds) first');
        dones[i] = 1;
        truncated[i] = this.lastTruncated[i]!;
        terminated[i] = 1 - truncated[i]!;
        infos.push(this.lastInfo[i]! as I & { terminalObservation?: Float32Array });
        continue;
      }
      const a = cont ? Array.from({ length: w }, (_, j) => actions[w * i + j]!) : actions[i]!;
      const r = env.stepInPlace(a);
      rewards[i] = r.reward;
      let info = r.info as I & { terminalObservation?: Float32Array };
      if (r.done) {
        dones[i] = 1;
        const cut = r.truncated === true ? 1 : 0;
        truncated[i] = cut;
        terminated[i] = 1 - cut;
        this.lastTruncated[i] = cut;
      }
      if (r.done && this.autoReset) {
        this.seeds[i]! += this.stride;
        const last = env.observation.slice();
        terminalObservations.set(last, i * d);
        info = { ...info, terminalObservation: last };
        this.obs.set(env.reset(this.seeds[i]!), i * d);
      } else {
        this.obs.set(env.observation, i * d);
      }
      this.lastInfo[i] = info;
      infos.push(info);
    }
    return { observations: u ? this.obs : this.obs.slice(), rewards, dones, terminated, truncated, terminalObservations, infos };
  }
}
