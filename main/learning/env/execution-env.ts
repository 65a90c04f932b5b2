import { TERMINAL_STATUSES } from '../../domain/order-status.js';
import type { Side } from '../../domain/side.js';
import type { BookView } from '../../market/book/book-types.js';
import type { OwnRestingOrder } from '../../market/venue/venue.js';
import { SimExecutionContext } from '../../execution/execution-context.js';
import type { ChildOrder } from '../../execution/order-manager.js';
import { OrderPath } from '../../execution/order-path.js';
import { ParentOrder, parseParentOrder, type ParentOrderSpec } from '../../execution/parent-order.js';
import { actionCount, childQuote, childSize, decodeContinuous, decodeDiscrete, type DecodedAction } from './actions.js';
import { resolveEnvConfig, type EnvConfig, type EnvConfigInput } from './env-config.js';
import type { EnvSignal } from './env-signal.js';
import { EpisodeRecorder } from './episode-recorder.js';
import { MarketFeed, type EnvPath, type IntervalFlow } from './market-feed.js';
import { OBS_DIM, realisedVolBps, writeObservation, type ObservationState } from './observation.js';
import { rewardOf, terminalCostBps, type StepCosts } from './reward.js';

/** Builds the market path of one episode from its seed (agent-based scenario or replayed day). Must be deterministic in the seed. */
export type EnvPathFactory = (seed: number) => EnvPath;

/** A discrete action index, or a continuous [fraction, aggressiveness] pair (see `actions.ts`). */
export type EnvAction = number | ArrayLike<number>;

/** The action space: `discrete` indices 0..n−1, or `continuous` 2-vectors in [0, 1]². */
export type ActionSpace = { readonly kind: 'discrete'; readonly n: number } | { readonly kind: 'continuous'; readonly shape: readonly [2]; readonly low: 0; readonly high: 1 };

/**
 * What happened in one step (or at reset). Invariants: `filled + leaves === quantity`;
 * `avgPriceUnits` / `shortfallBps` are null before the first fill; shortfallBps = s × (avg − A)
 * / A × 1e4 of the filled part (positive = cost); `costs` are the reward's terms (reward =
 * −weighted sum, see `RewardConfig`); `childRefusal` says why the action sent no child although
 * it asked for one (no price, parent refusal, risk denial).
 */
export interface StepInfo {
  readonly seed: number;
  /** Decisions taken so far (0 at reset). */
  readonly decision: number;
  readonly tNs: number;
  readonly action: DecodedAction | null;
  readonly childOrderId: string | null;
  readonly childRefusal: string | null;
  readonly filled: number;
  readonly leaves: number;
  readonly stepFilled: number;
  readonly avgPriceUnits: number | null;
  readonly arrivalPriceUnits: number;
  readonly midUnits: number;
  readonly shortfallBps: number | null;
  readonly costs: StepCosts;
  /** With VecEnv auto-reset: the observation that ended the episode (the batch row holds the next episode's first). */
  readonly terminalObservation?: Float32Array;
}

/** One transition. `observation` is a fresh array of `OBS_DIM` (layout in `observation.ts`). */
export interface StepResult {
  readonly observation: Float32Array;
  readonly reward: number;
  readonly done: boolean;
  readonly info: StepInfo;
}

interface Episode {
  readonly seed: number;
  readonly path: EnvPath;
  readonly feed: MarketFeed;
  readonly ctx: SimExecutionContext;
  readonly parent: ParentOrder;
  readonly t0: number;
  readonly mids: number[];
  readonly arrival: number;
  k: number;
  done: boolean;
  flow: IntervalFlow;
  stepCost: number;
  stepFilled: number;
  /** With `record`: the episode's mid samples, fills and prints for its TCA (`episode-judge.ts`). */
  readonly rec: EpisodeRecorder | null;
  /** End of the order's horizon: t0 + decisions × Δ. */
  readonly endNs: number;
}

/** Options of an `ExecutionEnv` beyond its config. */
export interface ExecutionEnvOptions {
  /** Record each episode for its TCA (mid samples on the backtest's grid, fills, prints); default false (faster). */
  readonly record?: boolean;
  /** The loaded `config.signalModel` over the paths' day (`EnvSignal.load`); required exactly when the config names one. */
  readonly signal?: EnvSignal;
}

