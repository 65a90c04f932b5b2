/**
 * TEST-ONLY stand-in for the trainer's `runTraining` (main/learning/train/run-training.ts), so the
 * job plumbing is tested on its own: it "trains" `config.steps` steps in chunks of 64, reports
 * progress after each, honours the abort signal (returns a cancelled outcome), throws on
 * `config.fail`, with `config.validate` reports a made-up validation against TWAP every 128 steps
 * (diff = −steps / 128 bps, ± 1), and records its thread so the test can see it ran off the caller's thread.
 * Deterministic: the digest is a function of the config and the steps done.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import type { RunTrainingOptions, TrainingOutcome } from './training-runner.js';

export async function runTraining(config: unknown, opts: RunTrainingOptions): Promise<TrainingOutcome> {
  // `fail` / `spinMs` at the top level (TrainingJob tests, and a request's config keys, which buildTrainerConfig puts there).
  const c = config as { steps: number; fail?: string; spinMs?: number; validate?: boolean };
  const fail = c.fail, spinMs = c.spinMs ?? 0;
  if (fail) throw new Error(fail);
  let steps = 0;
  const validationHistory: Array<Record<string, number>> = [];
  while (steps < c.steps) {
    if (opts.signal?.aborted) break;
    // A synchronous stretch, as a real update is: the cancel must still get through.
    const until = performance.now() + spinMs;
    while (performance.now() < until) { /* busy */ }
    steps = Math.min(c.steps, steps + 64);
    const v = c.validate && steps % 128 === 0 ? { step: steps, agentIsBps: 5 - steps / 128, twapIsBps: 5, diffBps: -steps / 128, ciLowBps: -steps / 128 - 1, ciHighBps: -steps / 128 + 1, n: 8 } : null;
    if (v) validationHistory.push(v);
    opts.onProgress?.({ step: steps, totalSteps: c.steps, episodeReturnMean: steps / 64, stepsPerSec: 1000, ...(v ? { validation: v, evalMeanReturn: steps } : {}) });
  }
  const weightsSha256 = createHash('sha256').update(JSON.stringify({ c, steps })).digest('hex');
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(join(opts.outDir, 'stand-in.json'), JSON.stringify({ steps, threadId, isMainThread }));
  return {
    weightsSha256, steps, backend: 'stand-in', status: opts.signal?.aborted ? 'cancelled' : 'completed', threadId, isMainThread,
    ...(c.validate ? { validation: validationHistory.at(-1) ?? null, validationHistory, evalHistory: validationHistory.map((x) => ({ step: x.step, meanReturn: x.step })), evalMeanReturn: steps } : {}),
  };
}
