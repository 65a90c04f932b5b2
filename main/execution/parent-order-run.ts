import type { ChildOrderRecord, FillRecord, OrderTicketParsed } from '../contract/orders.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { Side } from '../domain/side.js';
import type { KillSwitch } from '../risk/kill-switch.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits.js';
import { createExecutor, type AlgorithmConfig } from './algorithms/index.js';
import { AgentExecutor } from './agent/agent-executor.js';
import { agentPolicyFor } from './agent/agent-policies.js';
import { defaultAgentModelDir } from './agent/default-agent.js';
import { SimExecutionContext, type ExecutionContext } from './execution-context.js';
import { OrderPath, type OrderIntent } from './order-path.js';
import { acPreview, periodsFor, type PathModel } from './parent-order-service.js';
import type { ParentOrderSpec } from './parent-order.js';
import type { PostureModel } from './posture.js';
import type { PathSim } from './what-if/path-sim.js';

/** Scheduler ns left after the order's window (or a cancel) for acknowledgements to arrive. */
const DRAIN_NS = 1e9;

/** A snapshot of a parent being worked, for the store. */
export interface ParentProgress {
  readonly filled: number;
  readonly avgPriceUnits: number | null;
  readonly arrivalPriceUnits: number | null;
  readonly isBps: number | null;
  readonly children: ChildOrderRecord[];
  readonly fills: FillRecord[];
}

/** What an amendment may change on a working parent (the rest of the ticket stays). */
export interface ParentAmendment {
  readonly quantity?: number;
  /** A new limit price (price units), or null to remove the limit. */
  readonly limitPriceUnits?: number | null;
  readonly horizonSec?: number;
  readonly maxParticipation?: number;
}

function midOf(sim: PathSim): number {
  return sim.mid ? sim.mid() : sim.venue.book.mid();
}

/**
 * The execution context one executor GENERATION sees. Retiring it (cancel or amend) silences the
 * executor for good: its timers and order events no longer reach it, so it never places another
 * child; the children it left working are cancelled through the order path by the run.
 */
export class GenerationContext implements ExecutionContext {
  private live = true;
  constructor(private readonly inner: SimExecutionContext) {}
  get instrument() {
    return this.inner.instrument;
  }
  get book() {
    return this.inner.book;
  }
  retire(): void {
    this.live = false;
  }
  now(): number {
    return this.inner.now();
  }
  place(order: OrderIntent): string {
    if (!this.live) throw new Error('a retired executor generation tried to place an order');
    return this.inner.place(order);
  }
  cancel(clientOrderId: string): void {
    this.inner.cancel(clientOrderId);
  }
  replace(clientOrderId: string, priceUnits: number, size: number): void {
    if (this.live) this.inner.replace(clientOrderId, priceUnits, size);
  }
  setTimer(delayNs: number, fn: () => void): void {
    this.inner.setTimer(delayNs, () => {
      if (this.live) fn();
    });
  }
  orders() {
    return this.inner.orders();
  }
  position(): number {
    return this.inner.position();
  }
  onOrderEvent(listener: (ev: OrderEvent, order: Parameters<Parameters<ExecutionContext['onOrderEvent']>[0]>[1]) => void): void {
    this.inner.onOrderEvent((ev, o) => {
      if (this.live) listener(ev, o);
    });
  }
  queuePosition(clientOrderId: string): number | undefined {
    return this.inner.queuePosition(clientOrderId);
  }
  posture() {
    return this.inner.posture();
  }
}

/**
 * Works one parent order from a ticket on a path (like the what-if's "with our orders" run):
 * the executor for `ticket.algorithm` through an OrderPath (the pre-trade gate with
 * DEFAULT_RISK_LIMITS) to the path's venue, from start to start + horizon, then a short drain
 * for acknowledgements. `step(budgetMs)` advances by wall-time slices so a host can report
 * progress and cancel.
 *
 * Cancel and amend act like an OMS on an algo parent: `cancel()` retires the executor and
 * cancels every working child (the run then drains for their acknowledgements); `amend()`
 * retires it, cancels the working children and, once none is working any more, starts a new
 * executor of the same algorithm for the amended quantity LESS what has filled, until the
 * amended end (start + amended horizon). Invariants: one live executor at a time; the filled
 * quantity never exceeds the ticket's quantity; `ticket` is always the current (amended) ticket.
 */
