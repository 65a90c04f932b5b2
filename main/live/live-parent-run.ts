import type { FillRecord } from '../contract/orders.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { AgentExplanations } from '../execution/agent/agent-explanation.js';
import type { TradeFeed } from '../execution/algorithms/index.js';
import { SimExecutionContext } from '../execution/execution-context.js';
import type { OrderPath } from '../execution/order-path.js';
import { GenerationContext, type ParentProgress } from '../execution/parent-order-run.js';
import { parseParentOrder } from '../execution/parent-order.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import { startLiveStrategy, type LiveStrategy, type LiveStrategyName, type LiveWork } from './live-strategy.js';

/** How often (scheduler ns, i.e. wall time on a live path) the run looks at its children and its strategy. */
const TICK_NS = 50e6;
/** A fallback TWAP gets at least this long, even when the parent's window is (nearly) over. */
export const MIN_FALLBACK_SEC = 2;
/** After the window (and its drain) the working children are cancelled; this long later the run ends whatever the venue said. */
const DRAIN_NS = 30e9;
const GIVE_UP_NS = 60e9;

/** What a live parent was asked to do (as the supervision screen shows it). */
export interface LiveTicket {
  readonly algorithm: LiveStrategyName;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly horizonSec: number;
}

/** How a live parent is wired: its own order path (gate, OMS) over the session, the book it prices from, the strategy. */
export interface LiveParentOptions {
  readonly parentId: string;
  /** Where it trades, in words (the FIX session). */
  readonly label: string;
  readonly instrument: InstrumentSpec;
  readonly scheduler: Scheduler;
  readonly path: OrderPath;
  /** The feed's book (an empty one without a feed). */
  readonly book: BookView;
  /** True when `book` is a live feed's (prices known); false: TWAP of market orders only. */
  readonly priced: boolean;
  readonly tape: TradeFeed | null;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly horizonSec: number;
  readonly strategy: LiveStrategy;
  /** The arrival price when there is no feed (the trader's reference price), price units. */
  readonly refPriceUnits: number | null;
  /** Called once when the run has ended (strategy done or killed, and no child working). */
  readonly onEnded?: () => void;
}

/**
 * One parent order worked live through a session, supervised like a simulated one: pause
 * (executor retired, working children cancelled; the window runs on), resume (the same strategy
 * for what is left once no child works), hand the rest to TWAP (children cancelled, TWAP over
 * what is left of the window — at least MIN_FALLBACK_SEC), kill (no new child; working ones
 * cancelled). Runs on the session's wall-driven scheduler.
 * Invariants: one live executor generation at a time, and a retired one never places again
 * (`GenerationContext`); a new generation works the quantity LESS what has filled, so the filled
 * total never exceeds `quantity`; it ends exactly once (`onEnded`), when its strategy finished or
 * it was killed and no child is working (or GIVE_UP_NS after the window at the latest).
 */
export class LiveParentRun {
  private readonly ctx: SimExecutionContext;
  private readonly fillsOut: FillRecord[] = [];
  private readonly sideSign: 1 | -1;
  readonly startNs: number;
  private endNs: number;
  private strategy: LiveStrategy;
  private work: LiveWork | null = null;
  private generation: GenerationContext | null = null;
  private lastExplanations: AgentExplanations | null = null;
  private arrival: number | null;
  private lastFillPx: number | null = null;
  private replan = false;
  /** The next generation is the fallback TWAP: its window is stretched to MIN_FALLBACK_SEC when less is left. */
  private stretch = false;
  private pausedFlag = false;
  private killedFlag = false;
  private endedFlag = false;
  private currentTicket: LiveTicket;

  constructor(private readonly o: LiveParentOptions) {
    this.sideSign = o.side === 'buy' ? 1 : -1;
    this.strategy = o.strategy;
    this.ctx = new SimExecutionContext(o.instrument, o.book, o.path, o.scheduler);
    o.path.onEvent((ev: OrderEvent) => {
      if (ev.type !== 'OrderFilled') return;
      this.lastFillPx = ev.priceUnits;
      this.fillsOut.push({ tsNs: ev.tsNs, clientOrderId: ev.clientOrderId, side: ev.side, priceUnits: ev.priceUnits, size: ev.size, aggressor: ev.aggressor });
    });
    this.startNs = Math.ceil(o.scheduler.now) + 1e6;
    this.endNs = this.startNs + o.horizonSec * 1e9;
    const m = o.book.mid();
    this.arrival = o.priced && Number.isFinite(m) ? m : o.refPriceUnits;
    this.currentTicket = { algorithm: o.strategy.name, side: o.side, quantity: o.quantity, horizonSec: o.horizonSec };
    this.startGeneration(o.quantity, this.startNs);
    this.tick();
  }

  get parentId(): string {
    return this.o.parentId;
  }
  get label(): string {
    return this.o.label;
  }
  get instrument(): InstrumentSpec {
    return this.o.instrument;
  }
  /** The ticket now (the algorithm changes on a fallback). */
  get ticket(): LiveTicket {
    return this.currentTicket;
  }
  get orderStartNs(): number {
    return this.startNs;
  }
  get nowNs(): number {
    return this.o.scheduler.now;
  }
  get paused(): boolean {
    return this.pausedFlag;
  }
  get killed(): boolean {
    return this.killedFlag;
  }
  get ended(): boolean {
    return this.endedFlag;
  }
  /** Still steerable: not killed, not ended, its strategy not finished. */
  get working(): boolean {
    return !this.killedFlag && !this.endedFlag && !(this.work?.finished ?? false) && this.o.scheduler.now < this.endNs;
  }
  /** The feed's mid; without a feed the last fill's price (the only price seen), null before it. */
  get midNow(): number | null {
    const m = this.o.book.mid();
    return this.o.priced ? (Number.isFinite(m) ? m : null) : this.lastFillPx;
  }
  /** The learned agent's decisions (the last agent generation's, kept after a fallback), null when no agent worked it. */
  get explanations(): AgentExplanations | null {
    return this.work?.explanations ?? this.lastExplanations;
  }
  get filled(): number {
    return this.o.path.oms.all().reduce((n, c) => n + c.filled, 0);
  }
  /** Children not yet done at the venue. */
  get workingChildren(): number {
    return this.o.path.oms.working().length;
  }

