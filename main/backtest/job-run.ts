import { createHash, type Hash } from 'node:crypto';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { BookView } from '../market/book/book-types.js';
import { createExecutor, VwapExecutor, type ParentExecutor, type VolumeCurve } from '../execution/algorithms/index.js';
import { AgentExecutor } from '../execution/agent/agent-executor.js';
import type { AgentExplanations } from '../execution/agent/agent-explanation.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { AgentWarmup } from '../execution/agent/agent-warmup.js';
import { SimExecutionContext } from '../execution/execution-context.js';
import { OrderPath } from '../execution/order-path.js';
import { parseParentOrder } from '../execution/parent-order.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { drawStartSec, isAgentStrategy, type PathSource, type StrategyName, type StrategyParams } from './backtest-config.js';
import { openPath, type OpenedPath } from './path-source.js';
import { acWorldModel, algorithmFor, estimatePathModel, needsModel, scheduleDeviationFromTwap, sessionOpenNs, smoothIntradayCurve, vwapBinNs, type PathModel } from './strategies.js';
import { scenarioVolumeCurve } from '../execution/what-if/scenario-path.js';

/** Mid samples over the order window (horizon / 1000, clamped to [10 ms, 1 s]). */
const GRID_POINTS = 1000;
/** Look-back before the start sampled for the volatility estimate (and the prefix hash). */
export const LOOKBACK_NS = 300e9;
/** Costs are measured this long after the order's end: the final sweep (≈ 1 ms of latency) is done by then. */
export const MEASURE_DELAY_NS = 100e6;
/** Post-trade reversion is measured this long after `measureNs` (where the path lasts that long). */
export const REVERSION_HORIZON_NS = 60e9;
/** A drawn start leaves this much of the day after the order: measurement delay, reversion window, 1 s margin. */
const DRAW_TAIL_SEC = Math.ceil(MEASURE_DELAY_NS / 1e9 + REVERSION_HORIZON_NS / 1e9) + 1;

/**
 * One unit of backtest work: ONE seeded path run with ONE strategy, or without our orders
 * (`strategy: null`). Plain data (it crosses to a worker thread). Invariants: `index` is the
 * job's position in the backtest (results are ordered by it); `order.quantity` > 0 (decimal size);
 * `order.horizonSec` > 0; `startSec` ≥ 0; `scenarioDurationSec` ≥ startSec + horizon + 0.1 s
 * for scenario sources. Two jobs with equal fields but `index` / `strategy` run the same path.
 */
export interface JobSpec {
  readonly index: number;
  readonly pathId: string;
  readonly source: PathSource;
  readonly seed: number;
  readonly startSec: number;
  /** Recorded days: the seed draws the start across the day (`drawStartSec`); `startSec` is then ignored. */
  readonly drawStart?: boolean;
  readonly scenarioDurationSec: number;
  readonly strategy: StrategyName | null;
  /** The `agent` strategy's model folder (loaded once per thread, `agentPolicyFor`). */
  readonly agentModel?: string;
  readonly order: { readonly side: 1 | -1; readonly quantity: number; readonly horizonSec: number };
  readonly params: StrategyParams;
  readonly impact: boolean;
  /** Return every OrderEvent (default: counts and a hash only). */
  readonly keepEvents?: boolean;
}

/**
 * What one job produced (plain data). Times are scheduler ns of the path; prices in DECIMALS of
 * the instrument; `startSec` is the start the path used (drawn or given). Invariants: `midTs` ascending from `startNs` to `measureNs` (inclusive) on a
 * fixed grid shared by every job of the same path, `mid` aligned with it (NaN = one-sided book);
 * `prefixHash` = SHA-256 of the path's look-back mids and its book and event count at `startNs`,
 * BEFORE any order of ours — equal for every job of the same seeded path; `pathHash` = SHA-256
 * of the path's own fingerprint at `measureNs` (`PathSim.finish`: the agent-based event log, or
 * a replayed day's OrderEvent log), the grid mids and the market event count; `marketVolume` / `marketVwap` over
 * [startNs, endNs] from the path's prints (ours included; null VWAP without prints); `filled`
 * ≤ quantity (size units). Everything but `elapsedMs` is a pure function of the JobSpec.
 */
