import type { Side } from '../../domain/side.js';
import type { TapeListener } from '../../execution/algorithms/market-volume.js';
import { Rng } from '../../kernel/rng.js';
import { GenerativeVenue } from '../../market/abm/generative-venue.js';
import { MarketSession, type MarketSnapshot } from '../../market/abm/market-session.js';
import { loadScenario } from '../../market/scenarios/index.js';
import { ConstantLatency } from '../../market/venue/latency-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import type { EnvPathFactory } from './execution-env.js';
import type { EnvPath } from './market-feed.js';

/** As `scenarioPath`: sessions open at 09:30 (UTC-scale base), our orders 200 µs each way. */
const SESSION_OPEN_NS = 34_200n * 1_000_000_000n;
const LATENCY_NS = 200_000;

/** One trade of the shared history (replayed to the episode's tape when a look-back jumps over it). */
interface Print {
  readonly t: number;
  readonly p: number;
  readonly s: number;
  readonly side: Side;
}

/** A cached moment of the shared history: the whole state, and the book's mid (all a look-back reads). */
interface Moment {
  readonly full: MarketSnapshot;
  readonly mid: number;
}

/**
 * One warmed-up market with our venue, reused episode after episode. The history up to the fork
 * is the bank seed's, simulated once per slot; `snaps` caches its state at every time an episode
 * looked at (its volatility look-back), so later episodes read the mid there from the cache
 * (only the tape moves: no copy) and jump to the fork by one copy of the whole state.
 */
class AbmSlot {
  readonly session: MarketSession;
  readonly venue: GenerativeVenue;
  /** Captured states of the shared history, by session time (ns); always holds 0 and, once reached, the fork. */
  private readonly snaps = new Map<number, Moment>();
  private readonly prints: Print[] = [];
  /** Shared-history trades are recorded up to here (ns): ranges are simulated in order, so the record has no gap. */
  private recordedUntil = 0;
  private recording = false;
  /** The episode's tape: cleared at each episode (the old episode's listeners go with it). */
  readonly tape: TapeListener[] = [];
  /** Path state of the current episode. */
  forked = false;
  /** Position of the episode in the shared history (ns): the tape has had every trade up to it. */
  private pos = 0;
  /**
   * The session's state is not the shared history's at `pos` (another episode's, or a look-back
   * that moved only the tape): a full copy must precede any simulation.
   */
  private stale = true;
  /** The market's event and task counts when the episode last moved it (nothing may act in between). */
  private lastEvents = 0;
  private lastPending = 0;

  constructor(name: string, durationSec: number, bankSeed: number, readonly forkNs: number) {
    const base = loadScenario(name);
    const f = durationSec / base.durationSec;
    const scenario = { ...base, durationSec, timeline: base.timeline.map((e) => ({ ...e, atSec: e.atSec * f })) };
    this.session = new MarketSession(scenario, { seed: bankSeed, eventLog: null, recordTrades: false });
    this.venue = new GenerativeVenue(this.session.exchange, { rng: new Rng(bankSeed).fork('our-venue'), latency: new ConstantLatency(LATENCY_NS), fees: new ZeroFees() });
    // One permanent listener; the episode's listeners hang off `tape` (a closure is not captured: it stays across restores).
    this.session.exchange.onTrade((t, p, s, side) => {
      if (this.recording && t > this.recordedUntil) this.prints.push({ t, p, s, side });
      const tape = this.tape;
      for (let k = 0; k < tape.length; k++) tape[k]!(t, p, s, side);
    });
    this.session.start();
    this.snaps.set(0, this.capture());
  }

  private capture(): Moment {
    return { full: this.session.snapshot([this.venue]), mid: this.session.exchange.book.mid() };
  }

  /** Starts an episode at the shared history's time 0 with no listeners (the state is copied in lazily, by the first move). */
  begin(): void {
    this.tape.length = 0;
    this.forked = false;
    this.pos = 0;
    this.stale = true;
    this.mark();
  }

  private mark(): void {
    this.lastEvents = this.session.exchange.events;
    this.lastPending = this.session.scheduler.pending;
  }

  /** Throws when something acted on the market since the episode last moved it (before the fork). */
  private check(): void {
    const s = this.session;
    if (s.exchange.events !== this.lastEvents || s.scheduler.pending !== this.lastPending) {
      throw new Error(`ABM env path: something acted on the market before the fork at ${this.forkNs} ns (orders must start at or after it: forkSec ≤ startSec)`);
    }
  }

  /**
   * The mid at `tNs` < the fork, for a look-back: from the cache when an episode looked there
   * before (the tape gets the trades since the last position; the state is not copied), else
   * `moveTo(tNs)` (simulated once, then cached).
   */
  lookBackMid(tNs: number): number {
    this.check();
    const m = this.snaps.get(tNs);
    if (m !== undefined && tNs >= this.pos) {
      if (tNs > this.pos) {
        this.replay(this.pos, tNs);
        this.pos = tNs;
        this.stale = true;
      }
      return m.mid;
    }
    this.moveTo(tNs);
    return this.session.exchange.book.mid();
  }

