import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validationOf, type RunCurves } from './run-curves.js';
import type { TrainingOutcome } from './training-runner.js';

/** What a training run was asked to do (the CLI's flags, the `train.start` arguments). */
export interface TrainRequest {
  readonly algo: 'ppo' | 'ddqn';
  readonly env: 'cartpole' | 'execution';
  readonly steps: number;
  readonly seed: number;
  readonly scenario?: string;
  readonly data?: readonly string[];
  /**
   * The trainer's other settings as written in a config file (numEnvs, the `ppo` / `ddqn`
   * section, evalEvery, …, and `execution`: the execution env's episode); see
   * `buildTrainerConfig`. Validated by the trainer.
   */
  readonly config?: Record<string, unknown>;
  readonly backend?: string;
}

/** The request as plain data (what the registry stores as the run's config; the trainer's own config is built from it by `buildTrainerConfig`). */
export function requestConfigOf(r: TrainRequest): Record<string, unknown> {
  const out: Record<string, unknown> = { algo: r.algo, env: r.env, steps: r.steps, seed: r.seed };
  if (r.scenario !== undefined) out.scenario = r.scenario;
  if (r.data !== undefined) out.data = [...r.data];
  if (r.config !== undefined) out.config = r.config;
  if (r.backend !== undefined) out.backend = r.backend;
  return out;
}

/**
 * SHA-256 (hex) of what the run learnt from: the data files' bytes in order (each prefixed by its
 * length, so file boundaries count), else the scenario's name, else the synthetic env's name.
 * Throws naming the file when one cannot be read.
 */
export function trainDataHash(r: TrainRequest): string {
  const h = createHash('sha256');
  if (r.data && r.data.length > 0) {
    for (const f of r.data) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(f);
      } catch (e) {
        throw new Error(`${f}: cannot read the data file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
      }
      h.update(`${bytes.length}:`).update(bytes);
    }
  } else if (r.scenario !== undefined) h.update(`scenario:${r.scenario}`);
  else h.update(`env:${r.env}`);
  return h.digest('hex');
}

/** The numeric fields of an outcome (or progress event), for metrics columns and events; NaN/±∞ become null. */
export function numericMetrics(o: Readonly<Record<string, unknown>>, skip: readonly string[] = []): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(o)) {
    if (skip.includes(k) || typeof v !== 'number') continue;
    out[k] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/**
 * The registry row of a finished run (see `TrainingRunRecord` in main/store/training-runs.ts):
 * metrics = the outcome's numbers plus its final validation against TWAP flattened
 * (`validationAgentIsBps`, `validationTwapIsBps`, `validationDiffBps`, `validationCiLowBps`,
 * `validationCiHighBps`, `validationN`; the manifest's names), and the run's curves when given.
 */
export function trainingRunRecordOf(r: TrainRequest, outcome: TrainingOutcome, status: 'completed' | 'cancelled', outDir: string, dataHash: string, curves: RunCurves | null = null) {
  const v = validationOf(outcome);
  const validation: Record<string, number | null> = v
    ? { validationAgentIsBps: v.agentIsBps, validationTwapIsBps: v.twapIsBps, validationDiffBps: v.diffBps, validationCiLowBps: v.ciLowBps, validationCiHighBps: v.ciHighBps, validationN: v.n }
    : {};
  return {
    algo: r.algo, env: r.env, config: requestConfigOf(r), seed: r.seed, steps: outcome.steps,
    dataHash: typeof outcome.dataHash === 'string' ? outcome.dataHash : dataHash, backend: outcome.backend,
    metrics: { ...numericMetrics(outcome, ['steps']), ...validation }, status, modelPath: outDir, weightsSha256: outcome.weightsSha256,
    curves,
  };
}
