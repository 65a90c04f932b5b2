import { BrowserTrainJobSchema, isBrowserTrainJob, type BrowserTrainJob, type BrowserTrainResult } from '../../main/contract/gpu-training.js';
import { checkGpuJob, type GpuJobProgress, type GpuJobResult, type GpuTrainJob } from '../../main/contract/gpu-compute.js';

/** How often the page's progress is read while a job runs. */
const PROGRESS_POLL_MS = 250;

/** Told each new progress of the running job; answering `cancel: true` stops the job on the page. */
export type ComputeProgressListener = (p: GpuJobProgress) => { cancel: boolean } | Promise<{ cancel: boolean }>;

/** The part of a BrowserWindow the compute window uses (a fake or a Playwright page in tests). */
export interface ComputeWindowHandle {
  loadURL(url: string): Promise<void>;
  executeJavaScript(code: string): Promise<unknown>;
  isDestroyed(): boolean;
  destroy(): void;
}

/**
 * Runs GPU training jobs (main/contract/gpu-compute.ts) in a hidden window showing the compute
 * page: TensorFlow.js WebGPU → WebGL → cpu in Chromium, on the user's GPU of any vendor. The
 * window is created on the first job and reused; a job is validated here before it reaches the
 * page. Invariant: one job at a time (the page refuses a second), results exactly as the page
 * returns them.
 */
export class ComputeWindow {
  private handle: ComputeWindowHandle | null = null;
  private ready: Promise<ComputeWindowHandle> | null = null;

  constructor(
    private readonly create: () => ComputeWindowHandle,
    /** The compute page: `app://slipstream/compute.html` under Electron (this file stays free of electron imports so it can be tested). */
    private readonly url: string,
  ) {}

  /**
   * Validates `job` (errors name the field), runs it on the page and resolves with its result.
   * While it runs, the page's progress is read every 250 ms and given to `onProgress`; a
   * `cancel: true` answer cancels the job on the page (which then rejects, saying so; a training
   * job instead resolves `cancelled` with its weights). `R`: `BrowserTrainResult` for a training job
   * (main/contract/gpu-training.ts), else `GpuJobResult`.
   */
  async runJob<R extends GpuJobResult | BrowserTrainResult = GpuJobResult>(job: unknown, onProgress?: ComputeProgressListener): Promise<R> {
    // A training job (main/contract/gpu-training.ts) goes as it is; the page validates its config.
    const wire = isBrowserTrainJob(job) ? `window.__slipstreamCompute.runJob(${JSON.stringify(checkTrainJob(job))})` : jobScript(checkGpuJob(job));
    const w = await this.open();
    let running = true;
    const run = (w.executeJavaScript(wire) as Promise<R>).finally(() => void (running = false));
    if (onProgress) void this.watch(w, () => running, onProgress);
    return run;
  }

  /** Reads the page's progress while `running()`, forwards each new step, cancels when told to. */
  private async watch(w: ComputeWindowHandle, running: () => boolean, onProgress: ComputeProgressListener): Promise<void> {
    let lastStep = -1;
    while (running() && !w.isDestroyed()) {
      await new Promise((r) => setTimeout(r, PROGRESS_POLL_MS));
      if (!running()) return;
      try {
        const p = (await w.executeJavaScript('window.__slipstreamCompute.progress')) as GpuJobProgress | null;
        if (!p || p.step === lastStep) continue;
        lastStep = p.step;
        if ((await onProgress(p)).cancel && running()) await w.executeJavaScript('window.__slipstreamCompute.cancel()');
      } catch {
        // A progress read failing (window closing) must not fail the job; the job's own promise says what happened.
      }
    }
  }

  /** Destroys the hidden window (a later job opens a new one). */
  close(): void {
    if (this.handle && !this.handle.isDestroyed()) this.handle.destroy();
    this.handle = null;
    this.ready = null;
  }

  private open(): Promise<ComputeWindowHandle> {
    if (this.handle?.isDestroyed()) this.close();
    this.ready ??= (async () => {
      const w = this.create();
      this.handle = w;
      await w.loadURL(this.url);
      await w.executeJavaScript(WAIT_READY);
      return w;
    })();
    // A failed start is not kept: the next job tries again.
    this.ready.catch(() => this.close());
    return this.ready;
  }
}

/** Resolves once the page has installed its channel (main.ts sets data-ready); gives up after 60 s. */
const WAIT_READY = `new Promise((resolve, reject) => {
  const t0 = Date.now();
  const check = () => {
    if (document.getElementById('compute-status')?.dataset.ready === 'true') return resolve(true);
    if (Date.now() - t0 > 60000) return reject(new Error('The compute page did not start within 60 s'));
    setTimeout(check, 50);
  };
  check();
})`;

/** A training job's envelope checked before it is sent (errors name the field). */
function checkTrainJob(job: unknown): BrowserTrainJob {
  const r = BrowserTrainJobSchema.safeParse(job);
  if (!r.success) throw new Error(`Training job: ${r.error.issues[0]!.path.map(String).join('.') || 'job'}: ${r.error.issues[0]!.message}`);
  return r.data;
}

/**
 * The page call for a job, as a script. JSON has no Infinity: an unclipped job (maxGradNorm
 * Infinity) is sent without the field, which the page's schema defaults back to Infinity.
 */
export function jobScript(job: GpuTrainJob): string {
  const { maxGradNorm, ...optimizer } = job.optimizer;
  const wire = { ...job, optimizer: Number.isFinite(maxGradNorm) ? { ...optimizer, maxGradNorm } : optimizer };
  return `window.__slipstreamCompute.runJob(${JSON.stringify(wire)})`;
}
