import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import type { BatchEnv } from '../cartpole/batch-env.js';
import { isLaned } from '../env/vec-env-types.js';
import { EpisodeTracker } from '../cartpole/episode-tracker.js';
import type { MlpSpec } from '../nn/mlp-spec.js';
import { PlainMlp } from '../nn/plain-mlp.js';
import { TfMlp, weightsSha256 } from '../nn/tf-mlp.js';
import { getAdamState, setAdamState, type AdamState } from '../nn/optimizer-state.js';
import { adam, clippedStep, setLearningRate } from '../nn/train-step.js';
import type { RngState } from '../../kernel/rng.js';
import { getTrackerState, setTrackerState, type TrackerState } from './algo-state.js';
import { computeGae } from './gae.js';
import { headFor, type PolicyHead } from './policy-head.js';
import { ppoLoss, type PpoLossParts } from './ppo-loss.js';
import { resolvePpoConfig, type PpoConfig, type PpoConfigInput } from './ppo-config.js';

/** What one PPO update reports (means over its minibatches; episode stats of its rollout). */
export interface PpoUpdateStats {
  readonly update: number;
  readonly steps: number;
  readonly learningRate: number;
  readonly episodes: number;
  /** Mean return of the episodes that ended in this rollout (NaN if none). */
  readonly meanEpisodeReturn: number;
  readonly pgLoss: number;
  readonly vLoss: number;
  readonly entropy: number;
  readonly approxKl: number;
  readonly clipFrac: number;
  readonly explainedVariance: number;
}

/** A PPO learner's state between updates (`Ppo.getState`); typed arrays are copies. */
export interface PpoState {
  readonly steps: number;
  readonly updates: number;
  readonly ready: boolean;
  readonly run: { readonly firstUpdate: number; readonly numUpdates: number } | null;
  readonly obs: Float32Array;
  readonly actor: Float32Array[];
  readonly critic: Float32Array[];
  readonly head: Float32Array[];
  readonly adam: AdamState;
  readonly actRng: RngState;
  readonly shuffleRng: RngState;
  readonly tracker: TrackerState;
}

/**
 * PPO on a `BatchEnv` — separate actor and critic MLPs as in CleanRL; a categorical head for a
 * discrete env, a diagonal Gaussian one (state-independent log std, actions clipped into the
 * bounds) for a continuous env (`policy-head.ts`). Acting uses the plain TypeScript forward pass (`PlainMlp`, weights copied after every
 * update); tfjs computes the gradients. Training episodes use env seeds seed·10⁶ + i (+ N per
 * episode), all ≥ 0.
 *
 * Invariant: same config (seed included), env and tfjs backend ⇒ the same weights bit for bit
 * (`weightsSha256`): every random draw (init, actions, minibatch shuffles) comes from forks of
 * the kernel's `Rng(seed)`.
 */
export class Ppo {
  readonly config: PpoConfig;
  readonly actor: TfMlp;
  readonly critic: TfMlp;
  readonly head: PolicyHead;
  private readonly plainActor: PlainMlp;
  private readonly plainCritic: PlainMlp;
  private readonly opt: tf.AdamOptimizer;
  private readonly actRng: Rng;
  private readonly shuffleRng: Rng;
  private readonly tracker: EpisodeTracker;
  private obs: Float32Array;
  private ready = false;
  private run: { firstUpdate: number; numUpdates: number } | null = null;
  private bufs: {
    obsBuf: Float32Array; actions: Float32Array; envActions: Float32Array | Int32Array; logProbs: Float32Array; rewards: Float64Array;
    ends: Uint8Array; values: Float32Array; adv: Float32Array; ret: Float32Array;
  } | null = null;
  steps = 0;
  updates = 0;

