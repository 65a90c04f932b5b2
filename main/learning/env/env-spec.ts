import type { QrParams } from '../../market/queue-reactive/qr-params.js';
import { CartPoleEnv } from '../cartpole/cartpole-env.js';
import { replayEnvFactory, scenarioEnvFactory } from './env-paths.js';
import type { EnvConfigInput } from './env-config.js';
import { ExecutionEnv, type EnvPathFactory } from './execution-env.js';
import { qrEnvFactory, type QrEnvOptions } from './qr-env-path.js';
import { fastReplayEnvFactory } from './replay-env-path.js';
import { CARTPOLE_INFO, EXECUTION_INFO, type InfoLayout } from './vec-env-shared.js';
import type { LearningEnv } from './vec-env-types.js';

/**
 * Which market an environment's episodes run on, as plain data (it crosses to worker threads):
 * the queue-reactive training market (fitted params + snapshot bank options), an agent-based
 * scenario, or a replayed day. Invariant: `envFactoryOf(spec)` is deterministic in the spec.
 */
export type EnvMarketSpec =
  | { readonly kind: 'queue-reactive'; readonly params: QrParams; readonly options: QrEnvOptions }
  | { readonly kind: 'scenario'; readonly name: string; readonly durationSec: number; readonly forkSec?: number }
  | { readonly kind: 'replay'; readonly files: readonly string[]; readonly impact?: boolean; readonly fromSec?: number };

/** A whole execution environment as plain data: its market and its config (`kind` may be omitted). */
export interface ExecutionEnvSpec {
  readonly kind?: 'execution';
  readonly market: EnvMarketSpec;
  readonly config: EnvConfigInput;
}

/** CartPole-v1 as plain data (`maxSteps`: the time limit, default 500). */
export interface CartPoleEnvSpec {
  readonly kind: 'cartpole';
  readonly maxSteps?: number;
}

/**
 * Any environment the learning library can build in a thread, as plain data (it is
 * structured-cloned to workers). Invariant: `envMakerOf(spec)` builds identical environments
 * from equal specs.
 */
export type EnvSpec = ExecutionEnvSpec | CartPoleEnvSpec;

/**
 * How to build a spec's environments: `make()` returns a fresh env each call (execution envs of
 * one maker share one path factory, so a queue-reactive snapshot bank is built once per maker),
 * `info` the env's info layout in shared memory. Building the maker validates the config.
 */
export interface EnvMaker {
  readonly make: () => LearningEnv<unknown>;
  readonly info: InfoLayout;
  /** An env for its dimensions and action space only (never reset: builds no market). */
  readonly probe: LearningEnv<unknown>;
}

/** The maker of a spec (see `EnvMaker`); the market's path factory is built on the first `make()`. */
export function envMakerOf(spec: EnvSpec): EnvMaker {
  if (spec.kind === 'cartpole') {
    return { make: () => new CartPoleEnv(spec.maxSteps), info: CARTPOLE_INFO as InfoLayout, probe: new CartPoleEnv(spec.maxSteps) };
  }
  if (spec.kind !== undefined && spec.kind !== 'execution') throw new RangeError(`env spec kind ${JSON.stringify(spec.kind)} must be 'execution' or 'cartpole'`);
  // The config is validated here, before any market is built.
  const probe = new ExecutionEnv(() => { throw new Error('probe only'); }, spec.config);
  let factory: EnvPathFactory | null = null;
  return {
    make: () => new ExecutionEnv((factory ??= envFactoryOf(spec.market)), spec.config),
    info: EXECUTION_INFO as InfoLayout,
    probe,
  };
}

/** The path factory of a market spec (the queue-reactive bank is built here, once per call). */
export function envFactoryOf(m: EnvMarketSpec): EnvPathFactory {
  switch (m.kind) {
    case 'queue-reactive':
      return qrEnvFactory(m.params, m.options);
    case 'scenario':
      // With forkSec: resets from snapshots (see `abmEnvFactory`); without: a whole session per seed.
      return scenarioEnvFactory(m.name, m.durationSec, m.forkSec);
    case 'replay':
      // With fromSec: fast-forwarded paths for training (see `fastReplayEnvFactory`); without: the backtests' exact paths.
      return m.fromSec === undefined ? replayEnvFactory(m.files, m.impact ?? false) : fastReplayEnvFactory(m.files, { impact: m.impact, fromSec: m.fromSec });
    default:
      throw new RangeError(`env market kind ${JSON.stringify((m as { kind: unknown }).kind)} must be 'queue-reactive', 'scenario' or 'replay'`);
  }
}
