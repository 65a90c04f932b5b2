import { jsonMetrics, type ModelActionSpace, type ModelManifestInput } from '../model-io/manifest.js';
import type { NamedMlp, NamedTensor } from '../model-io/model-json.js';
import type { CheckpointData, TrainerState } from './checkpoint.js';
import { dqnLearner, ppoLearner, type Learner, type SliceStats } from './learner.js';
import type { TrainingConfig } from './training-config.js';
import { canSnapshot, evaluateGreedy, type TrainingEnvFactory } from './training-env.js';
import type { ValidationJudge, ValidationVsTwap } from './validation-types.js';

// The training loop without Node: no fs, path, Buffer or setImmediate, so the browser compute
// trainer (app/compute-trainer) bundles it. Files (model folder, checkpoints, result.json) are the
// host's job: `run-training.ts` in Node, the engine for a run on the compute page.

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
  /** Set on the event that follows an evaluation against TWAP (execution env). */
  readonly validation?: ValidationVsTwap;
}

/** How a run ended: all its steps, stopped early (no evaluation gain for `patience` evaluations) or cancelled. */
export type TrainingStatus = 'completed' | 'early-stopped' | 'cancelled';

/** A model folder's contents as the loop hands them to its host (same fields as model-io's `ModelFolderContents`). */
export interface TrainedModel {
  readonly mlps: readonly NamedMlp[];
  readonly tensors: readonly NamedTensor[];
  readonly manifest: ModelManifestInput;
}

/**
 * What the loop needs from where it runs. Invariants: `backend` is the tf.js backend already
 * active; `saveModel` stores the final model and answers its `weightsSha256` (SHA-256 of the
 * little-endian float32 weights in model-io's order); `saveCheckpoint` absent = no checkpoints
 * are written (the browser trainer); `resume` holds a checkpoint already read and checked
 * against the config and backend.
 */
export interface TrainingLoopHost {
  readonly backend: string;
  readonly envs: TrainingEnvFactory;
  readonly resume?: { readonly dir: string; readonly data: CheckpointData } | null;
  saveCheckpoint?(step: number, model: TrainedModel, data: CheckpointData): void;
  saveModel(model: TrainedModel): Promise<{ weightsSha256: string }> | { weightsSha256: string };
  /** Lets the event loop run between units (Node: setImmediate; a page: a macrotask). */
  yieldToLoop(): Promise<void>;
  /** Seconds on a monotonic clock (speeds and elapsed time only, never training). */
  nowSec(): number;
}

/** The loop's outcome: `TrainingResult` without the host's fields (`out`, `resumedFrom`). */
export interface TrainingLoopResult {
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
  readonly status: TrainingStatus;
  readonly dataHash: string | null;
  readonly config: TrainingConfig;
  readonly evalHistory: ReadonlyArray<{ step: number; meanReturn: number }>;
  /** The final weights against TWAP on the validation episodes (null: no validation against TWAP in this run). */
  readonly validation: ValidationVsTwap | null;
  /** Every validation against TWAP of the run, in step order (the curve; the final one included). */
  readonly validationHistory: readonly ValidationVsTwap[];
}

function actionSpaceOf(env: { continuous?: { low: Float32Array; high: Float32Array }; actionCount: number }): ModelActionSpace {
  return env.continuous ? { kind: 'continuous', low: Array.from(env.continuous.low), high: Array.from(env.continuous.high) } : { kind: 'discrete', n: env.actionCount };
}

