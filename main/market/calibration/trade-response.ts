import type { BookView } from '../book/book-types.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';

/**
 * How the book answers a market order (#8.7): as a function of the time since the last market
 * order (the executions of one timestamp and aggressor side), the rate of limit submissions and
 * of cancels on each side, relative to that order's aggressor (`agg` = the aggressor's own side, `opp` = the side it consumed), by
 * the distance from that side's touch and the time since the order. Pure counting: the same
 * `TradeResponseCounter` is fed by a replay (`TradeResponseCollector`, LOBSTER / Databento MBO
 * events) or by a simulated market (`calibration/trade-response-sink.ts`).
 */

/** Edges of the lag bins after a market order, seconds: [0, 1 ms], (1, 10 ms], (10, 100 ms], (0.1, 1 s], (1, 10 s]. */
export const RESPONSE_LAG_EDGES_SEC = [0, 0.001, 0.01, 0.1, 1, 10] as const;
/**
 * The bins whose excess over the slow bin is the burst (lags ≤ 100 ms); the last bin (1-10 s) is the
 * slow level. Why not the 0.1-1 s bin too: the calibrated market WITHOUT the flow already shows an
 * excess there (its activity: 0.95 submissions per market order on AMZN, 82 % of it at 0.1-1 s,
 * measured with `TradeResponseSink`), so fitting it would count that twice.
 */
export const BURST_BINS = 3;
/** Distances from the own touch kept apart, ticks: −D (inside by D or more) … +D (D or more behind); 0 = at the touch. */
export const RESPONSE_MAX_DISTANCE = 5;
const ND = 2 * RESPONSE_MAX_DISTANCE + 1;
const NB = RESPONSE_LAG_EDGES_SEC.length - 1;
const HORIZON_NS = RESPONSE_LAG_EDGES_SEC[NB]! * 1e9;

/** Per kind (0 submissions, 1 cancels), relative side (0 agg, 1 opp), distance index, lag bin: counts. */
type Cube = Float64Array;

/** Index of a count in a `TradeResponseCounter` cube: kind (0 submissions, 1 cancels), relative side (0 agg, 1 opp), distance index, lag bin. */
export const responseIndex = (kind: number, rel: number, d: number, bin: number): number => ((kind * 2 + rel) * ND + d) * NB + bin;

/**
 * The counts behind the table, by the time since the LAST market order (each event counted once,
 * against the most recent order: the burst after a cluster of orders is not counted once per
 * order, so the excess per order adds up to no more than the day's events). Invariants: every
 * submission / cancel is counted once in `totals`, and once in `after` when a market order came
 * less than 10 s before it; `exposureSec[class][bin]` is the time the market spent in that lag bin
 * since a market order of that class (0: the spread it left is the one it found, 1: it widened it),
 * so count ÷ exposure is the rate at that lag.
 */
export class TradeResponseCounter {
  /** Counts after market orders, by class of the last order (spread kept / widened). */
  readonly after: [Cube, Cube] = [new Float64Array(2 * 2 * ND * NB), new Float64Array(2 * 2 * ND * NB)];
  /** Seconds spent in each lag bin after an order of each class. */
  readonly exposureSec: [Float64Array, Float64Array] = [new Float64Array(NB), new Float64Array(NB)];
  /** Every submission / cancel of the day: [kind][side 0 bid, 1 ask][distance]. */
  readonly totals = new Float64Array(2 * 2 * ND);
  readonly orders: [number, number] = [0, 0];
  private moTs = NaN;
  private moSide = 0;
  private moClass = 0;
  private closed = false;
  firstNs = NaN;
  lastNs = NaN;

  /** A market order of `aggressor` (±1) at `tsNs` that left the spread at `spreadAfterTicks` from `spreadBeforeTicks`. */
  marketOrder(tsNs: number, aggressor: number, spreadBeforeTicks: number, spreadAfterTicks: number): void {
    this.seen(tsNs);
    this.closeGap(tsNs);
    this.moClass = spreadAfterTicks > spreadBeforeTicks ? 1 : 0;
    this.orders[this.moClass]++;
    this.moTs = tsNs;
    this.moSide = aggressor;
  }

  /** The last market order's class once its group is complete (the spread it left, `marketOrder`'s rule). */
  reclass(spreadBeforeTicks: number, spreadAfterTicks: number): void {
    if (this.moTs !== this.moTs) return;
    const cls = spreadAfterTicks > spreadBeforeTicks ? 1 : 0;
    if (cls !== this.moClass) {
      this.orders[this.moClass]--;
      this.orders[cls]++;
      this.moClass = cls;
    }
  }

