import { createHash } from 'node:crypto';
import type { QrParams } from '../../market/queue-reactive/qr-params.js';
import type { EnvConfigInput } from '../env/env-config.js';
import { qrEnvFactory } from '../env/qr-env-path.js';
import { OBS_NAMES } from '../env/observation.js';
import { ReplayableBatchEnv } from '../train/replayable-batch-env.js';
import { twapValidationJudge } from '../train/validation-vs-twap.js';
import type { TrainingEnvFactory } from '../train/training-env.js';
import type { TrainingConfig } from '../train/training-config.js';
import { drawEpisode, RandomisedExecutionEnv, type EpisodeDistribution, type EpisodeMarket } from './randomised-env.js';

/** A fitted training market as plain data: its name, the queue-reactive params and the real day's volume rate. */
export interface FittedMarket {
  readonly name: string;
  readonly params: QrParams;
  /** Shares a second the real day traded (executions / session seconds): sizes are drawn as a share of it. */
  readonly volumePerSec: number;
  /** Share of the training episodes (relative to the other markets' weights); absent = equal shares. */
  readonly weight?: number;
}

/**
 * The shipped agent's episode distribution: buys and sells of 1–10 % of the expected volume over
 * a 10–30 minute horizon (rounded to the minute), starting one minute into the path (the warm-up
 * the volatility / volume features look back on).
 */
export const DEFAULT_EPISODES: EpisodeDistribution = {
  sides: ['buy', 'sell'],
  participation: [0.01, 0.1],
  horizonSec: [600, 1800],
  horizonStepSec: 60,
  startSec: 60,
};

/**
 * The acting env (what the agent strategy reads back from `config.env`): 20 decisions a horizon;
 * child sizes on the slice basis so {0, ½, 1, 2} × the TWAP slice can be sent (the remainder basis
 * cannot express the TWAP pace); the leftover is crossed at the end (`liquidate`) as the baselines
 * complete their orders; η = 1 bp per (fraction of the parent filled in one step)² is the risk /
 * impact term that discourages dumping the order in one step.
 */
export const DEFAULT_ACTING_ENV: Omit<EnvConfigInput, 'side' | 'quantity' | 'horizonSec' | 'startSec'> = {
  decisions: 20,
  actions: { fractions: [0, 0.25, 0.5, 1], sizeBasis: 'slice', sliceMultiple: 2 },
  reward: { terminal: 'liquidate', impactEta: 1, terminalPenaltyBps: 25 },
  volWindow: 5,
};

/** Options of `executionTrainingConfig`. */
export interface ExecutionTrainingOptions {
  readonly steps: number;
  readonly seed: number;
  readonly numEnvs?: number;
  readonly evalEpisodes?: number;
  readonly evalEvery?: number;
  readonly ppo?: Record<string, unknown>;
  readonly episodes?: EpisodeDistribution;
  readonly actingEnv?: typeof DEFAULT_ACTING_ENV;
  readonly backend?: 'auto' | 'cpu' | 'wasm' | 'tensorflow';
}

/**
 * The training config (runTraining's schema) of an agent trained on the fitted markets with a
 * fresh random parent order per episode. Everything the env needs is IN the config (the fitted
 * params, the volume rates, the distribution), so `executionTrainingEnv(config)` rebuilds it
 * without reading any data file. `config.env.config` is the acting env plus a nominal episode
 * (buy 1 over the longest horizon: the agent strategy reads only decisions, actions, scales,
 * volWindow and reward) and the `episodes` / `markets` keys this module reads back.
 */
export function executionTrainingConfig(markets: readonly FittedMarket[], o: ExecutionTrainingOptions): Record<string, unknown> {
  if (markets.length === 0) throw new RangeError('executionTrainingConfig: at least one fitted market is needed');
  const episodes = o.episodes ?? DEFAULT_EPISODES;
  const durationSec = Math.ceil(episodes.startSec + episodes.horizonSec[1]) + 5;
  return {
    algo: 'ppo',
    env: {
      kind: 'execution',
      market: { kind: 'queue-reactive', params: markets[0]!.params, options: { durationSec } },
      config: {
        ...(o.actingEnv ?? DEFAULT_ACTING_ENV), side: 'buy', quantity: 1, startSec: episodes.startSec, horizonSec: episodes.horizonSec[1],
        episodes,
        markets: markets.map((m) => ({ name: m.name, volumePerSec: m.volumePerSec, ...(m.weight === undefined ? {} : { weight: m.weight }), params: m.params })),
      },
    },
    steps: o.steps,
    seed: o.seed,
    numEnvs: o.numEnvs ?? 8,
    ppo: { numSteps: 40, gamma: 1, gaeLambda: 0.95, learningRate: 3e-4, updateEpochs: 4, numMinibatches: 4, entCoef: 0.01, ...o.ppo },
    evalEvery: o.evalEvery ?? 0,
    evalEpisodes: o.evalEpisodes ?? 64,
    backend: o.backend ?? 'cpu',
  };
}

interface StoredEnv {
  readonly market: { readonly options: { readonly durationSec: number } };
  readonly config: EnvConfigInput & { readonly episodes: EpisodeDistribution; readonly markets: ReadonlyArray<{ name: string; volumePerSec: number; weight?: number; params: QrParams }> };
}

/**
 * runTraining's `makeEnv` for a config of `executionTrainingConfig`: every env draws its
 * episodes from the stored distribution over the stored markets (one snapshot bank per market,
 * shared by all envs). Data hash = SHA-256 of the markets' params JSON (as the default
 * queue-reactive env hashes its params).
 */
export function executionTrainingEnv(config: TrainingConfig): TrainingEnvFactory {
  const env = config.env as unknown as StoredEnv;
  const { episodes, markets: stored, side: _s, quantity: _q, startSec: _st, horizonSec: _h, ...acting } = env.config;
  if (episodes === undefined || !Array.isArray(stored)) throw new RangeError('training config env.config: episodes and markets are required (see executionTrainingConfig)');
  const markets: EpisodeMarket[] = stored.map((m) => ({
    name: m.name, volumePerSec: m.volumePerSec, ...(m.weight === undefined ? {} : { weight: m.weight }),
    factory: qrEnvFactory(m.params, { durationSec: env.market.options.durationSec }),
  }));
  const make = () => new RandomisedExecutionEnv(markets, acting, episodes);
  const dataHash = createHash('sha256').update(JSON.stringify(stored.map((m) => m.params))).digest('hex');
  // Validation against the backtest's TWAP (#11.8) on the same drawn episodes (seed → market, side,
  // size, horizon as training draws them), on market factories of its own: the training envs'
  // snapshot banks and paths are never touched, so the weights do not depend on it.
  const validation = (n: number, seed: number) => {
    const own = stored.map((m) => qrEnvFactory(m.params, { durationSec: env.market.options.durationSec }));
    return twapValidationJudge({
      episode: (s) => {
        const d = drawEpisode(s, episodes, markets);
        return { factory: own[d.market]!, config: { ...acting, side: d.side, quantity: d.quantity, horizonSec: d.horizonSec, startSec: episodes.startSec } };
      },
    }, n, seed);
  };
  return { batch: (n) => new ReplayableBatchEnv(Array.from({ length: n }, make)), single: make, obsNames: OBS_NAMES, dataHash, validation };
}
