import { fitQueueReactive } from '../../market/queue-reactive/qr-fit.js';
import type { EnvConfigInput } from '../env/env-config.js';
import { judgedPathSec } from '../env/episode-recorder.js';
import type { TrainRequest } from './train-record.js';

/**
 * The execution env's episode when the request's config gives none (`execution` key): buy 500
 * shares over 30 s in 10 decisions from 15 s into the path — the env bench's training episode.
 */
export const DEFAULT_EXECUTION_EPISODE: EnvConfigInput = { side: 'buy', quantity: 500, startSec: 15, horizonSec: 30, decisions: 10 };

/**
 * The trainer's config (main/learning/train/training-config.ts) for a request:
 * - `cartpole` → `{ kind: 'cartpole' }`;
 * - `execution` with `data` → the queue-reactive TRAINING market fitted to those days (train on
 *   a fast market, judge on the faithful one), with `scenario` → that agent-based scenario, reset
 *   from a snapshot at the episode's start; the episode from `config.execution` (default
 *   `DEFAULT_EXECUTION_EPISODE`);
 * - every other key of `config` (numEnvs, the `ppo` / `ddqn` section, evalEvery, evalEpisodes,
 *   earlyStopping, checkpointEvery) goes through as written: the trainer's schema validates it
 *   and names the field and the limit.
 * Fitting reads the data files (about half a second a day), so this runs in the training worker.
 * Throws naming the option when the request cannot describe an env.
 */
export function buildTrainerConfig(r: TrainRequest): Record<string, unknown> {
  const { execution, ...rest } = (r.config ?? {}) as Record<string, unknown>;
  let env: Record<string, unknown>;
  if (r.env === 'cartpole') {
    if (r.scenario !== undefined || r.data !== undefined) throw new RangeError('the cartpole env takes neither a scenario nor data');
    if (execution !== undefined) throw new RangeError('config.execution: only for the execution env');
    env = { kind: 'cartpole' };
  } else {
    const episode = (execution ?? DEFAULT_EXECUTION_EPISODE) as EnvConfigInput;
    if (typeof episode !== 'object' || episode === null) throw new RangeError('config.execution must be an object (the episode: side, quantity, startSec, horizonSec, decisions)');
    const startSec = Number(episode.startSec ?? 0), horizonSec = Number(episode.horizonSec ?? 0);
    const durationSec = Math.ceil(startSec + horizonSec) + 5;
    if (r.data !== undefined && r.data.length > 0) {
      env = { kind: 'execution', market: { kind: 'queue-reactive', params: fitQueueReactive(r.data), options: { durationSec } }, config: episode };
    } else if (r.scenario !== undefined) {
      env = { kind: 'execution', market: { kind: 'scenario', name: r.scenario, durationSec: judgedPathSec(startSec, horizonSec), forkSec: startSec }, config: episode };
    } else {
      throw new RangeError('the execution env needs --data DAYS (the training market is fitted to them) or --scenario NAME');
    }
  }
  const out: Record<string, unknown> = { ...rest, algo: r.algo, env, steps: r.steps, seed: r.seed };
  if (r.backend !== undefined) out.backend = r.backend;
  return out;
}
