import type { TrainingOutcome, TrainingProgress } from './training-runner.js';

/**
 * What a training worker is started with (structured-cloned). `cancel` is a shared Int32Array[1]
 * the host sets to 1 (the trainer runs synchronous stretches, so a message could wait; the
 * worker reads the flag at every progress event and aborts the run's signal).
 */
export interface TrainWorkerData {
  readonly config: unknown;
  readonly outDir: string;
  readonly resumeFrom?: string;
  /** Module URL exporting `runTraining`; null: the trainer (main/learning/train/run-training, bundled into the worker). */
  readonly runner: string | null;
  readonly progressEveryMs: number;
  readonly cancel: Int32Array;
  /** `config` is a `TrainRequest`: build the trainer's config from it here (`buildTrainerConfig`: fitting reads data, off the engine's thread). */
  readonly fromRequest?: boolean;
}

/**
 * Messages from a training worker, in order: any number of `progress`, then exactly one of
 * `finished` (the outcome; `cancelled` when the run was stopped by a cancel) or `failed`.
 */
export type TrainWorkerMessage =
  | { readonly type: 'progress'; readonly progress: TrainingProgress }
  | { readonly type: 'finished'; readonly outcome: TrainingOutcome | null; readonly cancelled: boolean }
  | { readonly type: 'failed'; readonly message: string };