export class ParentOrderRun {
  private readonly sim: PathSim;
  private readonly path: OrderPath;
  private readonly ctx: SimExecutionContext;
  private readonly fillsOut: FillRecord[] = [];
  private readonly startNs: number;
  private endNs: number;
  private stopNs: number;
  private readonly side: Side;
  private arrival: number | null = null;
  private t: number;
  private finished = false;
  private generation: GenerationContext | null = null;
  /** An amendment waiting for the working children to be cancelled before its executor starts. */
  private replan = false;
  private cancelledFlag = false;
  /** Paused by the supervisor: no executor, no working child, until `resume()`. */
  private pausedFlag = false;
  /** The learned agent's executor of the current generation (its explanations), null for the baselines. */
  private agent: AgentExecutor | null = null;
  private current: OrderTicketParsed;

  constructor(
    ticket: OrderTicketParsed,
    sim: PathSim,
    private readonly model: PathModel,
    private readonly parentId: string,
    risk: { readonly killSwitch?: KillSwitch; readonly limits?: RiskLimits; readonly posture?: PostureModel } = {},
  ) {
    this.current = ticket;
    this.sim = sim;
    this.side = ticket.side === 'buy' ? 1 : -1;
    this.startNs = sim.startNs + ticket.startSec * 1e9;
    this.endNs = Math.min(sim.endNs, this.startNs + ticket.horizonSec * 1e9);
    this.stopNs = Math.min(sim.endNs, this.endNs + DRAIN_NS);
    this.t = sim.startNs;
    const venue = sim.venue as typeof sim.venue & { marketView?: (levels?: number) => { book: PathSim['venue']['book'] } };
    const book = venue.marketView ? venue.marketView(10).book : sim.venue.book;
    // The engine's kill switches reach this order's children: global, or this parent as the agent.
    this.path = new OrderPath(sim.venue, sim.scheduler, sim.instrument, risk.limits ?? DEFAULT_RISK_LIMITS, 'P', { killSwitch: risk.killSwitch, agentId: parentId });
    this.ctx = new SimExecutionContext(sim.instrument, book, this.path, sim.scheduler);
    // The live risk models watch the path's market from its start and tighten the executor's posture.
    if (risk.posture) this.ctx.postureSource = risk.posture.attach({ scheduler: sim.scheduler, book, trades: sim.trades, sizeDecimals: sim.instrument.sizeDecimals, startNs: sim.startNs });
    this.path.onEvent((ev: OrderEvent) => {
      if (ev.type === 'OrderFilled') this.fillsOut.push({ tsNs: ev.tsNs, clientOrderId: ev.clientOrderId, side: ev.side, priceUnits: ev.priceUnits, size: ev.size, aggressor: ev.aggressor });
    });
    this.startGeneration(ticket.quantity, this.startNs);
  }

