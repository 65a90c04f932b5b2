import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import type { BatchEnv } from '../cartpole/batch-env.js';
import { EpisodeTracker } from '../cartpole/episode-tracker.js';
import type { MlpSpec } from '../nn/mlp-spec.js';
import { PlainMlp } from '../nn/plain-mlp.js';
import { TfMlp, weightsSha256 } from '../nn/tf-mlp.js';
import { adam, clippedStep, type StepStats } from '../nn/train-step.js';
import { argmax } from '../ppo/categorical.js';
import { resolveDqnConfig, type DqnConfig, type DqnConfigInput } from './dqn-config.js';
import { NStepAccumulator, type NStepTransition } from './n-step.js';
import { headOutputs, qPlain, qTf } from './q-head.js';
import { ReplayBuffer, type ReplaySample } from './replay-buffer.js';

/** Progress of a DQN run, reported every `reportEvery` env steps. */
export interface DqnProgress {
  readonly steps: number;
  readonly epsilon: number;
  readonly episodes: number;
  /** Mean return of the episodes that ended since the last report (NaN if none). */
  readonly meanEpisodeReturn: number;
  /** Mean loss and gradient norm of the gradient steps since the last report (NaN if none). */
  readonly loss: number;
  readonly gradNorm: number;
  readonly gradientSteps: number;
}

/**
 * Double DQN (van Hasselt et al. 2016) with a dueling head, n-step returns, optional
 * proportional prioritised replay, a target network (hard or Polyak), a linear ε schedule and
 * gradient-norm clipping, on a `BatchEnv`. Acting uses the plain TypeScript forward pass
 * (weights copied after every training phase); tfjs computes the gradients. Training episodes
 * use env seeds seed·10⁶ + i (+ N per episode), all ≥ 0.
 *
 * Invariant: same config (seed included), env and tfjs backend ⇒ the same weights bit for bit
 * (`weightsSha256`): every random draw (init, ε-greedy, replay sampling) comes from forks of the
 * kernel's `Rng(seed)`.
 */
export class Dqn {
  readonly config: DqnConfig;
  readonly online: TfMlp;
  readonly target: TfMlp;
  private readonly plain: PlainMlp;
  private readonly opt: tf.AdamOptimizer;
  private readonly actRng: Rng;
  private readonly sampleRng: Rng;
  readonly buffer: ReplayBuffer;
  private readonly nstep: NStepAccumulator[];
  private readonly tracker: EpisodeTracker;
  private readonly obs: Float32Array;
  private readonly q: Float32Array;
  private ready = false;
  private sinceTarget = 0;
  steps = 0;
  gradientSteps = 0;

  constructor(readonly env: BatchEnv, input: DqnConfigInput = {}) {
    this.config = resolveDqnConfig(input);
    const c = this.config;
    if (env.n !== c.numEnvs) throw new RangeError(`Dqn: the env has ${env.n} environments, config numEnvs is ${c.numEnvs}`);
    const rng = new Rng(c.seed);
    const spec: MlpSpec = { inputDim: env.obsDim, hidden: c.hidden, activation: c.activation, outputDim: headOutputs(env.actionCount, c.dueling), outputGain: 1 };
    this.online = new TfMlp(spec, rng.fork('q-init'));
    this.target = new TfMlp(spec, rng.fork('q-init'));
    this.plain = new PlainMlp(spec);
    this.plain.load(this.online.readWeights());
    this.opt = adam(c.learningRate, 1e-8);
    this.actRng = rng.fork('epsilon-greedy');
    this.sampleRng = rng.fork('replay');
    this.buffer = new ReplayBuffer(c.bufferSize, env.obsDim, c.prioritized ? c.alpha : null);
    this.nstep = Array.from({ length: env.n }, () => new NStepAccumulator(c.nStep, c.gamma));
    this.tracker = new EpisodeTracker(env.n);
    this.obs = new Float32Array(env.n * env.obsDim);
    this.q = new Float32Array(env.n * env.actionCount);
  }

  /** Greedy action for one observation (plain forward pass). */
  greedy(observation: Float32Array): number {
    const k = this.env.actionCount;
    const q = qPlain(this.plain.forward(observation, 1), 1, k, this.config.dueling, this.q);
    return argmax(q, 0, k);
  }

  weightsSha256(): string {
    return weightsSha256(this.online.readWeights());
  }

  /** ε after `step` env steps of a `totalSteps` run: linear from start to end over explorationFraction·totalSteps. */
  epsilonAt(step: number, totalSteps: number): number {
    const c = this.config;
    const span = c.explorationFraction * totalSteps;
    const f = step / span;
    return f >= 1 ? c.endEpsilon : c.startEpsilon + (c.endEpsilon - c.startEpsilon) * f;
  }

