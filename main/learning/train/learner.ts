import type { BatchEnv } from '../cartpole/batch-env.js';
import type { DqnConfigInput } from '../dqn/dqn-config.js';
import { Dqn, type DqnState } from '../dqn/dqn.js';
import type { ModelFolderContents } from '../model-io/index.js';
import type { PpoConfigInput } from '../ppo/ppo-config.js';
import { Ppo, type PpoState } from '../ppo/ppo.js';

/** What one slice of training reports (null where the algorithm has no such number or no episode ended). */
export interface SliceStats {
  readonly episodeReturnMean: number | null;
  readonly losses: { readonly policy: number | null; readonly value: number | null; readonly q: number | null };
  readonly entropy: number | null;
  readonly approxKl: number | null;
  readonly explainedVariance: number | null;
}

/**
 * PPO and Double DQN behind one driver interface. `slice(untilSteps)` trains one unit: a PPO
 * update (a rollout + its epochs), or DQN lockstep steps until `untilSteps` env steps (or the
 * run's end). Invariant: the units only depend on the learner's state (`getState`), so a run
 * cut into slices, checkpointed and resumed equals the uninterrupted run bit for bit.
 */
export interface Learner {
  readonly steps: number;
  readonly runDone: boolean;
  startRun(totalSteps: number): void;
  slice(untilSteps: number): SliceStats;
  greedy(obs: Float32Array): number | Float32Array;
  weightsSha256(): string;
  model(): Pick<ModelFolderContents, 'mlps' | 'tensors'> & { head: 'categorical' | 'gaussian' | 'q' | 'dueling-q'; network: string };
  getState(): PpoState | DqnState;
  setState(s: PpoState | DqnState): void;
  dispose(): void;
}

const nn = (x: number) => (Number.isFinite(x) ? x : null);

export function ppoLearner(env: BatchEnv, config: PpoConfigInput): Learner {
  const p = new Ppo(env, config);
  return {
    get steps() { return p.steps; },
    get runDone() { return p.runDone; },
    startRun: (total) => p.startRun(total),
    slice() {
      const s = p.updateOnce();
      return { episodeReturnMean: nn(s.meanEpisodeReturn), losses: { policy: s.pgLoss, value: s.vLoss, q: null }, entropy: s.entropy, approxKl: s.approxKl, explainedVariance: nn(s.explainedVariance) };
    },
    greedy: (obs) => (env.continuous ? p.greedyAction(obs) : p.greedy(obs)),
    weightsSha256: () => p.weightsSha256(),
    model() {
      const tensors = p.head.variables.map((v) => ({ name: 'log_std', shape: [...v.shape], values: Float32Array.from(v.dataSync() as Float32Array) }));
      return {
        mlps: [{ name: 'actor', spec: p.actor.spec, weights: p.actor.readWeights() }, { name: 'critic', spec: p.critic.spec, weights: p.critic.readWeights() }],
        tensors, head: env.continuous ? 'gaussian' : 'categorical', network: 'actor',
      };
    },
    getState: () => p.getState(),
    setState: (s) => p.setState(s as PpoState),
    dispose: () => p.dispose(),
  };
}

export function dqnLearner(env: BatchEnv, config: DqnConfigInput, reportEvery: number): Learner {
  const d = new Dqn(env, config);
  return {
    get steps() { return d.steps; },
    get runDone() { return d.runDone; },
    startRun: (total) => d.startRun(total, reportEvery),
    slice(untilSteps) {
      const lockstep = Math.max(1, Math.ceil((untilSteps - d.steps) / env.n));
      const reports = d.advance(lockstep);
      let ret = 0, eps = 0, loss = 0, losses = 0;
      for (const r of reports) {
        if (r.episodes) { ret += r.meanEpisodeReturn * r.episodes; eps += r.episodes; }
        if (Number.isFinite(r.loss)) { loss += r.loss; losses++; }
      }
      return { episodeReturnMean: eps ? ret / eps : null, losses: { policy: null, value: null, q: losses ? loss / losses : null }, entropy: null, approxKl: null, explainedVariance: null };
    },
    greedy: (obs) => d.greedy(obs),
    weightsSha256: () => d.weightsSha256(),
    model: () => ({ mlps: [{ name: 'q', spec: d.online.spec, weights: d.online.readWeights() }], tensors: [], head: d.config.dueling ? 'dueling-q' : 'q', network: 'q' }),
    getState: () => d.getState(),
    setState: (s) => d.setState(s as DqnState),
    dispose: () => d.dispose(),
  };
}
