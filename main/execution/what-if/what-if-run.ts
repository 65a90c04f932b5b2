import type { WhatIfArgs, WhatIfResult } from '../../contract/whatif.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { Side } from '../../domain/side.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { createExecutor } from '../algorithms/index.js';
import { SimpleParentExecutor } from '../algorithms/simple-parent.js';
import { AgentExecutor } from '../agent/agent-executor.js';
import { agentPolicyFor } from '../agent/agent-policies.js';
import { AgentWarmup } from '../agent/agent-warmup.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { SimExecutionContext } from '../execution-context.js';
import { OrderPath } from '../order-path.js';
import type { BookView } from '../../market/book/book-types.js';
import type { PathSim } from './path-sim.js';

type Args = WhatIfArgs & { order: { slices: number; impact: boolean } };
const GRID_POINTS = 2_000;
const MAX_SNAPSHOTS = 400;
const LEVELS = 10;

/** Builds the same path again from the same seed (called twice: without and with our order). */
export type PathFactory = (withOrders: boolean) => PathSim;

/**
 * A what-if: the same seeded path run WITHOUT our parent order, then WITH it, sampled on one
 * time grid, so every difference between the two mid paths is caused by our trading. Runs in
 * slices (`step`) so a host can report progress and cancel between them.
 *
 * Reported: the two mid paths; our fills and child orders; book snapshots with our resting
 * orders and their queue position (order window only); implementation shortfall of the filled
 * part against the arrival mid (bps, positive = cost); impact = side × (mid with − mid without)
 * at the order's end, in bps of the arrival mid (positive = prices moved against us).
 */
export class WhatIfRun {
  private readonly grid: number[] = [];
  private readonly midWithout: Array<number | null> = [];
  private readonly midWith: Array<number | null> = [];
  private readonly snapshots: WhatIfResult['snapshots'] = [];
  private readonly fills: WhatIfResult['fills'] = [];
  private phase: 0 | 1 | 2 = 0;
  private k = 0;
  private sim: PathSim | null = null;
  private path: OrderPath | null = null;
  private hash = '';
  private events = 0;
  private snapshotEvery = 1;
  private readonly side: Side;
  private readonly t0 = performance.now();
  private agent: AgentExecutor | null = null;
  private warmup: AgentWarmup | null = null;
  private warmIdx = 0;

  constructor(
    private readonly args: Args,
    private readonly factory: PathFactory,
    private readonly runId: string,
  ) {
    this.side = args.order.side === 'buy' ? 1 : -1;
  }

  /** Fraction of the work done, in [0, 1]. */
  progress(): number {
    const n = Math.max(1, this.grid.length);
    return this.phase === 2 ? 1 : (this.phase + this.k / n) / 2;
  }

  /** Advances up to `budgetMs` of wall time; true when both runs are done. */
  step(budgetMs: number): boolean {
    const start = performance.now();
    while (this.phase < 2 && performance.now() - start < budgetMs) {
      if (!this.sim) this.open();
      const sim = this.sim!;
      if (this.k < this.grid.length) {
        const t = this.grid[this.k]!;
        // The agent's samples before its start (as the execution env takes them); no timer on the path.
        for (const w = this.warmup; w !== null && this.warmIdx < w.times.length && w.times[this.warmIdx]! <= t;) {
          sim.advanceTo(Math.max(sim.scheduler.now, w.times[this.warmIdx++]!));
          w.sample();
        }
        sim.advanceTo(t);
        const mid = sim.mid ? sim.mid() : sim.venue.book.mid();
        (this.phase === 0 ? this.midWithout : this.midWith)[this.k] = Number.isFinite(mid) ? mid : null;
        if (this.phase === 1 && this.inOrderWindow(t) && this.k % this.snapshotEvery === 0) this.snapshot(t);
        this.k++;
        continue;
      }
      sim.advanceTo(sim.endNs);
      const hash = sim.finish();
      if (this.phase === 1) {
        this.hash = hash;
        this.events = sim.events();
      }
      this.phase = (this.phase + 1) as 1 | 2;
      this.k = 0;
      this.sim = null;
    }
    return this.phase === 2;
  }

