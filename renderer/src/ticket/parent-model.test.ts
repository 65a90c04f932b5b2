import { describe, expect, it } from 'vitest';
import type { ParentOrderRecord } from '../../../main/contract/orders.js';
import { parentRows } from './parent-model.js';

const base: ParentOrderRecord = {
  parentId: 'PO-1', created: '2026-01-01T10:00:00.000Z', updated: '2026-01-01T10:01:00.000Z',
  ticket: { source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 1 }, side: 'sell', quantity: 1000, algorithm: 'twap', startSec: 0, horizonSec: 30, urgency: 2, maxParticipation: 1 },
  status: 'done', filled: 1000, avgPriceUnits: 9990, arrivalPriceUnits: 10000, isBps: 10, sourceLabel: 'calm', instrument: { symbol: 'SIM', venue: 'ABM', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 },
  baseEpochNs: '0', clock: 'utc', startNs: 34_210e9, error: null, children: [], fills: [],
};

describe('parent rows', () => {
  it('words the status: Filled, partial, working, interrupted', () => {
    expect(parentRows([base])[0]).toMatchObject({ id: 'PO-1', side: -1, status: 'Filled', tone: 'done', leaves: 0, strategy: 'twap', symbol: 'SIM' });
    expect(parentRows([{ ...base, filled: 400 }])[0]).toMatchObject({ status: 'Partially filled', tone: 'partial', fillPct: 40, partial: true });
    expect(parentRows([{ ...base, filled: 0 }])[0]).toMatchObject({ status: 'Unfilled', fillPct: 0, partial: true });
    expect(parentRows([base])[0]).toMatchObject({ fillPct: 100, partial: false });
    expect(parentRows([{ ...base, status: 'working', filled: 400 }])[0]).toMatchObject({ status: 'Working', leaves: 600, partial: false });
    expect(parentRows([{ ...base, status: 'interrupted' }])[0]!.reason).toContain('engine stopped');
  });
});