/** A recorded episode's raw material, read by `judgeEpisode`. */
export interface EpisodeRecording {
  readonly seed: number;
  readonly path: EnvPath;
  readonly recorder: EpisodeRecorder;
  readonly startNs: number;
  readonly endNs: number;
  readonly arrivalUnits: number;
  readonly done: boolean;
}

/** `ObservationState` with writable fields: one record per env, rewritten at each observation. */
type ObsStateSlots = { -readonly [K in keyof ObservationState]: ObservationState[K] };

const NO_COSTS: StepCosts = { shortfallBps: 0, impactPenalty: 0, terminalBps: 0 };
/** The resting order with this id (a loop, not `find` with a closure allocated per step). */
function restingById(rs: readonly OwnRestingOrder[] | undefined, id: string): OwnRestingOrder | undefined {
  if (rs === undefined) return undefined;
  for (let i = 0; i < rs.length; i++) if (rs[i]!.clientOrderId === id) return rs[i];
  return undefined;
}

/** Parent specs kept per env (start times); past it the cache starts again (paths with ever-new start times). */
const SPEC_CACHE_CAP = 1024;
/** Longest wait for cancels / the liquidation IOC to settle after the last decision. */
const END_SETTLE_NS = 1e9;

/**
 * Gym-style execution of ONE parent order (side, quantity, horizon, N decisions) on a seeded
 * `PathSim` through the real order path (risk gate → OMS → venue). Decision k happens at
 * t_k = t0 + k·Δ (see `EnvConfig`); `step(action)`: (1) if our working child is not kept (see
 * `ActionConfig.keepQueue`), cancel it and advance in `settleStepNs` steps until it is terminal,
 * so sizes are never computed while a cancel is in flight; (2) send the new child per the action
 * (size from the quantity then unfilled, price from the observed book); (3) advance to t_{k+1}.
 * The episode ends after N decisions or once filled; then every working child is cancelled and
 * settled, the leftover is liquidated (`terminal: 'liquidate'`) and charged (`RewardConfig`).
 * Observation layout: `observation.ts`; reward: `reward.ts`.
 *
 * Invariants: at most one child works at a time and each child's size ≤ the unfilled quantity
 * (so the parent is never overfilled); same seed + config + action sequence ⇒ identical
 * observations, rewards and infos (everything runs on the path's scheduler; no wall clock).
 */
export class ExecutionEnv {
  readonly config: EnvConfig;
  readonly obsDim = OBS_DIM;
  readonly actionSpace: ActionSpace;
  readonly deltaNs: number;
  private ep: Episode | null = null;
  private obs = new Float32Array(OBS_DIM);

  private readonly record: boolean;
  private readonly signal: EnvSignal | null;
  private readonly decoded: readonly DecodedAction[];
  /**
   * Validated parent specs by start time, for `parentSymbol` (side, quantity and the end's offset
   * are the config's): the training market starts episodes at its bank's few snapshot times, and
   * parsing the schema at each reset cost ~200 B a step and ~2 % of a reset-heavy run.
   */
  private readonly parentSpecs = new Map<number, ParentOrderSpec>();
  private parentSymbol = '';
  /** What `act` sent this step: the working child's id, or why none was sent (fields, not a result object per step). */
  private sentId: string | null = null;
  private sentRefusal: string | null = null;
  /** The observation's raw state, rewritten in place each step (an object literal with a conditional spread cost ~380 B a step). */
  private readonly obsState: ObsStateSlots = { side: 1, timeLeft: 0, inventoryLeft: 0, book: null as unknown as BookView, tickUnits: 1, volatilityBps: 0, volumeRatio: 0, buyVolume: 0, sellVolume: 0, totalVolume: 0, queuePosition: 1, signals: undefined };

  constructor(readonly factory: EnvPathFactory, config: EnvConfigInput, opts: ExecutionEnvOptions = {}) {
    this.record = opts.record ?? false;
    this.config = resolveEnvConfig(config);
    this.signal = opts.signal ?? null;
    const named = this.config.signalModel;
    if (named !== undefined && this.signal === null) throw new Error(`ExecutionEnv config: signalModel ${named} is set but no signal was given (load it with EnvSignal.load(dir, the day's files))`);
    if (this.signal !== null && this.signal.dir !== named) throw new Error(`ExecutionEnv: the signal given is ${this.signal.dir}, config.signalModel is ${String(named)}`);
    this.deltaNs = Math.round((this.config.horizonSec * 1e9) / this.config.decisions);
    if (this.deltaNs < 1) throw new RangeError(`ExecutionEnv config: horizonSec / decisions must be ≥ 1 ns`);
    this.actionSpace = this.config.actionSpace === 'discrete'
      ? { kind: 'discrete', n: actionCount(this.config.actions) }
      : { kind: 'continuous', shape: [2], low: 0, high: 1 };
    this.decoded = this.actionSpace.kind === 'discrete' ? Array.from({ length: this.actionSpace.n }, (_, i) => Object.freeze(decodeDiscrete(i, this.config.actions))) : [];
  }