  get label(): string {
    return this.sim.label;
  }
  get instrument(): PathSim['instrument'] {
    return this.sim.instrument;
  }
  get baseEpochNs(): string {
    return this.sim.baseEpochNs.toString();
  }
  get clock(): PathSim['clock'] {
    return this.sim.clock;
  }
  /** The order's start on the path's clock (scheduler ns). */
  get orderStartNs(): number {
    return this.startNs;
  }
  /** The ticket as it stands now (amendments applied). */
  get ticket(): OrderTicketParsed {
    return this.current;
  }
  /** True once `cancel()` was called. */
  get cancelled(): boolean {
    return this.cancelledFlag;
  }
  /** Scheduler ns the run has reached. */
  get nowNs(): number {
    return this.t;
  }
  /** Seconds from the path's start the run has reached (where an amended horizon must still end after). */
  get elapsedSec(): number {
    return (this.t - this.sim.startNs) / 1e9;
  }
  /** The mid now (price units), null without a two-sided market. */
  get midNow(): number | null {
    const m = midOf(this.sim);
    return Number.isFinite(m) ? m : null;
  }
  /** Filled quantity so far (size units). */
  get filled(): number {
    return this.path.oms.all().reduce((n, c) => n + c.filled, 0);
  }
  /** Whether the order can still be cancelled or amended (its window is not over and it was not cancelled). */
  get working(): boolean {
    return !this.cancelledFlag && !this.finished && this.t < this.endNs;
  }

  /** Stops working: no new child orders, every working child cancelled; the run then drains for the acknowledgements. False when it was not working. */
  cancel(): boolean {
    if (!this.working) return false;
    this.cancelledFlag = true;
    this.replan = false;
    this.generation?.retire();
    this.path.cancelAllOpen();
    this.stopNs = Math.min(this.sim.endNs, Math.max(this.t, this.sim.scheduler.now) + DRAIN_NS);
    return true;
  }

  /** True while paused by `pause()`. */
  get paused(): boolean {
    return this.pausedFlag;
  }

  /** The learned agent's decisions so far (current generation), null when a baseline works the order. */
  get explanations(): AgentExecutor['explanations'] | null {
    return this.agent?.explanations ?? null;
  }

  /** Supervisor's pause: retires the executor and cancels the working children; the window runs on. False when not working or already paused. */
  pause(): boolean {
    if (!this.working || this.pausedFlag) return false;
    this.pausedFlag = true;
    this.replan = false;
    this.generation?.retire();
    this.generation = null;
    this.path.cancelAllOpen();
    return true;
  }

  /** Resumes a paused order: once no child is working, a new executor of the ticket's algorithm works what is left over what is left of the window. */
  resume(): boolean {
    if (!this.working || !this.pausedFlag) return false;
    this.pausedFlag = false;
    this.replan = true;
    return true;
  }

  /**
   * Applies an amendment already validated by the caller (same checks as a new ticket, plus
   * `amendIssues`): the working children are cancelled now and the rest of the order is
   * re-planned from the moment they are all done.
   */
  amend(next: OrderTicketParsed): void {
    if (!this.working) throw new RangeError('the parent order is no longer working');
    this.current = next;
    this.endNs = Math.min(this.sim.endNs, this.startNs + next.horizonSec * 1e9);
    this.stopNs = Math.min(this.sim.endNs, this.endNs + DRAIN_NS);
    this.generation?.retire();
    this.generation = null;
    this.path.cancelAllOpen();
    // A paused order keeps its amendment and re-plans only when resumed.
    this.replan = !this.pausedFlag;
  }

  progress(): number {
    return Math.min(1, Math.max(0, (this.t - this.sim.startNs) / Math.max(1, this.stopNs - this.sim.startNs)));
  }

  /** Advances up to `budgetMs` of wall time; true when the order's window (and drain) is over. */
  step(budgetMs: number): boolean {
    const t0 = performance.now();
    return this.advance(() => performance.now() - t0 < budgetMs);
  }

  /** Advances to scheduler time `tNs` (or the end), whatever the wall time: the same calls give the same run, bit for bit. */
  stepTo(tNs: number): boolean {
    return this.advance(() => this.t < tNs);
  }

  private advance(more: () => boolean): boolean {
    const dt = Math.max(1e6, (this.stopNs - this.sim.startNs) / 2000);
    while (this.t < this.stopNs && more()) {
      this.t = Math.min(this.stopNs, this.t + dt);
      this.sim.advanceTo(this.t);
      if (this.t >= this.startNs && this.arrival === null) {
        const m = midOf(this.sim);
        if (Number.isFinite(m)) this.arrival = m;
      }
      if (this.replan && this.path.oms.working().length === 0) this.restartAfterAmend();
    }
    if (this.t >= this.stopNs && !this.finished) {
      this.finished = true;
      this.sim.finish();
    }
    return this.t >= this.stopNs;
  }