function sameBytes(a: Float32Array, b: Float32Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The flat manifest / registry metrics of a validation (null fields where there is none). */
export function validationMetrics(v: ValidationVsTwap | null): Record<string, number | null> {
  if (v === null) return {};
  return {
    validationAgentIsBps: v.agentIsBps, validationTwapIsBps: v.twapIsBps, validationDiffBps: v.diffBps,
    validationCiLowBps: v.ciLowBps, validationCiHighBps: v.ciHighBps, validationN: v.n,
  };
}

/** The validation judge of a run: null when off or unavailable; refused when asked for (or early stopping needs it) and the envs cannot give it. */
function judgeOf(config: TrainingConfig, envs: TrainingEnvFactory): ValidationJudge | null {
  const wanted = config.evalVsTwap === true || config.earlyStopping?.metric === 'validationDiffBps';
  if (config.evalVsTwap === false || config.env.kind !== 'execution') return null;
  if (!envs.validation) {
    if (wanted) throw new RangeError('training config evalVsTwap: these envs give no validation episodes to run TWAP on (a makeEnv must provide `validation`)');
    return null;
  }
  return envs.validation(config.evalEpisodes, config.seed);
}

/**
 * Trains per `config` (already resolved) on `host`: between units (a PPO update, a slice of DQN
 * steps) it yields, checks `signal`, reports progress, evaluates greedily every `evalEvery` steps
 * on unseen seeds (early stopping on it) and hands checkpoints to the host every
 * `checkpointEvery` steps. Invariant: the weights depend only on the config, the envs and the
 * backend — never on the host, the clock or where the run was cut.
 */
export async function runTrainingLoop(
  config: TrainingConfig,
  host: TrainingLoopHost,
  opts: { readonly onProgress?: (p: TrainingProgress) => void; readonly signal?: AbortSignal; readonly progressEvery: number },
): Promise<TrainingLoopResult> {
  const { envs, backend } = host;
  const progressEvery = opts.progressEvery;
  const env = envs.batch(config.numEnvs);
  const learner: Learner = config.algo === 'ppo' ? ppoLearner(env, config.algoConfig) : dqnLearner(env, config.algoConfig, progressEvery);
  try {
    let t: TrainerState = {
      nextEval: config.evalEvery || Infinity, nextCheckpoint: config.checkpointEvery || Infinity, nextProgress: progressEvery,
      evalHistory: [], best: -Infinity, sinceBest: 0, elapsedSec: 0, lastEpisodeReturnMean: null,
    };
    const checkpoint = host.resume ?? null;
    if (checkpoint) {
      if (checkpoint.data.env === null || !canSnapshot(env)) throw new Error(`${checkpoint.dir}: the checkpoint holds no env state (its env could not be saved), so it cannot be resumed exactly`);
      learner.setState(checkpoint.data.learner as ReturnType<Learner['getState']>);
      const obs = env.restore(checkpoint.data.env);
      if (!sameBytes(obs, (checkpoint.data.learner as { obs: Float32Array }).obs)) {
        throw new Error(`${checkpoint.dir}: the restored envs' observations differ from the checkpoint's — the env is not the one checkpointed or is not deterministic`);
      }
      t = { ...checkpoint.data.trainer, nextCheckpoint: config.checkpointEvery ? Math.floor(learner.steps / config.checkpointEvery + 1) * config.checkpointEvery : Infinity };
    } else {
      learner.startRun(config.steps);
    }
    const evalEnv = envs.single();
    // Its own envs, paths and bootstrap stream: validating never changes the weights.
    const judge = judgeOf(config, envs);
    const modelOf = (metrics: Record<string, number | null>): TrainedModel => {
      const m = learner.model();
      return {
        mlps: m.mlps, tensors: m.tensors ?? [],
        manifest: {
          algorithm: config.algo, config, seed: config.seed, dataHash: envs.dataHash, backend, trainingSteps: learner.steps,
          metrics: jsonMetrics(metrics), observation: { size: env.obsDim, names: [...envs.obsNames] }, actionSpace: actionSpaceOf(env),
          policy: { network: m.network, head: m.head },
        },
      };
    };
    const evaluate = (): number => {
      const r = evaluateGreedy(evalEnv, (o) => learner.greedy(o), config.evalEpisodes);
      return r.reduce((a, b) => a + b, 0) / r.length;
    };
    const validate = (step: number): ValidationVsTwap | null => (judge ? judge.evaluate(step, (o) => learner.greedy(o)) : null);
    const onDiff = config.earlyStopping?.metric === 'validationDiffBps';

    const t0 = host.nowSec(), steps0 = learner.steps;
    let status: TrainingStatus = 'completed';
    let lastEval: { step: number; meanReturn: number } | null = t.evalHistory.at(-1) ?? null;
    let lastVal: ValidationVsTwap | null = t.validationHistory?.at(-1) ?? null;
    const speed = () => {
      const dt = host.nowSec() - t0;
      return dt > 0 ? (learner.steps - steps0) / dt : 0;
    };
    while (!learner.runDone) {
      await host.yieldToLoop();
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
      let validation: ValidationVsTwap | null = null;
      let stop = false;
      if (step >= t.nextEval) {
        evalMeanReturn = evaluate();
        lastEval = { step, meanReturn: evalMeanReturn };
        validation = validate(step);
        if (validation) lastVal = validation;
        let nextEval = t.nextEval;
        while (nextEval <= step) nextEval += config.evalEvery;
        // Higher is better: the return, or minus the agent − TWAP shortfall (an evaluation without one gains nothing).
        const score = onDiff ? (validation?.diffBps !== null && validation?.diffBps !== undefined ? -validation.diffBps : -Infinity) : evalMeanReturn;
        const gain = score > t.best + (config.earlyStopping?.minDelta ?? 0);
        t = {
          ...t, nextEval, evalHistory: [...t.evalHistory, lastEval], best: Math.max(t.best, score), sinceBest: gain ? 0 : t.sinceBest + 1,
          ...(validation ? { validationHistory: [...(t.validationHistory ?? []), validation] } : {}),
        };
        if (config.earlyStopping && t.sinceBest >= config.earlyStopping.patience) stop = true;
      }
      const sps = speed();
      opts.onProgress?.({
        ...s, step, totalSteps: config.steps, fraction: Math.min(1, step / config.steps), stepsPerSec: sps,
        etaSec: sps > 0 ? Math.max(0, config.steps - step) / sps : null, ...(evalMeanReturn !== undefined ? { evalMeanReturn } : {}),
        ...(validation ? { validation } : {}),
      });
      if (stop) {
        status = 'early-stopped';
        break;
      }
      if (step >= t.nextCheckpoint && !learner.runDone) {
        let nextCheckpoint = t.nextCheckpoint;
        while (nextCheckpoint <= step) nextCheckpoint += config.checkpointEvery;
        t = { ...t, nextCheckpoint };
        if (host.saveCheckpoint) {
          const trainer = { ...t, elapsedSec: t.elapsedSec + (host.nowSec() - t0) };
          host.saveCheckpoint(step, modelOf({ evalMeanReturn: lastEval?.meanReturn ?? null, episodeReturnMean: t.lastEpisodeReturnMean, ...validationMetrics(lastVal) }), {
            trainer, learner: learner.getState(), env: canSnapshot(env) ? env.snapshot() : null,
          });
        }
      }
    }
    // Training speed up to here: the final evaluation and validation against TWAP (many judged paths) are not training.
    const stepsPerSec = speed();
    // The final evaluation (reused when the last one was at these very weights).
    const finalEval = lastEval && lastEval.step === learner.steps ? lastEval.meanReturn : evaluate();
    const finalVal = judge === null ? null : lastVal && lastVal.step === learner.steps ? lastVal : validate(learner.steps);
    const validationHistory = [...(t.validationHistory ?? [])];
    if (finalVal && validationHistory.at(-1) !== finalVal) validationHistory.push(finalVal);
    const elapsedSec = t.elapsedSec + (host.nowSec() - t0);
    const bestReturn = Math.max(finalEval, ...t.evalHistory.map((e) => e.meanReturn));
    const { weightsSha256 } = await host.saveModel(modelOf({
      evalMeanReturn: finalEval, evalEpisodes: config.evalEpisodes, stepsPerSec, elapsedSec, episodeReturnMean: t.lastEpisodeReturnMean,
      bestEvalMeanReturn: bestReturn, ...validationMetrics(finalVal),
    }));
    return {
      algo: config.algo, env: config.env.kind, steps: learner.steps, seed: config.seed, backend, evalMeanReturn: finalEval,
      evalEpisodes: config.evalEpisodes, stepsPerSec, elapsedSec, weightsSha256, status,
      dataHash: envs.dataHash, config, evalHistory: t.evalHistory, validation: finalVal, validationHistory,
    };
  } finally {
    learner.dispose();
  }
}
