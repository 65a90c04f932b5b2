import { isBrowserTrainBackend } from '../contract/gpu-training.js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProgressThrottle } from '../learning/train-worker/progress-throttle.js';
import { RunCurvesBuilder, validationOf, type ValidationPoint } from '../learning/train-worker/run-curves.js';
import { trainDataHash, trainingRunRecordOf, type TrainRequest } from '../learning/train-worker/train-record.js';
import { buildTrainerConfig } from '../learning/train-worker/trainer-config.js';
import type { RunTraining, TrainingOutcome, TrainingProgress } from '../learning/train-worker/training-runner.js';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';

export const TRAIN_USAGE = `usage: slipstream train --algo ppo|ddqn --env cartpole|execution [--scenario S | --data DAY]
                       [--config FILE] --steps N --seed S --out DIR [--backend B] [--resume DIR]
                       [--db FILE] [--json]

Trains PPO or Double DQN and writes the model folder (model.json, weights.bin, manifest.json,
result.json, checkpoints/) into --out. A progress line goes to stderr while it runs.
  --algo      ppo or ddqn
  --env       cartpole (CartPole-v1) or execution (one parent order through the real order path)
  --data      execution env: the recorded day the queue-reactive training market is fitted to
              (its files joined with "+"); one day
  --scenario  execution env: an agent-based scenario instead (episodes reset from its snapshot)
  --config    JSON file with the trainer's other settings: numEnvs, ppo or ddqn (hyperparameters),
              evalEvery, evalEpisodes, earlyStopping, checkpointEvery, and execution (the episode:
              side, quantity, startSec, horizonSec, decisions); errors name the field and the limit
  --steps     environment steps, 1 to 1e9
  --seed      0 to 2147483647; same seed, config, data and backend give the same weights bit for bit
  --backend   auto (default), tensorflow, wasm or cpu (webgpu / webgl: GPU training needs the app or
              the headless host's compute page open; see renderer/src/compute/README.md)
  --resume    continue from a checkpoint folder or a run folder (its latest checkpoint): the result
              equals the uninterrupted run's (same weightsSha256)
  --db        the training-run registry (DuckDB) to record the run in (default:
              training-runs.duckdb in the folder that holds --out)
  --json      print {algo, env, steps, seed, backend, evalMeanReturn, evalEpisodes, stepsPerSec,
              elapsedSec, weightsSha256, out, status, dataHash, runId, validation}; validation (execution
              env, else null) = the final weights and TWAP on the same validation episodes: {step,
              agentIsBps, twapIsBps, diffBps, ciLowBps, ciHighBps, n} (IS + = cost, diff = agent − TWAP,
              paired 95 % bootstrap interval)
Exit status: 0 trained, 1 failed (bad config field, unreadable data, training error), 2 usage error.`;

/** What `slipstream train --json` prints (at least the fields). */
export interface TrainCliResult {
  readonly algo: string;
  readonly env: string;
  readonly steps: number;
  readonly seed: number;
  readonly backend: string;
  readonly evalMeanReturn: number | null;
  readonly evalEpisodes: number | null;
  readonly stepsPerSec: number | null;
  readonly elapsedSec: number | null;
  readonly weightsSha256: string;
  readonly out: string;
  readonly status: string;
  readonly dataHash: string;
  readonly runId: string;
  /** Execution env: the final weights against TWAP on the validation episodes (null otherwise). */
  readonly validation: ValidationPoint | null;
}

/** Injectable parts (tests): the trainer, the stderr sink, the progress clock. */
export interface TrainCommandDeps {
  readonly runTraining?: RunTraining;
  readonly err?: (line: string) => void;
  readonly now?: () => number;
}

