/**
 * TEST-ONLY stand-in for the trainer's `runTraining` (main/learning/train/run-training.ts), so the
 * job plumbing is tested on its own: it "trains" `config.steps` steps in chunks of 64, reports
 * progress after each, honours the abort signal (returns a cancelled outcome), throws on
 * `config.fail`, and records its thread so the test can see it ran off the caller's thread.
 * Deterministic: the digest is a function of the config and the steps done.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import type { RunTrainingOptions, TrainingOutcome } from './training-runner.js';

export async function runTraining(config: unknown, opts: RunTrainingOptions): Promise<TrainingOutcome> {
  // `fail` / `spinMs` at the top level (TrainingJob tests, and a request's config keys, which buildTrainerConfig puts there).
  const c = config as { steps: number; fail?: string; spinMs?: number };
  const fail = c.fail, spinMs = c.spinMs ?? 0;
  if (fail) throw new Error(fail);
  let steps = 0;
  while (steps < c.steps) {
    if (opts.signal?.aborted) break;
    // A synchronous stretch, as a real update is: the cancel must still get through.
    const until = performance.now() + spinMs;
    while (performance.now() < until) { /* busy */ }
    steps = Math.min(c.steps, steps + 64);
    opts.onProgress?.({ step: steps, totalSteps: c.steps, episodeReturn: steps / 64 });
  }
  const weightsSha256 = createHash('sha256').update(JSON.stringify({ c, steps })).digest('hex');
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(join(opts.outDir, 'stand-in.json'), JSON.stringify({ steps, threadId, isMainThread }));
  return { weightsSha256, steps, backend: 'stand-in', status: opts.signal?.aborted ? 'cancelled' : 'completed', threadId, isMainThread };
}
