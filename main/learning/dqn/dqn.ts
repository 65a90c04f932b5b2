import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import type { BatchEnv } from '../cartpole/batch-env.js';
import { EpisodeTracker } from '../cartpole/episode-tracker.js';
import type { MlpSpec } from '../nn/mlp-spec.js';
import { PlainMlp } from '../nn/plain-mlp.js';
import { TfMlp, weightsSha256 } from '../nn/tf-mlp.js';
import { getAdamState, setAdamState, type AdamState } from '../nn/optimizer-state.js';
import { adam, clippedStep, type StepStats } from '../nn/train-step.js';
import type { RngState } from '../../kernel/rng.js';
import { getTrackerState, setTrackerState, type TrackerState } from '../ppo/algo-state.js';
import { argmax } from '../ppo/categorical.js';
import { resolveDqnConfig, type DqnConfig, type DqnConfigInput } from './dqn-config.js';
import { NStepAccumulator, type NStepTransition } from './n-step.js';
import { headOutputs, qPlain, qTf } from './q-head.js';
import { ReplayBuffer, type ReplayBufferState, type ReplaySample } from './replay-buffer.js';

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

/** A planned run: its start and length (the schedules span it), lockstep-step count and the progress accumulators. */
interface DqnRun {
  start: number;
  total: number;
  reportEvery: number;
  nextReport: number;
  vecStep: number;
  lossSum: number;
  normSum: number;
  grads: number;
}

/** A DQN learner's state (`Dqn.getState`); typed arrays are copies. */
export interface DqnState {
  readonly steps: number;
  readonly gradientSteps: number;
  readonly sinceTarget: number;
  readonly ready: boolean;
  readonly run: DqnRun | null;
  readonly obs: Float32Array;
  readonly online: Float32Array[];
  readonly target: Float32Array[];
  readonly adam: AdamState;
  readonly actRng: RngState;
  readonly sampleRng: RngState;
  readonly buffer: ReplayBufferState;
  readonly nstep: Array<Array<{ obs: Float32Array; action: number; reward: number }>>;
  readonly tracker: TrackerState;
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
  private readonly actions: Int32Array;
  private ready = false;
  private sinceTarget = 0;
  private run: DqnRun | null = null;
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
    this.actions = new Int32Array(env.n);
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

  /**
   * Plans a run of `totalSteps` env steps from the current state (ε and β schedules span it;
   * progress every `reportEvery` env steps). `train` = `startRun` + `advance` to the end; a
   * training job advances in slices to check for cancel, evaluate and checkpoint in between.
   */
  startRun(totalSteps: number, reportEvery = 1000): void {
    const c = this.config;
    const n = this.env.n;
    if (!this.ready) {
      this.obs.set(this.env.reset(Array.from({ length: n }, (_, i) => c.seed * 1_000_000 + i)));
      this.ready = true;
    }
    this.run = { start: this.steps, total: totalSteps, reportEvery, nextReport: this.steps + reportEvery, vecStep: 0, lossSum: 0, normSum: 0, grads: 0 };
  }

  /** True once the planned run's steps are done (or before any run is planned). */
  get runDone(): boolean {
    return this.run === null || this.steps - this.run.start >= this.run.total;
  }

  /** Trains for at least `totalSteps` env steps (whole lockstep steps). */
  train(totalSteps: number, onProgress?: (p: DqnProgress) => void, reportEvery = 1000): DqnProgress[] {
    this.startRun(totalSteps, reportEvery);
    return this.advance(Infinity, onProgress);
  }

