import type { FixDriftWire } from '../contract/fix-live.js';

/**
 * What the simulation predicts for a live parent's children, and when reality has drifted from it.
 *
 * Predicted ack latency: the simulated venue's entry + ack latency (`scenario-path.ts`, 200 µs
 * each way), i.e. what every backtest and what-if assumed. Predicted fill rate of a MARKETABLE
 * child (a market order or an IOC at the touch or through it): 1 — the simulated exchange fills
 * it in full whenever the opposite side holds its size, which the ticket limits (max child size)
 * keep true on every scenario we ship. Resting (day) children have no such prediction — their
 * fill depends on the queue and on how long they rest — so the fill rate is measured over the
 * marketable children only (a passive-only parent has no fill-rate verdict).
 *
 * Thresholds (why these): fill rate — alert when |actual − predicted| > 0.2 over at least 3 ended
 * marketable children (one IOC cut short by a thin book is noise; a fifth of the quantity missing over several
 * is a market or venue the simulation does not describe). Ack latency — alert when the median
 * actual ack exceeds the prediction by more than 20 ms AND by 10× (a FIX hop on loopback or a
 * colocated line adds a few ms; 20 ms more means the backtests' timing assumptions no longer hold).
 */
/** 2 × `LATENCY_NS` of `execution/what-if/scenario-path.ts` (not exported there), in ms. */
export const SIM_ACK_MS = (2 * 200_000) / 1e6;
export const SIM_MARKETABLE_FILL_RATE = 1;
export const DRIFT_THRESHOLDS = { fillRateAbs: 0.2, minEndedChildren: 3, latencyExtraMs: 20, latencyRatio: 10 } as const;

/** A child as the drift check sees it (the OMS's record). */
export interface DriftChild {
  readonly clientOrderId: string;
  readonly size: number;
  readonly filled: number;
  readonly terminal: boolean;
  /** A market order or an IOC (the fill-rate prediction applies to it); absent = true. */
  readonly marketable?: boolean;
}

/**
 * Ack latencies of one parent's children (wall ms from submit to OrderAccepted) and the drift
 * verdict. Invariant: a child's latency is counted once, from its first submit to its first ack.
 */
export class DriftTracker {
  private readonly sentAt = new Map<string, number>();
  private readonly ackMs: number[] = [];

  constructor(private readonly predicted: { readonly predictedFillRate: number; readonly predictedAckMs: number }) {}

  sent(clientOrderId: string, atMs: number): void {
    if (!this.sentAt.has(clientOrderId)) this.sentAt.set(clientOrderId, atMs);
  }

  acked(clientOrderId: string, atMs: number): void {
    const t = this.sentAt.get(clientOrderId);
    if (t === undefined) return;
    this.sentAt.delete(clientOrderId);
    this.ackMs.push(atMs - t);
  }

  snapshot(children: readonly DriftChild[]): Omit<FixDriftWire, 'parentId' | 'sessionId' | 'state' | 'quantity'> {
    const ended = children.filter((c) => c.terminal && c.marketable !== false);
    const sentQty = ended.reduce((s, c) => s + c.size, 0);
    const actualFillRate = sentQty > 0 ? ended.reduce((s, c) => s + c.filled, 0) / sentQty : null;
    const actualAckMsMedian = median(this.ackMs);
    const { predictedFillRate, predictedAckMs } = this.predicted;
    const alerts: FixDriftWire['alerts'] = [];
    const t = DRIFT_THRESHOLDS;
    if (actualFillRate !== null && ended.length >= t.minEndedChildren && Math.abs(actualFillRate - predictedFillRate) > t.fillRateAbs) {
      alerts.push({ kind: 'fill-rate-drift', message: `fill rate ${pct(actualFillRate)} against ${pct(predictedFillRate)} simulated (over ${ended.length} marketable children; alert beyond ±${pct(t.fillRateAbs)})` });
    }
    if (actualAckMsMedian !== null && actualAckMsMedian > predictedAckMs + t.latencyExtraMs && actualAckMsMedian > predictedAckMs * t.latencyRatio) {
      alerts.push({ kind: 'latency-drift', message: `median ack ${actualAckMsMedian.toFixed(1)} ms against ${predictedAckMs.toFixed(1)} ms simulated (alert beyond +${t.latencyExtraMs} ms and ${t.latencyRatio}×)` });
    }
    return {
      filled: children.reduce((s, c) => s + c.filled, 0), children: children.length, acks: this.ackMs.length,
      predictedFillRate, actualFillRate, predictedAckMs, actualAckMsMedian, alerts,
    };
  }
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
