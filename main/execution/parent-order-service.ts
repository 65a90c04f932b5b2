import type { ChildOrderRecord, FillRecord, OrderTicketParsed } from '../contract/orders.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { Side } from '../domain/side.js';
import { optimalCostMoments, type ACParams } from '../market/ac-world/almgren-chriss.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { ALGORITHM_NAMES, createExecutor, type AlgorithmConfig, type AlgorithmName } from './algorithms/index.js';
import { SimExecutionContext } from './execution-context.js';
import { OrderPath } from './order-path.js';
import type { ParentOrderSpec } from './parent-order.js';
import type { PathSim } from './what-if/path-sim.js';

/** The shortest window σ and η are estimated over; a start earlier than this looks ahead to it (documented look-ahead). */
export const MIN_ESTIMATION_SEC = 10;
/** Sampling step of the mid for σ, seconds. */
const SAMPLE_SEC = 0.5;

/** Periods of the schedule (and AC slices) for a horizon: about one per 5 s, 4 to 20. */
export function periodsFor(horizonSec: number): number {
  return Math.max(4, Math.min(20, Math.round(horizonSec / 5)));
}

/**
 * The market model behind the preview, estimated on the path BEFORE the order's start
 * (scheduler time [path start, start]; when the start is earlier than MIN_ESTIMATION_SEC, the
 * first MIN_ESTIMATION_SEC of the path, a documented look-ahead):
 * - σ: standard deviation of the mid's changes over SAMPLE_SEC steps, divided by √SAMPLE_SEC
 *   (price units per √s);
 * - ε: the mean half-spread (price units), the fixed cost of crossing;
 * - η: the half-spread per unit of our TWAP rate, ε / (X / T) — trading at the order's average
 *   rate costs one more half-spread; faster costs proportionally more (price units per size/s);
 * - arrival: the mid at the start (the first two-sided mid at or after it).
 */
export interface PathModel {
  readonly sigmaUnitsPerSqrtSec: number;
  readonly halfSpreadUnits: number;
  readonly arrivalPriceUnits: number | null;
  readonly estimatedOverSec: number;
}

function midOf(sim: PathSim): number {
  return sim.mid ? sim.mid() : sim.venue.book.mid();
}

/** Runs `sim` (a fresh path without our orders) up to the start and estimates `PathModel`. */
export function estimatePathModel(sim: PathSim, startSec: number): PathModel {
  const startNs = sim.startNs + startSec * 1e9;
  const windowEnd = Math.min(sim.endNs, Math.max(startNs, sim.startNs + MIN_ESTIMATION_SEC * 1e9));
  const mids: number[] = [];
  let spreadSum = 0;
  let spreadN = 0;
  for (let t = sim.startNs; t <= windowEnd; t += SAMPLE_SEC * 1e9) {
    sim.advanceTo(t);
    const m = midOf(sim);
    if (Number.isFinite(m)) mids.push(m);
    const bb = sim.venue.book.bestBid();
    const ba = sim.venue.book.bestAsk();
    if (Number.isFinite(bb) && Number.isFinite(ba) && ba > bb) {
      spreadSum += (ba - bb) / 2;
      spreadN++;
    }
  }
  let arrival: number | null = null;
  for (let t = Math.max(startNs, sim.scheduler.now); t <= sim.endNs && arrival === null; t += SAMPLE_SEC * 1e9) {
    sim.advanceTo(t);
    const m = midOf(sim);
    if (Number.isFinite(m)) arrival = m;
  }
  const d: number[] = [];
  for (let i = 1; i < mids.length; i++) d.push(mids[i]! - mids[i - 1]!);
  const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1);
  const tick = Math.max(1, sim.instrument.tickSizeUnits);
  return {
    sigmaUnitsPerSqrtSec: Math.sqrt(variance / SAMPLE_SEC),
    halfSpreadUnits: spreadN > 0 ? spreadSum / spreadN : tick / 2,
    arrivalPriceUnits: arrival,
    estimatedOverSec: (windowEnd - sim.startNs) / 1e9,
  };
}

/** The Almgren-Chriss numbers of the preview. */
export interface ACPreview {
  readonly expectedCostBps: number | null;
  readonly stdBps: number | null;
  readonly holdings: number[];
  readonly periodSec: number;
  readonly etaUnitsPerRate: number;
  readonly lambda: number;
}

/**
 * Almgren-Chriss closed forms (main/market/ac-world `optimalCostMoments`) for `quantity` over the
 * horizon in N periods, with γ = 0, ε = half-spread, η from `PathModel`, and the risk aversion λ
 * that gives urgency κT (cosh κτ = 1 + λσ²τ²/(2η̃) solved for λ). E and √V in bps of arrival.
 */
export function acPreview(m: PathModel, quantity: number, horizonSec: number, urgencyKT: number): ACPreview {
  const N = periodsFor(horizonSec);
  const T = horizonSec;
  const tau = T / N;
  const X = quantity;
  const eta = m.halfSpreadUnits / (X / T);
  const kappa = urgencyKT / T;
  const sigma = m.sigmaUnitsPerSqrtSec;
  const lambda = sigma > 0 ? ((2 * (Math.cosh(kappa * tau) - 1)) / (tau * tau)) * eta / (sigma * sigma) : 0;
  const holdings: number[] = [];
  for (let j = 0; j <= N; j++) holdings.push(kappa * T < 1e-8 ? 1 - j / N : Math.sinh(kappa * (T - j * tau)) / Math.sinh(kappa * T));
  holdings[0] = 1;
  holdings[N] = 0;
  const p: ACParams = { S0: m.arrivalPriceUnits ?? 0, sigma, epsilon: m.halfSpreadUnits, gamma: 0, eta, T, N };
  const { expected, variance } = optimalCostMoments(p, X, lambda);
  const arr = m.arrivalPriceUnits;
  const bps = (v: number) => (arr && arr > 0 && Number.isFinite(v) ? (v / (X * arr)) * 10_000 : null);
  return { expectedCostBps: bps(expected), stdBps: bps(Math.sqrt(Math.max(0, variance))), holdings, periodSec: tau, etaUnitsPerRate: eta, lambda };
}

