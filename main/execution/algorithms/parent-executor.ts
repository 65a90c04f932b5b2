import type { OrderEvent } from '../../domain/order-events.js';
import type { ExecutionContext } from '../execution-context.js';
import type { ChildOrder } from '../order-manager.js';
import { ParentOrder, type ParentOrderSpec } from '../parent-order.js';
import { mayCross, PostureShortfall, type PostureBlock } from '../posture.js';
import { MarketVolume, type TradeFeed } from './market-volume.js';

/** Options every executor takes. Invariant: `heartbeatNs` > 0. */
export interface ExecutorOptions {
  /** Market trades (the tape). Required by POV and by any parent with maxParticipation < 1. */
  readonly tape?: TradeFeed;
  /** Housekeeping period (pegging, top-ups, retries), scheduler ns; default 1 s. */
  readonly heartbeatNs?: number;
}

/** Life cycle: `idle` → `start()` → `scheduled` → startNs → `working` → endNs → `ending` → `ended`. */
export type ExecutorState = 'idle' | 'scheduled' | 'working' | 'ending' | 'ended';

/**
 * The common base of the baseline algorithms: a `ParentOrder` (child bookkeeping), the market
 * volume since start, timers at start / every heartbeat / end, and the three placement styles:
 *
 * - passive (`postPassive`): a day limit at OUR touch (buy: best bid; sell: best ask; one tick
 *   behind the opposite best when our side is empty), never through the limit price; it is
 *   PEGGED: at every heartbeat, if the touch moved, it is replaced (same total size) to the new
 *   touch, losing priority;
 * - crossing at the touch (`crossAtTouch`): an IOC limit at the OPPOSITE best (only what rests
 *   there can fill; the rest is cancelled by the venue); skipped when that price is through the
 *   limit price or the opposite side is empty;
 * - sweeping (`sweep`): a market IOC, or an IOC limit at the limit price when one is set.
 *
 * `settle(then)` cancels every working day child and runs `then` (on a zero-delay timer) once no
 * child is working, so the next decision sees final fills — sizes are never computed while a
 * cancel is in flight.
 *
 * Invariants (for every subclass): every child size ≤ `capacity()` = min(quantity − filled −
 * in-flight, participation room), so the parent is never overfilled and, with maxParticipation
 * p < 1, filled + in-flight ≤ floor(p × market volume since start) when sent — hence filled ≤
 * p × volume at all times (volume only grows; our own prints count in it). Prices never go
 * through the limit price. All decisions run at timer or event times of the context, so the same
 * seed gives the same child-order sequence.
 */
export abstract class ParentExecutor {
  readonly parent: ParentOrder;
  state: ExecutorState = 'idle';
  /** Crossings and sweeps the risk posture held back (`ctx.posture()`), with its reason. */
  readonly postureBlocks: PostureBlock[] = [];
  protected readonly volume: MarketVolume | null;
  /** Participation the risk posture took away (see `PostureShortfall`); null without a tape. */
  private readonly shortfall: PostureShortfall | null;
  protected readonly heartbeatNs: number;
  protected readonly tickUnits: number;
  private settleThen: (() => void) | null = null;
  private settleDue = false;
  private settleGen = 0;
  private readonly cancelSent = new Set<string>();
  private readonly replaceSent = new Set<string>();
  private readonly pegged = new Set<string>();

  constructor(
    protected readonly ctx: ExecutionContext,
    spec: ParentOrderSpec,
    opts: ExecutorOptions = {},
  ) {
    this.parent = new ParentOrder(ctx, spec);
    this.heartbeatNs = opts.heartbeatNs ?? 1e9;
    if (!(this.heartbeatNs > 0)) throw new RangeError(`heartbeatNs ${this.heartbeatNs} must be > 0`);
    if (spec.maxParticipation < 1 && !opts.tape) {
      throw new RangeError(`maxParticipation ${spec.maxParticipation} needs a market trade feed (options.tape) to measure market volume`);
    }
    this.volume = opts.tape ? new MarketVolume(opts.tape, spec.startNs) : null;
    this.shortfall = opts.tape ? new PostureShortfall(opts.tape, spec.startNs, Math.min(1, spec.maxParticipation), () => ctx.posture?.()) : null;
    this.tickUnits = ctx.instrument.tickSizeUnits > 0 ? ctx.instrument.tickSizeUnits : 1;
    this.parent.onChildEvent((ev, c) => this.onChild(ev, c));
  }

