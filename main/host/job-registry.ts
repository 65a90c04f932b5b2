import type { EventPayload } from '../contract/index.js';

type ProgressSink = (p: EventPayload<'job.progress'>) => void;

/**
 * A long job's handle: it reports progress (fraction, rate, time left) at most every
 * `minIntervalMs`, and sees a cancel as `cancelled`. Invariant: exactly one final report
 * (`done: true`) is sent, by `finish()` or `cancel` acknowledgement.
 */
export class Job {
  cancelled = false;
  private readonly startedMs: number;
  private lastReportMs = -Infinity;
  private finished = false;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly rateUnit: string,
    private readonly sink: ProgressSink,
    private readonly now: () => number,
    private readonly minIntervalMs = 100,
  ) {
    this.startedMs = now();
  }

  /** Reports `fraction` done and `units` processed so far (throttled). */
  report(fraction: number, units: number, force = false): void {
    const t = this.now();
    if (!force && t - this.lastReportMs < this.minIntervalMs) return;
    this.lastReportMs = t;
    this.send(fraction, units, false);
  }

  finish(units: number): void {
    if (this.finished) return;
    this.finished = true;
    this.send(this.cancelled ? clamp(units) : 1, units, true);
  }

  private send(fraction: number, units: number, done: boolean): void {
    const elapsedSec = Math.max((this.now() - this.startedMs) / 1000, 1e-6);
    const f = clamp(fraction);
    this.sink({
      jobId: this.id,
      label: this.label,
      fraction: done && !this.cancelled ? 1 : f,
      rate: units / elapsedSec,
      rateUnit: this.rateUnit,
      etaSec: done ? 0 : f > 0 ? (elapsedSec * (1 - f)) / f : null,
      done,
      cancelled: this.cancelled,
    });
  }
}

function clamp(f: number): number {
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

/** Every running job, by id, so `job.cancel` can reach it. */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private seq = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(label: string, rateUnit: string): Job {
    const job = new Job(`job-${++this.seq}`, label, rateUnit, this.sink, this.now);
    this.jobs.set(job.id, job);
    return job;
  }

  end(job: Job, units: number): void {
    job.finish(units);
    this.jobs.delete(job.id);
  }

  /** Marks a job cancelled; it stops at its next check. False when no such job runs. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.cancelled = true;
    return true;
  }
}
