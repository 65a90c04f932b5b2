import type { GpuJobProgress, GpuJobResult, GpuTrainJob } from '../contract/gpu-compute.js';
import type { BrowserTrainJob, BrowserTrainResult } from '../contract/gpu-training.js';

/** Either kind of job a compute page runs: supervised Adam steps, or a whole training run (gpu-training.ts). */
type AnyJob = GpuTrainJob | BrowserTrainJob;
type AnyResult = GpuJobResult | BrowserTrainResult;

/** What a queued job reports to (the engine's `Job` handle satisfies it). */
export interface BrowserJobSink {
  report(fraction: number, units: number): void;
  /** Set when the user cancels; the page is told at its next progress report. */
  readonly cancelled: boolean;
  /** Each progress report as the page sent it (a training job's carries its metrics). */
  progress?(p: GpuJobProgress): void;
}

interface Queued {
  readonly job: AnyJob;
  readonly sink: BrowserJobSink;
  readonly resolve: (r: AnyResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  taken: boolean;
}

interface Poller {
  readonly resolve: (job: AnyJob | null) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * GPU training jobs handed to browser compute pages over the relay (browser mode: the page is a
 * tab of the headless host; the engine cannot reach into it, so the page long-polls
 * `gpu.nextJob`). `run` queues a job and resolves with the page's result; pages take jobs in
 * order. Invariants: a job is given to exactly one page; every `run` settles once — with the
 * result, the page's error, or a timeout naming what to open; a poll answers null after its wait.
 * A page that vanishes with a job leaves it to the timeout (the relay cannot tell the engine).
 */
export class BrowserGpuJobs {
  private readonly queue: Queued[] = [];
  private readonly pollers: Poller[] = [];
  private readonly byId = new Map<string, Queued>();

  /** Queues `job` (already validated) and waits up to `timeoutSec` for a page to finish it. */
  run(job: GpuTrainJob, sink: BrowserJobSink, timeoutSec: number): Promise<GpuJobResult>;
  /** A training job (gpu-training.ts): resolves with the page's training result. */
  run(job: BrowserTrainJob, sink: BrowserJobSink, timeoutSec: number): Promise<BrowserTrainResult>;
  run(job: AnyJob, sink: BrowserJobSink, timeoutSec: number): Promise<AnyResult> {
    if (this.byId.has(job.jobId)) return Promise.reject(new Error(`GPU job ${job.jobId} is already queued or running`));
    return new Promise<AnyResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const q = this.byId.get(job.jobId);
        if (!q) return;
        this.forget(q);
        reject(new Error(q.taken
          ? `GPU job ${job.jobId}: the compute page that took it did not finish within ${timeoutSec} s (closed or stalled)`
          : `GPU job ${job.jobId}: no compute page took it within ${timeoutSec} s; open the headless host's /compute.html?token=… in a browser with WebGPU or WebGL`));
      }, timeoutSec * 1000);
      const q: Queued = { job, sink, resolve, reject, timer, taken: false };
      this.byId.set(job.jobId, q);
      const poller = this.pollers.shift();
      if (poller) this.give(poller, q);
      else this.queue.push(q);
    });
  }

  /** A page asks for work: the oldest queued job now, or within `waitSec`, else null. */
  nextJob(waitSec: number): Promise<AnyJob | null> {
    const q = this.queue.shift();
    if (q) {
      q.taken = true;
      return Promise.resolve(q.job);
    }
    return new Promise((resolve) => {
      const poller: Poller = {
        resolve,
        timer: setTimeout(() => {
          const i = this.pollers.indexOf(poller);
          if (i >= 0) this.pollers.splice(i, 1);
          resolve(null);
        }, waitSec * 1000),
      };
      this.pollers.push(poller);
    });
  }

  /** Progress of a taken job; answers whether the page should stop (cancelled, or unknown job). */
  progress(p: GpuJobProgress): { cancel: boolean } {
    const q = this.byId.get(p.jobId);
    if (!q) return { cancel: true };
    q.sink.report(p.steps > 0 ? p.step / p.steps : 1, p.step);
    q.sink.progress?.(p);
    return { cancel: q.sink.cancelled };
  }

  /** The page's end of a job; false when the job is unknown (finished, timed out or never queued). */
  done(jobId: string, outcome: { result?: AnyResult; error?: string }): boolean {
    const q = this.byId.get(jobId);
    if (!q) return false;
    this.forget(q);
    // A training job must get a training result and a supervised job a supervised one.
    if (outcome.result && outcome.result.jobId === jobId && ('kind' in outcome.result) === ('kind' in q.job)) q.resolve(outcome.result);
    else q.reject(new Error(`GPU job ${jobId} failed on the compute page: ${outcome.error ?? 'no result and no error given'}`));
    return true;
  }

  /** Takes back a job no page has taken yet: it rejects with `reason`; false when unknown or already taken (a page runs it: cancel through its progress). */
  withdraw(jobId: string, reason: string): boolean {
    const q = this.byId.get(jobId);
    if (!q || q.taken) return false;
    this.forget(q);
    q.reject(new Error(reason));
    return true;
  }

  /** Fails every job and answers every poll (the engine is closing). */
  dispose(): void {
    for (const q of [...this.byId.values()]) {
      this.forget(q);
      q.reject(new Error(`GPU job ${q.job.jobId}: the engine closed`));
    }
    for (const p of this.pollers.splice(0)) {
      clearTimeout(p.timer);
      p.resolve(null);
    }
  }

  private give(poller: Poller, q: Queued): void {
    clearTimeout(poller.timer);
    q.taken = true;
    poller.resolve(q.job);
  }

  private forget(q: Queued): void {
    clearTimeout(q.timer);
    this.byId.delete(q.job.jobId);
    const i = this.queue.indexOf(q);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
