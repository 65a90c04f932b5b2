/**
 * Learning benchmarks (`npm run bench -- --only learning [--seconds S] [--solve]`):
 * - `forward`: the 18-64-64-12 tanh network, one call at batch B ∈ {1, 8, 64, 256, 1024}
 *   through tfjs (tensor in, `dataSync` out — what acting needs) on every registered backend,
 *   and through the plain TypeScript forward pass (`PlainMlp`): microseconds per call and rows
 *   per second; `crossoverBatch` is the smallest batch where tfjs beats the plain pass (null:
 *   never in this range);
 * - `decision`: one decision (`Ppo.greedyAction`, plain pass; wall and CPU µs) against the 50 µs goal, the
 *   batch-1 call per backend and rows per second at 1,024 (both from `forward`);
 * - `adam`: one clipped Adam step of that network at batch 256 per backend (ms, updates/s), and of
 *   PPO's actor + critic at its minibatch of 2,048 (wall and CPU ms);
 * - `training`: CartPole env steps per second while PPO (CleanRL defaults) and Double DQN (the
 *   unit test's config) train, learning included;
 * - `execution`: the execution env on the queue-reactive TRAINING market fitted to the AMZN day
 *   (`qrEnvFactory`, the env bench's config): env steps per second with random actions (no
 *   learning, the ceiling), while PPO trains (`PPO_EXECUTION`; and with CleanRL's 4 epochs × 4
 *   minibatches for the ratio) and while Double DQN trains (`DDQN_EXECUTION`), learning
 *   included, each also per CPU second (the machine is shared: wall figures move with its load);
 *   `learnShare` = the fraction of PPO's time spent outside the env (acting + learning); PPO
 *   also with the envs in `ThreadedVecEnv` lanes (`ppoThreadedLanes`, up to 2; `timing` per
 *   round), `ppoLanesVsOneThread` (wall and per-CPU ratios); each PPO entry after 1.5 CPU s of
 *   untimed training (a worker's JIT starts cold), with `envStepShare` (wall share inside
 *   `env.step`), `wallSec` and `loadAvg1m` (before, after);
 * - with `--solve`: the full runs — train up to 200,000 steps, greedy evaluation over 100 unseen
 *   episodes every 10,000 steps, `stepsToSolve` = the first evaluation with mean ≥ 475 (null if
 *   none), stopping there.
 * Honesty: every timed call computes real outputs and reads them back (summed into `checksum`).
 * Wall-clock figures move with the machine's load; compare ratios within one run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../main/kernel/rng.js';
import type { EnvConfigInput } from '../main/learning/env/env-config.js';
import { qrEnvFactory, type QrEnvOptions } from '../main/learning/env/qr-env-path.js';
import { ThreadedVecEnv } from '../main/learning/env/threaded-vec-env.js';
import { VecEnv } from '../main/learning/env/vec-env.js';
import { fitQueueReactive } from '../main/market/queue-reactive/qr-fit.js';
import { CartPoleVecEnv } from '../main/learning/cartpole/cartpole-vec-env.js';
import { evaluateCartPole, mean } from '../main/learning/cartpole/evaluate.js';
import { Dqn } from '../main/learning/dqn/dqn.js';
import type { DqnConfigInput } from '../main/learning/dqn/dqn-config.js';
import type { MlpSpec } from '../main/learning/nn/mlp-spec.js';
import { PlainMlp } from '../main/learning/nn/plain-mlp.js';
import { TfMlp } from '../main/learning/nn/tf-mlp.js';
import { adam, clippedStep } from '../main/learning/nn/train-step.js';
import { Ppo } from '../main/learning/ppo/ppo.js';
import type { PpoConfigInput } from '../main/learning/ppo/ppo-config.js';
import { selectTfBackend } from '../main/learning/tf-backend.js';
import { sharedDataDir } from './shared-data.js';

/** Options of `runLearningBench`. */
export interface LearningBenchOptions {
  /** Wall seconds per latency measurement (default 0.3). */
  readonly seconds?: number;
  /** Run the full CartPole solves (minutes). */
  readonly solve?: boolean;
  /** Skip the execution-env training entries (they fit the training market: ~1 s more). */
  readonly skipExecution?: boolean;
  /** Which solves (default both). */
  readonly solveAlgos?: ReadonlyArray<'ppo' | 'ddqn'>;
}

