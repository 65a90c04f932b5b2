import type { Rng } from '../../kernel/rng.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { MakerConfig } from './market-config.js';
import { AgentWake, type Wakeable } from './samplers.js';

/** Quote prices of one maker; NaN = no quote on that side. */
export interface MakerQuote {
  bidUnits: number;
  askUnits: number;
}

/**
 * The market maker's quoting rule (pure, exactly `MakerConfig`'s): reservation
 * r = fair − skewTicks·tick·clamp(q / maxPosition, −1, 1); half-width w = halfSpreadTicks·tick·widen;
 * bid = floor((r − w)/tick)·tick, ask = ceil((r + w)/tick)·tick, then ask ≥ bid + tick and both ≥ one
 * tick. bid = NaN when q ≥ maxPosition, ask = NaN when q ≤ −maxPosition. Long inventory ⇒ both
 * quotes shift DOWN (sell more eagerly, buy less), short ⇒ up.
 */
export function makerQuote(fairUnits: number, inventory: number, tickUnits: number, cfg: MakerConfig, widen: number, out: MakerQuote): MakerQuote {
  const lim = cfg.maxPosition > 0 ? inventory / cfg.maxPosition : 0;
  const skew = lim > 1 ? 1 : lim < -1 ? -1 : lim;
  const r = fairUnits - cfg.skewTicks * tickUnits * skew;
  const w = cfg.halfSpreadTicks * tickUnits * widen;
  let bid = Math.floor((r - w) / tickUnits) * tickUnits;
  let ask = Math.ceil((r + w) / tickUnits) * tickUnits;
  if (ask < bid + tickUnits) ask = bid + tickUnits;
  if (bid < tickUnits) bid = tickUnits;
  if (ask <= bid) ask = bid + tickUnits;
  out.bidUnits = inventory >= cfg.maxPosition ? NaN : bid;
  out.askUnits = inventory <= -cfg.maxPosition ? NaN : ask;
  return out;
}

/**
 * Market makers (one bid and one ask each) following `makerQuote` around fair = book mid, or
 * the last trade price when a side is empty. Requote rule: on its timer (every requoteSec ×
 * U(0.5, 1.5)) and `reactionSec` after any fill of its quotes (at most one pending reaction).
 * A quote already at the wanted price keeps its queue place while its remaining is ≥ half of
 * quoteSize, else it is replaced to quoteSize; quotes are clamped one tick off the opposite best
 * so they never take liquidity. Withdrawal: quotes widen × `widen`, makers with index <
 * `pulled` cancel and stop quoting until the withdrawal ends.
 */
export class MarketMakers implements Wakeable, OrderOwner {
  readonly base: number;
  widen = 1;
  pulled = 0;
  requotes = 0;
  private readonly bidId: Float64Array;
  private readonly bidPx: Float64Array;
  private readonly askId: Float64Array;
  private readonly askPx: Float64Array;
  private readonly reacting: Uint8Array;
  private readonly rngs: Rng[] = [];
  private readonly timers: AgentWake[] = [];
  private readonly reactions: AgentWake[] = [];
  private readonly q: MakerQuote = { bidUnits: NaN, askUnits: NaN };