  result(): WhatIfResult {
    const sim = this.lastSim!;
    const orders = this.path!.oms.all();
    const filled = orders.reduce((n, c) => n + c.filled, 0);
    const notional = orders.reduce((n, c) => n + (c.filled > 0 ? c.avgPriceUnits * c.filled : 0), 0);
    const startIdx = this.grid.findIndex((t) => t >= this.orderStartNs);
    const endIdx = Math.max(0, this.grid.findIndex((t) => t >= this.orderEndNs));
    // Arrival = the first two-sided mid at or after the order's start (a fresh book may be empty at t0).
    let arrival: number | null = null;
    for (let i = Math.max(0, startIdx); startIdx >= 0 && i < this.grid.length && arrival === null; i++) arrival = this.midWithout[i] ?? null;
    const avg = filled > 0 ? notional / filled : null;
    const mw = this.midWith[endIdx] ?? null;
    const mo = this.midWithout[endIdx] ?? null;
    return {
      runId: this.runId,
      seed: this.args.seed,
      source: sim.label,
      instrument: { ...sim.instrument },
      baseEpochNs: sim.baseEpochNs.toString(),
      clock: sim.clock,
      depthLevels: sim.depthLevels ?? 0,
      path: this.grid.map((t, i) => [t, this.midWith[i] ?? null, this.midWithout[i] ?? null]),
      fills: this.fills,
      orders: orders.map((c) => ({
        clientOrderId: c.order.clientOrderId, side: c.order.side, type: `${c.order.type} ${c.order.tif}`, size: c.order.size, filled: c.filled,
        priceUnits: c.priceUnits ?? null, avgPriceUnits: Number.isFinite(c.avgPriceUnits) ? c.avgPriceUnits : null, status: c.status,
        createdNs: c.createdNs, reason: c.reason ?? null,
      })),
      snapshots: this.snapshots,
      summary: {
        filled,
        arrivalPriceUnits: arrival,
        avgPriceUnits: avg,
        shortfallBps: arrival && avg !== null ? (this.side * (avg - arrival) / arrival) * 10_000 : null,
        impactBps: arrival && mw !== null && mo !== null ? (this.side * (mw - mo) / arrival) * 10_000 : null,
        events: this.events,
        eventLogHash: this.hash,
        elapsedMs: performance.now() - this.t0,
      },
      ...(this.agent ? { explanations: { ...this.agent.explanations, featureNames: [...this.agent.explanations.featureNames], actionLabels: [...this.agent.explanations.actionLabels], decisions: [...this.agent.explanations.decisions] } } : {}),
    };
  }

  private lastSim: PathSim | null = null;
  private orderStartNs = 0;
  private orderEndNs = 0;

