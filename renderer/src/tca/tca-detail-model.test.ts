import { describe, expect, it } from 'vitest';
import { BacktestOrderDetailSchema, type BacktestOrderDetail } from '../../../main/contract/backtest.js';
import { detailArgs, detailBlotterRows, detailCaption, detailChartData } from './tca-detail-model.js';

const S = 1e9;
const DETAIL: BacktestOrderDetail = BacktestOrderDetailSchema.parse({
  runId: 'b1', strategy: 'twap', seed: 1, pathId: 'calm@30s/seed1', source: 'calm · 60 s',
  instrument: { symbol: 'SIM', venue: 'SIM', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 },
  baseEpochNs: '0', clock: 'utc', side: 'buy', quantity: 2000, startSec: 30, horizonSec: 20,
  startNs: 30 * S, endNs: 50 * S,
  // 10 s of look-back (with = without), then the order window.
  path: [[20 * S, 10000, 10000], [30 * S, 10001, 10001], [40 * S, 10003, 10002], [50.1 * S, null, 10002]],
  fills: [
    { tsNs: 31 * S, clientOrderId: 'B2', side: 1, priceUnits: 10002, size: 1500, aggressor: true },
    { tsNs: 32 * S, clientOrderId: 'B1', side: -1, priceUnits: 10001, size: 100, aggressor: false },
  ],
  orders: [
    { clientOrderId: 'B2', side: 1, type: 'limit day', size: 1500, filled: 1500, priceUnits: 10002, avgPriceUnits: 10002, status: 'Filled', createdNs: 31 * S, reason: null },
    { clientOrderId: 'B1', side: 1, type: 'market ioc', size: 500, filled: 0, priceUnits: null, avgPriceUnits: null, status: 'Denied', createdNs: 30 * S, reason: 'price band' },
  ],
  filled: 1500, isBps: 1.234, impactBps: null, elapsedMs: 12,
});

describe('TCA drill-down mappings', () => {
  it('maps an outcomes row to the orderDetail arguments (engine strategy name, not its label)', () => {
    expect(detailArgs('b3', { strategyKey: 'almgren-chriss', seed: 7, pathId: 'calm@30s/seed7' })).toEqual({ runId: 'b3', strategy: 'almgren-chriss', seed: 7, pathId: 'calm@30s/seed7' });
  });

  it('charts the path with the What-if builder: prices in currency, fills by side, Start/End at the order window', () => {
    const d = detailChartData(DETAIL);
    expect(d.midWith.map((p) => p[1])).toEqual([100, 100.01, 100.03, null]);
    expect(d.midWithout.map((p) => p[1])).toEqual([100, 100.01, 100.02, 100.02]);
    expect(d.midWith[0]![0]).toBe(20_000);
    expect(d.startMs).toBe(30_000);
    expect(d.endMs).toBe(50_000);
    expect(d.buys).toEqual([[31_000, 100.02, 1500, 1]]);
    expect(d.sells).toEqual([[32_000, 100.01, 100, -1]]);
    expect(d.maxFill).toBe(1500);
    expect(d.snapshotMs).toEqual([]);
  });

  it('lists the child orders as What-if blotter rows, oldest first, with the strategy label', () => {
    const rows = detailBlotterRows(DETAIL);
    expect(rows.map((r) => r.id)).toEqual(['B1', 'B2']);
    expect(rows[0]).toMatchObject({ status: 'Denied', reason: 'price band', limitUnits: null, leaves: 0, strategy: 'TWAP', symbol: 'SIM' });
    expect(rows[1]).toMatchObject({ status: 'Filled', filled: 1500, avgPriceUnits: 10002 });
  });

  it('captions the order with its fill and IS (bps, + = cost)', () => {
    expect(detailCaption(DETAIL)).toBe('TWAP · calm@30s/seed1 · buy 2,000 · filled 1,500 (75.0 %) · IS 1.23 bps');
  });
});