  /** Trains for at least `totalSteps` env steps (whole lockstep steps). */
  train(totalSteps: number, onProgress?: (p: DqnProgress) => void, reportEvery = 1000): DqnProgress[] {
    const c = this.config;
    const n = this.env.n, d = this.env.obsDim, k = this.env.actionCount;
    if (!this.ready) {
      this.obs.set(this.env.reset(Array.from({ length: n }, (_, i) => c.seed * 1_000_000 + i)));
      this.ready = true;
    }
    const out: DqnProgress[] = [];
    const start = this.steps;
    const actions = new Int32Array(n);
    const add = (t: NStepTransition) => this.buffer.add(t);
    let lossSum = 0, normSum = 0, grads = 0, nextReport = start + reportEvery, vecStep = 0;
    while (this.steps - start < totalSteps) {
      const eps = this.epsilonAt(this.steps - start, totalSteps);
      const q = qPlain(this.plain.forward(this.obs, n), n, k, c.dueling, this.q);
      for (let i = 0; i < n; i++) actions[i] = this.actRng.float() < eps ? this.actRng.int(k) : argmax(q, i * k, k);
      const prev = this.obs.slice();
      const s = this.env.step(actions);
      this.tracker.record(s);
      for (let i = 0; i < n; i++) {
        const done = s.dones[i] === 1;
        const next = (done ? s.terminalObservations : s.observations).subarray(i * d, (i + 1) * d);
        this.nstep[i]!.push(prev.subarray(i * d, (i + 1) * d), actions[i]!, s.rewards[i]!, next, s.terminated[i] === 1, done, add);
      }
      this.obs.set(s.observations);
      this.steps += n;
      this.sinceTarget += n;
      vecStep++;
      if (this.steps >= c.learningStarts && this.buffer.size >= c.batchSize && vecStep % c.trainFreq === 0) {
        const beta = c.beta0 + (1 - c.beta0) * Math.min(1, (this.steps - start) / totalSteps);
        for (let g = 0; g < c.gradientSteps; g++) {
          const st = this.learn(this.buffer.sample(c.batchSize, this.sampleRng, beta));
          lossSum += st.loss;
          normSum += st.gradNorm;
          grads++;
        }
        this.plain.load(this.online.readWeights());
      }
      if (this.sinceTarget >= c.targetUpdateInterval) {
        this.sinceTarget = 0;
        this.target.updateFrom(this.online, c.tau);
      }
      if (this.steps >= nextReport || this.steps - start >= totalSteps) {
        nextReport += reportEvery;
        const eps2 = this.tracker.drain();
        const p: DqnProgress = {
          steps: this.steps, epsilon: eps, episodes: eps2.length,
          meanEpisodeReturn: eps2.length ? eps2.reduce((a, e) => a + e.return, 0) / eps2.length : NaN,
          loss: grads ? lossSum / grads : NaN, gradNorm: grads ? normSum / grads : NaN, gradientSteps: this.gradientSteps,
        };
        lossSum = normSum = grads = 0;
        out.push(p);
        onProgress?.(p);
      }
    }
    return out;
  }

  /**
   * One gradient step: y = R + γ^m·Q_target(s', argmax_a Q_online(s', a)) (Double DQN; plain DQN
   * takes max_a Q_target), loss = mean of w·Huber(Q(s, a) − y).
   */
  private learn(b: ReplaySample) {
    const c = this.config;
    const B = b.actions.length, d = this.env.obsDim, k = this.env.actionCount;
    let td: Float32Array | null = null;
    let st: StepStats = { loss: NaN, gradNorm: NaN };
    tf.tidy(() => {
      const next = tf.tensor2d(b.nextObs, [B, d]);
      const qTarget = qTf(this.target.apply(next), k, c.dueling);
      const bootstrap = c.double
        ? tf.sum(tf.mul(qTarget, tf.oneHot(tf.argMax(qTf(this.online.apply(next), k, c.dueling), 1), k)), 1)
        : tf.max(qTarget, 1);
      const y = tf.add(tf.tensor1d(b.returns), tf.mul(tf.tensor1d(b.discounts), bootstrap));
      const obs = tf.tensor2d(b.obs, [B, d]);
      const mask = tf.oneHot(tf.tensor1d(b.actions, 'int32'), k);
      const w = tf.tensor1d(b.weights);
      let tdT: tf.Tensor | null = null;
      st = clippedStep(this.opt, this.online.variables, () => {
        const qa = tf.sum(tf.mul(qTf(this.online.apply(obs), k, c.dueling), mask), 1);
        const diff = tf.sub(qa, y);
        tdT = tf.keep(diff);
        const abs = tf.abs(diff);
        const quad = tf.minimum(abs, 1);
        return tf.mean(tf.mul(w, tf.add(tf.mul(0.5, tf.square(quad)), tf.sub(abs, quad)))) as tf.Scalar;
      }, c.maxGradNorm);
      if (c.prioritized) td = (tdT as tf.Tensor | null)!.dataSync() as Float32Array;
      (tdT as tf.Tensor | null)?.dispose();
    });
    if (td) this.buffer.updatePriorities(b.indices, td, c.priorityEps);
    this.gradientSteps++;
    return st;
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.opt.dispose();
  }
}
