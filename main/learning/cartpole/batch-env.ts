/**
 * What the learning algorithms need of a vectorised discrete-action environment: N envs in
 * lockstep with auto-reset, row-major `observations` Float32Array[N × obsDim]. Mirrors
 * `VecEnv`'s layout (env/vec-env.ts) and adds the termination/truncation split that
 * bootstrapping needs.
 *
 * Invariants of a `BatchStep`: `dones[i] = terminated[i] | truncated[i]`; where `dones[i]` the
 * observation row already holds the NEXT episode's first observation and
 * `terminalObservations` row i the one that ended the episode (other rows are unspecified);
 * the arrays are views the next `step`/`reset` overwrites.
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
 * A vectorised environment (see `BatchStep`). Same seeds + actions ⇒ same results.
 * Discrete: `actionCount` K ≥ 2 and `step` takes N indices. Continuous: `continuous` gives the
 * per-dimension bounds (D = low.length), `actionCount` is 0 and `step` takes N × D numbers
 * (row-major) within the bounds.
 */
export interface BatchEnv {
  readonly n: number;
  readonly obsDim: number;
  readonly actionCount: number;
  readonly continuous?: { readonly low: Float32Array; readonly high: Float32Array };
  /** Resets env i with seeds[i]; returns the first observations (a view). */
  reset(seeds: readonly number[]): Float32Array;
  step(actions: ArrayLike<number>): BatchStep;
}