export interface JobResult {
  readonly index: number;
  readonly pathId: string;
  readonly seed: number;
  readonly startSec: number;
  readonly strategy: StrategyName | null;
  readonly label: string;
  readonly instrument: InstrumentSpec;
  readonly startNs: number;
  readonly endNs: number;
  readonly measureNs: number;
  readonly midTs: number[];
  readonly mid: number[];
  readonly prefixHash: string;
  readonly pathHash: string;
  readonly marketVolume: number;
  readonly marketVwap: number | null;
  readonly fills: Array<{ ts: number; qty: number; price: number; fee: number; passive: boolean }>;
  readonly quantityUnits: number;
  readonly filledUnits: number;
  readonly childOrders: number;
  readonly orderEventCount: number;
  readonly orderEventsHash: string;
  readonly orderEvents: OrderEvent[] | null;
  readonly refusals: string[];
  readonly finished: boolean;
  readonly model: PathModel | null;
  /**
   * VWAP only: `scheduleDeviationFromTwap` of the targets it decided (0 = TWAP's schedule exactly);
   * null for other strategies.
   */
  readonly scheduleVsTwap: number | null;
  readonly marketEvents: number;
  readonly elapsedMs: number;
  /** The agent strategy: every decision explained (observation, action, probabilities / Q-values); absent otherwise. */
  readonly explanations?: AgentExplanations;
  /** The agent strategy: wall time spent in the policy's forward passes (ms) and their count, for the benchmark. */
  readonly policyMs?: number;
  readonly decisions?: number;
}

/**
 * Runs one `JobSpec` in slices of wall time (`step`), so a host can report progress and cancel
 * between them; the simulation itself never reads a clock. Sequence: open the path; sample the
 * mid every grid step over the look-back [max(path start, start − 300 s), start); at `startNs`
 * record the prefix hash, estimate the path model (only strategies that need it use it) and
 * start the executor (a fresh `OrderPath` + `SimExecutionContext` on the path's venue; the
 * default risk gate with size / notional / position limits raised to the parent); sample the mid
 * on the grid up to `measureNs` = end + 100 ms; finish. Invariant: a JobRun is used once.
 */
export class JobRun {
  private opened: OpenedPath | null = null;
  private times: number[] = [];
  private iStart = 0;
  private k = 0;
  private done = false;
  private readonly lookT: number[] = [];
  private readonly lookMid: number[] = [];
  private readonly midTs: number[] = [];
  private readonly mid: number[] = [];
  private readonly prefix: Hash = createHash('sha256');
  private readonly gridHash: Hash = createHash('sha256');
  private prefixHash = '';
  private readonly events: OrderEvent[] = [];
  private readonly eventsHash: Hash = createHash('sha256');
  private executor: ParentExecutor | null = null;
  private model: PathModel | null = null;
  private volume = 0;
  private notional = 0;
  private pathHash = '';
  private marketEvents = 0;
  private startNs = 0;
  private endNs = 0;
  private measureNs = 0;
  private quantityUnits = 0;
  private startSec = 0;
  private wallMs = 0;
  private warmup: AgentWarmup | null = null;
  private warmIdx = 0;

  constructor(readonly job: JobSpec) {}

  /** Fraction of the job done, in [0, 1]. */
  progress(): number {
    if (this.done) return 1;
    return this.times.length === 0 ? 0 : this.k / this.times.length;
  }

  /** Advances up to `budgetMs` of wall time (at least one sample); true when the job is done. */
  /**
   * Read-only view of what the run holds beyond its `JobResult`, for drill-downs: the opened path
   * (session clock), the executor (child orders as the OMS sees them) and the look-back mids.
   */
  get internals(): JobRunInternals {
    return { opened: this.opened, executor: this.executor, lookT: this.lookT, lookMid: this.lookMid };
  }