const SPEC: MlpSpec = { inputDim: 18, hidden: [64, 64], outputDim: 12, activation: 'tanh', outputGain: 1 };
const BATCHES = [1, 8, 64, 256, 1024];
/** The unit test's DQN config (it learns within a few thousand steps). */
export const DDQN_CARTPOLE: DqnConfigInput = { learningStarts: 500, learningRate: 1e-3, hidden: [64, 64], targetUpdateInterval: 250, explorationFraction: 0.2, trainFreq: 2 };
/** PPO for the solve: CleanRL's defaults with lr 1e-3 (2.5e-4 needs ~500k steps, as CleanRL reports). */
export const PPO_CARTPOLE: PpoConfigInput = { learningRate: 1e-3 };

/**
 * PPO on the execution env for throughput: 64 envs × 64 steps (4,096 a rollout) in 2 minibatches
 * of 2,048 and 2 epochs — the gradient work per env step is what bounds the rate (tfjs's cost is
 * about linear in the rows it sees), so fewer, larger steps than CleanRL's 4 × 4 over 512.
 */
export const PPO_EXECUTION: PpoConfigInput = { numEnvs: 64, numSteps: 64, numMinibatches: 2, updateEpochs: 2 };
/** CleanRL's epochs and minibatches (4 × 4) at the same rollout, for the ratio. */
export const PPO_EXECUTION_CLEANRL: PpoConfigInput = { numEnvs: 64, numSteps: 64, numMinibatches: 4, updateEpochs: 4 };
/** Untimed PPO before each execution-env PPO measurement, CPU ms of the process (see `stepsRate`). */
const PPO_WARM_UP_CPU_MS = 1_500;
/** Double DQN on the execution env: 8 envs, a gradient step of 64 after every lockstep step (8 env steps), 64-64 network. */
export const DDQN_EXECUTION: DqnConfigInput = { numEnvs: 8, learningStarts: 1_000, trainFreq: 1, hidden: [64, 64] };
/** The env bench's training-market episode: buy 500 over 30 s in 10 decisions from 15 s. */
export const EXECUTION_BENCH_CONFIG: EnvConfigInput = { side: 'buy', quantity: 500, startSec: 15, horizonSec: 30, decisions: 10 };

let checksum = 0;

function timeCalls(seconds: number, f: () => void): number {
  for (let i = 0; i < 5; i++) f();
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000 || calls < 5) {
    f();
    calls++;
    if ((calls & 7) === 0 || calls < 8) t = performance.now();
  }
  return ((performance.now() - t0) * 1000) / calls;
}

function input(rows: number): Float32Array {
  const rng = new Rng(rows);
  return Float32Array.from({ length: rows * SPEC.inputDim }, () => rng.normal());
}

function forwardBench(seconds: number, backends: string[]) {
  const net = new TfMlp(SPEC, new Rng(1));
  const plain = new PlainMlp(SPEC);
  plain.load(net.readWeights());
  const rows: Record<string, unknown>[] = [];
  const crossover: Record<string, number | null> = {};
  for (const backend of backends) crossover[backend] = null;
  for (const b of BATCHES) {
    const x = input(b);
    const plainMicros = timeCalls(seconds, () => {
      checksum += plain.forward(x, b)[0]!;
    });
    const row: Record<string, unknown> = { batch: b, plainMicrosPerCall: round(plainMicros), plainRowsPerSec: Math.round((b * 1e6) / plainMicros) };
    for (const backend of backends) {
      tf.setBackend(backend);
      const micros = timeCalls(seconds, () => {
        checksum += tf.tidy(() => net.apply(tf.tensor2d(x, [b, SPEC.inputDim])).dataSync())[0]!;
      });
      row[`${backend}MicrosPerCall`] = round(micros);
      row[`${backend}RowsPerSec`] = Math.round((b * 1e6) / micros);
      if (crossover[backend] === null && micros < plainMicros) crossover[backend] = b;
    }
    rows.push(row);
  }
  net.dispose();
  return { network: '18-64-64-12 tanh', rows, crossoverBatch: crossover };
}

