import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { Exchange } from './exchange.js';

/** A growable Float64 column (doubling); `view()` is the filled prefix (no copy). */
export class F64Column {
  private buf: Float64Array;
  length = 0;
  constructor(initial = 1024) {
    this.buf = new Float64Array(initial);
  }
  push(x: number): void {
    if (this.length === this.buf.length) {
      const b = new Float64Array(Math.max(1024, this.buf.length * 2));
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.length++] = x;
  }
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * What a session samples for charts and stylized facts. Invariants: `midPerSec[k]` and
 * `spreadPerSec[k]` are the book mid and spread (price units) at k seconds (after every event
 * due at that time was processed; NaN while a side is empty), k = 0..durationSec; trades are in
 * execution order with time (ns), price (units), size and aggressor side (+1 buy, −1 sell).
 */
export class SessionSeries implements Task {
  readonly midPerSec: Float64Array;
  readonly spreadPerSec: Float64Array;
  readonly tradeTimeNs: F64Column;
  readonly tradePrice: F64Column;
  readonly tradeSize: F64Column;
  readonly tradeSide: F64Column;
  private k = 0;

  constructor(
    private readonly ex: Exchange,
    durationSec: number,
    recordTrades: boolean,
  ) {
    const n = Math.floor(durationSec) + 1;
    this.midPerSec = new Float64Array(n).fill(NaN);
    this.spreadPerSec = new Float64Array(n).fill(NaN);
    // Empty columns when trades are not kept: a session snapshot copies every typed array (the env's resets).
    const cap = recordTrades ? 1024 : 0;
    this.tradeTimeNs = new F64Column(cap);
    this.tradePrice = new F64Column(cap);
    this.tradeSize = new F64Column(cap);
    this.tradeSide = new F64Column(cap);
    if (recordTrades) {
      ex.onTrade((t, p, s, side) => {
        this.tradeTimeNs.push(t);
        this.tradePrice.push(p);
        this.tradeSize.push(s);
        this.tradeSide.push(side);
      });
    }
  }

  /** Arms the per-second sampler at the current time (k = 0). */
  start(scheduler: Scheduler): void {
    scheduler.at(scheduler.now, this);
  }

  fire(nowNs: number, scheduler: Scheduler): void {
    const b = this.ex.book;
    const bid = b.bestBid();
    const ask = b.bestAsk();
    this.midPerSec[this.k] = (bid + ask) / 2;
    this.spreadPerSec[this.k] = ask - bid;
    this.k++;
    if (this.k < this.midPerSec.length) scheduler.at(nowNs + 1e9, this);
  }
}