const SET_BY_FLAGS = ['algo', 'env', 'steps', 'seed', 'backend'];

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${file}: the config must be a JSON object`);
  const clash = SET_BY_FLAGS.filter((k) => k in v);
  if (clash.length > 0) throw new Error(`${file}: ${clash.join(', ')} ${clash.length > 1 ? 'are' : 'is'} set by --${clash[0]}, not in the config file`);
  return v as Record<string, unknown>;
}

function num(o: Readonly<Record<string, unknown>>, k: string): number | null {
  const v = o[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function progressLine(p: TrainingProgress): string {
  const total = typeof p.totalSteps === 'number' ? p.totalSteps : NaN;
  const parts = [`train: step ${p.step.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${((100 * p.step) / total).toFixed(1)}%)`];
  const sps = num(p, 'stepsPerSec'), eta = num(p, 'etaSec'), ret = num(p, 'episodeReturnMean'), ev = num(p, 'evalMeanReturn');
  if (sps !== null) parts.push(`${Math.round(sps).toLocaleString('en-US')} steps/s`);
  if (eta !== null) parts.push(`${Math.round(eta)} s left`);
  if (ret !== null) parts.push(`return ${ret.toFixed(2)}`);
  if (ev !== null) parts.push(`eval ${ev.toFixed(2)}`);
  const v = validationOf(p);
  if (v) parts.push(`vs TWAP ${validationText(v)}`);
  return parts.join(', ');
}

const bp = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

/** "agent − TWAP −1.25 bp [−2.50, +0.10] (n 16)": the paired difference and its 95 % interval. */
function validationText(v: ValidationPoint): string {
  const ci = v.ciLowBps === null || v.ciHighBps === null ? 'no interval' : `[${bp(v.ciLowBps)}, ${bp(v.ciHighBps)}]`;
  return `agent − TWAP ${bp(v.diffBps)} bp ${ci} (n ${v.n})`;
}

/** Parses the flags into a request (usage errors name the option). */
export function parseTrainArgs(argv: readonly string[]): { request: TrainRequest; out: string; resume?: string; db: string; json: boolean } {
  const a = parseArgs(argv, ['algo', 'env', 'scenario', 'data', 'config', 'steps', 'seed', 'out', 'backend', 'resume', 'db'], ['json']);
  if (a.positionals.length > 0) throw new UsageError(`unexpected argument "${a.positionals[0]}"\n${TRAIN_USAGE}`);
  const algo = choiceOption(a, 'algo', ['ppo', 'ddqn'] as const);
  const env = choiceOption(a, 'env', ['cartpole', 'execution'] as const);
  const steps = intOption(a, 'steps', 1, 1e9);
  const seed = intOption(a, 'seed', 0, 2 ** 31 - 1);
  const out = a.values.get('out');
  for (const [name, v] of [['algo', algo], ['env', env], ['steps', steps], ['seed', seed], ['out', out]] as const) {
    if (v === undefined) throw new UsageError(`--${name} is required\n${TRAIN_USAGE}`);
  }
  const rawBackend = a.values.get('backend');
  if (isBrowserTrainBackend(rawBackend)) {
    throw new UsageError(`--backend ${rawBackend}: GPU training runs in a Chromium context, not in this command. Open the app (its window runs it in a hidden compute window), or the headless host with its compute page (http://127.0.0.1:PORT/compute.html?token=…) open in a browser, and start the job there (train.start with backend ${rawBackend}). Here: auto, tensorflow, wasm or cpu`);
  }
  const backend = choiceOption(a, 'backend', ['auto', 'tensorflow', 'wasm', 'cpu'] as const);
  const scenario = a.values.get('scenario');
  const dataRaw = a.values.get('data');
  if (scenario !== undefined && dataRaw !== undefined) throw new UsageError('give --scenario or --data, not both');
  if (env === 'cartpole' && (scenario !== undefined || dataRaw !== undefined)) throw new UsageError('--env cartpole takes neither --scenario nor --data');
  if (env === 'execution' && scenario === undefined && dataRaw === undefined) throw new UsageError('--env execution needs --data DAY (the training market is fitted to it) or --scenario S');
  let data: string[] | undefined;
  if (dataRaw !== undefined) {
    const days = dataRaw.split(',').filter((d) => d.length > 0);
    if (days.length !== 1) throw new UsageError(`--data: the training market is fitted to one day (its files joined with "+"), got ${days.length}`);
    data = days[0]!.split('+').filter((f) => f.length > 0).map((f) => resolve(f));
  }
  const cfgFile = a.values.get('config');
  const request: TrainRequest = {
    algo: algo!, env: env!, steps: steps!, seed: seed!,
    ...(scenario !== undefined ? { scenario } : {}), ...(data ? { data } : {}),
    ...(cfgFile !== undefined ? { config: readConfigFile(cfgFile) } : {}), ...(backend !== undefined ? { backend } : {}),
  };
  const outDir = resolve(out!);
  return { request, out: outDir, resume: a.values.get('resume'), db: resolve(a.values.get('db') ?? join(dirname(outDir), 'training-runs.duckdb')), json: a.flags.has('json') };
}