  constructor(readonly env: BatchEnv, input: PpoConfigInput = {}) {
    this.config = resolvePpoConfig(input);
    const c = this.config;
    if (env.n !== c.numEnvs) throw new RangeError(`Ppo: the env has ${env.n} environments, config numEnvs is ${c.numEnvs}`);
    const rng = new Rng(c.seed);
    const base = { inputDim: env.obsDim, hidden: c.hidden, activation: c.activation };
    this.head = headFor(env);
    const actorSpec: MlpSpec = { ...base, outputDim: this.head.actorOutputs, outputGain: 0.01 };
    const criticSpec: MlpSpec = { ...base, outputDim: 1, outputGain: 1 };
    this.actor = new TfMlp(actorSpec, rng.fork('actor-init'));
    this.critic = new TfMlp(criticSpec, rng.fork('critic-init'));
    this.plainActor = new PlainMlp(actorSpec);
    this.plainCritic = new PlainMlp(criticSpec);
    this.syncPlain();
    this.opt = adam(c.learningRate);
    this.actRng = rng.fork('actions');
    this.shuffleRng = rng.fork('minibatches');
    this.tracker = new EpisodeTracker(env.n);
    this.obs = new Float32Array(env.n * env.obsDim);
  }

  /** Greedy action for one observation (plain forward pass): the index, or the Gaussian's mean clipped into the bounds (a fresh array). */
  greedyAction(observation: Float32Array): Float32Array {
    const a = new Float32Array(this.head.width), out = new Float32Array(this.head.width);
    this.head.greedy(this.plainActor.forward(observation, 1), 0, a);
    this.head.toEnv(a, out, 0);
    return out;
  }

  /** Greedy discrete action (the index). */
  greedy(observation: Float32Array): number {
    return this.greedyAction(observation)[0]!;
  }

  weightsSha256(): string {
    return weightsSha256([...this.actor.readWeights(), ...this.critic.readWeights(), ...this.head.variables.map((v) => Float32Array.from(v.dataSync()))]);
  }

  /**
   * Plans a run of `totalSteps` env steps (whole rollouts) from the current state: the learning
   * rate anneals over it. `train` = `startRun` + `updateOnce` until `runDone`; a training job
   * calls them itself to check for cancel, evaluate and checkpoint between updates.
   */
  startRun(totalSteps: number): void {
    const c = this.config;
    const n = this.env.n;
    this.run = { firstUpdate: this.updates, numUpdates: Math.ceil(totalSteps / (n * c.numSteps)) };
    if (!this.ready) {
      this.obs.set(this.env.reset(Array.from({ length: n }, (_, i) => c.seed * 1_000_000 + i)));
      this.ready = true;
    }
  }

  /** True once the planned run's updates are done (or before any run is planned). */
  get runDone(): boolean {
    return this.run === null || this.updates - this.run.firstUpdate >= this.run.numUpdates;
  }

  /** Trains until at least `totalSteps` env steps (whole rollouts); lr anneals over `totalSteps`. */
  train(totalSteps: number, onUpdate?: (s: PpoUpdateStats) => void): PpoUpdateStats[] {
    this.startRun(totalSteps);
    const out: PpoUpdateStats[] = [];
    while (!this.runDone) {
      const s = this.updateOnce();
      out.push(s);
      onUpdate?.(s);
    }
    return out;
  }

