import { describe, expect, it } from 'vitest';
import { abmRig } from './algorithms/test-support.js';
import { ParentOrder, ParentOrderError, parseParentOrder, safeParseParentOrder } from './parent-order.js';

const base = { id: 'P1', symbol: 'SIM', side: 'buy', quantity: 1_000, startNs: 0, endNs: 60e9 } as const;

function issues(input: unknown): string[] {
  const r = safeParseParentOrder(input);
  return r.ok ? [] : r.issues.map((i) => i.message);
}

describe('parent order schema', () => {
  it('parses a valid order, mapping side and filling defaults', () => {
    const s = parseParentOrder({ ...base, limitPriceUnits: 10_010 });
    expect(s).toEqual({ ...base, side: 1, limitPriceUnits: 10_010, riskAversion: 0, maxParticipation: 1 });
    expect(parseParentOrder({ ...base, side: -1 }).side).toBe(-1);
    expect(parseParentOrder({ ...base, side: 'sell' }).side).toBe(-1);
  });

  it('names the field and the limit in every error', () => {
    expect(issues({ ...base, maxParticipation: 1.5 })).toEqual(['maxParticipation 1.5 exceeds 1 (100 %)']);
    expect(issues({ ...base, maxParticipation: 0 })).toEqual(['maxParticipation 0 must be greater than 0']);
    expect(issues({ ...base, quantity: 0 })).toEqual(['quantity 0 must be a positive integer (size units)']);
    expect(issues({ ...base, quantity: 2.5 })).toEqual(['quantity 2.5 must be a positive integer (size units)']);
    expect(issues({ ...base, endNs: 0 })).toEqual(['endNs 0 must be after startNs 0']);
    expect(issues({ ...base, limitPriceUnits: -3 })).toEqual(['limitPriceUnits -3 must be a positive integer (price units)']);
    expect(issues({ ...base, riskAversion: -1 })).toEqual(['riskAversion -1 must be a finite number ≥ 0 (Almgren-Chriss λ)']);
    expect(issues({ ...base, id: '' })).toEqual(['id must be a non-empty string (the strategy tag of the child orders)']);
    expect(issues({ ...base, side: 2 })[0]).toMatch(/^side: /);
    expect(issues({ ...base, quantity: undefined })[0]).toMatch(/^quantity: /);
    expect(issues({ ...base, extra: 1 })[0]).toMatch(/extra/);
    // Several problems are reported together.
    expect(issues({ ...base, quantity: -1, maxParticipation: 2 })).toHaveLength(2);
    expect(() => parseParentOrder({ ...base, maxParticipation: 1.5 })).toThrow(ParentOrderError);
    expect(() => parseParentOrder({ ...base, maxParticipation: 1.5 })).toThrow('maxParticipation 1.5 exceeds 1 (100 %)');
  });
});

describe('ParentOrder on the agent-based market', () => {
  it('owns its children by strategy tag, reports filled / leaves / average price, refuses unsafe children', () => {
    const rig = abmRig(11, 40);
    const spec = rig.parent({ quantity: 500, startSec: 10, endSec: 30, limitPriceUnits: 10_100 });
    const p = new ParentOrder(rig.ctx, spec);
    expect(() => new ParentOrder(rig.ctx, { ...spec, symbol: 'XYZ' })).toThrow('symbol XYZ does not match the context\'s instrument SIM');
    rig.runTo(5);
    expect(p.place({ side: 1, type: 'limit', tif: 'ioc', size: 10, priceUnits: 9_000 })).toBeNull(); // before start
    rig.runTo(10);
    // Another strategy's order on the same path is not ours.
    rig.ctx.place({ side: 1, type: 'limit', tif: 'day', size: 5, priceUnits: 9_000, strategy: 'other' });
    const ask = rig.ctx.book.bestAsk();
    expect(p.place({ side: 1, type: 'market', tif: 'ioc', size: 10 })).toBeNull(); // a limit price is set
    expect(p.place({ side: -1, type: 'limit', tif: 'ioc', size: 10, priceUnits: ask })).toBeNull(); // wrong side
    expect(p.place({ side: 1, type: 'limit', tif: 'ioc', size: 10, priceUnits: 10_101 })).toBeNull(); // through the limit
    const a = p.place({ side: 1, type: 'limit', tif: 'ioc', size: 300, priceUnits: ask });
    const b = p.place({ side: 1, type: 'limit', tif: 'day', size: 200, priceUnits: rig.ctx.book.bestBid() - 50 });
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    // 300 + 200 in flight: nothing more may be sent, even before any fill.
    expect(p.inFlight()).toBe(500);
    expect(p.unallocated()).toBe(0);
    expect(p.place({ side: 1, type: 'limit', tif: 'ioc', size: 1, priceUnits: ask })).toBeNull();
    expect(p.refusals).toHaveLength(5);
    rig.runTo(11);
    const kids = p.children();
    expect(kids.map((c) => c.order.clientOrderId)).toEqual([a, b]);
    expect(p.filled).toBe(kids.reduce((n, c) => n + c.filled, 0));
    expect(p.filled).toBeGreaterThan(0);
    expect(p.leaves).toBe(500 - p.filled);
    const notional = kids.reduce((n, c) => n + (c.filled > 0 ? c.filled * c.avgPriceUnits : 0), 0);
    expect(p.avgPriceUnits).toBeCloseTo(notional / p.filled, 9);
    expect(p.filled + p.inFlight()).toBeLessThanOrEqual(500);
    rig.ctx.cancel(b!);
    rig.runTo(12);
    expect(p.working()).toHaveLength(0);
    expect(p.unallocated()).toBe(500 - p.filled);
  });

  it('finds each child it sends at once, with or without the context\'s order(id); firstWorking / child(id) agree with working() / children()', () => {
    for (const withLookup of [true, false]) {
      const rig = abmRig(11, 40);
      const spec = rig.parent({ quantity: 500, startSec: 10, endSec: 30 });
      // A context without the optional lookup: the parent falls back to scanning orders().
      const ctx = withLookup ? rig.ctx : Object.assign(Object.create(rig.ctx) as typeof rig.ctx, { order: undefined });
      const p = new ParentOrder(ctx, spec);
      rig.runTo(10);
      expect(p.firstWorking()).toBeUndefined();
      const bid = rig.ctx.book.bestBid();
      const a = p.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid - 100 })!;
      const b = p.place({ side: 1, type: 'limit', tif: 'day', size: 50, priceUnits: bid - 200 })!;
      // Pending (no event yet): already counted in flight.
      expect(p.inFlight()).toBe(150);
      expect(p.child(a)).toBe(p.children()[0]);
      expect(p.child(b)?.order.clientOrderId).toBe(b);
      expect(p.child('nope')).toBeUndefined();
      expect(p.firstWorking()).toBe(p.working()[0]);
      rig.ctx.cancel(a);
      rig.runTo(11);
      expect(p.firstWorking()).toBe(p.working()[0]);
      expect(p.firstWorking()?.order.clientOrderId).toBe(b);
    }
  });
});
