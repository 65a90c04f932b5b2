import { describe, expect, it } from 'vitest';
import { ImmediateExecutor } from './immediate.js';
import { SubmitAndLeaveExecutor } from './submit-and-leave.js';
import { abmRig, watch } from './test-support.js';

const START = 10;
const END = 70;

describe('submit-and-leave on the agent-based market (calm)', () => {
  it('one day limit at the given price for the whole quantity, cancelled at the end, never crossed', () => {
    // Seed chosen for a partial fill (fill amounts are path outcomes; the superposed noise stream of #9 redrew the paths).
    const rig = abmRig(45, 90);
    rig.runTo(START);
    const price = rig.ctx.book.bestBid();
    const ex = new SubmitAndLeaveExecutor(rig.ctx, rig.parent({ quantity: 20_000, startSec: START, endSec: END }), { priceUnits: price });
    ex.start();
    const w = watch(rig, ex);
    rig.runTo(90);
    expect(w.violations).toEqual([]);
    const kids = ex.parent.children();
    expect(kids).toHaveLength(1);
    const [c] = kids;
    expect(c!.order).toMatchObject({ type: 'limit', tif: 'day', size: 20_000, priceUnits: price, side: 1 });
    expect(c!.createdNs).toBe(START * 1e9);
    // May fill partly or not at all (documented); what is left is cancelled at the end, not crossed.
    expect(ex.parent.filled).toBeGreaterThan(0);
    expect(ex.parent.filled).toBeLessThan(20_000);
    expect(c!.status).toBe('Cancelled');
    expect(c!.updatedNs).toBeGreaterThanOrEqual(END * 1e9);
    expect(c!.avgPriceUnits).toBe(price);
    expect(ex.finished).toBe(true);
  });

  it('far from the market it does not fill; under max participation it adds orders at the same price', () => {
    const far = abmRig(42, 60);
    const a = new SubmitAndLeaveExecutor(far.ctx, far.parent({ quantity: 1_000, startSec: START, endSec: 40, limitPriceUnits: 9_500 }));
    a.start();
    far.runTo(60);
    expect(a.parent.filled).toBe(0);
    expect(a.parent.leaves).toBe(1_000);
    expect(a.parent.working()).toHaveLength(0);

    const rig = abmRig(43, 60);
    rig.runTo(START);
    const price = rig.ctx.book.bestBid();
    const b = new SubmitAndLeaveExecutor(rig.ctx, rig.parent({ quantity: 20_000, startSec: START, endSec: 40, maxParticipation: 0.05 }), { priceUnits: price, tape: rig.tape });
    b.start();
    const w = watch(rig, b);
    rig.runTo(60);
    expect(w.violations).toEqual([]);
    expect(b.parent.children().length).toBeGreaterThan(1);
    for (const c of b.parent.children()) expect(c.order).toMatchObject({ type: 'limit', tif: 'day', priceUnits: price });
    expect(() => new SubmitAndLeaveExecutor(rig.ctx, rig.parent({ id: 'P9', quantity: 10, startSec: 50, endSec: 55 }))).toThrow('needs a price');
    expect(() => new SubmitAndLeaveExecutor(rig.ctx, rig.parent({ id: 'P8', quantity: 10, startSec: 50, endSec: 55, limitPriceUnits: 100 }), { priceUnits: 101 })).toThrow('through limitPriceUnits 100');
  });
});

describe('immediate on the agent-based market (calm)', () => {
  it('sweeps the whole quantity at the start (market IOC) and completes within seconds', () => {
    const rig = abmRig(44, 90);
    const ex = new ImmediateExecutor(rig.ctx, rig.parent({ quantity: 8_000, startSec: START, endSec: END }));
    ex.start();
    const w = watch(rig, ex, 0.25e9);
    rig.runTo(90);
    expect(w.violations).toEqual([]);
    expect(ex.parent.filled).toBe(8_000);
    const kids = ex.parent.children();
    expect(kids[0]!.order).toMatchObject({ type: 'market', tif: 'ioc', size: 8_000 });
    expect(kids[0]!.createdNs).toBe(START * 1e9);
    expect(kids.every((c) => c.order.tif === 'ioc')).toBe(true);
    expect(w.samples.find((s) => s.filled === 8_000)!.tNs).toBeLessThanOrEqual((START + 5) * 1e9);
  });

  it('with a limit price sends IOCs at the limit only, retrying what is left each heartbeat; sells too', () => {
    const rig = abmRig(45, 90);
    rig.runTo(START);
    const limit = rig.ctx.book.bestBid() - 2; // a sell that may not go below
    const ex = new ImmediateExecutor(rig.ctx, rig.parent({ side: 'sell', quantity: 30_000, startSec: START, endSec: END, limitPriceUnits: limit }));
    ex.start();
    const w = watch(rig, ex);
    rig.runTo(90);
    expect(w.violations).toEqual([]);
    expect(ex.parent.filled).toBeGreaterThan(0);
    for (const c of ex.parent.children()) {
      expect(c.order).toMatchObject({ side: -1, type: 'limit', tif: 'ioc', priceUnits: limit });
      if (c.filled > 0) expect(c.avgPriceUnits).toBeGreaterThanOrEqual(limit);
    }
    expect(rig.ctx.position()).toBe(-ex.parent.filled);
  });
});