  step(budgetMs: number): boolean {
    const t0 = performance.now();
    if (!this.opened) this.open();
    const sim = this.opened!.sim;
    while (!this.done) {
      const t = this.times[this.k]!;
      const w = this.warmup;
      while (w !== null && this.warmIdx < w.times.length && w.times[this.warmIdx]! <= t) {
        sim.advanceTo(Math.max(sim.scheduler.now, w.times[this.warmIdx++]!));
        w.sample();
      }
      sim.advanceTo(t);
      const m = sim.mid ? sim.mid() : sim.venue.book.mid();
      if (this.k < this.iStart) {
        this.lookT.push(t);
        this.lookMid.push(m);
        this.prefix.update(`${t},${m}\n`);
      } else {
        if (this.k === this.iStart) this.atStart();
        this.midTs.push(t);
        this.mid.push(Number.isFinite(m) ? m / 10 ** sim.instrument.priceDecimals : NaN);
        this.gridHash.update(`${t},${m}\n`);
      }
      this.k++;
      if (this.k === this.times.length) this.finish();
      if (performance.now() - t0 >= budgetMs) break;
    }
    this.wallMs += performance.now() - t0;
    return this.done;
  }

  /** The result; call after `step` returned true. */
  result(): JobResult {
    if (!this.done) throw new Error(`job ${this.job.index} is not done`);
    const sim = this.opened!.sim;
    const inst = sim.instrument;
    const pd = 10 ** inst.priceDecimals;
    const sd = 10 ** inst.sizeDecimals;
    const fills = [];
    let filledUnits = 0;
    for (const e of this.events) {
      if (e.type !== 'OrderFilled') continue;
      filledUnits += e.size;
      fills.push({ ts: e.tsNs, qty: e.size / sd, price: e.priceUnits / pd, fee: e.fee / (pd * sd), passive: !e.aggressor });
    }
    const ex = this.executor;
    return {
      index: this.job.index, pathId: this.job.pathId, seed: this.job.seed, startSec: this.startSec, strategy: this.job.strategy, label: sim.label, instrument: { ...inst },
      startNs: this.startNs, endNs: this.endNs, measureNs: this.measureNs, midTs: this.midTs, mid: this.mid,
      prefixHash: this.prefixHash, pathHash: this.pathHash,
      marketVolume: this.volume / sd, marketVwap: this.volume > 0 ? this.notional / this.volume / pd : null,
      fills, quantityUnits: this.quantityUnits, filledUnits,
      childOrders: ex ? ex.parent.children().length : 0,
      orderEventCount: this.events.length, orderEventsHash: this.eventsHash.digest('hex'),
      orderEvents: this.job.keepEvents ? this.events : null,
      refusals: ex ? [...ex.parent.refusals] : [],
      finished: ex ? ex.finished : true,
      model: this.model, scheduleVsTwap: ex instanceof VwapExecutor ? scheduleDeviationFromTwap(ex.plans.map((p) => p.cumulativeTarget), this.quantityUnits) : null,
      marketEvents: this.marketEvents, elapsedMs: this.wallMs,
      ...(ex instanceof AgentExecutor ? { explanations: ex.explanations, policyMs: ex.policyMs, decisions: ex.explanations.decisions.length } : {}),
    };
  }

