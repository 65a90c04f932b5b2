import { compareStrategies } from '../../tca/index.js';
import { envFactoryOf, type EnvMarketSpec } from '../env/env-spec.js';
import type { EnvConfigInput } from '../env/env-config.js';
import { judgeEpisode } from '../env/episode-judge.js';
import { ExecutionEnv, type EnvPathFactory } from '../env/execution-env.js';
import type { TrainingConfig } from './training-config.js';
import { judgeTwapEpisode } from './twap-episode.js';
import type { ValidationJudge, ValidationVsTwap } from './validation-types.js';

export type { ValidationJudge, ValidationVsTwap } from './validation-types.js';

/**
 * Which episode a validation seed is: the market path factory and the concrete env config (side,
 * quantity, horizon…) of that seed. Invariant: deterministic in the seed, and the config is the
 * one the training env would use for the seed, so the agent sees the observations it learnt on.
 * A randomised env (one parent order drawn per seed) gives each seed its own draw.
 */
export interface ValidationEpisodes {
  episode(seed: number): { readonly factory: EnvPathFactory; readonly config: EnvConfigInput };
}

/** Validation seeds: −1 … −n, the greedy evaluation's (training seeds are ≥ 0). */
export function validationSeeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => -1 - i);
}

/**
 * The validation metric from per-episode IS (bps, positive = cost) of the agent and of TWAP on
 * the same seeds: pairs where both are finite are kept; means; the paired difference's mean
 * with the 95 % percentile bootstrap of `compareStrategies` (the TCA screen's and `evaluate`'s
 * statistics; its own seeded stream `bootstrapSeed`, never the trainer's). See `ValidationVsTwap`.
 */
export function validationVsTwap(step: number, agentIs: ReadonlyArray<number | null>, twapIs: ReadonlyArray<number | null>, bootstrapSeed: number | string): ValidationVsTwap {
  if (agentIs.length !== twapIs.length) throw new RangeError(`validation: ${agentIs.length} agent episodes ≠ ${twapIs.length} TWAP episodes (they must be paired)`);
  const agent: Array<{ pathId: string; isBps: number }> = [], twap: Array<{ pathId: string; isBps: number }> = [];
  agentIs.forEach((a, i) => {
    const b = twapIs[i];
    if (typeof a === 'number' && Number.isFinite(a) && typeof b === 'number' && Number.isFinite(b)) {
      agent.push({ pathId: String(i), isBps: a });
      twap.push({ pathId: String(i), isBps: b });
    }
  });
  const n = agent.length;
  if (n === 0) return { step, agentIsBps: null, twapIsBps: null, diffBps: null, ciLowBps: null, ciHighBps: null, n: 0 };
  const cmp = compareStrategies([{ strategy: 'twap', outcomes: twap }, { strategy: 'agent', outcomes: agent }], { baseline: 'twap', seed: bootstrapSeed, level: 0.95 });
  const [t, a] = cmp.strategies;
  const vs = a!.vsBaseline!;
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  return { step, agentIsBps: a!.isBps.mean, twapIsBps: t!.isBps.mean, diffBps: vs.meanDiffBps, ciLowBps: fin(vs.ci.lo), ciHighBps: fin(vs.ci.hi), n };
}

/**
 * A `ValidationJudge` over `episodes` validation seeds (−1 … −episodes): the agent's greedy
 * episode is run on a fresh recording `ExecutionEnv` and judged by `judgeEpisode`; TWAP by
 * `judgeTwapEpisode` on the same factory and config — computed on the first call and kept (it
 * does not depend on the weights). Builds its own envs and paths from `source`; its bootstrap
 * has its own seed (`validation/<seed>`).
 */
export function twapValidationJudge(source: ValidationEpisodes, episodes: number, seed: number): ValidationJudge {
  const seeds = validationSeeds(episodes);
  let twap: Array<number | null> | null = null;
  return {
    evaluate(step, act) {
      twap ??= seeds.map((s) => {
        const e = source.episode(s);
        return judgeTwapEpisode(e.factory, e.config, s).isBps;
      });
      const agent = seeds.map((s) => {
        const e = source.episode(s);
        const env = new ExecutionEnv(e.factory, e.config, { record: true });
        return judgeEpisode(env, s, (obs) => act(obs)).isBps;
      });
      return validationVsTwap(step, agent, twap, `validation/${seed}`);
    },
  };
}

/**
 * The validation episodes of a plain execution-env config (`{ kind: 'execution', market, config }`):
 * every seed is the config's episode on the market spec's paths, from a path factory of its own
 * (not the training envs': the validation never touches their paths or pools).
 */
export function executionValidationEpisodes(config: TrainingConfig): ValidationEpisodes {
  const env = config.env;
  if (env.kind !== 'execution') throw new RangeError(`validation against TWAP needs the execution env, not ${env.kind}`);
  let factory: EnvPathFactory | null = null;
  const envConfig = env.config as unknown as EnvConfigInput;
  return { episode: () => ({ factory: (factory ??= envFactoryOf(env.market as unknown as EnvMarketSpec)), config: envConfig }) };
}
