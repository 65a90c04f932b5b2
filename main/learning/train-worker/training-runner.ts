/**
 * What a training job runs: L1's `runTraining(config, { outDir, onProgress, signal, resumeFrom })`
 * (main/learning/train/run-training.ts), seen through the few fields the job plumbing needs, so
 * the worker, the host's job list and the CLI do not depend on the trainer's internals.
 */

/**
 * One progress event of a run. Invariants: `step` (env steps so far) never decreases within a
 * run; the other numeric fields (episode return, losses, entropy, KL, explained variance, steps
 * per second, time left, …) are passed through as the trainer names them.
 */
export interface TrainingProgress {
  readonly step: number;
  readonly totalSteps?: number;
  readonly [metric: string]: unknown;
}

/**
 * What a finished (or cancelled) run resolves to. Invariants: `weightsSha256` is the digest of
 * the weights written under `outDir`; `status` is 'cancelled' when the signal stopped it early.
 */
export interface TrainingOutcome {
  readonly weightsSha256: string;
  readonly steps: number;
  readonly backend: string;
  /** 'early-stopped' = finished before its steps because evaluations stopped improving. */
  readonly status?: 'completed' | 'early-stopped' | 'cancelled';
  readonly [field: string]: unknown;
}

/** The options `runTraining` takes. */
export interface RunTrainingOptions {
  readonly outDir: string;
  readonly onProgress?: (p: TrainingProgress) => void;
  readonly signal?: AbortSignal;
  readonly resumeFrom?: string;
}

/** `runTraining`'s shape (config: the trainer's own, validated by it with zod). */
export type RunTraining = (config: unknown, opts: RunTrainingOptions) => Promise<TrainingOutcome>;

/** Loads `runTraining` from a module URL that exports it (the trainer's, or a test's stand-in). */
export async function loadRunTraining(moduleUrl: string): Promise<RunTraining> {
  const m = (await import(moduleUrl)) as { runTraining?: unknown };
  if (typeof m.runTraining !== 'function') throw new Error(`training runner ${moduleUrl} exports no runTraining function`);
  return m.runTraining as RunTraining;
}