/**
 * Updates per second: one clipped Adam step per backend of the network at batch 256, and (wall and CPU ms)
 * of PPO's actor (18-64-64-12) + critic (18-64-64-1) together at PPO_EXECUTION's minibatch of
 * 2,048 rows (what one PPO minibatch step costs without the rest of the loss).
 */
function adamBench(seconds: number, backends: string[]) {
  const out: Record<string, unknown> = {};
  for (const backend of backends) {
    tf.setBackend(backend);
    const net = new TfMlp(SPEC, new Rng(2));
    const critic = new TfMlp({ ...SPEC, outputDim: 1 }, new Rng(3));
    const opt = adam(1e-4);
    const x = tf.tensor2d(input(256), [256, SPEC.inputDim]);
    const micros = timeCalls(seconds, () => {
      checksum += clippedStep(opt, net.variables, () => tf.mean(tf.square(net.apply(x))) as tf.Scalar, 0.5).loss;
    });
    const big = tf.tensor2d(input(2048), [2048, SPEC.inputDim]);
    const vars = [...net.variables, ...critic.variables];
    let calls = 0;
    const c0 = process.cpuUsage();
    const bigMicros = timeCalls(seconds, () => {
      calls++;
      checksum += clippedStep(opt, vars, () => tf.add(tf.mean(tf.square(net.apply(big))), tf.mean(tf.square(critic.apply(big)))) as tf.Scalar, 0.5).loss;
    });
    const cpu = process.cpuUsage(c0);
    out[backend] = {
      msPerStepBatch256: round(micros / 1000), updatesPerSec: round(1e6 / micros),
      actorCriticBatch2048: { msPerStep: round(bigMicros / 1000), updatesPerSec: round(1e6 / bigMicros), cpuMsPerStep: round((cpu.user + cpu.system) / 1000 / calls) },
    };
    big.dispose();
    x.dispose();
    opt.dispose();
    net.dispose();
    critic.dispose();
  }
  return out;
}

/**
 * One decision as an agent makes it: PPO's `greedyAction` on one observation (plain forward pass
 * of the 18-64-64-12 actor, argmax, into a fresh array), against the goal of 50 µs; and
 * the same network's batch-1 call through each tfjs backend (from `forward`).
 */
function decisionBench(seconds: number, forward: ReturnType<typeof forwardBench>) {
  const ppo = new Ppo(new BenchEnv(), { numEnvs: 1, numSteps: 8, numMinibatches: 1 });
  const obs = input(1);
  let calls = 0;
  const c0 = process.cpuUsage();
  const micros = timeCalls(seconds, () => {
    calls++;
    checksum += ppo.greedyAction(obs)[0]!;
  });
  const cpu = process.cpuUsage(c0);
  const cpuMicros = (cpu.user + cpu.system) / calls;
  ppo.dispose();
  const row1 = forward.rows.find((r) => r.batch === 1)!;
  const row1024 = forward.rows.find((r) => r.batch === 1024)!;
  return {
    goalMicros: 50,
    ppoGreedyActionMicros: round(micros),
    /** CPU time per decision: what it costs when the thread is not preempted (wall moves with the machine's load). */
    ppoGreedyActionCpuMicros: round(cpuMicros),
    meetsGoal: micros < 50,
    meetsGoalCpu: cpuMicros < 50,
    batch1MicrosPerCall: Object.fromEntries(Object.entries(row1).filter(([k]) => k.endsWith('MicrosPerCall'))),
    batch1024RowsPerSec: Object.fromEntries(Object.entries(row1024).filter(([k]) => k.endsWith('RowsPerSec'))),
  };
}