  /**
   * Moves the shared history to `tNs` ≤ the fork: a copy of the cached state when an episode
   * looked there before (its trades since the last position replayed to the tape), else
   * simulated from the latest cached state before it, then cached. With `reseed` (the fork),
   * every generator then restarts from it.
   */
  moveTo(tNs: number, reseed?: number): void {
    const s = this.session;
    this.check();
    if (!this.stale && tNs <= this.pos && reseed === undefined) return;
    let m = this.snaps.get(tNs);
    if (m !== undefined) {
      s.restore(m.full, reseed);
      this.replay(this.pos, tNs);
    } else {
      let from = 0;
      for (const k of this.snaps.keys()) if (k <= tNs && k > from) from = k;
      if (this.stale || from > this.pos) {
        s.restore(this.snaps.get(from)!.full);
        this.replay(this.pos, from);
      }
      // The permanent listener sends these trades to the tape as they happen (and records new ones).
      this.recording = true;
      s.scheduler.run(tNs);
      this.recording = false;
      if (tNs > this.recordedUntil) this.recordedUntil = tNs;
      m = this.capture();
      this.snaps.set(tNs, m);
      if (reseed !== undefined) s.restore(m.full, reseed);
    }
    this.pos = tNs;
    this.stale = false;
    this.mark();
  }

  /** Sends the recorded shared-history trades in (fromNs, toNs] to the tape. */
  private replay(fromNs: number, toNs: number): void {
    const tape = this.tape;
    const pr = this.prints;
    if (tape.length === 0 || toNs <= fromNs) return;
    // Prints are in time order: binary search for the first after `fromNs`.
    let lo = 0;
    let hi = pr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pr[mid]!.t <= fromNs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < pr.length && pr[i]!.t <= toNs; i++) {
      const q = pr[i]!;
      for (let k = 0; k < tape.length; k++) tape[k]!(q.t, q.p, q.s, q.side);
    }
  }

  /** The fork: the shared history at `forkNs`, then every generator restarted from the episode's seed. */
  fork(seed: number): void {
    this.moveTo(this.forkNs, seed);
    this.forked = true;
  }
}

/** Options of `abmEnvFactory`. */
export interface AbmEnvOptions {
  /** Session time (s) where episodes diverge: the env's `startSec` (its first decision). */
  readonly forkSec: number;
  /** Seed of the shared history before the fork (default 1). */
  readonly bankSeed?: number;
}

/**
 * Episodes on an agent-based scenario that reset from snapshots: every episode shares the bank
 * seed's market up to `forkSec` (simulated once per pooled market, and each look-back time
 * cached: a reset is a copy of the captured state, never a re-simulation), then every random
 * stream restarts from the episode's seed (`MarketSession.restore(…, seed)`): a different future
 * per seed, reproducible, and identical whichever pooled market serves it. Path time is session
 * time, as `scenarioEnvPath` (the timeline scaled to `durationSec`).
 *
 * Invariant: nothing may act on the market before the fork (the env's orders start at `startSec`
 * ≥ `forkSec`), otherwise the path throws. The trade tape during the look-back is the shared
 * history's, replayed when the look-back jumps. Released paths hand their market back to the pool.
 */
export function abmEnvFactory(name: string, durationSec: number, opts: AbmEnvOptions): EnvPathFactory {
  if (!(opts.forkSec >= 0 && opts.forkSec <= durationSec)) throw new RangeError(`forkSec ${opts.forkSec} must be in [0, durationSec ${durationSec}]`);
  const forkNs = Math.round(opts.forkSec * 1e9);
  const bankSeed = opts.bankSeed ?? 1;
  const free: AbmSlot[] = [];
  return (seed): EnvPath => {
    const slot = free.pop() ?? new AbmSlot(name, durationSec, bankSeed, forkNs);
    slot.begin();
    const { session, venue } = slot;
    let released = false;
    const live = () => {
      if (released) throw new Error('ABM env path: used after release()');
    };
    const advanceTo = (t: number): void => {
      live();
      if (!slot.forked) {
        if (t < forkNs) {
          slot.moveTo(t);
          return;
        }
        slot.fork(seed);
      }
      session.scheduler.run(t);
    };
    return {
      label: `scenario ${name} (${durationSec} s, history seed ${bankSeed} to ${opts.forkSec} s, seed ${seed})`,
      instrument: session.instrument,
      baseEpochNs: SESSION_OPEN_NS,
      clock: 'utc',
      scheduler: session.scheduler,
      venue,
      trades: { onTrade: (l: TapeListener) => void slot.tape.push(l) },
      startNs: 0,
      endNs: durationSec * 1e9,
      advanceTo,
      lookBackMid: (t) => {
        if (!slot.forked && t < forkNs) {
          live();
          return slot.lookBackMid(t);
        }
        advanceTo(t);
        return session.exchange.book.mid();
      },
      events: () => session.exchange.events,
      finish: () => {
        live();
        venue.endSession();
        return '';
      },
      release: () => {
        if (released) return;
        released = true;
        free.push(slot);
      },
    };
  };
}