  /** Seed of the current episode (NaN before the first reset). */
  get seed(): number {
    return this.ep?.seed ?? NaN;
  }

  /** True when the current episode has ended (or none was started). */
  get done(): boolean {
    return this.ep === null || this.ep.done;
  }

  /** The last observation (a view the next step/reset overwrites in place). */
  get observation(): Float32Array {
    return this.obs;
  }

  /** Starts an episode on a fresh path from `seed`; returns its first observation (a fresh array). */
  reset(seed: number): Float32Array {
    const old = this.ep;
    this.ep = null;
    old?.path.release?.();
    this.ep = this.open(seed);
    this.observe(this.ep);
    return this.obs.slice();
  }

  /** Info of the current state without stepping (what reset would report). */
  info(): StepInfo {
    const ep = this.need();
    return this.makeInfo(ep, null, null, null, NO_COSTS);
  }

  /** Applies one action for one decision interval. Throws when no episode is running. */
  step(action: EnvAction): StepResult {
    const r = this.stepInPlace(action);
    return { observation: this.obs.slice(), reward: r.reward, done: r.done, info: r.info };
  }

  /**
   * `step` without copying the observation: it is left in `observation` (a view the next
   * step/reset overwrites). For batching callers (`VecEnv`) that copy it into their own rows.
   */
  stepInPlace(action: EnvAction): Omit<StepResult, 'observation'> {
    const ep = this.need();
    if (ep.done) throw new Error('ExecutionEnv: the episode is done; call reset(seed)');
    const c = this.config;
    const dec = this.decode(action);
    ep.stepCost = 0;
    ep.stepFilled = 0;
    const next = ep.t0 + (ep.k + 1) * this.deltaNs;
    this.act(ep, dec, next);
    this.advance(ep, next);
    ep.k++;
    let terminalBps = 0;
    if (ep.k >= c.decisions || ep.parent.complete) {
      ep.done = true;
      terminalBps = this.finish(ep);
    }
    this.observe(ep);
    const q = c.quantity;
    const costs: StepCosts = {
      shortfallBps: (ep.stepCost / (ep.arrival * q)) * 10_000,
      impactPenalty: c.reward.impactEta * (ep.stepFilled / q) ** 2,
      terminalBps,
    };
    return { reward: rewardOf(costs, c.reward), done: ep.done, info: this.makeInfo(ep, dec, this.sentId, this.sentRefusal, costs) };
  }

  /** The current episode's recording (null without `record` or before the first reset). */
  recording(): EpisodeRecording | null {
    const ep = this.ep;
    if (ep === null || ep.rec === null) return null;
    return { seed: ep.seed, path: ep.path, recorder: ep.rec, startNs: ep.t0, endNs: ep.endNs, arrivalUnits: ep.arrival, done: ep.done };
  }

  private advance(ep: Episode, tNs: number): void {
    if (ep.rec !== null) ep.rec.advance(ep.path, tNs);
    else ep.path.advanceTo(tNs);
  }

  private decode(action: EnvAction): DecodedAction {
    const a = this.config.actions;
    if (this.config.actionSpace === 'discrete') {
      if (typeof action !== 'number') throw new RangeError('action: the discrete space takes an integer index');
      // Decoded once per index (immutable records): no allocation per step; anything else throws below.
      const d = Number.isInteger(action) ? this.decoded[action] : undefined;
      return d ?? decodeDiscrete(action, a);
    }
    if (typeof action === 'number') throw new RangeError('action: the continuous space takes [fraction, aggressiveness]');
    return decodeContinuous(action, a);
  }