/** A `BatchEnv` of one env with the shapes (18 numbers in, 12 actions), for `decisionBench` (never stepped). */
class BenchEnv {
  readonly n = 1;
  readonly obsDim = SPEC.inputDim;
  readonly actionCount = SPEC.outputDim;
  reset(): Float32Array {
    return new Float32Array(this.obsDim);
  }
  step(): never {
    throw new Error('BenchEnv is not stepped');
  }
}

function trainingBench() {
  const ppo = new Ppo(new CartPoleVecEnv(4), {});
  let t0 = performance.now();
  ppo.train(4096);
  const ppoSec = (performance.now() - t0) / 1000;
  checksum += ppo.steps;
  ppo.dispose();
  const dqn = new Dqn(new CartPoleVecEnv(1), DDQN_CARTPOLE);
  dqn.train(500); // fill to learningStarts, untimed
  t0 = performance.now();
  dqn.train(2000);
  const dqnSec = (performance.now() - t0) / 1000;
  const g = dqn.gradientSteps;
  dqn.dispose();
  return {
    ppoCartPoleStepsPerSec: Math.round(4096 / ppoSec),
    ddqnCartPoleStepsPerSec: Math.round(2000 / dqnSec),
    ddqnGradientSteps: g,
  };
}

function cpuSec(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/**
 * Env steps per second (wall and CPU) of `run(steps)` repeated for at least `seconds`, after
 * untimed calls until `warmUpCpuMs` of process CPU (at least one call; capped at 4× that in wall
 * time): a worker thread's JIT starts cold, and one 4,096-step call gives a lane ~30 ms of CPU.
 * `loadAvg1m`: the 1-minute load average before and after (above the core count the wall
 * figure says little; the per-CPU one still does).
 */
function stepsRate(seconds: number, chunk: number, run: () => number, warmUpCpuMs = 0, onStart?: () => void) {
  for (const tw = performance.now(), cw = process.cpuUsage(); ;) {
    run();
    if (cpuSec(cw) * 1000 >= warmUpCpuMs || performance.now() - tw >= 4 * warmUpCpuMs) break;
  }
  onStart?.();
  let steps = 0;
  const load0 = loadavg()[0]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || steps === 0) steps += run();
  const sec = (performance.now() - t0) / 1000;
  return { stepsPerSec: Math.round(steps / sec), stepsPerCpuSec: Math.round(steps / cpuSec(c0)), steps, chunk, wallSec: round(sec), loadAvg1m: { before: round(load0), after: round(loadavg()[0]!) } };
}

/**
 * A BatchEnv whose `step` time is summed (wall ms), for the share of PPO's time spent stepping
 * the env; on lanes (`finishStep`) the time waiting for them after acting (`beginStep` only
 * hands a lane its actions, or steps the calling thread's lane, which is counted too).
 */
function timedSteps<E extends { step(a: ArrayLike<number>): unknown }>(env: E): E & { stepMs: number } {
  const out = env as E & { stepMs: number; beginStep?: (k: number, a: ArrayLike<number>) => void; finishStep?: () => unknown };
  out.stepMs = 0;
  const time = <F extends (...a: never[]) => unknown>(f: F): F => ((...a: Parameters<F>) => {
    const t = performance.now();
    const r = f(...a);
    out.stepMs += performance.now() - t;
    return r;
  }) as F;
  out.step = time(env.step.bind(env)) as E['step'];
  if (out.beginStep && out.finishStep) {
    out.beginStep = time(out.beginStep.bind(env));
    out.finishStep = time(out.finishStep.bind(env));
  }
  return out;
}

/** From a bundle, the VecEnv worker must be bundled beside it (as the env bench does). */
async function bundleVecWorker(): Promise<void> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return;
  const src = resolve(process.cwd(), 'main/learning/env/vec-env-worker.ts');
  if (!existsSync(src)) throw new Error(`learning bench: ${src} not found (run from the repository root)`);
  await build({ entryPoints: [src], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: fileURLToPath(new URL('./vec-env-worker.mjs', here)), target: 'node20', logLevel: 'warning' });
}