const _names: readonly AlgorithmName[] = ALGORITHM_NAMES;
void _names;

/** A snapshot of a parent being worked, for the store. */
export interface ParentProgress {
  readonly filled: number;
  readonly avgPriceUnits: number | null;
  readonly arrivalPriceUnits: number | null;
  readonly isBps: number | null;
  readonly children: ChildOrderRecord[];
  readonly fills: FillRecord[];
}

/**
 * Works one parent order from a ticket on a path (like the what-if's "with our orders" run):
 * the executor for `ticket.algorithm` through an OrderPath (the pre-trade gate with
 * DEFAULT_RISK_LIMITS) to the path's venue, from start to start + horizon, then a short drain
 * for acknowledgements. `step(budgetMs)` advances by wall-time slices so a host can report
 * progress and cancel.
 */
export class ParentOrderRun {
  private readonly sim: PathSim;
  private readonly path: OrderPath;
  private readonly fillsOut: FillRecord[] = [];
  private readonly startNs: number;
  private readonly endNs: number;
  private readonly stopNs: number;
  private readonly side: Side;
  private arrival: number | null = null;
  private t: number;
  private started = false;

  constructor(
    private readonly ticket: OrderTicketParsed,
    sim: PathSim,
    model: PathModel,
    parentId: string,
  ) {
    this.sim = sim;
    this.side = ticket.side === 'buy' ? 1 : -1;
    this.startNs = sim.startNs + ticket.startSec * 1e9;
    this.endNs = Math.min(sim.endNs, this.startNs + ticket.horizonSec * 1e9);
    this.stopNs = Math.min(sim.endNs, this.endNs + 1e9);
    this.t = sim.startNs;
    const venue = sim.venue as typeof sim.venue & { marketView?: (levels?: number) => { book: PathSim['venue']['book'] } };
    const book = venue.marketView ? venue.marketView(10).book : sim.venue.book;
    this.path = new OrderPath(sim.venue, sim.scheduler, sim.instrument, DEFAULT_RISK_LIMITS, 'P');
    const ctx = new SimExecutionContext(sim.instrument, book, this.path, sim.scheduler);
    this.path.onEvent((ev: OrderEvent) => {
      if (ev.type === 'OrderFilled') this.fillsOut.push({ tsNs: ev.tsNs, clientOrderId: ev.clientOrderId, side: ev.side, priceUnits: ev.priceUnits, size: ev.size, aggressor: ev.aggressor });
    });
    const pre = acPreview(model, Math.max(1, ticket.quantity), ticket.horizonSec, ticket.urgency);
    const spec: ParentOrderSpec = {
      id: parentId, symbol: sim.instrument.symbol, side: this.side, quantity: ticket.quantity, startNs: Math.round(this.startNs), endNs: Math.round(this.endNs),
      ...(ticket.limitPriceUnits !== undefined ? { limitPriceUnits: ticket.limitPriceUnits } : {}),
      riskAversion: pre.lambda, maxParticipation: ticket.maxParticipation,
    };
    const acModel = { sigmaUnitsPerSqrtSec: model.sigmaUnitsPerSqrtSec, etaUnitsPerRate: Math.max(pre.etaUnitsPerRate, 1e-12) };
    const slices = periodsFor(ticket.horizonSec);
    const algo: AlgorithmConfig =
      ticket.algorithm === 'pov' ? { name: 'pov', rate: ticket.povRate ?? 0.1 }
      : ticket.algorithm === 'almgren-chriss' ? { name: 'almgren-chriss', slices, model: acModel }
      : ticket.algorithm === 'adaptive-shortfall' ? { name: 'adaptive-shortfall', slices, model: acModel }
      : ticket.algorithm === 'twap' || ticket.algorithm === 'vwap' ? { name: ticket.algorithm, slices }
      : { name: ticket.algorithm };
    createExecutor(ctx, spec, algo, sim.trades ? { tape: sim.trades } : {}).start();
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

  progress(): number {
    return Math.min(1, Math.max(0, (this.t - this.sim.startNs) / Math.max(1, this.stopNs - this.sim.startNs)));
  }

  /** Advances up to `budgetMs` of wall time; true when the order's window (and drain) is over. */
  step(budgetMs: number): boolean {
    const t0 = performance.now();
    const dt = Math.max(1e6, (this.stopNs - this.sim.startNs) / 2000);
    while (this.t < this.stopNs && performance.now() - t0 < budgetMs) {
      this.t = Math.min(this.stopNs, this.t + dt);
      this.sim.advanceTo(this.t);
      if (this.t >= this.startNs && this.arrival === null) {
        const m = midOf(this.sim);
        if (Number.isFinite(m)) this.arrival = m;
      }
    }
    if (this.t >= this.stopNs && !this.started) {
      this.started = true;
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
}
