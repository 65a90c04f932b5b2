import type { Controller } from './controller.js';

/** What end-to-end tests can read from `window.__slipstream` (read-only snapshots). */
export interface TestHooks {
  app(): unknown;
  market(): { points: number; trades: number; framesApplied: number; eventIndex: number | null; bestBid: number | null; bestAsk: number | null };
  /** The What-if screen: whether a run is in flight, the last run's headline numbers, and the replay position. */
  whatif(): {
    running: boolean;
    runNo: number | null;
    filled: number | null;
    eventLogHash: string | null;
    orders: number;
    fills: number;
    snapshots: number;
    replayIndex: number;
    error: string | null;
  };
  /** The TCA screen: whether a backtest is in flight, the last run's number, columns and sizes. */
  tca(): { running: boolean; runNo: number | null; columns: string[]; rows: number; outcomes: number; frontier: number; error: string | null; failed: string[]; config: Record<string, unknown> | null };
}

declare global {
  interface Window {
    __slipstream?: TestHooks;
  }
}

/** Exposes read-only state snapshots for end-to-end tests. */
export function installTestHooks(controller: Controller): void {
  window.__slipstream = {
    app: () => {
      const { samples: _samples, ...rest } = controller.app.getState();
      return rest;
    },
    market: () => {
      const v = controller.market.view.getState();
      return {
        points: v.points,
        trades: v.trades,
        framesApplied: v.framesApplied,
        eventIndex: v.book?.eventIndex ?? null,
        bestBid: v.book?.bids[0]?.[0] ?? null,
        bestAsk: v.book?.asks[0]?.[0] ?? null,
      };
    },
    whatif: () => {
      const w = controller.whatif.store.getState();
      const r = w.run?.result;
      return {
        running: w.running,
        runNo: w.run?.runNo ?? null,
        filled: r?.summary.filled ?? null,
        eventLogHash: r?.summary.eventLogHash ?? null,
        orders: r?.orders.length ?? 0,
        fills: r?.fills.length ?? 0,
        snapshots: r?.snapshots.length ?? 0,
        replayIndex: w.replayIndex,
        error: w.error?.info.message ?? null,
      };
    },
    tca: () => {
      const t = controller.tca.store.getState();
      const r = t.run?.result;
      return {
        running: t.running,
        runNo: t.run?.runNo ?? null,
        columns: r ? [...r.table.columns] : [],
        rows: r?.table.rows.length ?? 0,
        outcomes: r?.outcomes.length ?? 0,
        frontier: r?.frontier.points.length ?? 0,
        error: t.error?.info.message ?? null,
        failed: r ? r.failed.map((f) => f.strategy) : [],
        config: r ? { ...r.config } : null,
      };
    },
  };
}
