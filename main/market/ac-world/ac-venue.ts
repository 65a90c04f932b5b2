import type { InstrumentSpec } from '../../domain/instrument.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../../domain/orders.js';
import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import type { BookView, DepthBuffers } from '../book/book-types.js';
import type { OrderEventListener, Venue } from '../venue/venue.js';
import type { ACWorldParams } from './ac-world-params.js';

/** The AC world's instrument: prices in 1/10,000 $, whole shares. */
export const AC_INSTRUMENT: InstrumentSpec = { symbol: 'AC', venue: 'AC-WORLD', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 1 };
const PX = 10_000;
/** Depth shown at the touch: the AC world has unlimited liquidity at its prices. */
const DEPTH = 1e9;
type TapeListener = (tsNs: number, priceUnits: number, size: number, aggressorSide: Side) => void;

interface Working {
  side: Side;
  priceUnits: number;
  size: number;
  filled: number;
}

/**
 * The Almgren-Chriss (2000) world as a venue, on the backtest's clock. Time is cut into periods
 * of τ = `periodSec` from scheduler time 0. With S_k the unaffected price during period k (S_0 =
 * `S0`) and n_k our net shares bought in period k (sells negative):
 *   S_{k+1} = S_k + σ√τ·ξ_k + γ·n_k          (ξ_k ~ N(0, 1) from the seed; permanent impact)
 * The quote is S_k ∓ ε (one level, unlimited size). A MARKETABLE order of ours (market, or a
 * limit at or through the opposite quote) fills completely at once; a piece of q that takes our
 * period volume from c to c + q pays, per share,
 *   S_k + side·(ε + η·(c + (c + q)) / τ)
 * — the marginal form of the paper's temporary impact h(v) = ε + η·v, so that n_k traded in ONE
 * period costs n_k·(S_k + side·(ε + η·n_k/τ)) however it is split into orders (splitting inside a
 * period saves nothing; spreading over periods does). Limits act only as marketability: the AC
 * world has no book to walk, so the fill price may be through the limit. Non-marketable day limits
 * rest and NEVER fill (the world has no counterparties); IOCs that are not marketable are
 * cancelled. With one marketable child per period the expected cost is exactly the paper's
 * E = ½γX² + εX + (η − γτ/2)/τ·Σn_k².
 * Background prints: `marketVolumePerSec` shares each second at the mid (they move nothing), for
 * strategies that follow market volume. Latency: `latencyNs` each way, constant.
 * Invariants: same params, seed and requests ⇒ the same OrderEvents and prices; ξ_k depends only
 * on (seed, k), so the price path without our orders is the same for every strategy.
 */
export class ACVenue implements Venue, BookView {
  readonly name = 'ac-world';
  readonly book: BookView = this;
  private readonly listeners: OrderEventListener[] = [];
  private readonly tape: TapeListener[] = [];
  private readonly working = new Map<string, Working>();
  private readonly periodNs: number;
  private period = 0;
  /** S_k in $ (a float, as in the paper). */
  private price: number;
  private periodVolume = 0;
  private seq = 0;
  /** Σ our fills in size units (for the record). */
  filledShares = 0;

  constructor(
    readonly params: ACWorldParams,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly latencyNs = 200_000,
  ) {
    this.periodNs = Math.round(params.periodSec * 1e9);
    this.price = params.S0;
    scheduler.at(this.periodNs, { fire: (now) => this.endPeriod(now) });
    if (params.marketVolumePerSec > 0) scheduler.at(1e9, { fire: (now) => this.print(now) });
  }

  onTrade(listener: TapeListener): void {
    this.tape.push(listener);
  }

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  submit(req: OrderRequest): void {
    this.scheduler.at(this.scheduler.now + this.latencyNs, { fire: () => this.process(req) });
  }

  /** The unaffected price S_k now ($). */
  get priceNow(): number {
    return this.price;
  }

