/**
 * Learning benchmarks (`npm run bench -- --only learning [--seconds S] [--solve]`):
 * - `forward`: the 18-64-64-12 tanh network, one call at batch B ∈ {1, 8, 64, 256, 1024}
 *   through tfjs (tensor in, `dataSync` out — what acting needs) on every registered backend,
 *   and through the plain TypeScript forward pass (`PlainMlp`): microseconds per call and rows
 *   per second; `crossoverBatch` is the smallest batch where tfjs beats the plain pass (null:
 *   never in this range);
 * - `adam`: one clipped Adam step of that network at batch 256 per backend (ms, updates/s);
 * - `training`: CartPole env steps per second while PPO (CleanRL defaults) and Double DQN (the
 *   unit test's config) train, learning included;
 * - with `--solve`: the full runs — train up to 200,000 steps, greedy evaluation over 100 unseen
 *   episodes every 10,000 steps, `stepsToSolve` = the first evaluation with mean ≥ 475 (null if
 *   none), stopping there.
 * Honesty: every timed call computes real outputs and reads them back (summed into `checksum`).
 * Wall-clock figures move with the machine's load; compare ratios within one run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../main/kernel/rng.js';
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

/** Options of `runLearningBench`. */
export interface LearningBenchOptions {
  /** Wall seconds per latency measurement (default 0.3). */
  readonly seconds?: number;
  /** Run the full CartPole solves (minutes). */
  readonly solve?: boolean;
  /** Which solves (default both). */
  readonly solveAlgos?: ReadonlyArray<'ppo' | 'ddqn'>;
}

const SPEC: MlpSpec = { inputDim: 18, hidden: [64, 64], outputDim: 12, activation: 'tanh', outputGain: 1 };
const BATCHES = [1, 8, 64, 256, 1024];
/** The unit test's DQN config (it learns within a few thousand steps). */
export const DDQN_CARTPOLE: DqnConfigInput = { learningStarts: 500, learningRate: 1e-3, hidden: [64, 64], targetUpdateInterval: 250, explorationFraction: 0.2, trainFreq: 2 };
/** PPO for the solve: CleanRL's defaults with lr 1e-3 (2.5e-4 needs ~500k steps, as CleanRL reports). */
export const PPO_CARTPOLE: PpoConfigInput = { learningRate: 1e-3 };

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

function adamBench(seconds: number, backends: string[]) {
  const out: Record<string, unknown> = {};
  for (const backend of backends) {
    tf.setBackend(backend);
    const net = new TfMlp(SPEC, new Rng(2));
    const opt = adam(1e-4);
    const x = tf.tensor2d(input(256), [256, SPEC.inputDim]);
    const micros = timeCalls(seconds, () => {
      checksum += clippedStep(opt, net.variables, () => tf.mean(tf.square(net.apply(x))) as tf.Scalar, 0.5).loss;
    });
    out[backend] = { msPerStepBatch256: round(micros / 1000), updatesPerSec: round(1e6 / micros) };
    x.dispose();
    opt.dispose();
    net.dispose();
  }
  return out;
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
  const training = trainingBench();
  const solves = opts.solve ? (opts.solveAlgos ?? ['ppo', 'ddqn']).map((a) => solveCartPole(a)) : 'skipped (--solve)';
  return { backend: choice.name, forward, adam: adamSteps, training, solves, checksum };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