/** Execution env on the training market: random actions, PPO (one thread and ThreadedVecEnv lanes) and DDQN (see the file comment). */
async function executionTrainingBench(seconds: number) {
  const day = [`${sharedDataDir()}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`];
  const params = fitQueueReactive(day);
  const qrOptions: QrEnvOptions = { durationSec: 60 };
  const factory = qrEnvFactory(params, qrOptions);
  // PPO and DDQN copy what they keep of a step, so the env may hand back the same arrays each step.
  const vecOf = (n: number) => VecEnv.create(factory, EXECUTION_BENCH_CONFIG, n, { reuseBuffers: true });
  const n = PPO_EXECUTION.numEnvs!, rollout = n * PPO_EXECUTION.numSteps!;
  const rand = vecOf(n);
  rand.reset(Array.from({ length: n }, (_, i) => i));
  const k = rand.actionCount, acts = new Int32Array(n), rng = new Rng(5);
  const random = stepsRate(seconds, rollout, () => {
    for (let t = 0; t < 64; t++) {
      for (let i = 0; i < n; i++) acts[i] = rng.int(k);
      checksum += rand.step(acts).rewards[0]!;
    }
    return 64 * n;
  });
  const ppoRate = (config: PpoConfigInput) => {
    const env = timedSteps(vecOf(n));
    const ppo = new Ppo(env, config);
    let ms0 = 0;
    const r = stepsRate(seconds, rollout, () => ppo.train(rollout).length * rollout, PPO_WARM_UP_CPU_MS, () => (ms0 = env.stepMs));
    checksum += ppo.steps;
    ppo.dispose();
    return { ...r, envStepShare: round((env.stepMs - ms0) / 1000 / r.wallSec) };
  };
  const ppo = ppoRate(PPO_EXECUTION);
  const ppoCleanRl = ppoRate(PPO_EXECUTION_CLEANRL);
  // The same PPO with the envs stepped across ThreadedVecEnv lanes (one worker thread per core; the calling thread acts and learns).
  await bundleVecWorker();
  const lanes = Math.min(2, availableParallelism());
  const threaded = await ThreadedVecEnv.create({ market: { kind: 'queue-reactive', params, options: qrOptions }, config: EXECUTION_BENCH_CONFIG }, n, { workers: lanes });
  let ppoThreaded;
  try {
    const env = timedSteps(threaded);
    const agent = new Ppo(env, PPO_EXECUTION);
    let ms0 = 0, tm0 = threaded.timing();
    const r = stepsRate(seconds, rollout, () => agent.train(rollout).length * rollout, PPO_WARM_UP_CPU_MS, () => {
      ms0 = env.stepMs;
      tm0 = threaded.timing();
    });
    const tm = threaded.timing(), rounds = Math.max(1, tm.rounds - tm0.rounds);
    const us = (a: number, b: number) => round((1000 * (a - b)) / rounds);
    // Per lockstep round (µs, wall): the calling thread's lane and its wait, each worker stepping and between rounds (acting, learning, wake-up).
    const timing = {
      rounds, callerBusyUs: us(tm.callerBusyMs, tm0.callerBusyMs), callerWaitUs: us(tm.callerWaitMs, tm0.callerWaitMs),
      workers: tm.workers.map((w, k) => ({ busyUs: us(w.busyMs, tm0.workers[k]!.busyMs), idleUs: us(w.idleMs, tm0.workers[k]!.idleMs) })),
    };
    ppoThreaded = { ...r, envStepShare: round((env.stepMs - ms0) / 1000 / r.wallSec), timing };
    checksum += agent.steps;
    agent.dispose();
  } finally {
    await threaded.close();
  }
  const dqn = new Dqn(vecOf(DDQN_EXECUTION.numEnvs!), DDQN_EXECUTION);
  dqn.train(DDQN_EXECUTION.learningStarts!); // fill to learningStarts, untimed
  const ddqn = stepsRate(seconds, 1024, () => {
    const before = dqn.steps;
    dqn.train(1024);
    return dqn.steps - before;
  });
  checksum += dqn.gradientSteps;
  dqn.dispose();
  return {
    market: 'queue-reactive (AMZN 2012-06-21 fit), buy 500 / 30 s / 10 decisions',
    randomActions: random,
    ppo: { config: PPO_EXECUTION, ...ppo },
    ppoCleanRlEpochs: { config: PPO_EXECUTION_CLEANRL, ...ppoCleanRl },
    /** process.cpuUsage covers the worker threads too: stepsPerCpuSec is per CPU second of the whole process. */
    ppoThreadedLanes: { lanes, config: PPO_EXECUTION, ...ppoThreaded },
    /** PPO with the lanes against PPO on one thread (the same config): wall and per-CPU-second ratios. */
    ppoLanesVsOneThread: { wall: round(ppoThreaded.stepsPerSec / ppo.stepsPerSec), perCpuSec: round(ppoThreaded.stepsPerCpuSec / ppo.stepsPerCpuSec) },
    ddqn: { config: DDQN_EXECUTION, ...ddqn },
    /** Share of PPO's CPU time outside the env (acting + learning), from the two CPU rates. */
    learnShare: round(1 - ppo.stepsPerCpuSec / random.stepsPerCpuSec),
  };
}

