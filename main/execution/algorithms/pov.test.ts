import { describe, expect, it } from 'vitest';
import { PovExecutor } from './pov.js';
import { abmRig, watch } from './test-support.js';

const START = 10;
const END = 130;

describe('POV on the agent-based market (calm)', () => {
  it('keeps filled within ±25 % of rate × market volume (after 10 s) and ends within ±5 %', () => {
    const rate = 0.1;
    const rig = abmRig(31, 150);
    // Large enough never to complete: the rate binds, not the quantity.
    const ex = new PovExecutor(rig.ctx, rig.parent({ quantity: 500_000, startSec: START, endSec: END }), { tape: rig.tape, rate });
    ex.start();
    const w = watch(rig, ex, 1e9);
    rig.runTo(150);
    expect(w.violations).toEqual([]);
    expect(ex.parent.refusals).toEqual([]);
    const late = w.samples.filter((s) => s.tNs >= (START + 10) * 1e9);
    expect(late.length).toBeGreaterThan(100);
    for (const s of late) expect(Math.abs(s.filled / s.volume - rate), `t ${s.tNs / 1e9} s`).toBeLessThanOrEqual(0.25 * rate);
    const last = w.samples[w.samples.length - 1]!;
    expect(last.tNs).toBe(END * 1e9);
    expect(Math.abs(last.filled / last.volume - rate)).toBeLessThanOrEqual(0.05 * rate);
    // At the end it only cancels: no child is sent at or after endNs.
    expect(ex.parent.children().every((c) => c.createdNs < END * 1e9)).toBe(true);
    expect(ex.finished).toBe(true);
  });

  it('never exceeds max participation, stops once the quantity is filled, and respects a limit price', () => {
    // Seed chosen so the market trades enough below the limit to complete (a path outcome; the #9 noise stream redrew the paths).
    const rig = abmRig(33, 150);
    rig.runTo(START);
    const limit = Math.round(rig.ctx.book.mid()) + 3;
    const ex = new PovExecutor(rig.ctx, rig.parent({ quantity: 15_000, startSec: START, endSec: END, maxParticipation: 0.08, limitPriceUnits: limit }), { tape: rig.tape, rate: 0.08 });
    ex.start();
    const w = watch(rig, ex, 1e9);
    rig.runTo(150);
    expect(w.violations).toEqual([]);
    expect(ex.parent.filled).toBe(15_000);
    for (const s of w.samples) expect(s.filled).toBeLessThanOrEqual(0.08 * s.volume);
    for (const c of ex.parent.children()) expect(c.order.priceUnits!).toBeLessThanOrEqual(limit);
    const doneAt = w.samples.find((s) => s.filled === 15_000)!.tNs;
    expect(ex.parent.children().every((c) => c.createdNs <= doneAt)).toBe(true);
  });

  it('rejects a rate above max participation and a missing tape', () => {
    const rig = abmRig(33, 20);
    const spec = rig.parent({ quantity: 100, startSec: 1, endSec: 10, maxParticipation: 0.1 });
    expect(() => new PovExecutor(rig.ctx, spec, { tape: rig.tape, rate: 0.2 })).toThrow('rate 0.2 exceeds maxParticipation 0.1');
    expect(() => new PovExecutor(rig.ctx, { ...spec, id: 'P2' }, { tape: undefined as never, rate: 0.05 })).toThrow('maxParticipation 0.1 needs a market trade feed');
  });
});
