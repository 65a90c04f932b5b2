import type { QrParams } from '../../market/queue-reactive/qr-params.js';
import { QrSession, QrSnapshotBank } from '../../market/queue-reactive/qr-session.js';
import type { EnvPathFactory } from './execution-env.js';
import type { EnvPath } from './market-feed.js';

/** Epoch base of the training market's clock: a nominal 09:30 (like the agent-based sessions; time 0 = the warm-up's start). */
const SESSION_OPEN_NS = 34_200n * 1_000_000_000n;

/** Markets and schedulers of released paths, reused by the next ones (no typed arrays allocated per reset). */
type QrPool = Array<NonNullable<ReturnType<QrSession['recycle']>>>;
/** Released cores kept per factory (one per environment is enough; more only hold memory). */
const POOL_CAP = 256;

/** Options of `qrEnvFactory`. */
export interface QrEnvOptions {
  /** Seconds each episode's path lasts after its snapshot (must cover startSec + horizon + settling). */
  readonly durationSec: number;
  /**
   * Snapshot bank: seed of the warm-up run, its length (default 300 s), spacing and count
   * (default 64, spaced evenly over the rest of the fitted session, so episodes start at every
   * time of day and meet its seasonality; see `QrSnapshotBank`).
   */
  readonly bankSeed?: number;
  readonly warmUpSec?: number;
  readonly everySec?: number;
  readonly snapshots?: number;
}

/**
 * One episode's path on the queue-reactive training market: a fresh `QrSession` restored from
 * the bank's snapshot for `seed` (copied, not re-simulated) with its own random stream. The
 * path's time starts at the snapshot's time and lasts `durationSec`. Deterministic in
 * (bank, seed, durationSec).
 */
export function qrEnvPath(bank: QrSnapshotBank, seed: number, durationSec: number, pool?: QrPool): EnvPath {
  const reuse = pool?.pop();
  const s = new QrSession(bank.params, seed, undefined, reuse);
  s.startFrom(bank.pick(seed), seed);
  const m = s.market;
  const startNs = s.scheduler.now;
  return {
    label: `queue-reactive ${bank.params.source} (snapshot ${((Math.floor(seed) % bank.count) + bank.count) % bank.count}, seed ${seed})`,
    instrument: bank.params.instrument,
    baseEpochNs: SESSION_OPEN_NS,
    clock: 'utc',
    scheduler: s.scheduler,
    venue: s.venue,
    trades: m,
    startNs,
    endNs: startNs + durationSec * 1e9,
    advanceTo: (t) => s.advanceTo(t),
    events: () => m.events,
    finish: () => {
      s.venue.endSession();
      return '';
    },
    release: () => {
      const core = pool !== undefined && pool.length < POOL_CAP ? s.recycle() : null;
      if (core !== null) pool!.push(core);
    },
  };
}

/**
 * Episodes on the queue-reactive training market fitted to a real day (`fitQueueReactive`):
 * the snapshot bank is built once, here; every `factory(seed)` copies a snapshot (a reset costs
 * no warm-up). The train-fast / judge-faithful rule: see `main/market/README.md`.
 */
export function qrEnvFactory(params: QrParams, opts: QrEnvOptions): EnvPathFactory & { readonly bank: QrSnapshotBank } {
  if (!(opts.durationSec > 0)) throw new RangeError(`qrEnvFactory: durationSec ${opts.durationSec} must be > 0`);
  const warm = opts.warmUpSec ?? 300;
  const count = opts.snapshots ?? 64;
  const every = opts.everySec ?? Math.max(1, Math.floor((params.sessionSec - warm - opts.durationSec) / count));
  const bank = new QrSnapshotBank(params, opts.bankSeed ?? 1, warm, every, count);
  const pool: QrPool = [];
  const f = (seed: number) => qrEnvPath(bank, seed, opts.durationSec, pool);
  return Object.assign(f, { bank });
}
