import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonMetrics, saveModelFolderSync, type ModelActionSpace, type ModelFolderContents, type ModelManifest } from '../model-io/index.js';
import { selectTfBackend } from '../tf-backend.js';
import { checkpointDir, findCheckpoint, readCheckpoint, writeCheckpoint, type TrainerState } from './checkpoint.js';
import { dqnLearner, ppoLearner, type Learner, type SliceStats } from './learner.js';
import { resolveTrainingConfig, type TrainingConfig } from './training-config.js';
import { canSnapshot, defaultTrainingEnv, evaluateGreedy, type TrainingEnvFactory } from './training-env.js';

/** One progress event (after every PPO update / every `progressEvery` DQN steps, and after each evaluation). */
export interface TrainingProgress extends SliceStats {
  readonly step: number;
  readonly totalSteps: number;
  readonly fraction: number;
  readonly stepsPerSec: number;
  /** Seconds left at the current speed (null before any speed is known). */
  readonly etaSec: number | null;
  /** Set on the event that follows a greedy evaluation. */
  readonly evalMeanReturn?: number;
}

/** How a run ended: all its steps, stopped early (no evaluation gain for `patience` evaluations) or cancelled. */
export type TrainingStatus = 'completed' | 'early-stopped' | 'cancelled';

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
  /** Builds the envs (default `defaultTrainingEnv`): e.g. a threaded batch env. */
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

function actionSpaceOf(env: { continuous?: { low: Float32Array; high: Float32Array }; actionCount: number }): ModelActionSpace {
  return env.continuous ? { kind: 'continuous', low: Array.from(env.continuous.low), high: Array.from(env.continuous.high) } : { kind: 'discrete', n: env.actionCount };
}

