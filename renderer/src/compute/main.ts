import type { GpuJobProgress, GpuJobResult } from '../../../main/contract/gpu-compute.js';
import { runGpuJob } from './run-job.js';

/**
 * The compute page's channel: `window.__slipstreamCompute.runJob(job)`, called by whoever hosts
 * the page (the Electron shell through `webContents.executeJavaScript` on its hidden window, a test
 * through Playwright). One job at a time; progress is kept in `progress` and shown on the page.
 */
export interface ComputeChannel {
  runJob(job: unknown): Promise<GpuJobResult>;
  /** The running (or last) job's latest progress; null before the first step. */
  readonly progress: GpuJobProgress | null;
}

declare global {
  interface Window {
    __slipstreamCompute?: ComputeChannel;
  }
}

const status = document.getElementById('compute-status')!;
let progress: GpuJobProgress | null = null;
let busy = false;

window.__slipstreamCompute = {
  get progress() {
    return progress;
  },
  async runJob(job: unknown): Promise<GpuJobResult> {
    if (busy) throw new Error('The compute page runs one job at a time; a job is running');
    busy = true;
    progress = null;
    try {
      const r = await runGpuJob(job, (p) => {
        progress = p;
        status.textContent = `Job ${p.jobId}: step ${p.step} of ${p.steps}, loss ${p.loss.toPrecision(4)}`;
      });
      status.textContent = `Job ${r.jobId} done on ${r.backend}${r.adapter ? ` (${r.adapter})` : ''}`;
      status.dataset.backend = r.backend;
      return r;
    } finally {
      busy = false;
    }
  },
};
status.textContent = 'Slipstream compute page: ready';
status.dataset.ready = 'true';
