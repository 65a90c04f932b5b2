import type { QrParams } from './qr-params.js';

/** Tests only: small hand-written parameters (tick 100 units, price 100.00, AES 100). */
export function testParams(over: Partial<QrParams> = {}): QrParams {
  const K = 5;
  return {
    instrument: { symbol: 'TEST', venue: 'QR', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 },
    source: 'test',
    aesUnits: 100,
    buckets: K,
    limitRate: [0, 1, 1, 0.8, 0.6, 0.5],
    cancelRate: [0, 0.6, 0.8, 0.9, 1, 1.2],
    marketRate: [0, 0.3, 0.3, 0.3, 0.3, 0.3],
    insideRate: [0, 0, 0.5, 0.6, 0.8],
    limitSizes: [50, 100, 100, 200],
    cancelSizes: [50, 100],
    marketSizes: [20, 50, 100],
    refillSizes: [100, 200, 300],
    gapTicks: [1, 1, 2],
    insideTicks: [1],
    initialMidUnits: 1_000_000,
    initialSpreadTicks: 2,
    sessionSec: 3_600,
    ...over,
  };
}