  /** One update of the planned run: a rollout of `numSteps` lockstep steps, then the learning epochs. */
  updateOnce(): PpoUpdateStats {
    const c = this.config;
    const run = this.run;
    if (run === null) throw new Error('Ppo.updateOnce: call startRun(totalSteps) first');
    const n = this.env.n, d = this.env.obsDim, T = c.numSteps, B = n * T, w = this.head.width;
    const b = (this.bufs ??= {
      obsBuf: new Float32Array(B * d), actions: new Float32Array(B * w),
      envActions: this.env.continuous ? new Float32Array(n * w) : new Int32Array(n),
      logProbs: new Float32Array(B), rewards: new Float64Array(B), ends: new Uint8Array(B),
      values: new Float32Array(B), adv: new Float32Array(B), ret: new Float32Array(B),
    });
    const { obsBuf, actions, envActions, logProbs, rewards, ends, values, adv, ret } = b;
    const lr = c.annealLr ? c.learningRate * (1 - (this.updates - run.firstUpdate) / run.numUpdates) : c.learningRate;
    setLearningRate(this.opt, lr);
    // Rollout: T lockstep steps of N envs, acting with the plain forward pass. On an env stepped
    // in lanes (ThreadedVecEnv) each lane is started as soon as its rows are acted for, so the
    // next lane's acting overlaps its stepping. Same numbers either way: the forward pass is
    // per row (bit-identical at any batch split) and the actions are drawn in env order.
    const laned = isLaned(this.env) ? this.env : null;
    const groups = laned ? laned.lanes : [{ lo: 0, hi: n }];
    for (let t = 0; t < T; t++) {
      const row = t * n;
      obsBuf.set(this.obs, row * d);
      for (let k = 0; k < groups.length; k++) {
        const { lo, hi } = groups[k]!;
        const x = lo === 0 && hi === n ? this.obs : this.obs.subarray(lo * d, hi * d);
        const outs = this.plainActor.forward(x, hi - lo);
        values.set(this.plainCritic.forward(x, hi - lo), row + lo);
        for (let i = lo; i < hi; i++) {
          const a = actions.subarray((row + i) * w, (row + i + 1) * w);
          logProbs[row + i] = this.head.sample(outs, i - lo, this.actRng, a);
          this.head.toEnv(a, envActions, i);
        }
        laned?.beginStep(k, envActions);
      }
      const s = laned ? laned.finishStep() : this.env.step(envActions);
      this.tracker.record(s);
      for (let i = 0; i < n; i++) {
        let r = s.rewards[i]!;
        // A truncated episode still has a future: fold γ·V(final observation) into its reward.
        if (s.truncated[i]) r += c.gamma * this.plainCritic.forward(s.terminalObservations.subarray(i * d, (i + 1) * d), 1)[0]!;
        rewards[row + i] = r;
        ends[row + i] = s.dones[i]!;
      }
      this.obs.set(s.observations);
    }
    this.steps += B;
    const lastValues = Float32Array.from(this.plainCritic.forward(this.obs, n));
    computeGae(rewards, values, ends, lastValues, n, c.gamma, c.gaeLambda, adv, ret);
    const stats = this.learn(obsBuf, actions, logProbs, adv, ret, values, d, w);
    this.syncPlain();
    this.updates++;
    const eps = this.tracker.drain();
    return {
      update: this.updates, steps: this.steps, learningRate: lr, episodes: eps.length,
      meanEpisodeReturn: eps.length ? eps.reduce((a, e) => a + e.return, 0) / eps.length : NaN,
      ...stats, explainedVariance: explainedVariance(values, ret),
    };
  }

  /**
   * Everything the next updates depend on, between two updates (the rollout buffers are then
   * empty: each update collects a fresh rollout): weights, Adam moments, both random streams,
   * the current observations, counters, the planned run and the running episode sums. The env's
   * own state is the caller's to keep (see train/replayable-batch-env.ts).
   */
  getState(): PpoState {
    return {
      steps: this.steps, updates: this.updates, ready: this.ready, run: this.run,
      obs: Float32Array.from(this.obs),
      actor: this.actor.readWeights(), critic: this.critic.readWeights(),
      head: this.head.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
      adam: getAdamState(this.opt), actRng: this.actRng.getState(), shuffleRng: this.shuffleRng.getState(),
      tracker: getTrackerState(this.tracker),
    };
  }

  /** Puts back a `getState` (same config and env shape): the following updates equal the original's bit for bit. */
  setState(s: PpoState): void {
    if (s.obs.length !== this.obs.length) throw new RangeError(`Ppo.setState: observations of ${s.obs.length} numbers, this env needs ${this.obs.length}`);
    this.actor.writeWeights(s.actor);
    this.critic.writeWeights(s.critic);
    if (s.head.length !== this.head.variables.length) throw new RangeError(`Ppo.setState: ${s.head.length} head arrays, the head has ${this.head.variables.length}`);
    tf.tidy(() => this.head.variables.forEach((v, i) => v.assign(tf.tensor(s.head[i]!, v.shape, 'float32'))));
    setAdamState(this.opt, s.adam);
    this.actRng.setState(s.actRng);
    this.shuffleRng.setState(s.shuffleRng);
    setTrackerState(this.tracker, s.tracker);
    this.obs.set(s.obs);
    this.steps = s.steps;
    this.updates = s.updates;
    this.ready = s.ready;
    this.run = s.run ? { ...s.run } : null;
    this.syncPlain();
  }

