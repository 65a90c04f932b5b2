import type { WhatIfResult } from '../../../main/contract/whatif.js';

/** A small what-if result for unit tests: 4 decimals, tick 100 units (0.01), base at midnight. */
export function fixtureResult(over: Partial<WhatIfResult> = {}): WhatIfResult {
  const s = 1_000_000_000;
  const t0 = 34_200 * s; // 09:30:00 exchange-local
  return {
    runId: 'r1',
    seed: 42,
    source: 'scenario:calm',
    instrument: { symbol: 'SIM', venue: 'SIMX', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 },
    baseEpochNs: '1700000000000000000',
    clock: 'exchange-local',
    depthLevels: 1,
    path: [
      [t0, 1_000_050, 1_000_050],
      [t0 + 10 * s, 1_000_150, 1_000_050],
      [t0 + 20 * s, null, 999_950],
    ],
    fills: [
      { tsNs: t0 + 1 * s, clientOrderId: 'c1', side: 1, priceUnits: 1_000_100, size: 1000, aggressor: false },
      { tsNs: t0 + 11 * s, clientOrderId: 'c2', side: 1, priceUnits: 1_000_200, size: 500, aggressor: true },
      { tsNs: t0 + 12 * s, clientOrderId: 'c3', side: -1, priceUnits: 1_000_000, size: 250, aggressor: true },
    ],
    orders: [
      { clientOrderId: 'c2', side: 1, type: 'limit', size: 1000, filled: 500, priceUnits: 1_000_200, avgPriceUnits: 1_000_200, status: 'PartiallyFilled', createdNs: t0 + 10 * s, reason: null },
      { clientOrderId: 'c1', side: 1, type: 'limit', size: 1000, filled: 1000, priceUnits: 1_000_100, avgPriceUnits: 1_000_100, status: 'Filled', createdNs: t0, reason: null },
      { clientOrderId: 'c3', side: -1, type: 'market ioc', size: 250, filled: 250, priceUnits: null, avgPriceUnits: 1_000_000, status: 'Filled', createdNs: t0 + 12 * s, reason: null },
      { clientOrderId: 'c4', side: 1, type: 'limit', size: 1000, filled: 0, priceUnits: 1_000_100, avgPriceUnits: null, status: 'Denied', createdNs: t0 + 13 * s, reason: 'Quantity 1,000 exceeds max order quantity 500 (Risk settings).' },
      { clientOrderId: 'c5', side: 1, type: 'limit', size: 1000, filled: 200, priceUnits: 1_000_100, avgPriceUnits: 1_000_100, status: 'Cancelled', createdNs: t0 + 14 * s, reason: null },
    ],
    snapshots: [
      {
        tsNs: t0,
        bids: [[1_000_000, 300, 2], [1_000_100, 1500, 3]],
        asks: [[1_000_200, 800, 1], [1_000_300, 400, 2]],
        own: [['c1', 1, 1_000_100, 1000, 1200, 2], ['c9', 1, 1_000_100, 300, 2200, 4], ['c8', 1, 990_000, 100, 0, 0]],
      },
      { tsNs: t0 + 10 * s, bids: [[1_000_100, 500, 1]], asks: [[1_000_200, 300, 1]], own: [['c2', 1, 1_000_100, 500, 0, NaN]] },
      { tsNs: t0 + 20 * s, bids: [], asks: [], own: [] },
    ],
    summary: { filled: 1750, arrivalPriceUnits: 1_000_050, avgPriceUnits: 1_000_114.2857, shortfallBps: 0.64, impactBps: -0.3, events: 12_345, eventLogHash: '9f2c4e1a77b03d5e8c1f2a3b4c5d6e7f', elapsedMs: 1234 },
    ...over,
  };
}