/** Trains until solved (greedy mean ≥ 475 over 100 unseen episodes, checked every 10,000 steps) or 200,000 steps. */
export function solveCartPole(algo: 'ppo' | 'ddqn', seed = 1, maxSteps = 200_000, onEval?: (steps: number, m: number) => void) {
  const t0 = performance.now();
  const agent = algo === 'ppo' ? new Ppo(new CartPoleVecEnv(4), { ...PPO_CARTPOLE, seed }) : new Dqn(new CartPoleVecEnv(1), { ...DDQN_CARTPOLE, seed });
  const evals: Array<{ steps: number; meanReturn: number }> = [];
  let stepsToSolve: number | null = null;
  // The schedules (lr annealing, ε) span the whole budget, so train in chunks of one run: a
  // fresh train() call per chunk would restart them. PPO anneals per call: give it the budget
  // and evaluate from its update callback; DQN's ε spans its call: same.
  const evalEvery = 10_000;
  let nextEval = evalEvery;
  const check = (steps: number): boolean => {
    if (steps < nextEval) return false;
    nextEval += evalEvery;
    const m = mean(evaluateCartPole((o) => agent.greedy(o), 100));
    evals.push({ steps, meanReturn: m });
    onEval?.(steps, m);
    if (m >= 475) {
      stepsToSolve = steps;
      return true;
    }
    return false;
  };
  class Solved extends Error {}
  try {
    if (agent instanceof Ppo) agent.train(maxSteps, (s) => { if (check(s.steps)) throw new Solved(); });
    else agent.train(maxSteps, (p) => { if (check(p.steps)) throw new Solved(); }, 1000);
  } catch (e) {
    if (!(e instanceof Solved)) throw e;
  }
  const out = { algo, seed, backend: tf.getBackend(), stepsToSolve, stepsTrained: agent.steps, evals, weightsSha256: agent.weightsSha256(), elapsedSec: round((performance.now() - t0) / 1000) };
  agent.dispose();
  return out;
}

export async function runLearningBench(opts: LearningBenchOptions = {}) {
  const seconds = opts.seconds ?? 0.3;
  const choice = await selectTfBackend();
  const backends = [...new Set([choice.name, 'cpu'])];
  const forward = forwardBench(seconds, backends);
  const adamSteps = adamBench(seconds, backends);
  await tf.setBackend(choice.name);
  const decision = decisionBench(seconds, forward);
  const training = trainingBench();
  const execution = opts.skipExecution ? 'skipped' : await executionTrainingBench(Math.max(1, seconds * 5));
  const solves = opts.solve ? (opts.solveAlgos ?? ['ppo', 'ddqn']).map((a) => solveCartPole(a)) : 'skipped (--solve)';
  return { backend: choice.name, decision, forward, adam: adamSteps, training, execution, solves, checksum };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