const now = () => performance.now() / 1000;

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
  const envs = (opts.makeEnv ?? defaultTrainingEnv)(config);
  const env = envs.batch(config.numEnvs);
  const learner: Learner = config.algo === 'ppo' ? ppoLearner(env, config.algoConfig) : dqnLearner(env, config.algoConfig, progressEvery);
  try {
    let t: TrainerState = {
      nextEval: config.evalEvery || Infinity, nextCheckpoint: config.checkpointEvery || Infinity, nextProgress: progressEvery,
      evalHistory: [], best: -Infinity, sinceBest: 0, elapsedSec: 0, lastEpisodeReturnMean: null,
    };
    if (checkpoint) {
      if (checkpoint.data.env === null || !canSnapshot(env)) throw new Error(`${resumeDir}: the checkpoint holds no env state (its env could not be saved), so it cannot be resumed exactly`);
      learner.setState(checkpoint.data.learner as ReturnType<Learner['getState']>);
      const obs = env.restore(checkpoint.data.env);
      const saved = (checkpoint.data.learner as { obs: Float32Array }).obs;
      if (Buffer.compare(Buffer.from(obs.buffer, obs.byteOffset, obs.byteLength), Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength)) !== 0) {
        throw new Error(`${resumeDir}: the restored envs' observations differ from the checkpoint's — the env is not the one checkpointed or is not deterministic`);
      }
      t = { ...checkpoint.data.trainer, nextCheckpoint: config.checkpointEvery ? Math.floor(learner.steps / config.checkpointEvery + 1) * config.checkpointEvery : Infinity };
    } else {
      learner.startRun(config.steps);
    }
    const evalEnv = envs.single();
    const manifestOf = (metrics: Record<string, number | null>) => {
      const m = learner.model();
      const contents: ModelFolderContents = {
        mlps: m.mlps, tensors: m.tensors,
        manifest: {
          algorithm: config.algo, config, seed: config.seed, dataHash: envs.dataHash, backend, trainingSteps: learner.steps,
          metrics: jsonMetrics(metrics), observation: { size: env.obsDim, names: [...envs.obsNames] }, actionSpace: actionSpaceOf(env),
          policy: { network: m.network, head: m.head },
        },
      };
      return contents;
    };
    const evaluate = (): number => {
      const r = evaluateGreedy(evalEnv, (o) => learner.greedy(o), config.evalEpisodes);
      return r.reduce((a, b) => a + b, 0) / r.length;
    };

    const t0 = now(), steps0 = learner.steps;
    let status: TrainingStatus = 'completed';
    let lastEval: { step: number; meanReturn: number } | null = t.evalHistory.at(-1) ?? null;
    const speed = () => {
      const dt = now() - t0;
      return dt > 0 ? (learner.steps - steps0) / dt : 0;
    };
    while (!learner.runDone) {
      await new Promise<void>((r) => setImmediate(r));
      if (opts.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      const until = Math.min(t.nextProgress, t.nextEval, t.nextCheckpoint, config.steps);
      const s = learner.slice(until);
      const step = learner.steps;
      while (t.nextProgress <= step) t = { ...t, nextProgress: t.nextProgress + progressEvery };
      if (s.episodeReturnMean !== null) t = { ...t, lastEpisodeReturnMean: s.episodeReturnMean };
      let evalMeanReturn: number | undefined;
      let stop = false;
      if (step >= t.nextEval) {
        evalMeanReturn = evaluate();
        lastEval = { step, meanReturn: evalMeanReturn };
        let nextEval = t.nextEval;
        while (nextEval <= step) nextEval += config.evalEvery;
        const gain = evalMeanReturn > t.best + (config.earlyStopping?.minDelta ?? 0);
        t = { ...t, nextEval, evalHistory: [...t.evalHistory, lastEval], best: Math.max(t.best, evalMeanReturn), sinceBest: gain ? 0 : t.sinceBest + 1 };
        if (config.earlyStopping && t.sinceBest >= config.earlyStopping.patience) stop = true;
      }
      const sps = speed();
      opts.onProgress?.({
        ...s, step, totalSteps: config.steps, fraction: Math.min(1, step / config.steps), stepsPerSec: sps,
        etaSec: sps > 0 ? Math.max(0, config.steps - step) / sps : null, ...(evalMeanReturn !== undefined ? { evalMeanReturn } : {}),
      });
      if (stop) {
        status = 'early-stopped';
        break;
      }
      if (step >= t.nextCheckpoint && !learner.runDone) {
        let nextCheckpoint = t.nextCheckpoint;
        while (nextCheckpoint <= step) nextCheckpoint += config.checkpointEvery;
        t = { ...t, nextCheckpoint };
        const trainer = { ...t, elapsedSec: t.elapsedSec + (now() - t0) };
        writeCheckpoint(checkpointDir(outDir, step), manifestOf({ evalMeanReturn: lastEval?.meanReturn ?? null, episodeReturnMean: t.lastEpisodeReturnMean }), {
          trainer, learner: learner.getState(), env: canSnapshot(env) ? env.snapshot() : null,
        });
      }
    }
    // The final evaluation (reused when the last one was at these very weights).
    const finalEval = lastEval && lastEval.step === learner.steps ? lastEval.meanReturn : evaluate();
    const elapsedSec = t.elapsedSec + (now() - t0);
    const stepsPerSec = speed();
    const manifest: ModelManifest = saveModelFolderSync(outDir, manifestOf({
      evalMeanReturn: finalEval, evalEpisodes: config.evalEpisodes, stepsPerSec, elapsedSec, episodeReturnMean: t.lastEpisodeReturnMean,
      bestEvalMeanReturn: Number.isFinite(t.best) ? Math.max(t.best, finalEval) : finalEval,
    }));
    const result: TrainingResult = {
      algo: config.algo, env: config.env.kind, steps: learner.steps, seed: config.seed, backend, evalMeanReturn: finalEval,
      evalEpisodes: config.evalEpisodes, stepsPerSec, elapsedSec, weightsSha256: manifest.weightsSha256, out: outDir, status,
      dataHash: envs.dataHash, config, evalHistory: t.evalHistory, resumedFrom: resumeDir,
    };
    const tmp = path.join(outDir, `.${RESULT_JSON}.tmp-${process.pid}`);
    fs.writeFileSync(tmp, `${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    fs.renameSync(tmp, path.join(outDir, RESULT_JSON));
    return result;
  } finally {
    learner.dispose();
  }
}
