import type { GpuJobProgress, GpuJobResult } from '../../../main/contract/gpu-compute.js';
import { isBrowserTrainJob, type BrowserTrainResult } from '../../../main/contract/gpu-training.js';
import { detectHost, wsUrl } from '../client/host-info.js';
import { createWsClient } from '../client/ws-client.js';
import { serveEngineJobs } from './relay-worker.js';
import { runGpuJob } from './run-job.js';
import { runTrainJob } from './train-job.js';

/** Either kind of job the page runs: supervised Adam steps (gpu-compute.ts) or a whole PPO / DDQN run (gpu-training.ts). */
export type ComputeJobRunner = (job: unknown, onProgress?: (p: GpuJobProgress) => void, shouldStop?: () => boolean) => Promise<GpuJobResult | BrowserTrainResult>;

/**
 * The compute page's channels: `window.__slipstreamCompute.runJob(job)`, called by whoever hosts
 * the page (the Electron shell through `webContents.executeJavaScript` on its hidden window, a test
 * through Playwright); and, when opened from the headless host with `?token=…` (browser mode), the
 * engine's `gpu.*` commands over the same WebSocket as the UI (`relay-worker.ts`). One job at a
 * time on each; progress is kept in `progress` and shown on the page.
 */
export interface ComputeChannel {
  runJob(job: unknown): Promise<GpuJobResult | BrowserTrainResult>;
  /** The running (or last) job's latest progress; null before the first step. */
  readonly progress: GpuJobProgress | null;
  /** Asks the job started by `runJob` to stop before its next step (it then rejects, saying so). */
  cancel(): void;
}

declare global {
  interface Window {
    __slipstreamCompute?: ComputeChannel;
  }
}

const status = document.getElementById('compute-status')!;
let progress: GpuJobProgress | null = null;
let busy = false;
let cancelRequested = false;

/** One job at a time across both channels (tf.js has one active backend per page). */
const exclusive: ComputeJobRunner = async (job, onProgress, shouldStop) => {
  if (busy) throw new Error('The compute page runs one job at a time; a job is running');
  busy = true;
  progress = null;
  try {
    const r = await (isBrowserTrainJob(job) ? runTrainJob : runGpuJob)(
      job,
      (p) => {
        progress = p;
        onProgress?.(p);
      },
      shouldStop,
    );
    status.dataset.backend = r.backend;
    return r;
  } finally {
    busy = false;
  }
};

window.__slipstreamCompute = {
  get progress() {
    return progress;
  },
  cancel() {
    if (busy) cancelRequested = true;
  },
  async runJob(job: unknown): Promise<GpuJobResult | BrowserTrainResult> {
    cancelRequested = false;
    const r = await exclusive(
      job,
      (p) => void (status.textContent = `Job ${p.jobId}: step ${p.step} of ${p.steps}, loss ${p.loss.toPrecision(4)}${p.metrics?.episodeReturnMean != null ? `, return ${p.metrics.episodeReturnMean.toFixed(1)}` : ''}`),
      () => cancelRequested,
    );
    status.textContent = `Job ${r.jobId} done on ${r.backend}${r.adapter ? ` (${r.adapter})` : ''}`;
    return r;
  },
};
status.textContent = 'Slipstream compute page: ready';
status.dataset.ready = 'true';

// Browser mode: serve the engine's GPU jobs over the host's WebSocket (the token is in the URL).
const host = detectHost(window.location, false);
if (host.mode === 'browser' && host.token) {
  const api = createWsClient(wsUrl(host.origin, host.token));
  status.dataset.relay = 'true';
  serveEngineJobs(api, (text) => void (status.textContent = text), exclusive);
}
