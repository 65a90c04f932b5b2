import type { GpuJobResult } from '../../main/contract/gpu-compute.js';
import type { PromiseClient } from '../relay/promise-client.js';
import type { ComputeProgressListener } from './compute-window.js';

/** Pause after a failed poll (engine restarting) before asking again. */
const RETRY_MS = 1000;

/**
 * Under Electron, serves the engine's `gpu.run` jobs with the hidden compute window: the main
 * process long-polls `gpu.nextJob` over the relay (as a browser-mode page does over its
 * WebSocket), runs each job with `run` (`ComputeWindow.runJob`) and answers `gpu.jobDone` with
 * the result or the error. Invariant: one job at a time; every job taken gets exactly one
 * `gpu.jobDone`. The window's progress goes to `gpu.jobProgress`, whose answer cancels the job.
 */
export function serveGpuJobsWithWindow(client: PromiseClient, run: (job: unknown, onProgress: ComputeProgressListener) => Promise<GpuJobResult>): { stop(): void } {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const r = await client.request('gpu.nextJob', { waitSec: 20 });
      if (stopped) return;
      if (!r.ok) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
      const job = (r.result as { job: unknown }).job;
      if (job === null || job === undefined) continue;
      const jobId = String((job as { jobId?: unknown }).jobId ?? '?');
      try {
        // Progress goes to the engine's job (status bar); its answer carries a cancel (`job.cancel`).
        const result = await run(job, async (p) => {
          const r = await client.request('gpu.jobProgress', { ...p });
          return { cancel: r.ok ? (r.result as { cancel: boolean }).cancel : false };
        });
        await client.request('gpu.jobDone', { jobId, result });
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
        await client.request('gpu.jobDone', { jobId, error });
      }
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
    },
  };
}