  private open(): void {
    const withOrders = this.phase === 1;
    const sim = this.factory(withOrders);
    this.sim = sim;
    this.lastSim = sim;
    const o = this.args.order;
    this.orderStartNs = sim.startNs + o.startSec * 1e9;
    this.orderEndNs = Math.min(sim.endNs, this.orderStartNs + o.horizonSec * 1e9);
    if (this.grid.length === 0) {
      const step = Math.max(1e6, Math.ceil((sim.endNs - sim.startNs) / GRID_POINTS));
      for (let t = sim.startNs; t < sim.endNs; t += step) this.grid.push(t);
      this.grid.push(sim.endNs);
      const inWindow = this.grid.filter((t) => this.inOrderWindow(t)).length;
      this.snapshotEvery = Math.max(1, Math.ceil(inWindow / MAX_SNAPSHOTS));
    }
    // The strategy reads the venue's lagged market view where it has one (a replayed day: prices
    // include our impact shift). It is opened in both runs so both draw the same random numbers.
    const venue = sim.venue as typeof sim.venue & { marketView?: (levels?: number) => { book: BookView; takeTrades(): Array<{ size: number; aggressor: number }> } };
    const view = venue.marketView ? venue.marketView(10) : null;
    const book = view ? view.book : sim.venue.book;
    if (!withOrders) return;
    const path = new OrderPath(sim.venue, sim.scheduler, sim.instrument, DEFAULT_RISK_LIMITS, 'W');
    this.path = path;
    const ctx = new SimExecutionContext(sim.instrument, book, path, sim.scheduler);
    path.onEvent((ev: OrderEvent) => {
      if (ev.type === 'OrderFilled') {
        this.fills.push({ tsNs: ev.tsNs, clientOrderId: ev.clientOrderId, side: ev.side, priceUnits: ev.priceUnits, size: ev.size, aggressor: ev.aggressor });
      }
    });
    if (o.algorithm === 'agent') {
      // The learned agent: the env's observation from this book and the market's trades (the
      // scenario's tape, or a replayed day's lagged view, as the execution env reads them).
      if (o.agentModel === undefined) throw new RangeError('order.agentModel: the agent needs a model folder');
      const policy = agentPolicyFor(o.agentModel);
      const spec: ParentOrderSpec = {
        id: 'what-if agent', symbol: sim.instrument.symbol, side: this.side, quantity: o.quantity,
        startNs: this.orderStartNs, endNs: this.orderEndNs, riskAversion: 0, maxParticipation: 1,
      };
      const tape = sim.trades ?? null;
      const delta = Math.round((this.orderEndNs - this.orderStartNs) / policy.model.env.decisions);
      const pull = tape === null ? view : null;
      this.warmup = new AgentWarmup(book, tape, this.orderStartNs, delta, policy.model.env.volWindow ?? 5, sim.startNs, pull);
      this.warmIdx = 0;
      this.agent = new AgentExecutor(ctx, spec, { policy, warmup: this.warmup, ...(tape ? { tape } : {}), ...(pull ? { trades: pull } : {}) });
      this.agent.start();
    } else if (o.algorithm === 'passive') {
      new SimpleParentExecutor(ctx, {
        side: this.side,
        quantity: o.quantity,
        startNs: this.orderStartNs,
        endNs: this.orderEndNs,
        algorithm: 'passive',
        slices: o.slices,
        strategy: 'what-if passive',
      }).start();
    } else {
      // TWAP: passive at the touch, crossed at each slice end; market: the immediate algorithm.
      const spec: ParentOrderSpec = {
        id: `what-if ${o.algorithm}`, symbol: sim.instrument.symbol, side: this.side, quantity: o.quantity,
        startNs: this.orderStartNs, endNs: this.orderEndNs, riskAversion: 0, maxParticipation: 1,
      };
      createExecutor(ctx, spec, o.algorithm === 'twap' ? { name: 'twap', slices: o.slices } : { name: 'immediate' }).start();
    }
  }

  private inOrderWindow(t: number): boolean {
    return t >= this.orderStartNs && t <= this.orderEndNs + 0.1 * (this.orderEndNs - this.orderStartNs);
  }

  private snapshot(t: number): void {
    const venue = this.sim!.venue;
    const book = venue.book as { levels?(side: 1 | -1, n: number): Array<{ priceUnits: number; size: number; orderCount: number }> };
    const lv = (side: 1 | -1) => (book.levels ? book.levels(side, LEVELS).map((l) => [l.priceUnits, l.size, l.orderCount] as [number, number, number]) : []);
    const own = (venue.restingOrders?.() ?? []).map((r) => [r.clientOrderId, r.side, r.priceUnits, r.leaves, r.queueAhead, r.ordersAhead] as [string, number, number, number, number, number]);
    this.snapshots.push({ tsNs: t, bids: lv(1), asks: lv(-1), own });
  }
}
