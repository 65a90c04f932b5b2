import type { Controller } from './controller.js';

/** What end-to-end tests can read from `window.__slipstream` (read-only snapshots). */
export interface TestHooks {
  app(): unknown;
  market(): { points: number; trades: number; framesApplied: number; eventIndex: number | null; bestBid: number | null; bestAsk: number | null };
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
  };
}