  /** A limit submission (kind 0) or cancel (kind 1) on `side` at `distTicks` from its own touch (negative = inside the spread). */
  event(kind: 0 | 1, tsNs: number, side: number, distTicks: number): void {
    this.seen(tsNs);
    const d = (distTicks < -RESPONSE_MAX_DISTANCE ? -RESPONSE_MAX_DISTANCE : distTicks > RESPONSE_MAX_DISTANCE ? RESPONSE_MAX_DISTANCE : distTicks) + RESPONSE_MAX_DISTANCE;
    this.totals[(kind * 2 + (side === 1 ? 0 : 1)) * ND + d]!++;
    if (this.moTs !== this.moTs || tsNs - this.moTs > HORIZON_NS) return;
    const lagSec = (tsNs - this.moTs) / 1e9;
    let bin = 0;
    while (bin < NB - 1 && lagSec > RESPONSE_LAG_EDGES_SEC[bin + 1]!) bin++;
    this.after[this.moClass]![responseIndex(kind, side === this.moSide ? 0 : 1, d, bin)]!++;
  }

  /** Ends the observation at `endNs` (the session end): the last order's time in each lag bin. */
  finish(endNs: number): void {
    if (this.closed) return;
    this.closed = true;
    this.closeGap(Math.max(endNs, this.lastNs));
    if (endNs > this.lastNs) this.lastNs = endNs;
  }

  /** Seconds observed (first to last event seen, or the session end given to `finish`). */
  get durationSec(): number {
    return this.lastNs > this.firstNs ? (this.lastNs - this.firstNs) / 1e9 : 0;
  }

  /** The gap from the last market order to `tsNs`, spread over the lag bins it covers. */
  private closeGap(tsNs: number): void {
    if (this.moTs !== this.moTs) return;
    const gap = (tsNs - this.moTs) / 1e9;
    const ex = this.exposureSec[this.moClass]!;
    for (let b = 0; b < NB; b++) {
      const lo = RESPONSE_LAG_EDGES_SEC[b]!, hi = RESPONSE_LAG_EDGES_SEC[b + 1]!;
      if (gap > lo) ex[b]! += Math.min(gap, hi) - lo;
    }
  }

  private seen(tsNs: number): void {
    if (this.firstNs !== this.firstNs) this.firstNs = tsNs;
    this.lastNs = tsNs;
  }
}

/**
 * Feeds a `TradeResponseCounter` from a replay: call `onEvent` after each event is applied to the
 * book. Market order = executions (`Execute`: resting side given, aggressor the other; `Trade`:
 * aggressor given) of one timestamp and aggressor side. Submissions = `Add`; cancels = `Cancel` /
 * `Delete`, except the removal that follows a Databento `Fill` of the same order (the execution
 * leaving the book). Distances are from the own side's best of the book before the event.
 */
export class TradeResponseCollector {
  readonly counter = new TradeResponseCounter();
  private prevBid = NaN;
  private prevAsk = NaN;
  private groupTs = NaN;
  private groupSide = 0;
  private groupSpreadBefore = NaN;
  private fillOrderId = -1;
  private fillLeft = 0;

  constructor(private readonly tick: number) {}

  onEvent(ev: MarketEvent, book: BookView): void {
    const c = this.counter;
    switch (ev.kind) {
      case EventKind.Add:
        this.submitOrCancel(0, ev);
        break;
      case EventKind.Cancel:
      case EventKind.Delete:
        if (ev.orderId === this.fillOrderId && this.fillLeft > 0) this.fillLeft -= ev.size;
        else this.submitOrCancel(1, ev);
        break;
      case EventKind.Fill:
        this.fillOrderId = ev.orderId;
        this.fillLeft = ev.size;
        break;
      case EventKind.Execute:
      case EventKind.Trade: {
        const aggressor = ev.kind === EventKind.Execute ? -ev.side : ev.side;
        if (aggressor === 0) break;
        if (ev.tsNs !== this.groupTs || aggressor !== this.groupSide) {
          this.groupTs = ev.tsNs;
          this.groupSide = aggressor;
          this.groupSpreadBefore = (this.prevAsk - this.prevBid) / this.tick;
          c.marketOrder(ev.tsNs, aggressor, this.groupSpreadBefore, (book.bestAsk() - book.bestBid()) / this.tick);
        } else c.reclass(this.groupSpreadBefore, (book.bestAsk() - book.bestBid()) / this.tick);
        break;
      }
      default:
        break;
    }
    this.prevBid = book.bestBid();
    this.prevAsk = book.bestAsk();
  }

  private submitOrCancel(kind: 0 | 1, ev: MarketEvent): void {
    const own = ev.side === 1 ? this.prevBid : ev.side === -1 ? this.prevAsk : NaN;
    if (own !== own || !(this.tick > 0)) return;
    this.counter.event(kind, ev.tsNs, ev.side, Math.round((ev.side === 1 ? own - ev.priceUnits : ev.priceUnits - own) / this.tick));
  }
}