  private open(): void {
    const j = this.job;
    const opened = openPath(j.source, j.seed, j.scenarioDurationSec, j.strategy !== null, j.impact);
    this.opened = opened;
    const sim = opened.sim;
    const where = j.source.kind === 'scenario' ? `scenario ${j.source.name}` : j.source.kind === 'ac' ? 'the ac world' : j.source.files[0]!;
    this.startSec = j.drawStart && j.source.kind === 'data'
      ? drawStartSec(j.seed, (sim.endNs - sim.startNs) / 1e9, j.order.horizonSec, LOOKBACK_NS / 1e9, DRAW_TAIL_SEC, where)
      : j.startSec;
    this.startNs = sim.startNs + Math.round(this.startSec * 1e9);
    this.endNs = this.startNs + Math.round(j.order.horizonSec * 1e9);
    this.measureNs = this.endNs + MEASURE_DELAY_NS;
    if (this.measureNs > sim.endNs) {
      throw new RangeError(`${where}: start ${j.startSec} s + horizon ${j.order.horizonSec} s ends after the path (${((sim.endNs - sim.startNs) / 1e9).toFixed(1)} s long)`);
    }
    const units = Math.round(j.order.quantity * 10 ** sim.instrument.sizeDecimals);
    if (!(units >= 1) || Math.abs(units - j.order.quantity * 10 ** sim.instrument.sizeDecimals) > 1e-6) {
      throw new RangeError(`quantity ${j.order.quantity} is not a whole number of ${sim.instrument.symbol} size units (${sim.instrument.sizeDecimals} decimals)`);
    }
    this.quantityUnits = units;
    const step = Math.min(1e9, Math.max(1e7, Math.round((this.measureNs - this.startNs) / GRID_POINTS)));
    const times: number[] = [];
    const lookFrom = Math.max(sim.startNs, this.startNs - LOOKBACK_NS);
    for (let t = this.startNs - step; t >= lookFrom; t -= step) times.push(t);
    times.reverse();
    this.iStart = times.length;
    for (let t = this.startNs; t < this.measureNs; t += step) times.push(t);
    times.push(this.measureNs);
    // After the order: one sample a second for the post-trade reversion, as far as the path goes.
    for (let t = this.measureNs + 1e9; t <= this.measureNs + REVERSION_HORIZON_NS && t <= sim.endNs; t += 1e9) times.push(t);
    this.times = times;
    if (isAgentStrategy(j.strategy)) {
      // The agent's observation at decision 0 needs the mids and trades just before the start,
      // as the execution environment samples them: gathered from now on (times ≤ start only).
      const policy = agentPolicyFor(this.agentDir());
      const delta = Math.round((this.endNs - this.startNs) / policy.model.env.decisions);
      this.warmup = new AgentWarmup(opened.book, opened.feed, this.startNs, delta, policy.model.env.volWindow ?? 5, sim.startNs);
    }
    opened.feed.onTrade((ts, price, size) => {
      if (ts < this.startNs || ts > this.endNs) return;
      this.volume += size;
      this.notional += price * size;
    });
  }

  private atStart(): void {
    const { sim, feed, ownFillsNotOnTape, book: seen } = this.opened!;
    const book = sim.venue.book;
    this.prefix.update(`start,${this.startNs},${book.bestBid()},${book.bestAsk()},${sim.events()}\n`);
    this.prefixHash = this.prefix.digest('hex');
    const name = this.job.strategy;
    if (name === null) return;
    const inst = sim.instrument;
    const tick = inst.tickSizeUnits > 0 ? inst.tickSizeUnits : 1;
    const spread = seen.bestAsk() - seen.bestBid();
    const j = this.job;
    if (isAgentStrategy(name) || !needsModel(name)) this.model = null;
    else if (j.source.kind === 'ac') this.model = acWorldModel(j.source.params, j.order.horizonSec, j.params.urgency);
    else {
      const liquidity = { touchDepth: meanLevelSize(seen, j.order.side === 1 ? -1 : 1), slices: j.params.slices, kernel: sim.impactKernel };
      this.model = estimatePathModel({ t: this.lookT, mid: this.lookMid }, spread, tick, this.quantityUnits, j.order.horizonSec, j.params.urgency, liquidity);
    }
    // The default risk gate (price collar, rate, open orders), with the size limit raised to the
    // parent and no notional / position limit: a backtest compares algorithms, not risk settings.
    const { maxNotional: _n, maxPosition: _p, ...gate } = DEFAULT_RISK_LIMITS;
    const limits = { ...gate, maxOrderQty: Math.max(DEFAULT_RISK_LIMITS.maxOrderQty!, this.quantityUnits / 10 ** inst.sizeDecimals) };
    const path = new OrderPath(sim.venue, sim.scheduler, inst, limits, 'B');
    path.onEvent((ev) => {
      this.events.push(ev);
      this.eventsHash.update(JSON.stringify(ev) + '\n');
      if (ownFillsNotOnTape && ev.type === 'OrderFilled') feed.emit(ev.tsNs, ev.priceUnits, ev.size, ev.aggressor ? ev.side : ev.side === 1 ? -1 : 1);
    });
    const ctx = new SimExecutionContext(inst, seen, path, sim.scheduler);
    const spec = parseParentOrder({
      id: `backtest ${name}`, symbol: inst.symbol, side: this.job.order.side, quantity: this.quantityUnits,
      startNs: this.startNs, endNs: this.endNs, riskAversion: this.model?.riskAversion ?? 0,
    });
    if (isAgentStrategy(name)) {
      this.executor = new AgentExecutor(ctx, spec, { policy: agentPolicyFor(this.agentDir()), tape: feed, ...(this.warmup ? { warmup: this.warmup } : {}) });
      this.executor.start();
      return;
    }
    let algo = algorithmFor(name, this.job.params, this.model, sessionOpenNs(sim.baseEpochNs), name === 'vwap' ? this.pathCurve(sim.baseEpochNs) : undefined);
    const off = this.job.params.limitOffsetBps;
    if (name === 'submit-and-leave' && off !== undefined) {
      // The one limit order: `off` bps from the mid at the start, on the tick grid, rounded away from crossing.
      const raw = ((seen.bestBid() + seen.bestAsk()) / 2) * (1 + (this.job.order.side * off) / 1e4);
      const px = this.job.order.side === 1 ? Math.floor(raw / tick) * tick : Math.ceil(raw / tick) * tick;
      if (!(px > 0 && Number.isSafeInteger(px))) throw new RangeError(`submit-and-leave: no two-sided market at the start to place its limit ${off} bps from the mid`);
      algo = { name, priceUnits: px };
    }
    this.executor = createExecutor(ctx, spec, algo, { tape: feed });
    this.executor.start();
  }