  pause(): boolean {
    if (!this.working || this.pausedFlag) return false;
    this.pausedFlag = true;
    this.replan = false;
    this.retire();
    this.o.path.cancelAllOpen();
    return true;
  }

  resume(): boolean {
    if (!this.pausedFlag || this.killedFlag || this.endedFlag || this.o.scheduler.now >= this.endNs) return false;
    this.pausedFlag = false;
    this.replan = true;
    return true;
  }

  /** Cancels the working children and works the rest with TWAP over the rest of the window (at least MIN_FALLBACK_SEC). False when it cannot be steered or is already TWAP. */
  fallback(): boolean {
    if (this.killedFlag || this.endedFlag || this.strategy.name === 'twap') return false;
    this.retire();
    this.o.path.cancelAllOpen();
    this.strategy = { name: 'twap', slices: Math.max(1, Math.min(this.strategy.slices, 10)) };
    this.currentTicket = { ...this.currentTicket, algorithm: 'twap' };
    this.pausedFlag = false;
    this.replan = true;
    this.stretch = true;
    return true;
  }

  /** No new child; the working ones are cancelled; the run ends once they are done. False when already killed or ended. */
  kill(): boolean {
    if (this.killedFlag || this.endedFlag) return false;
    this.killedFlag = true;
    this.replan = false;
    this.retire();
    this.o.path.cancelAllOpen();
    return true;
  }

  /**
   * Ends the run now, whatever its children's state: its session is going away (logout, engine
   * shutdown), so no answer can come. Call `kill()` first to ask for the cancels. Idempotent.
   */
  endNow(): void {
    this.killedFlag = true;
    this.replan = false;
    this.end();
  }

  snapshot(): ParentProgress {
    const orders = this.o.path.oms.all();
    const filled = orders.reduce((n, c) => n + c.filled, 0);
    const notional = orders.reduce((n, c) => n + (c.filled > 0 ? c.avgPriceUnits * c.filled : 0), 0);
    const avg = filled > 0 ? notional / filled : null;
    const arr = this.arrival;
    return {
      filled, avgPriceUnits: avg, arrivalPriceUnits: arr,
      isBps: arr && avg !== null ? ((this.sideSign * (avg - arr)) / arr) * 10_000 : null,
      children: orders.map((c) => ({
        clientOrderId: c.order.clientOrderId, side: c.order.side, type: `${c.order.type} ${c.order.tif}`, size: c.order.size, filled: c.filled,
        priceUnits: c.priceUnits ?? null, avgPriceUnits: Number.isFinite(c.avgPriceUnits) ? c.avgPriceUnits : null, status: c.status,
        createdNs: c.createdNs, reason: c.reason ?? null,
      })),
      fills: [...this.fillsOut],
    };
  }

  private retire(): void {
    this.work?.stopPlacing();
    if (this.work?.explanations) this.lastExplanations = this.work.explanations;
    this.generation?.retire();
    this.generation = null;
    this.work = null;
  }

  private startGeneration(quantity: number, fromNs: number): void {
    const gen = new GenerationContext(this.ctx);
    const spec = parseParentOrder({ id: this.o.parentId, symbol: this.o.instrument.symbol, side: this.o.side, quantity, startNs: Math.round(fromNs), endNs: Math.round(this.endNs) });
    this.generation = gen;
    this.work = startLiveStrategy(gen, spec, this.strategy, { priced: this.o.priced, tape: this.o.tape, tag: `live-${this.strategy.name}` });
  }

  private tick(): void {
    if (this.endedFlag) return;
    const now = this.o.scheduler.now;
    const working = this.o.path.oms.working().length;
    if (this.replan && working === 0) {
      this.replan = false;
      const left = this.currentTicket.quantity - this.filled;
      if (this.stretch) this.endNs = Math.max(this.endNs, now + MIN_FALLBACK_SEC * 1e9);
      this.stretch = false;
      if (left > 0 && now < this.endNs) this.startGeneration(left, Math.ceil(now) + 1e6);
    }
    // Nothing left to work (all filled, or no time left for a new generation) and nothing at the venue.
    if (this.work === null && !this.replan && !this.pausedFlag && working === 0) return this.end();
    const done = this.killedFlag || (this.work?.finished ?? false) || (this.pausedFlag && now >= this.endNs);
    if (done && working === 0 && !this.replan) return this.end();
    if (now >= this.endNs + DRAIN_NS && working > 0) {
      // A strategy that does not end its window, or a venue that does not answer: cancel what works.
      this.retire();
      this.o.path.cancelAllOpen();
    }
    if (now >= this.endNs + GIVE_UP_NS) return this.end();
    this.o.scheduler.after(TICK_NS, { fire: () => this.tick() });
  }

  private end(): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.retire();
    this.o.onEnded?.();
  }
}