  constructor(
    readonly cfg: MakerConfig,
    private readonly ex: Exchange,
    rng: Rng,
  ) {
    const n = cfg.count;
    this.base = ex.addOwner(this, n);
    this.bidId = new Float64Array(n).fill(-1);
    this.askId = new Float64Array(n).fill(-1);
    this.bidPx = new Float64Array(n).fill(NaN);
    this.askPx = new Float64Array(n).fill(NaN);
    this.reacting = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      this.rngs.push(rng.fork(`maker-${i}`));
      this.timers.push(new AgentWake(this, i, true));
      this.reactions.push(new AgentWake(this, i, false));
    }
  }

  get count(): number {
    return this.cfg.count;
  }

  /** First quotes at U(0, min(requoteSec, 1 s)): the makers open the book promptly. */
  start(): void {
    const sch = this.ex.scheduler;
    const first = Math.min(this.requoteDelay(), 1e9);
    for (let i = 0; i < this.cfg.count; i++) sch.at(sch.now + Math.floor(first * this.rngs[i]!.float()), this.timers[i]!);
  }

  /** Signed inventory of maker i. */
  inventory(i: number): number {
    return this.ex.position[this.base + i]!;
  }

  /** Current quote prices of maker i (NaN = none). */
  quotes(i: number): MakerQuote {
    return { bidUnits: this.bidId[i]! >= 0 ? this.bidPx[i]! : NaN, askUnits: this.askId[i]! >= 0 ? this.askPx[i]! : NaN };
  }

  /** Starts or ends a liquidity withdrawal and makes every maker requote now. */
  setWithdrawal(widen: number, pullFraction: number): void {
    this.widen = widen;
    this.pulled = Math.floor(pullFraction * this.cfg.count);
    this.requoteAll();
  }

  /** Every maker requotes at the current time (an extra wake-up; timers are unchanged). */
  requoteAll(): void {
    const sch = this.ex.scheduler;
    for (let i = 0; i < this.cfg.count; i++) sch.at(sch.now, this.reactions[i]!);
  }

  wake(i: number, nowNs: number, timer: boolean): void {
    if (timer) this.ex.scheduler.at(nowNs + Math.round(this.requoteDelay() * (0.5 + this.rngs[i]!.float())), this.timers[i]!);
    else this.reacting[i] = 0;
    this.requote(i);
  }

  onRestingFill(agent: number, orderId: number, _price: number, _size: number, remaining: number): void {
    const i = agent - this.base;
    if (remaining === 0) {
      if (this.bidId[i] === orderId) this.bidId[i] = -1;
      else if (this.askId[i] === orderId) this.askId[i] = -1;
    }
    if (this.reacting[i] === 0) {
      this.reacting[i] = 1;
      const sch = this.ex.scheduler;
      sch.at(sch.now + Math.round(this.cfg.reactionSec * 1e9), this.reactions[i]!);
    }
  }

  private requoteDelay(): number {
    return Math.max(1, Math.round(this.cfg.requoteSec * 1e9));
  }

  private requote(i: number): void {
    this.requotes++;
    const ex = this.ex;
    const book = ex.book;
    const tick = ex.tickUnits;
    if (i < this.pulled) {
      this.setSide(i, 1, NaN);
      this.setSide(i, -1, NaN);
      return;
    }
    let fair = book.mid();
    if (fair !== fair) fair = ex.lastPriceUnits;
    const q = makerQuote(fair, ex.position[this.base + i]!, tick, this.cfg, this.widen, this.q);
    const bid = q.bidUnits;
    const ask = q.askUnits;
    // Move the side that moves away from the other first, so our own stale quote never blocks.
    if (ask === ask && this.askId[i]! >= 0 && ask > this.askPx[i]!) {
      this.setSide(i, -1, ask);
      this.setSide(i, 1, bid);
    } else {
      this.setSide(i, 1, bid);
      this.setSide(i, -1, ask);
    }
  }

  /** Puts maker i's quote on `side` at `price` (NaN = none), post-only. */
  private setSide(i: number, side: 1 | -1, price: number): void {
    const ex = this.ex;
    const ids = side === 1 ? this.bidId : this.askId;
    const pxs = side === 1 ? this.bidPx : this.askPx;
    const id = ids[i]!;
    if (price !== price) {
      if (id >= 0) ex.cancel(id);
      ids[i] = -1;
      return;
    }
    const tick = ex.tickUnits;
    if (side === 1) {
      const a = ex.book.bestAsk();
      if (price >= a) price = a - tick;
    } else {
      const b = ex.book.bestBid();
      if (price <= b) price = b + tick;
    }
    if (price < tick) price = tick;
    const size = this.cfg.quoteSize;
    if (id >= 0) {
      const rem = ex.book.orderRemaining(id);
      if (rem === rem) {
        if (price === pxs[i] && rem * 2 >= size) return;
        const left = ex.replace(id, price, size);
        pxs[i] = price;
        if (left <= 0) ids[i] = -1;
        return;
      }
    }
    ids[i] = ex.limit(this.base + i, side, price, size);
    pxs[i] = price;
  }
}
