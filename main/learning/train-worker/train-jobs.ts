import { join } from 'node:path';
import { isBrowserTrainBackend } from '../../contract/gpu-training.js';
import { startBrowserTrainingJob, type BrowserTrainQueue, type RunningTrainingJob } from './browser-train-job.js';
import type { TrainingJobResult } from './train-job.js';
import { TrainingJob } from './train-job.js';
import { RunCurvesBuilder, validationOf, type ValidationPoint } from './run-curves.js';
import { numericMetrics, trainDataHash, trainingRunRecordOf, type TrainRequest } from './train-record.js';
import type { TrainingProgress } from './training-runner.js';

/** A job as `train.list` shows it (see `TrainJobSummarySchema` in main/contract/training.ts). */
export interface TrainJobSummary {
  readonly jobId: string;
  readonly algo: TrainRequest['algo'];
  readonly env: TrainRequest['env'];
  readonly steps: number;
  readonly seed: number;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  stepsDone: number;
  readonly outDir: string;
  weightsSha256: string | null;
  runId: string | null;
  error: string | null;
}

/** What `TrainJobs` needs from its host. */
export interface TrainJobsOptions {
  /** Each job writes its model under modelsDir/<jobId>. */
  readonly modelsDir: string;
  /** `validation`: set on the event after an evaluation against TWAP (execution env). */
  readonly onProgress: (p: { jobId: string; steps: number; totalSteps: number; metrics: Record<string, number | null>; validation?: ValidationPoint }) => void;
  /** `validation`: the final weights against TWAP (null: the run had none). */
  readonly onFinished: (s: TrainJobSummary & { metrics: Record<string, number | null>; validation: ValidationPoint | null }) => void;
  /** Stores a finished or cancelled run in the registry; returns its id. */
  readonly record: (rec: ReturnType<typeof trainingRunRecordOf>) => Promise<string>;
  /** Fresh job ids (the host passes a UUID source: ids must not collide with earlier sessions' model folders). */
  readonly newId: () => string;
  /** Module URL exporting `runTraining` (default: the trainer). */
  readonly runner?: string;
  readonly progressEveryMs?: number;
  /** The `gpu.*` queue of compute pages: requests whose backend is webgpu / webgl / browser-cpu run there (browser-train-job.ts). */
  readonly browserQueue?: BrowserTrainQueue;
}

/**
 * The engine's training jobs: each in its own worker (`TrainingJob`), listed for `train.list`,
 * cancellable by id, reported as progress and one finished event, and stored in the
 * training-run registry when it completed or was cancelled with an outcome.
 * Invariants: one `onFinished` per job, after its record was attempted (a registry failure turns
 * into the job's `error`, the model folder stays); `start` never blocks on the training.
 */
export class TrainJobs {
  private readonly jobs = new Map<string, { summary: TrainJobSummary; job: RunningTrainingJob }>();

  constructor(private readonly opts: TrainJobsOptions) {}

  /** Starts a job (from `resumeFrom`'s latest checkpoint when given: a run folder; worker jobs only); resolves once its worker is launched (the data hash is computed first: unreadable data fails here, naming the file). */
  start(r: TrainRequest, resumeFrom?: string): { jobId: string; outDir: string; done: Promise<TrainJobSummary> } {
    const dataHash = trainDataHash(r);
    const jobId = `train-${this.opts.newId()}`;
    const outDir = join(this.opts.modelsDir, jobId);
    const summary: TrainJobSummary = { jobId, algo: r.algo, env: r.env, steps: r.steps, seed: r.seed, status: 'running', stepsDone: 0, outDir, weightsSha256: null, runId: null, error: null };
    const curves = new RunCurvesBuilder();
    const onProgress = (p: TrainingProgress) => {
      summary.stepsDone = p.step;
      curves.add(p);
      const validation = validationOf(p);
      this.opts.onProgress({
        jobId, steps: p.step, totalSteps: typeof p.totalSteps === 'number' ? p.totalSteps : r.steps, metrics: numericMetrics(p, ['step', 'totalSteps']),
        ...(validation ? { validation } : {}),
      });
    };
    let job: RunningTrainingJob;
    if (isBrowserTrainBackend(r.backend)) {
      if (!this.opts.browserQueue) throw new RangeError(`backend ${r.backend}: GPU training runs on the compute page, which this engine has no queue for`);
      job = startBrowserTrainingJob({ ...r, backend: r.backend }, { jobId, outDir, queue: this.opts.browserQueue, onProgress });
    } else {
      job = TrainingJob.start(r, { outDir, runner: this.opts.runner, progressEveryMs: this.opts.progressEveryMs, fromRequest: true, onProgress, ...(resumeFrom !== undefined ? { resumeFrom } : {}) });
    }
    this.jobs.set(jobId, { summary, job });
    const done = job.result.then((res) => this.finish(r, summary, res, dataHash, curves));
    return { jobId, outDir, done };
  }

  /** Asks a running job to stop; false when unknown or already ended. */
  cancel(jobId: string): boolean {
    const j = this.jobs.get(jobId);
    if (!j || j.summary.status !== 'running') return false;
    j.job.cancel();
    return true;
  }

  list(): TrainJobSummary[] {
    return [...this.jobs.values()].map((j) => ({ ...j.summary }));
  }

  /** Cancels every running job (engine shutdown). */
  dispose(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  private async finish(r: TrainRequest, s: TrainJobSummary, res: TrainingJobResult, dataHash: string, curves: RunCurvesBuilder): Promise<TrainJobSummary> {
    let metrics: Record<string, number | null> = {};
    let validation: ValidationPoint | null = null;
    if (res.status === 'failed') {
      s.error = res.error;
    } else if (res.outcome) {
      s.stepsDone = res.outcome.steps;
      s.weightsSha256 = res.outcome.weightsSha256;
      validation = validationOf(res.outcome) ?? null;
      const rec = trainingRunRecordOf(r, res.outcome, res.status, s.outDir, dataHash, curves.finish(res.outcome));
      metrics = rec.metrics;
      try {
        s.runId = await this.opts.record(rec);
      } catch (e) {
        s.error = `the run was not stored: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    s.status = res.status;
    this.opts.onFinished({ ...s, metrics, validation });
    return { ...s };
  }
}
