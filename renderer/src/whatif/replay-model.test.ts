import { describe, expect, it } from 'vitest';
import { clampIndex, decodeOwn, initialReplayIndex, ownByPrice, queueText, snapshotAt, snapshotLadder } from './replay-model.js';
import { fixtureResult } from './test-fixture.js';

describe('snapshot → ladder', () => {
  const r = fixtureResult();

  it('sorts the snapshot into ladder rows and puts our orders on their price', () => {
    const lad = snapshotLadder(r.snapshots[0]!, 10);
    expect(lad.model.rows).toHaveLength(20);
    expect(lad.model.bestBid).toBe(1_000_100);
    expect(lad.model.bestAsk).toBe(1_000_200);
    const own = lad.own.get(1_000_100)!;
    expect(own.leaves).toBe(1300);
    expect(own.orders.map((o) => o.clientOrderId)).toEqual(['c1', 'c9']);
    expect(own.queue).toBe('#3, 1,200 ahead');
    expect(own.title).toBe('B c1: 1,000 working, #3, 1,200 ahead\nB c9: 300 working, #5, 2,200 ahead');
    expect(lad.ownOutside).toBe(1);
  });

  it('reads a tuple whose order count is unknown (NaN, L2 venues)', () => {
    const o = decodeOwn(r.snapshots[1]!.own[0]!);
    expect(o).toEqual({ clientOrderId: 'c2', side: 1, priceUnits: 1_000_100, leaves: 500, sizeAhead: 0, ordersAhead: null });
    expect(queueText(o)).toBe('first');
    expect(queueText({ sizeAhead: 1200, ordersAhead: null })).toBe('1,200 ahead');
    expect(queueText({ sizeAhead: 0, ordersAhead: 0 })).toBe('#1, first');
    expect(ownByPrice([{ ...o, side: -1 }]).get(1_000_100)!.side).toBe(-1);
  });

  it('pads an empty snapshot and no snapshot', () => {
    expect(snapshotLadder(r.snapshots[2]!, 5).model.rows.every((row) => row.priceUnits === null)).toBe(true);
    expect(snapshotLadder(null, 5).model.rows).toHaveLength(10);
  });

  it('finds the snapshot at a time and clamps indexes', () => {
    const s = [{ tsNs: 10 }, { tsNs: 20 }, { tsNs: 30 }];
    expect(snapshotAt(s, 5)).toBe(0);
    expect(snapshotAt(s, 20)).toBe(1);
    expect(snapshotAt(s, 29)).toBe(1);
    expect(snapshotAt(s, 99)).toBe(2);
    expect(snapshotAt([], 1)).toBe(0);
    expect(clampIndex(-3, 3)).toBe(0);
    expect(clampIndex(7, 3)).toBe(2);
    expect(clampIndex(1, 0)).toBe(0);
  });

  it('opens the replay where our orders first work, else at the order start', () => {
    const s = [{ tsNs: 10, own: [] }, { tsNs: 20, own: [] }, { tsNs: 30, own: r.snapshots[1]!.own }];
    expect(initialReplayIndex(s, 0)).toBe(2);
    const none = s.map((x) => ({ ...x, own: [] }));
    expect(initialReplayIndex(none, 25)).toBe(1);
    expect(initialReplayIndex(none, null)).toBe(0);
  });
});
