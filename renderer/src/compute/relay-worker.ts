import { GPU_POLL_MAX_SEC, type GpuJobProgress } from '../../../main/contract/gpu-compute.js';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { ComputeJobRunner } from './main.js';

/** Least time between two progress reports sent to the engine (a step can take well under 1 ms). */
const PROGRESS_INTERVAL_MS = 250;

/** What the page shows while it serves the engine. */
export interface RelayWorkerStatus {
  (text: string): void;
}

/**
 * Serves the engine's GPU jobs in browser mode: asks `gpu.nextJob` (a long poll), runs each job,
 * reports progress (throttled; the answer carries a cancel) and ends it with `gpu.jobDone` — the
 * result, or the error in the page's words. Runs until `stop()`; a failed poll (engine restarting,
 * socket reconnecting) is retried after a pause. Invariant: one job at a time; every job taken
 * gets exactly one `gpu.jobDone`. `run` is the page's exclusive runner (one job at a time across
 * both channels).
 */
export function serveEngineJobs(api: SlipstreamApi, status: RelayWorkerStatus, run: ComputeJobRunner): { stop(): void } {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      let job: unknown;
      try {
        job = (await api.request('gpu.nextJob', { waitSec: Math.min(20, GPU_POLL_MAX_SEC) })).job;
      } catch (e) {
        status(`Waiting for the engine: ${e instanceof Error ? e.message : String(e)}`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (job === null || job === undefined) continue;
      const jobId = typeof (job as { jobId?: unknown }).jobId === 'string' ? (job as { jobId: string }).jobId : '?';
      let cancel = false;
      let lastSent = -Infinity;
      const report = (p: GpuJobProgress) => {
        status(`Engine job ${p.jobId}: step ${p.step} of ${p.steps}, loss ${p.loss.toPrecision(4)}`);
        const now = performance.now();
        if (now - lastSent < PROGRESS_INTERVAL_MS && p.step < p.steps) return;
        lastSent = now;
        api.request('gpu.jobProgress', { ...p }).then((r) => void (cancel ||= r.cancel), () => {});
      };
      try {
        const result = await run(job, report, () => cancel);
        await api.request('gpu.jobDone', { jobId, result });
        status(`Engine job ${jobId} done on ${result.backend}; waiting for the next`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        status(`Engine job ${jobId} failed: ${error}`);
        await api.request('gpu.jobDone', { jobId, error: error.slice(0, 2000) }).catch(() => {});
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
