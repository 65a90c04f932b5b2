/**
 * The environment interface the learning library works on, and the vectorised batch the
 * algorithms consume. Both `ExecutionEnv` (env/execution-env.ts) and `CartPoleEnv`
 * (cartpole/cartpole-env.ts) implement `LearningEnv`; `VecEnv` and `ThreadedVecEnv` over it
 * implement `BatchEnv`.
 */

/**
 * An action space: `discrete` indices 0..n−1, or `continuous` vectors of `shape[0]` numbers,
 * each within [low, high].
 */
export type LearningActionSpace =
  | { readonly kind: 'discrete'; readonly n: number }
  | { readonly kind: 'continuous'; readonly shape: readonly [number]; readonly low: number; readonly high: number };

/**
 * What one `stepInPlace` returns. `done` = the episode ended in this step. `truncated` = it was
 * CUT (a time limit that is not part of the state), so the next state still has a value and a
 * learner bootstraps from it; absent means false, i.e. a done episode TERMINATED. (The execution
 * env reports no `truncated`: its horizon is in its observation — time left — so its end is a
 * real termination.)
 */
export interface LearningStepOutcome<I> {
  readonly reward: number;
  readonly done: boolean;
  readonly truncated?: boolean;
  readonly info: I;
}

/**
 * One environment, gym style. Invariants: `reset(seed)` starts an episode and returns a fresh
 * copy of its first observation; `observation` is the last observation (a view the next
 * step/reset overwrites); same seed + action sequence ⇒ identical observations, rewards and infos;
 * `done` is true before the first reset and once an episode ended (stepping then throws).
 */
export interface LearningEnv<I = unknown> {
  readonly obsDim: number;
  readonly actionSpace: LearningActionSpace;
  readonly observation: Float32Array;
  readonly done: boolean;
  reset(seed: number): Float32Array;
  /** A discrete index, or a continuous vector of `actionSpace.shape[0]` numbers. */
  stepInPlace(action: number | ArrayLike<number>): LearningStepOutcome<I>;
  info(): I;
}

/** 1 for a discrete space (the index), else the vector length. */
export function actionWidthOf(space: LearningActionSpace): number {
  return space.kind === 'continuous' ? space.shape[0] : 1;
}

/**
 * One lockstep step of N environments, row-major (env i = row i).
 * Invariants: `dones[i] = terminated[i] | truncated[i]` (never both 1); with auto-reset, where
 * `dones[i]` the observation row already holds the NEXT episode's first observation and
 * `terminalObservations` row i the one that ended the episode (other rows are unspecified); the
 * arrays may be views the next `step`/`reset` overwrites (copy what you keep).
 */
export interface BatchStep {
  readonly observations: Float32Array;
  readonly rewards: Float64Array;
  readonly dones: Uint8Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly terminalObservations: Float32Array;
}

/**
 * A vectorised environment with auto-reset, what the learning algorithms consume (see
 * `BatchStep`). Same seeds + actions ⇒ same results. Discrete: `actionCount` K ≥ 2 and `step`
 * takes N indices. Continuous: `continuous` gives the per-dimension bounds (D = low.length),
 * `actionCount` is 0 and `step` takes N × D numbers (row-major) within the bounds.
 */
export interface BatchEnv {
  readonly n: number;
  readonly obsDim: number;
  readonly actionCount: number;
  readonly continuous?: { readonly low: Float32Array; readonly high: Float32Array };
  /** Resets env i with seeds[i]; returns the first observations. */
  reset(seeds: readonly number[]): Float32Array;
  step(actions: ArrayLike<number>): BatchStep;
}

/** `BatchEnv`'s action description of a space: K (0 when continuous) and the bounds. */
export function batchActionsOf(space: LearningActionSpace): { actionCount: number; continuous?: { low: Float32Array; high: Float32Array } } {
  if (space.kind === 'discrete') return { actionCount: space.n };
  const d = space.shape[0];
  return { actionCount: 0, continuous: { low: new Float32Array(d).fill(space.low), high: new Float32Array(d).fill(space.high) } };
}

/**
 * A `BatchEnv` whose environments run in lanes that can be started one at a time
 * (`ThreadedVecEnv`): `lanes[k]` = envs [lo, hi), contiguous and in order; `beginStep(k, actions)`
 * starts lane k with its rows of the N-row actions, `finishStep()` waits for all lanes (each
 * started once) and returns the step. A learner acts for lane k + 1 while lane k steps.
 * Invariant: the result equals `step(actions)` with the same rows (lanes share nothing).
 */
export interface LanedBatchEnv extends BatchEnv {
  readonly lanes: ReadonlyArray<{ readonly lo: number; readonly hi: number }>;
  beginStep(k: number, actions: ArrayLike<number>): void;
  finishStep(): BatchStep;
}

/** True when `env` can be stepped lane by lane (see `LanedBatchEnv`) and has more than one lane. */
export function isLaned(env: BatchEnv): env is LanedBatchEnv {
  const e = env as Partial<LanedBatchEnv>;
  return Array.isArray(e.lanes) && e.lanes.length > 1 && typeof e.beginStep === 'function' && typeof e.finishStep === 'function';
}