  snapshot(): ParentProgress {
    const orders = this.path.oms.all();
    const filled = orders.reduce((n, c) => n + c.filled, 0);
    const notional = orders.reduce((n, c) => n + (c.filled > 0 ? c.avgPriceUnits * c.filled : 0), 0);
    const avg = filled > 0 ? notional / filled : null;
    const arr = this.arrival;
    return {
      filled,
      avgPriceUnits: avg,
      arrivalPriceUnits: arr,
      isBps: arr && avg !== null ? ((this.side * (avg - arr)) / arr) * 10_000 : null,
      children: orders.map((c) => ({
        clientOrderId: c.order.clientOrderId, side: c.order.side, type: `${c.order.type} ${c.order.tif}`, size: c.order.size, filled: c.filled,
        priceUnits: c.priceUnits ?? null, avgPriceUnits: Number.isFinite(c.avgPriceUnits) ? c.avgPriceUnits : null, status: c.status,
        createdNs: c.createdNs, reason: c.reason ?? null,
      })),
      fills: [...this.fillsOut],
    };
  }

  private restartAfterAmend(): void {
    this.replan = false;
    const left = this.current.quantity - this.filled;
    const now = Math.ceil(this.sim.scheduler.now);
    // Nothing left to do, or no time left: the order ends with what it has.
    if (left <= 0 || now >= this.endNs) return;
    this.startGeneration(left, now);
  }

  private startGeneration(quantity: number, fromNs: number): void {
    const t = this.current;
    this.agent = null;
    // The first generation plans over the ticket's horizon; an amended one over what is left of it.
    const horizonSec = fromNs === this.startNs ? t.horizonSec : (this.endNs - fromNs) / 1e9;
    const pre = acPreview(this.model, Math.max(1, quantity), horizonSec, t.urgency);
    const spec: ParentOrderSpec = {
      id: this.parentId, symbol: this.sim.instrument.symbol, side: this.side, quantity, startNs: Math.round(fromNs), endNs: Math.round(this.endNs),
      ...(t.limitPriceUnits !== undefined ? { limitPriceUnits: t.limitPriceUnits } : {}),
      riskAversion: pre.lambda, maxParticipation: t.maxParticipation,
    };
    const acModel = { sigmaUnitsPerSqrtSec: this.model.sigmaUnitsPerSqrtSec, etaUnitsPerRate: Math.max(pre.etaUnitsPerRate, 1e-12) };
    const gen = new GenerationContext(this.ctx);
    if (t.algorithm === 'agent') {
      // The ticket's model (the shipped agent when it names none); an amended generation re-plans what is left over what is left of the horizon.
      const policy = agentPolicyFor(t.agentModel ?? defaultAgentModelDir());
      this.agent = new AgentExecutor(gen, spec, { policy, ...(this.sim.trades ? { tape: this.sim.trades } : {}) });
      this.agent.start();
      this.generation = gen;
      return;
    }
    const slices = periodsFor(horizonSec);
    const algo: AlgorithmConfig =
      t.algorithm === 'pov' ? { name: 'pov', rate: t.povRate ?? 0.1 }
      : t.algorithm === 'almgren-chriss' ? { name: 'almgren-chriss', slices, model: acModel }
      : t.algorithm === 'adaptive-shortfall' ? { name: 'adaptive-shortfall', slices, model: acModel }
      : t.algorithm === 'twap' || t.algorithm === 'vwap' ? { name: t.algorithm, slices }
      : { name: t.algorithm };
    createExecutor(gen, spec, algo, this.sim.trades ? { tape: this.sim.trades } : {}).start();
    this.generation = gen;
  }
}
