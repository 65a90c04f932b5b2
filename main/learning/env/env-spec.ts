import type { QrParams } from '../../market/queue-reactive/qr-params.js';
import { replayEnvFactory, scenarioEnvFactory } from './env-paths.js';
import type { EnvConfigInput } from './env-config.js';
import type { EnvPathFactory } from './execution-env.js';
import { qrEnvFactory, type QrEnvOptions } from './qr-env-path.js';
import { fastReplayEnvFactory } from './replay-env-path.js';

/**
 * Which market an environment's episodes run on, as plain data (it crosses to worker threads):
 * the queue-reactive training market (fitted params + snapshot bank options), an agent-based
 * scenario, or a replayed day. Invariant: `envFactoryOf(spec)` is deterministic in the spec.
 */
export type EnvMarketSpec =
  | { readonly kind: 'queue-reactive'; readonly params: QrParams; readonly options: QrEnvOptions }
  | { readonly kind: 'scenario'; readonly name: string; readonly durationSec: number; readonly forkSec?: number }
  | { readonly kind: 'replay'; readonly files: readonly string[]; readonly impact?: boolean; readonly fromSec?: number };

/** A whole environment as plain data: its market and its config. */
export interface EnvSpec {
  readonly market: EnvMarketSpec;
  readonly config: EnvConfigInput;
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
