import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { BatchEnv } from '../cartpole/batch-env.js';
import { CartPoleEnv } from '../cartpole/cartpole-env.js';
import { envFactoryOf, type EnvMarketSpec } from '../env/env-spec.js';
import type { EnvConfigInput } from '../env/env-config.js';
import { ExecutionEnv } from '../env/execution-env.js';
import { OBS_NAMES } from '../env/observation.js';
import { ReplayableBatchEnv, type SteppableEnv } from './replayable-batch-env.js';
import type { TrainingConfig } from './training-config.js';
import type { ValidationJudge } from './validation-types.js';

/** A batch env whose state a checkpoint can keep: `restore(snapshot())` puts it back exactly and returns the current observations. */
export interface SnapshotBatchEnv extends BatchEnv {
  snapshot(): unknown;
  restore(state: unknown): Float32Array;
}

/**
 * How a run builds its envs: `batch(n)` for training (with `snapshot`/`restore` for exact
 * resume; without them checkpoints cannot be resumed), `single()` for the greedy evaluation,
 * the observation names (recorded in the model's manifest) and the data hash (null: no data).
 */
export interface TrainingEnvFactory {
  batch(n: number): BatchEnv | SnapshotBatchEnv;
  single(): SteppableEnv;
  readonly obsNames: readonly string[];
  readonly dataHash: string | null;
  /**
   * The execution env's validation against TWAP over `episodes` validation seeds (−1 … −episodes;
   * `seed` = the run's, for the judge's own bootstrap stream): optional — without it a run
   * reports no `validation` (and refuses `evalVsTwap: true`). Must build its own envs and paths
   * (`validation-vs-twap.ts`: `twapValidationJudge`), so the weights never depend on it.
   */
  validation?(episodes: number, seed: number): ValidationJudge;
}

export const CARTPOLE_OBS_NAMES: readonly string[] = ['x', 'xDot', 'theta', 'thetaDot'];

function sha256Files(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f.split(/[\\/]/).pop()}\n`);
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex');
}

/**
 * The default env factory: CartPole, or the execution env on the spec's market (one path
 * factory shared by every env, as `VecEnv.create` does). Training batches are
 * `ReplayableBatchEnv`s (exact checkpoints by episode replay). Data hash: SHA-256 over a replayed
 * day's files (name + bytes, in order), over the queue-reactive params' JSON, null for CartPole
 * and agent-based scenarios (no data).
 */
export function defaultTrainingEnv(config: TrainingConfig): TrainingEnvFactory {
  const env = config.env;
  if (env.kind === 'cartpole') {
    const make = () => new CartPoleEnv(env.maxSteps);
    return { batch: (n) => new ReplayableBatchEnv(Array.from({ length: n }, make)), single: make, obsNames: CARTPOLE_OBS_NAMES, dataHash: null };
  }
  const market = env.market as unknown as EnvMarketSpec;
  const envConfig = env.config as unknown as EnvConfigInput;
  const factory = envFactoryOf(market);
  const make = () => new ExecutionEnv(factory, envConfig);
  const dataHash = market.kind === 'replay' ? sha256Files(market.files) : market.kind === 'queue-reactive' ? createHash('sha256').update(JSON.stringify(market.params)).digest('hex') : null;
  return { batch: (n) => new ReplayableBatchEnv(Array.from({ length: n }, make)), single: make, obsNames: OBS_NAMES, dataHash };
}

/** True when the env can be checkpointed (see `SnapshotBatchEnv`). */
export function canSnapshot(env: BatchEnv): env is SnapshotBatchEnv {
  return typeof (env as Partial<SnapshotBatchEnv>).snapshot === 'function' && typeof (env as Partial<SnapshotBatchEnv>).restore === 'function';
}

/**
 * Greedy returns of `episodes` episodes on seeds −1, −2, … (training seeds are ≥ 0, so these are
 * never seen in training). Invariant: deterministic in the policy and the env.
 */
export function evaluateGreedy(env: SteppableEnv, act: (obs: Float32Array) => number | Float32Array, episodes: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(-1 - e);
    let ret = 0;
    for (;;) {
      const r = env.stepInPlace(act(obs));
      ret += r.reward;
      obs = env.observation;
      if (r.done) break;
    }
    out.push(ret);
  }
  return out;
}