  private open(seed: number): Episode {
    const c = this.config;
    const path = this.factory(seed);
    const feed = new MarketFeed(path);
    const t0 = path.startNs + Math.round(c.startSec * 1e9);
    const end = t0 + c.decisions * this.deltaNs;
    if (end > path.endNs) throw new RangeError(`ExecutionEnv: the episode ends at ${end} ns, after the path's end ${path.endNs} (${path.label})`);
    const mids: number[] = [];
    const warm = Math.min(c.volWindow, Math.floor((t0 - path.startNs) / this.deltaNs));
    for (let j = warm; j >= 1; j--) {
      const t = t0 - j * this.deltaNs;
      if (path.lookBackMid !== undefined) mids.push(path.lookBackMid(t));
      else {
        path.advanceTo(t);
        mids.push(feed.book.mid());
      }
      feed.roll();
    }
    path.advanceTo(t0);
    const arrival = feed.book.mid();
    if (!Number.isFinite(arrival)) throw new RangeError(`ExecutionEnv: no two-sided book at decision 0 (t0 ${t0} ns, ${path.label}); start later`);
    mids.push(arrival);
    const orderPath = new OrderPath(path.venue, path.scheduler, path.instrument, c.riskLimits, 'E');
    const ctx = new SimExecutionContext(path.instrument, feed.book, orderPath, path.scheduler);
    if (this.parentSymbol !== path.instrument.symbol || this.parentSpecs.size >= SPEC_CACHE_CAP) {
      this.parentSpecs.clear();
      this.parentSymbol = path.instrument.symbol;
    }
    let spec = this.parentSpecs.get(t0);
    if (spec === undefined) {
      spec = parseParentOrder({ id: 'env', symbol: path.instrument.symbol, side: c.side, quantity: c.quantity, startNs: t0, endNs: end + END_SETTLE_NS });
      this.parentSpecs.set(t0, spec);
    }
    const parent = new ParentOrder(ctx, spec);
    const rec = this.record ? new EpisodeRecorder(path, t0, end) : null;
    rec?.advance(path, t0);
    const ep: Episode = { seed, path, feed, ctx, parent, t0, mids, arrival, k: 0, done: false, flow: feed.roll(), stepCost: 0, stepFilled: 0, rec, endNs: end };
    const fees = c.reward.includeFees;
    parent.onChildEvent((ev) => {
      if (ev.type !== 'OrderFilled') return;
      rec?.addFill({ tsNs: ev.tsNs, size: ev.size, priceUnits: ev.priceUnits, fee: ev.fee, passive: !ev.aggressor });
      ep.stepFilled += ev.size;
      ep.stepCost += c.side * (ev.priceUnits - arrival) * ev.size + (fees ? ev.fee : 0);
    });
    return ep;
  }

  /** Steps (1) and (2) of a decision; leaves the child working after it (if any) and why none was sent in `sentId` / `sentRefusal` (no result object per step). */
  private act(ep: Episode, dec: DecodedAction, next: number): void {
    this.sentId = null;
    this.sentRefusal = null;
    const c = this.config;
    const a = c.actions;
    const side = c.side;
    const left = c.decisions - ep.k;
    const tick = this.tickUnits(ep);
    let size = childSize(dec, ep.parent.leaves, left, a);
    let quote = size > 0 ? childQuote(side, dec.aggression, ep.feed.book, tick, a.crossLimitBps) : null;
    const w = ep.parent.firstWorking();
    if (w !== undefined) {
      const id = w.order.clientOrderId;
      if (a.keepQueue && quote !== null && quote.tif === 'day' && w.order.tif === 'day' && w.priceUnits === quote.priceUnits && size <= w.leaves) {
        if (size < w.leaves) ep.ctx.replace(id, quote.priceUnits, w.filled + size);
        this.sentId = id;
        return;
      }
      ep.ctx.cancel(id);
      this.settle(ep, next);
      size = childSize(dec, ep.parent.leaves, left, a);
      quote = size > 0 ? childQuote(side, dec.aggression, ep.feed.book, tick, a.crossLimitBps) : null;
    }
    if (size === 0) return;
    if (quote === null) {
      this.sentRefusal = `no ${dec.aggression} price: the book side to price from is empty`;
      return;
    }
    const id = ep.parent.place({ side, type: quote.type, tif: quote.tif, size, priceUnits: quote.priceUnits });
    if (id === null) {
      this.sentRefusal = ep.parent.refusals.at(-1) ?? 'refused';
      return;
    }
    const child = ep.parent.child(id);
    this.sentId = id;
    this.sentRefusal = child?.status === 'Denied' ? (child.reason ?? 'denied') : null;
  }