  private agentDir(): string {
    const d = this.job.agentModel;
    if (d === undefined) throw new RangeError('agent: the job names no model folder (agentModel)');
    return d;
  }

  /**
   * VWAP's curve from the path itself, at the horizon's resolution (`vwapBinNs`): a scenario's own
   * arrival-rate profile (null = flat), a recorded day's stylized U-shaped density (no look-ahead:
   * nothing of the day's own volume is used).
   */
  private pathCurve(baseEpochNs: bigint): VolumeCurve | null {
    const j = this.job;
    if (j.source.kind === 'scenario') return scenarioVolumeCurve(j.source.name, j.scenarioDurationSec);
    if (j.source.kind === 'ac') return null; // constant background volume
    return smoothIntradayCurve(sessionOpenNs(baseEpochNs), this.startNs, this.endNs, vwapBinNs(j.order.horizonSec, j.params.slices));
  }

  private finish(): void {
    const sim = this.opened!.sim;
    this.marketEvents = sim.events();
    const own = sim.finish();
    this.pathHash = createHash('sha256').update(`${own}\n${this.gridHash.digest('hex')}\n${this.marketEvents}\n`).digest('hex');
    this.done = true;
  }
}

/** Mean size per visible level (up to 10) on `side` of a book; NaN when the side is empty. */
function meanLevelSize(book: BookView, side: 1 | -1): number {
  const buf = { bidPrice: new Float64Array(10), bidSize: new Float64Array(10), askPrice: new Float64Array(10), askSize: new Float64Array(10) };
  const [nb, na] = book.depth(10, buf);
  const n = side === 1 ? nb : na;
  const sizes = side === 1 ? buf.bidSize : buf.askSize;
  let s = 0;
  for (let i = 0; i < n; i++) s += sizes[i]!;
  return n > 0 ? s / n : NaN;
}

/** Runs a job to the end in one call (tests, workers without cancellation). */
export function runJobSync(job: JobSpec): JobResult {
  const r = new JobRun(job);
  while (!r.step(Infinity));
  return r.result();
}

/** See `JobRun.internals`. */
export interface JobRunInternals {
  readonly opened: OpenedPath | null;
  readonly executor: ParentExecutor | null;
  readonly lookT: readonly number[];
  readonly lookMid: readonly number[];
}
