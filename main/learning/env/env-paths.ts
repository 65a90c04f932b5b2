import { replayPath } from '../../execution/what-if/replay-path.js';
import { scenarioPath } from '../../execution/what-if/scenario-path.js';
import { abmEnvFactory } from './abm-env-path.js';
import type { EnvPathFactory } from './execution-env.js';
import type { EnvPath } from './market-feed.js';

/**
 * The what-if's agent-based path (`scenarioPath`: same market for the same seed) with its trade
 * tape, which the environment needs for volume and signed flow. `hashEvents` (default false:
 * faster) keeps the event log whose SHA-256 `finish()` returns; without it `finish()` returns ''.
 */
export function scenarioEnvPath(name: string, durationSec: number, seed: number, hashEvents = false): EnvPath {
  return scenarioPath(name, durationSec, seed, hashEvents);
}

/**
 * Episodes on an agent-based scenario. Without `forkSec`: seed ⇒ `scenarioEnvPath(name,
 * durationSec, seed)` (a whole session per seed, warm-up re-simulated at every reset). With
 * `forkSec` (set it to the env's `startSec`): `abmEnvFactory` — every episode shares one market
 * history up to the fork and resets by copying snapshots; the seed drives the future after it.
 */
export function scenarioEnvFactory(name: string, durationSec: number, forkSec?: number): EnvPathFactory {
  if (forkSec !== undefined) return abmEnvFactory(name, durationSec, { forkSec });
  return (seed) => scenarioEnvPath(name, durationSec, seed);
}

/**
 * Episodes on a replayed real day (`replayPath` with our orders; the day is parsed once and
 * cached): the seed drives the venue's random streams (latency draws, the L2 queue model), the
 * market itself is the recorded one. `impact` adds the day-calibrated propagator.
 */
export function replayEnvFactory(files: readonly string[], impact = false): EnvPathFactory {
  return (seed) => replayPath(files, seed, impact, true);
}