  /** `updateEpochs` passes over the rollout in shuffled minibatches. */
  private learn(obs: Float32Array, actions: Float32Array, logProbs: Float32Array, adv: Float32Array, ret: Float32Array, values: Float32Array, d: number, w: number) {
    const c = this.config;
    const B = logProbs.length, mb = B / c.numMinibatches;
    const idx = Int32Array.from({ length: B }, (_, i) => i);
    const vars = [...this.actor.variables, ...this.critic.variables, ...this.head.variables];
    const sums = { pgLoss: 0, vLoss: 0, entropy: 0, approxKl: 0, clipFrac: 0 };
    let count = 0;
    const mObs = new Float32Array(mb * d), mAct = new Float32Array(mb * w), mLp = new Float32Array(mb), mAdv = new Float32Array(mb), mRet = new Float32Array(mb), mVal = new Float32Array(mb);
    epochs: for (let e = 0; e < c.updateEpochs; e++) {
      for (let i = B - 1; i > 0; i--) {
        const j = this.shuffleRng.int(i + 1);
        const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
      }
      for (let start = 0; start < B; start += mb) {
        let m = 0, m2 = 0;
        for (let q = 0; q < mb; q++) {
          const s = idx[start + q]!;
          mObs.set(obs.subarray(s * d, (s + 1) * d), q * d);
          mAct.set(actions.subarray(s * w, (s + 1) * w), q * w); mLp[q] = logProbs[s]!; mAdv[q] = adv[s]!; mRet[q] = ret[s]!; mVal[q] = values[s]!;
          m += adv[s]!;
        }
        m /= mb;
        if (c.normAdv) {
          for (let q = 0; q < mb; q++) m2 += (mAdv[q]! - m) ** 2;
          // torch's std is the unbiased one; CleanRL adds 1e-8.
          const sd = Math.sqrt(m2 / Math.max(1, mb - 1));
          for (let q = 0; q < mb; q++) mAdv[q] = (mAdv[q]! - m) / (sd + 1e-8);
        }
        const parts: { value?: PpoLossParts } = {};
        const batch = {
          obs: tf.tensor2d(mObs, [mb, d]), actions: tf.tensor2d(mAct, [mb, w]), oldLogProbs: tf.tensor1d(mLp),
          advantages: tf.tensor1d(mAdv), returns: tf.tensor1d(mRet), oldValues: tf.tensor1d(mVal),
        };
        clippedStep(this.opt, vars, () => ppoLoss(this.actor, this.critic, this.head, batch, c, parts), c.maxGradNorm);
        for (const t of Object.values(batch)) t.dispose();
        const p = parts.value!;
        for (const key of Object.keys(sums) as Array<keyof typeof sums>) {
          sums[key] += p[key].dataSync()[0]!;
          p[key].dispose();
        }
        count++;
      }
      if (c.targetKl !== null && sums.approxKl / count > c.targetKl) break epochs;
    }
    return { pgLoss: sums.pgLoss / count, vLoss: sums.vLoss / count, entropy: sums.entropy / count, approxKl: sums.approxKl / count, clipFrac: sums.clipFrac / count };
  }

  private syncPlain(): void {
    this.plainActor.load(this.actor.readWeights());
    this.plainCritic.load(this.critic.readWeights());
    this.head.sync();
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.head.dispose();
    this.opt.dispose();
  }
}

/** 1 − Var(R − V)/Var(R) (NaN when the returns do not vary). */
export function explainedVariance(pred: Float32Array, target: Float32Array): number {
  const n = target.length;
  let mt = 0, md = 0;
  for (let i = 0; i < n; i++) { mt += target[i]!; md += target[i]! - pred[i]!; }
  mt /= n; md /= n;
  let vt = 0, vd = 0;
  for (let i = 0; i < n; i++) { vt += (target[i]! - mt) ** 2; vd += (target[i]! - pred[i]! - md) ** 2; }
  return vt === 0 ? NaN : 1 - vd / vt;
}
