import type { TradeFeed } from '../algorithms/market-volume.js';
import type { BookView } from '../../market/book/book-types.js';

/**
 * A pull source of market trades (a venue's lagged `MarketView`: `takeTrades()` returns the prints
 * that arrived since the last call), for paths without a push tape (a replayed day in the What-if).
 */
export interface TradePull {
  takeTrades(): ReadonlyArray<{ readonly size: number; readonly aggressor: number }>;
}

/** Adds trades to a count (aggressor ±1; unknown counts in `total` only). */
export function countTrade(f: FlowCount, size: number, aggressor: number): void {
  f.total += size;
  if (aggressor === 1) f.buy += size;
  else if (aggressor === -1) f.sell += size;
}

/** Trades counted over one decision interval (size units); aggressor unknown counts in `total` only. */
export interface FlowCount {
  total: number;
  buy: number;
  sell: number;
}

/**
 * What the execution environment sees BEFORE decision 0, gathered the same way on a live path:
 * the mid at t0 − j·Δ for j = w..1 (w = min(volWindow, ⌊(t0 − path start) / Δ⌋)) and the trades
 * since the last of those samples. Created before t0 (when the path opens); it only reads the
 * book the strategy will read and the trade tape at times ≤ t0, so there is no look-ahead. The
 * owner advances the path to each of `times` and calls `sample()` there (no timer is put on the
 * path's scheduler, so the path before t0 is exactly the path without the agent).
 * Invariant: `mids()` holds at most `volWindow` samples, in time order.
 */
export class AgentWarmup {
  private readonly sampled: number[] = [];
  private flow: FlowCount = { total: 0, buy: 0, sell: 0 };
  /** Scheduler times to sample at, ascending (all before t0). */
  readonly times: readonly number[];

  constructor(private readonly book: BookView, tape: TradeFeed | null, t0Ns: number, deltaNs: number, volWindow: number, pathStartNs: number, private readonly pull: TradePull | null = null) {
    const w = Math.max(0, Math.min(volWindow, Math.floor((t0Ns - pathStartNs) / deltaNs)));
    tape?.onTrade((_t, _p, size, aggressor) => countTrade(this.flow, size, aggressor));
    this.times = Array.from({ length: w }, (_, i) => t0Ns - (w - i) * deltaNs);
  }

  /** The warm-up mids taken so far (NaN = one-sided book). */
  mids(): readonly number[] {
    return this.sampled;
  }

  /** The trades since the last warm-up sample (or since creation); starts a new count. */
  takeFlow(): FlowCount {
    if (this.pull !== null) for (const t of this.pull.takeTrades()) countTrade(this.flow, t.size, t.aggressor);
    const f = this.flow;
    this.flow = { total: 0, buy: 0, sell: 0 };
    return f;
  }

  /** Takes the sample due now (the owner has advanced the path to the next of `times`). */
  sample(): void {
    this.sampled.push(this.book.mid());
    this.takeFlow();
  }
}