  /** Advances in `settleStepNs` steps until no child works or `untilNs` (capped at the path's end). */
  private settle(ep: Episode, untilNs: number): void {
    const sch = ep.path.scheduler;
    const until = Math.min(untilNs, ep.path.endNs);
    while (ep.parent.firstWorking() !== undefined && sch.now < until) this.advance(ep, Math.min(sch.now + this.config.settleStepNs, until));
  }

  /** End of episode: cancel and settle, liquidate if configured; returns terminalBps. */
  private finish(ep: Episode): number {
    const c = this.config;
    const sch = ep.path.scheduler;
    for (const w of ep.parent.working()) ep.ctx.cancel(w.order.clientOrderId);
    this.settle(ep, sch.now + END_SETTLE_NS);
    if (c.reward.terminal === 'liquidate' && ep.parent.leaves > 0) {
      const quote = childQuote(c.side, 'cross', ep.feed.book, this.tickUnits(ep), c.actions.crossLimitBps);
      if (quote !== null) {
        ep.parent.place({ side: c.side, type: quote.type, tif: quote.tif, size: ep.parent.leaves, priceUnits: quote.priceUnits });
        this.settle(ep, sch.now + END_SETTLE_NS);
      }
    }
    const r = c.reward;
    return terminalCostBps(c.side, ep.parent.leaves, c.quantity, ep.feed.book.mid(), ep.arrival, r.terminalPenaltyBps);
  }

  private observe(ep: Episode): void {
    const c = this.config;
    if (ep.k > 0) {
      ep.mids.push(ep.feed.book.mid());
      ep.flow = ep.feed.roll();
    }
    const f = ep.flow;
    const st = this.obsState;
    st.side = c.side;
    st.timeLeft = (c.decisions - ep.k) / c.decisions;
    st.inventoryLeft = ep.parent.leaves / c.quantity;
    st.book = ep.feed.book;
    st.tickUnits = this.tickUnits(ep);
    st.volatilityBps = realisedVolBps(ep.mids, c.volWindow);
    st.volumeRatio = f.total / (c.quantity / c.decisions);
    st.buyVolume = f.buy;
    st.sellVolume = f.sell;
    st.totalVolume = f.total;
    st.queuePosition = this.queuePosition(ep, c.side);
    // Rows at or before now only (EnvSignal's causal lookup); undefined ⇒ the slots stay 0.
    st.signals = this.signal !== null ? this.signal.slots(c.side, ep.path.scheduler.now) : undefined;
    writeObservation(this.obs, 0, st, c.scales);
  }

  /** Size ahead / the level's size for our resting child (venue's view); 1 when none rests or it is unknown. */
  private queuePosition(ep: Episode, side: Side): number {
    const w: ChildOrder | undefined = ep.parent.firstWorking();
    if (w === undefined || TERMINAL_STATUSES.has(w.status)) return 1;
    const venue = ep.path.venue;
    const r = restingById(venue.restingOrders?.(), w.order.clientOrderId);
    if (r === undefined || !Number.isFinite(r.queueAhead)) return 1;
    const denom = Math.max(venue.book.sizeAt(side, r.priceUnits), r.queueAhead + r.leaves);
    return denom > 0 ? r.queueAhead / denom : 1;
  }

  private makeInfo(ep: Episode, action: DecodedAction | null, childOrderId: string | null, childRefusal: string | null, costs: StepCosts): StepInfo {
    const p = ep.parent;
    const avg = p.filled > 0 ? p.avgPriceUnits : null;
    return {
      seed: ep.seed,
      decision: ep.k,
      tNs: ep.path.scheduler.now,
      action,
      childOrderId,
      childRefusal,
      filled: p.filled,
      leaves: p.leaves,
      stepFilled: ep.stepFilled,
      avgPriceUnits: avg,
      arrivalPriceUnits: ep.arrival,
      midUnits: ep.feed.book.mid(),
      shortfallBps: avg === null ? null : ((this.config.side * (avg - ep.arrival)) / ep.arrival) * 10_000,
      costs,
    };
  }

  private tickUnits(ep: Episode): number {
    const t = ep.path.instrument.tickSizeUnits;
    return t > 0 ? t : 1;
  }

  private need(): Episode {
    if (this.ep === null) throw new Error('ExecutionEnv: call reset(seed) first');
    return this.ep;
  }
}
