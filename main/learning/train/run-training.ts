import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveModelFolderSync } from '../model-io/index.js';
import { selectTfBackend } from '../tf-backend.js';
import { checkpointDir, findCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { runTrainingLoop, type TrainingLoopHost, type TrainingProgress, type TrainingStatus } from './run-training-loop.js';
import { resolveTrainingConfig, type TrainingConfig } from './training-config.js';
import { defaultTrainingEnv, type TrainingEnvFactory } from './training-env.js';
import type { ValidationVsTwap } from './validation-types.js';
import { executionValidationEpisodes, twapValidationJudge } from './validation-vs-twap.js';

export type { TrainingProgress, TrainingStatus } from './run-training-loop.js';

/**
 * A finished (or cancelled) run. Invariants: `weightsSha256` is the manifest's (SHA-256 of the
 * model's weights.bin = the algorithm's weights hash on little-endian hosts); `evalMeanReturn` is
 * the greedy mean over `evalEpisodes` unseen episodes of the final weights; `steps` the env steps
 * trained (whole units: a cancelled or early-stopped run has fewer than `config.steps`).
 */
export interface TrainingResult {
  readonly algo: 'ppo' | 'ddqn';
  readonly env: 'cartpole' | 'execution';
  readonly steps: number;
  readonly seed: number;
  readonly backend: string;
  readonly evalMeanReturn: number;
  readonly evalEpisodes: number;
  readonly stepsPerSec: number;
  readonly elapsedSec: number;
  readonly weightsSha256: string;
  readonly out: string;
  readonly status: TrainingStatus;
  readonly dataHash: string | null;
  readonly config: TrainingConfig;
  readonly evalHistory: ReadonlyArray<{ step: number; meanReturn: number }>;
  /** Execution env: the final weights against TWAP on the validation episodes (null: not validated against TWAP). */
  readonly validation: ValidationVsTwap | null;
  /** Every validation against TWAP of the run, in step order (the curve the Training screen draws). */
  readonly validationHistory: readonly ValidationVsTwap[];
  /** The checkpoint this run resumed from, if any. */
  readonly resumedFrom: string | null;
}

export interface RunTrainingOptions {
  /** The run's folder: the final model (model.json, weights.bin, manifest.json), result.json, checkpoints/step-N/. */
  readonly outDir: string;
  readonly onProgress?: (p: TrainingProgress) => void;
  /** Checked between updates: an aborted run stops there and still writes its model and result (`status: 'cancelled'`). */
  readonly signal?: AbortSignal;
  /** A checkpoint folder, or a run folder (its latest complete checkpoint). */
  readonly resumeFrom?: string;
  /**
   * Builds the envs (default `defaultTrainingEnv`, to which the validation against TWAP of a plain
   * execution env is added here): e.g. a threaded batch env. A factory of its own validates
   * against TWAP only if it provides `validation`.
   */
  readonly makeEnv?: (config: TrainingConfig) => TrainingEnvFactory;
  /** DQN: env steps between progress events (default 1,000). PPO reports after every update. */
  readonly progressEvery?: number;
}

const RESULT_JSON = 'result.json';

// Fields a resume may change: they never touch the weights.
const RESUME_FREE = new Set(['checkpointEvery']);

function checkSameConfig(now: TrainingConfig, saved: unknown, file: string): void {
  const a = now as unknown as Record<string, unknown>, b = (saved ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (RESUME_FREE.has(k)) continue;
    const x = JSON.stringify(a[k]), y = JSON.stringify(b[k]);
    if (x !== y) throw new RangeError(`resume: config field ${k} ${x ?? 'absent'} ≠ the checkpoint's ${y ?? 'absent'} (${file}); a resumed run must have the same config to give the same result`);
  }
}

/** The default envs plus, for the execution env, the validation against TWAP (Node only: the judge runs backtest code, which the browser trainer does not carry). */
function withTwapValidation(envs: TrainingEnvFactory, config: TrainingConfig): TrainingEnvFactory {
  if (config.env.kind !== 'execution' || envs.validation) return envs;
  const source = executionValidationEpisodes(config);
  return { ...envs, validation: (episodes, seed) => twapValidationJudge(source, episodes, seed) };
}

/**
 * Trains PPO or Double DQN per `config` (validated: errors name the field and the limit) and
 * writes the model folder and result.json into `outDir`. Between units (a PPO update, a slice of
 * DQN steps) it yields to the event loop, checks `signal`, reports progress, evaluates greedily
 * every `evalEvery` steps on unseen seeds (early stopping on it), and checkpoints every
 * `checkpointEvery` steps into `outDir/checkpoints/step-N/` (weights, Adam moments, every RNG
 * state, replay buffer + sum tree or PPO's rollout position, the envs' episodes, counters).
 *
 * Invariant: same config, env and backend ⇒ the same `weightsSha256`, whether the run went
 * through uninterrupted or was resumed from any of its checkpoints (tested for both algorithms).
 * Wall-clock time (performance.now) only feeds stepsPerSec / etaSec / elapsedSec, never training.
 */
export async function runTraining(input: unknown, opts: RunTrainingOptions): Promise<TrainingResult> {
  const config = resolveTrainingConfig(input);
  const outDir = path.resolve(opts.outDir);
  const progressEvery = opts.progressEvery ?? 1000;
  if (!Number.isInteger(progressEvery) || progressEvery < 1) throw new RangeError(`runTraining: progressEvery must be an integer ≥ 1, got ${progressEvery}`);
  const resumeDir = opts.resumeFrom !== undefined ? findCheckpoint(path.resolve(opts.resumeFrom)) : null;
  const checkpoint = resumeDir ? readCheckpoint(resumeDir) : null;
  if (checkpoint) checkSameConfig(config, checkpoint.manifest.config, path.join(resumeDir!, 'manifest.json'));

  const backend = (await selectTfBackend({ backend: config.backend, source: 'training config backend' })).name;
  if (checkpoint && checkpoint.manifest.backend !== backend) {
    throw new RangeError(`resume: backend ${backend} ≠ the checkpoint's ${checkpoint.manifest.backend}; the same weights bit for bit need the same backend (set backend: '${checkpoint.manifest.backend}')`);
  }
  const envs = opts.makeEnv ? opts.makeEnv(config) : withTwapValidation(defaultTrainingEnv(config), config);
  const host: TrainingLoopHost = {
    backend, envs,
    resume: checkpoint ? { dir: resumeDir!, data: checkpoint.data } : null,
    saveCheckpoint: (step, model, data) => void writeCheckpoint(checkpointDir(outDir, step), model, data),
    saveModel: (model) => saveModelFolderSync(outDir, model),
    yieldToLoop: () => new Promise<void>((r) => setImmediate(r)),
    nowSec: () => performance.now() / 1000,
  };
  const loop = await runTrainingLoop(config, host, { onProgress: opts.onProgress, signal: opts.signal, progressEvery });
  // result.json keeps the field order it always had (out after weightsSha256).
  const { status, dataHash, config: cfg, evalHistory, validation, validationHistory, ...head } = loop;
  const result: TrainingResult = { ...head, out: outDir, status, dataHash, config: cfg, evalHistory, validation, validationHistory, resumedFrom: resumeDir };
  const tmp = path.join(outDir, `.${RESULT_JSON}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, `${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  fs.renameSync(tmp, path.join(outDir, RESULT_JSON));
  return result;
}