  // ---- BookView: one level each side at S ∓ ε ------------------------------------------------
  bestBid(): number {
    return Math.round((this.price - this.params.epsilon) * PX);
  }
  bestAsk(): number {
    return Math.round((this.price + this.params.epsilon) * PX);
  }
  sizeAt(side: Side, priceUnits: number): number {
    return priceUnits === (side === 1 ? this.bestBid() : this.bestAsk()) ? DEPTH : 0;
  }
  depth(n: number, out: DepthBuffers): [number, number] {
    if (n < 1) return [0, 0];
    out.bidPrice[0] = this.bestBid();
    out.bidSize[0] = DEPTH;
    out.askPrice[0] = this.bestAsk();
    out.askSize[0] = DEPTH;
    return [1, 1];
  }
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }
  microprice(): number {
    return this.mid();
  }
  imbalance(): number {
    return 0;
  }
  levelCount(): number {
    return 1;
  }

  // ---- the world ------------------------------------------------------------------------------
  private endPeriod(now: number): void {
    const p = this.params;
    this.price += p.sigma * Math.sqrt(p.periodSec) * this.rng.normal() + p.gamma * this.periodVolume;
    this.periodVolume = 0;
    this.period++;
    this.scheduler.at(now + this.periodNs, { fire: (t) => this.endPeriod(t) });
  }

  private print(now: number): void {
    const m = this.mid();
    for (const l of this.tape) l(now, m, this.params.marketVolumePerSec, 1);
    this.scheduler.at(now + 1e9, { fire: (t) => this.print(t) });
  }

  private process(req: OrderRequest): void {
    const now = this.scheduler.now;
    if (req.kind === 'new') return this.processNew(req, now);
    const w = this.working.get(req.clientOrderId);
    if (w === undefined) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: req.clientOrderId, reason: `clientOrderId: no working order "${req.clientOrderId}"` });
      return;
    }
    if (req.kind === 'cancel') {
      this.working.delete(req.clientOrderId);
      this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: req.clientOrderId, leaves: 0, reason: 'requested' });
      return;
    }
    if (!(Number.isInteger(req.size) && req.size > w.filled) || !(Number.isInteger(req.priceUnits) && req.priceUnits > 0)) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: req.clientOrderId, reason: `size: must be an integer above the filled ${w.filled}, and priceUnits a positive integer` });
      return;
    }
    w.priceUnits = req.priceUnits;
    w.size = req.size;
    this.emit({ type: 'OrderReplaced', tsNs: now, clientOrderId: req.clientOrderId, priceUnits: w.priceUnits, size: w.size, leaves: w.size - w.filled });
    if (this.marketable(w.side, w.priceUnits)) this.fill(req.clientOrderId, w, now);
  }

  private processNew(o: NewOrder, now: number): void {
    const bad = !(Number.isInteger(o.size) && o.size > 0) ? `size: ${o.size} must be an integer ≥ 1`
      : o.type === 'limit' && !(Number.isInteger(o.priceUnits) && o.priceUnits! > 0) ? `priceUnits: ${o.priceUnits} must be a positive integer`
      : this.working.has(o.clientOrderId) ? `clientOrderId: "${o.clientOrderId}" is already working` : null;
    if (bad !== null) {
      this.emit({ type: 'OrderRejected', tsNs: now, clientOrderId: o.clientOrderId, reason: bad });
      return;
    }
    this.emit({ type: 'OrderAccepted', tsNs: now, clientOrderId: o.clientOrderId, venueOrderId: `ac-${++this.seq}` });
    const w: Working = { side: o.side, priceUnits: o.type === 'market' ? NaN : o.priceUnits!, size: o.size, filled: 0 };
    if (o.type === 'market' || this.marketable(o.side, w.priceUnits)) {
      this.fill(o.clientOrderId, w, now);
      return;
    }
    if (o.tif === 'ioc') {
      this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: o.clientOrderId, leaves: 0, reason: 'ioc' });
      return;
    }
    this.working.set(o.clientOrderId, w);
  }

  private marketable(side: Side, priceUnits: number): boolean {
    return side === 1 ? priceUnits >= this.bestAsk() : priceUnits <= this.bestBid();
  }

  private fill(id: string, w: Working, now: number): void {
    const p = this.params;
    const q = w.size - w.filled;
    const c = Math.abs(this.periodVolume);
    // Marginal temporary impact of going from c to c + q shares this period (see the class doc).
    const perShare = this.price + w.side * (p.epsilon + (p.eta * (2 * c + q)) / p.periodSec);
    this.periodVolume += w.side * q;
    w.filled = w.size;
    this.working.delete(id);
    this.filledShares += q;
    this.emit({ type: 'OrderFilled', tsNs: now, clientOrderId: id, side: w.side, priceUnits: Math.round(perShare * PX), size: q, leaves: 0, aggressor: true, fee: 0 });
  }

  private emit(ev: OrderEvent): void {
    this.scheduler.at(this.scheduler.now + this.latencyNs, { fire: () => { for (const l of this.listeners) l(ev); } });
  }
}