  /** Runs at most `maxVecSteps` lockstep steps of the planned run (fewer at its end); returns the progress reports made. */
  advance(maxVecSteps: number, onProgress?: (p: DqnProgress) => void): DqnProgress[] {
    const c = this.config;
    const run = this.run;
    if (run === null) throw new Error('Dqn.advance: call startRun(totalSteps) first');
    const n = this.env.n, d = this.env.obsDim, k = this.env.actionCount;
    const out: DqnProgress[] = [];
    const start = run.start, totalSteps = run.total;
    const actions = this.actions;
    const add = (t: NStepTransition) => this.buffer.add(t);
    for (let done = 0; done < maxVecSteps && this.steps - start < totalSteps; done++) {
      const eps = this.epsilonAt(this.steps - start, totalSteps);
      const q = qPlain(this.plain.forward(this.obs, n), n, k, c.dueling, this.q);
      for (let i = 0; i < n; i++) actions[i] = this.actRng.float() < eps ? this.actRng.int(k) : argmax(q, i * k, k);
      const prev = this.obs.slice();
      const s = this.env.step(actions);
      this.tracker.record(s);
      for (let i = 0; i < n; i++) {
        const ended = s.dones[i] === 1;
        const next = (ended ? s.terminalObservations : s.observations).subarray(i * d, (i + 1) * d);
        this.nstep[i]!.push(prev.subarray(i * d, (i + 1) * d), actions[i]!, s.rewards[i]!, next, s.terminated[i] === 1, ended, add);
      }
      this.obs.set(s.observations);
      this.steps += n;
      this.sinceTarget += n;
      run.vecStep++;
      if (this.steps >= c.learningStarts && this.buffer.size >= c.batchSize && run.vecStep % c.trainFreq === 0) {
        const beta = c.beta0 + (1 - c.beta0) * Math.min(1, (this.steps - start) / totalSteps);
        for (let g = 0; g < c.gradientSteps; g++) {
          const st = this.learn(this.buffer.sample(c.batchSize, this.sampleRng, beta));
          run.lossSum += st.loss;
          run.normSum += st.gradNorm;
          run.grads++;
        }
        this.plain.load(this.online.readWeights());
      }
      if (this.sinceTarget >= c.targetUpdateInterval) {
        this.sinceTarget = 0;
        this.target.updateFrom(this.online, c.tau);
      }
      if (this.steps >= run.nextReport || this.steps - start >= totalSteps) {
        run.nextReport += run.reportEvery;
        const eps2 = this.tracker.drain();
        const p: DqnProgress = {
          steps: this.steps, epsilon: eps, episodes: eps2.length,
          meanEpisodeReturn: eps2.length ? eps2.reduce((a, e) => a + e.return, 0) / eps2.length : NaN,
          loss: run.grads ? run.lossSum / run.grads : NaN, gradNorm: run.grads ? run.normSum / run.grads : NaN, gradientSteps: this.gradientSteps,
        };
        run.lossSum = run.normSum = run.grads = 0;
        out.push(p);
        onProgress?.(p);
      }
    }
    return out;
  }

  /**
   * Everything the next steps depend on: online and target weights, Adam moments, both random
   * streams, the replay buffer (contents, ring position, sum tree), each env's pending n-step
   * transitions, the current observations, counters, the planned run and the running episode
   * sums. The env's own state is the caller's to keep (see train/replayable-batch-env.ts).
   */
  getState(): DqnState {
    return {
      steps: this.steps, gradientSteps: this.gradientSteps, sinceTarget: this.sinceTarget, ready: this.ready,
      run: this.run ? { ...this.run } : null, obs: Float32Array.from(this.obs),
      online: this.online.readWeights(), target: this.target.readWeights(), adam: getAdamState(this.opt),
      actRng: this.actRng.getState(), sampleRng: this.sampleRng.getState(),
      buffer: this.buffer.getState(), nstep: this.nstep.map((a) => a.getState()), tracker: getTrackerState(this.tracker),
    };
  }

  /** Puts back a `getState` (same config and env shape): the following steps equal the original's bit for bit. */
  setState(s: DqnState): void {
    if (s.obs.length !== this.obs.length) throw new RangeError(`Dqn.setState: observations of ${s.obs.length} numbers, this env needs ${this.obs.length}`);
    if (s.nstep.length !== this.nstep.length) throw new RangeError(`Dqn.setState: ${s.nstep.length} n-step accumulators for ${this.nstep.length} envs`);
    this.online.writeWeights(s.online);
    this.target.writeWeights(s.target);
    setAdamState(this.opt, s.adam);
    this.actRng.setState(s.actRng);
    this.sampleRng.setState(s.sampleRng);
    this.buffer.setState(s.buffer);
    s.nstep.forEach((p, i) => this.nstep[i]!.setState(p));
    setTrackerState(this.tracker, s.tracker);
    this.obs.set(s.obs);
    this.steps = s.steps;
    this.gradientSteps = s.gradientSteps;
    this.sinceTarget = s.sinceTarget;
    this.ready = s.ready;
    this.run = s.run ? { ...s.run } : null;
    this.plain.load(this.online.readWeights());
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