  get spec(): ParentOrderSpec {
    return this.parent.spec;
  }

  /** True once the end was handled and no child is working. */
  get finished(): boolean {
    return this.state === 'ended' && this.parent.working().length === 0;
  }

  /** Arms the plan on the context's timers (call once, at or before `startNs`). */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'scheduled';
    const { startNs, endNs } = this.spec;
    this.at(startNs, () => {
      this.state = 'working';
      this.onStart();
      this.at(startNs + this.heartbeatNs, () => this.beat());
    });
    this.armTimers();
    this.at(endNs, () => {
      this.state = 'ending';
      this.onEnd();
    });
  }

  // ---- hooks -------------------------------------------------------------------------------

  /** At `startNs`. */
  protected abstract onStart(): void;
  /** Every heartbeat in (startNs, endNs) while not settling, after pegging. */
  protected onHeartbeat(): void {}
  /** At `endNs`; must eventually set `state = 'ended'` (default: cancel everything, no crossing). */
  protected onEnd(): void {
    this.settle(() => this.end());
  }
  /** Extra timers armed by `start()` (after the start timer, before the end timer). */
  protected armTimers(): void {}
  /** Every event of one of our children (after the OMS applied it). */
  protected onChildEvent(_ev: OrderEvent, _child: ChildOrder): void {}

  // ---- helpers -----------------------------------------------------------------------------

  protected end(): void {
    this.state = 'ended';
  }

  /** Runs `fn` at scheduler time `tNs` (now if past). */
  protected at(tNs: number, fn: () => void): void {
    this.ctx.setTimer(Math.max(0, tNs - this.ctx.now()), fn);
  }

  protected get settling(): boolean {
    return this.settleThen !== null || this.settleDue;
  }

  /** Largest size a new child may have now: min(unallocated quantity, participation room). */
  protected capacity(): number {
    return Math.max(0, Math.min(this.parent.unallocated(), this.participationRoom()));
  }

  /**
   * floor(p × volume − shortfall) − filled − in-flight, p the parent's maxParticipation and
   * shortfall what the risk posture took away from it print by print (0 without a posture, so
   * the cap is exactly floor(p × volume) then); Infinity when p = 1 and no posture ever cut it,
   * or without a tape (no volume to measure).
   */
  protected participationRoom(): number {
    const p = this.spec.maxParticipation;
    if (!this.volume) return Infinity;
    const cut = this.shortfall!.value;
    const tightNow = (this.ctx.posture?.()?.maxParticipation ?? 1) < 1;
    if (p >= 1 && cut === 0 && !tightNow) return Infinity;
    return Math.floor(Math.min(1, p) * this.volume.volume - cut + 1e-9) - this.parent.filled - this.parent.inFlight();
  }

  /** A price no better for the counterparty than the limit (buy: min; sell: max). */
  protected capToLimit(priceUnits: number): number {
    const lim = this.spec.limitPriceUnits;
    if (lim === undefined) return priceUnits;
    return this.spec.side === 1 ? Math.min(priceUnits, lim) : Math.max(priceUnits, lim);
  }

  /** Our touch (capped by the limit), or one tick behind the opposite best; NaN for an empty book. */
  protected passivePrice(): number {
    const s = this.spec.side;
    const b = this.ctx.book;
    let p = s === 1 ? b.bestBid() : b.bestAsk();
    if (!Number.isFinite(p)) {
      const opp = s === 1 ? b.bestAsk() : b.bestBid();
      if (!Number.isFinite(opp)) return NaN;
      p = opp - s * this.tickUnits;
    }
    return this.capToLimit(p);
  }

  /** Posts a pegged passive child for min(size, capacity); returns its id or null. */
  protected postPassive(size: number): string | null {
    const price = this.passivePrice();
    if (!Number.isFinite(price)) return null;
    const id = this.postAt(price, size);
    if (id !== null) this.pegged.add(id);
    return id;
  }

  /** Posts an un-pegged day limit at `priceUnits` for min(size, capacity); returns its id or null. */
  protected postAt(priceUnits: number, size: number): string | null {
    const n = Math.floor(Math.min(size, this.capacity()));
    if (n < 1) return null;
    return this.parent.place({ side: this.spec.side, type: 'limit', tif: 'day', size: n, priceUnits });
  }

  /** IOC at the opposite best for min(size, capacity); null when skipped (see class doc). */
  protected crossAtTouch(size: number): string | null {
    const n = Math.floor(Math.min(size, this.capacity()));
    if (n < 1) return null;
    const s = this.spec.side;
    const opp = s === 1 ? this.ctx.book.bestAsk() : this.ctx.book.bestBid();
    if (!Number.isFinite(opp) || this.capToLimit(opp) !== opp) return null;
    if (this.heldByPosture('cross', n)) return null;
    return this.parent.place({ side: s, type: 'limit', tif: 'ioc', size: n, priceUnits: opp });
  }

  /** Market IOC (IOC at the limit price when one is set) for min(size, capacity). */
  protected sweep(size: number): string | null {
    const n = Math.floor(Math.min(size, this.capacity()));
    if (n < 1) return null;
    if (this.heldByPosture('sweep', n)) return null;
    const lim = this.spec.limitPriceUnits;
    if (lim !== undefined) return this.parent.place({ side: this.spec.side, type: 'limit', tif: 'ioc', size: n, priceUnits: lim });
    return this.parent.place({ side: this.spec.side, type: 'market', tif: 'ioc', size: n });
  }

  /** Cancels every working day child; runs `then` once none is working (replaces a pending `then`). */
  protected settle(then: () => void): void {
    this.settleGen++;
    this.settleThen = then;
    for (const c of this.parent.working()) this.requestCancel(c);
    this.checkSettled();
  }

  // ---- internals ---------------------------------------------------------------------------

  /** True (and recorded) when the posture forbids crossing the spread now. */
  private heldByPosture(action: PostureBlock['action'], size: number): boolean {
    const p = this.ctx.posture?.();
    if (mayCross(p)) return false;
    this.postureBlocks.push({ atNs: this.ctx.now(), action, size, aggressiveness: p!.aggressiveness, reason: p!.reason ?? 'risk posture' });
    return true;
  }

  private beat(): void {
    if (this.state !== 'working') return;
    if (!this.settling) {
      this.peg();
      this.onHeartbeat();
    }
    const next = this.ctx.now() + this.heartbeatNs;
    if (next < this.spec.endNs) this.at(next, () => this.beat());
  }

  private peg(): void {
    if (this.pegged.size === 0) return;
    const price = this.passivePrice();
    if (!Number.isFinite(price)) return;
    for (const c of this.parent.working()) {
      const id = c.order.clientOrderId;
      if (!this.pegged.has(id) || this.replaceSent.has(id) || this.cancelSent.has(id) || c.status === 'PendingNew') continue;
      if (c.priceUnits === price) continue;
      this.replaceSent.add(id);
      this.ctx.replace(id, price, c.order.size);
    }
  }

  private requestCancel(c: ChildOrder): void {
    const id = c.order.clientOrderId;
    if (c.order.tif !== 'day' || this.cancelSent.has(id)) return;
    this.cancelSent.add(id);
    this.ctx.cancel(id);
  }

  private onChild(ev: OrderEvent, c: ChildOrder): void {
    const id = c.order.clientOrderId;
    if (ev.type === 'OrderReplaced') this.replaceSent.delete(id);
    if (ev.type === 'OrderCancelRejected') {
      this.replaceSent.delete(id);
      // A cancel can only be refused for an order that is already done or whose done-event is
      // on its way; if it is somehow still working while we settle, ask again.
      if (this.cancelSent.delete(id) && this.settling && c.status !== 'Filled' && c.status !== 'Cancelled') this.requestCancel(c);
    }
    if (c.status === 'Filled' || c.status === 'Cancelled' || c.status === 'Rejected' || c.status === 'Denied') {
      this.replaceSent.delete(id);
      this.cancelSent.delete(id);
      this.pegged.delete(id);
    }
    this.onChildEvent(ev, c);
    this.checkSettled();
  }

  private checkSettled(): void {
    if (this.settleThen === null || this.parent.working().length > 0) return;
    const then = this.settleThen;
    this.settleThen = null;
    this.settleDue = true;
    const gen = this.settleGen;
    // Deferred to a zero-delay timer: never place orders from inside an order-event dispatch.
    this.ctx.setTimer(0, () => {
      if (gen !== this.settleGen) return; // superseded by a later settle()
      this.settleDue = false;
      then();
    });
  }
}
