import type { WhatIfResult } from '../../../main/contract/whatif.js';
import { chartMs, type TimeBase } from '../format/time.js';
import type { LinePoint, TradePoint } from '../market/chart-data.js';

/** Chart-ready arrays for a what-if run: x in ms since the session's midnight, prices in currency. */
export interface WhatIfChartData {
  /** Mid with our orders in the market. */
  readonly midWith: LinePoint[];
  /** Mid on the same seeded path without them. */
  readonly midWithout: LinePoint[];
  /** Our buy fills: [ms, price, size, +1]. */
  readonly buys: TradePoint[];
  /** Our sell fills: [ms, price, size, −1]. */
  readonly sells: TradePoint[];
  /** Largest fill size (for triangle sizing). */
  readonly maxFill: number;
  /** The parent order's start and end (start + horizon), ms; null for an empty run. */
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Each snapshot's time, ms (the replay cursor's positions). */
  readonly snapshotMs: number[];
}

/** The session clock of a run. */
export function runTimeBase(r: Pick<WhatIfResult, 'baseEpochNs' | 'clock'>): TimeBase {
  return { baseEpochNs: r.baseEpochNs, clock: r.clock };
}

/** Where the run's path starts, ns (the origin of the order's `startSec`). */
export function pathStartNs(r: Pick<WhatIfResult, 'path' | 'snapshots' | 'fills'>): number | null {
  return r.path[0]?.[0] ?? r.snapshots[0]?.tsNs ?? r.fills[0]?.tsNs ?? null;
}

/**
 * Converts a run's raw path and fills (ns, price units) into chart arrays. The full path is kept;
 * the chart samples it (LTTB) for display.
 */
export function buildChartData(r: Pick<WhatIfResult, 'path' | 'fills' | 'snapshots' | 'instrument' | 'baseEpochNs' | 'clock'>, order: { startSec: number; horizonSec: number }): WhatIfChartData {
  const base = runTimeBase(r);
  const scale = 10 ** r.instrument.priceDecimals;
  const px = (u: number | null) => (u === null || !Number.isFinite(u) ? null : u / scale);
  const midWith: LinePoint[] = new Array(r.path.length);
  const midWithout: LinePoint[] = new Array(r.path.length);
  r.path.forEach(([ts, w, wo], i) => {
    const x = chartMs(ts, base);
    midWith[i] = [x, px(w)];
    midWithout[i] = [x, px(wo)];
  });
  const buys: TradePoint[] = [];
  const sells: TradePoint[] = [];
  let maxFill = 0;
  for (const f of r.fills) {
    const p: TradePoint = [chartMs(f.tsNs, base), f.priceUnits / scale, f.size, f.side < 0 ? -1 : 1];
    (f.side < 0 ? sells : buys).push(p);
    if (f.size > maxFill) maxFill = f.size;
  }
  const t0 = pathStartNs(r);
  const startNs = t0 === null ? null : t0 + order.startSec * 1e9;
  return {
    midWith,
    midWithout,
    buys,
    sells,
    maxFill,
    startMs: startNs === null ? null : chartMs(startNs, base),
    endMs: startNs === null ? null : chartMs(startNs + order.horizonSec * 1e9, base),
    snapshotMs: r.snapshots.map((s) => chartMs(s.tsNs, base)),
  };
}

/** How many of the two mid series have at least one price (the e2e and the empty state read it). */
export function midSeriesWithData(d: Pick<WhatIfChartData, 'midWith' | 'midWithout'>): number {
  return [d.midWith, d.midWithout].filter((s) => s.some((p) => p[1] !== null)).length;
}