/**
 * `slipstream train …` (see TRAIN_USAGE): trains in this process (the CLI has no engine thread
 * to protect), prints a progress line to stderr at most once a second, records the run in the
 * training-run registry, and prints the result (one JSON object with --json).
 */
export async function trainCommand(argv: readonly string[], out: (s: string) => void, deps: TrainCommandDeps = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(TRAIN_USAGE);
    return 0;
  }
  const p = parseTrainArgs(argv);
  const err = deps.err ?? ((s: string) => process.stderr.write(`${s}\n`));
  const dataHash = trainDataHash(p.request);
  const config = buildTrainerConfig(p.request);
  // Loaded only here: TensorFlow.js is heavy, and no other command needs it.
  const runTraining = deps.runTraining ?? ((await import('../learning/train/run-training.js')).runTraining as unknown as RunTraining);
  const throttle = new ProgressThrottle(1000, deps.now ?? (() => performance.now()));
  // The latest event not yet printed (the last one is always printed once).
  let last: TrainingProgress | null = null;
  const curves = new RunCurvesBuilder();
  const outcome: TrainingOutcome = await runTraining(config, {
    outDir: p.out, ...(p.resume !== undefined ? { resumeFrom: resolve(p.resume) } : {}),
    onProgress: (e) => {
      last = e;
      curves.add(e);
      // A validation's line is always printed.
      if (throttle.pass(validationOf(e) !== undefined)) {
        err(progressLine(e));
        last = null;
      }
    },
  });
  if (last) err(progressLine(last));
  const status = outcome.status === 'cancelled' ? 'cancelled' : 'completed';
  const rec = trainingRunRecordOf(p.request, outcome, status, p.out, dataHash, curves.finish(outcome));
  const { TrainingRunStore } = await import('../store/training-runs.js');
  const store = await TrainingRunStore.open(p.db);
  let runId: string;
  try {
    runId = await store.save(rec);
  } finally {
    store.close();
  }
  const o = outcome as Readonly<Record<string, unknown>>;
  const result: TrainCliResult = {
    algo: p.request.algo, env: p.request.env, steps: outcome.steps, seed: p.request.seed, backend: outcome.backend,
    evalMeanReturn: num(o, 'evalMeanReturn'), evalEpisodes: num(o, 'evalEpisodes'), stepsPerSec: num(o, 'stepsPerSec'), elapsedSec: num(o, 'elapsedSec'),
    weightsSha256: outcome.weightsSha256, out: p.out, status: String(outcome.status ?? 'completed'), dataHash: rec.dataHash, runId,
    validation: validationOf(o) ?? null,
  };
  if (p.json) out(JSON.stringify(result));
  else {
    out(`${result.algo} on ${result.env}: ${result.steps} steps (${result.status}), seed ${result.seed}, backend ${result.backend}`);
    out(`greedy evaluation: mean return ${result.evalMeanReturn ?? 'n/a'} over ${result.evalEpisodes ?? 'n/a'} episodes; ${result.stepsPerSec === null ? 'n/a' : Math.round(result.stepsPerSec)} steps/s, ${result.elapsedSec ?? 'n/a'} s`);
    const v = result.validation;
    if (v) out(`validation vs TWAP (${v.n} episodes, IS + = cost): agent ${bp(v.agentIsBps)} bp, TWAP ${bp(v.twapIsBps)} bp, ${validationText(v)}`);
    out(`weightsSha256 ${result.weightsSha256}`);
    out(`model: ${result.out}; run ${runId} recorded in ${p.db}`);
  }
  return 0;
}
