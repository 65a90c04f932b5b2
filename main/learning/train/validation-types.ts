// Types only (no imports): the training loop, which the browser compute trainer bundles, reads
// validation results through these without pulling in the judge (Node side, validation-vs-twap.ts).

/**
 * One validation of the greedy policy against the TWAP baseline on the same episodes (seeds −1 …
 * −n, the same paths). IS in bps of the arrival price, positive = a cost, for buys and sells
 * alike. Invariants: `diffBps` = mean over the n pairs of (agent IS − TWAP IS) = `agentIsBps` −
 * `twapIsBps` (up to rounding); `ciLowBps` ≤ `diffBps`'s bootstrap interval ≤ `ciHighBps` is the
 * 95 % paired percentile bootstrap of that mean (`tca/compare.ts`, pairs resampled together), null
 * with fewer than 2 pairs; `n` counts the episodes where both had an IS (an episode without one
 * is left out of both means); `step` is the env step of the weights evaluated.
 */
export interface ValidationVsTwap {
  readonly step: number;
  readonly agentIsBps: number | null;
  readonly twapIsBps: number | null;
  readonly diffBps: number | null;
  readonly ciLowBps: number | null;
  readonly ciHighBps: number | null;
  readonly n: number;
}

/**
 * Judges a policy against TWAP on a fixed set of validation episodes. Invariants: it builds its
 * own envs and paths and uses its own random streams, so calling it never changes what the
 * training envs or the learner draw (the weights are the same with or without it); the TWAP side
 * is deterministic, so it may be computed once and reused.
 */
export interface ValidationJudge {
  evaluate(step: number, act: (obs: Float32Array) => number | Float32Array): ValidationVsTwap;
}
