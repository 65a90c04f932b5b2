import { describe, expect, it } from 'vitest';
import { abmRig, watch } from './test-support.js';
import { TwapExecutor } from './twap.js';
import { cumulativeVolume, volumeCurveFromBars, volumeFraction, type VolumeCurve } from './volume-curve.js';
import { VwapExecutor } from './vwap.js';

const START = 10;
const END = 130;

describe('TWAP on the agent-based market (calm)', () => {
  it('completes, never overfills, and tracks the linear schedule within one slice', () => {
    const rig = abmRig(1, 150);
    const q = 12_000;
    const slices = 12;
    const ex = new TwapExecutor(rig.ctx, rig.parent({ quantity: q, startSec: START, endSec: END }), { slices });
    ex.start();
    const w = watch(rig, ex, 0.5e9);
    rig.runTo(150);
    expect(ex.finished).toBe(true);
    expect(ex.parent.filled).toBe(q);
    expect(w.violations).toEqual([]);
    expect(ex.parent.refusals).toEqual([]);
    expect(ex.plans.map((p) => p.cumulativeTarget)).toEqual(Array.from({ length: slices }, (_, k) => (q * (k + 1)) / slices));
    const T = (END - START) * 1e9;
    for (const s of w.samples) {
      const linear = (q * (s.tNs - START * 1e9)) / T;
      expect(Math.abs(s.filled - linear), `t ${s.tNs / 1e9} s`).toBeLessThanOrEqual(q / slices);
    }
    // Each slice posts passively at our touch; only IOCs at the opposite best and the final sweep cross.
    for (const c of ex.parent.children()) expect(c.order.tif === 'day' || c.order.tif === 'ioc').toBe(true);
    expect(ex.parent.children().filter((c) => c.order.type === 'market').length).toBeLessThanOrEqual(1);
  });

  it('respects a limit price (never pays more) and max participation', () => {
    const rig = abmRig(2, 150);
    const mid = (() => {
      rig.runTo(START);
      return rig.ctx.book.mid();
    })();
    const limit = Math.round(mid) - 2;
    const ex = new TwapExecutor(rig.ctx, rig.parent({ quantity: 20_000, startSec: START, endSec: END, limitPriceUnits: limit, maxParticipation: 0.03 }), { slices: 10, tape: rig.tape });
    ex.start();
    const w = watch(rig, ex, 1e9);
    rig.runTo(150);
    expect(w.violations).toEqual([]);
    expect(ex.parent.refusals).toEqual([]);
    for (const c of ex.parent.children()) {
      expect(c.order.type).toBe('limit');
      expect(c.order.priceUnits!).toBeLessThanOrEqual(limit);
      if (c.filled > 0) expect(c.avgPriceUnits).toBeLessThanOrEqual(limit);
    }
    expect(ex.parent.filled).toBeGreaterThan(0);
    expect(ex.parent.filled).toBeLessThanOrEqual(0.03 * w.volume.volume);
  });
});

describe('VWAP', () => {
  // U-shaped profile over the horizon: 40 % / 10 % / 10 % / 40 % in four 30 s bins.
  const curve: VolumeCurve = { edgesNs: [10e9, 40e9, 70e9, 100e9, 130e9], volumes: [4, 1, 1, 4] };

  it('volume curve helpers: cumulative volume, fraction of the horizon, bars folded by time of day', () => {
    expect(cumulativeVolume(curve, 0)).toBe(0);
    expect(cumulativeVolume(curve, 25e9)).toBe(2);
    expect(cumulativeVolume(curve, 1e12)).toBe(10);
    expect(volumeFraction(curve, 10e9, 130e9, 40e9)).toBeCloseTo(0.4, 12);
    expect(volumeFraction(undefined, 10e9, 130e9, 40e9)).toBeCloseTo(0.25, 12);
    expect(volumeFraction({ edgesNs: [0, 1], volumes: [0] }, 10e9, 130e9, 40e9)).toBeCloseTo(0.25, 12);
    const day = 86_400e9;
    const bars = [
      { tsNs: 0, size: 5 }, { tsNs: 60e9, size: 1 }, { tsNs: day + 30e9, size: 7 }, { tsNs: 2 * day + 3_599e9, size: 2 },
    ];
    const c = volumeCurveFromBars(bars, { binNs: 3_600e9 });
    expect(c.volumes).toHaveLength(24);
    expect(c.volumes[0]).toBe(15);
    expect(c.edgesNs[24]).toBe(day);
    const shifted = volumeCurveFromBars(bars, { binNs: 3_600e9, originNs: 3_600e9 });
    expect(shifted.volumes[23]).toBe(15);
    expect(() => volumeCurveFromBars(bars, { binNs: 7e9 })).toThrow('binNs');
  });

  it('follows the given curve within one slice and completes', () => {
    const rig = abmRig(3, 150);
    const q = 12_000;
    const ex = new VwapExecutor(rig.ctx, rig.parent({ quantity: q, startSec: START, endSec: END }), { slices: 12, curve });
    ex.start();
    const w = watch(rig, ex, 0.5e9);
    rig.runTo(150);
    expect(ex.parent.filled).toBe(q);
    expect(w.violations).toEqual([]);
    const targets = ex.plans.map((p) => p.cumulativeTarget);
    expect(targets).toEqual([1600, 3200, 4800, 5200, 5600, 6000, 6400, 6800, 7200, 8800, 10400, 12000]);
    const maxSlice = Math.max(...targets.map((t, k) => t - (targets[k - 1] ?? 0)));
    for (const s of w.samples) {
      const expected = q * volumeFraction(curve, START * 1e9, END * 1e9, s.tNs);
      expect(Math.abs(s.filled - expected), `t ${s.tNs / 1e9} s`).toBeLessThanOrEqual(maxSlice);
    }
    // Front and back heavy: 40 % done in the first quarter, 60 % by the three-quarter mark.
    const at = (sec: number) => w.samples.find((s) => s.tNs >= sec * 1e9)!.filled;
    expect(at(41)).toBeGreaterThanOrEqual(0.4 * q - maxSlice);
    expect(at(99)).toBeLessThanOrEqual(0.6 * q + maxSlice);
  });

  it('without a curve is exactly TWAP (same child orders on the same seed)', () => {
    const run = (vwap: boolean) => {
      const rig = abmRig(4, 150);
      const spec = rig.parent({ quantity: 6_000, startSec: START, endSec: END });
      const ex = vwap ? new VwapExecutor(rig.ctx, spec, { slices: 6 }) : new TwapExecutor(rig.ctx, spec, { slices: 6 });
      ex.start();
      rig.runTo(150);
      return ex.parent.children().map((c) => [c.createdNs, c.order.type, c.order.tif, c.order.size, c.order.priceUnits, c.filled]);
    };
    expect(run(true)).toEqual(run(false));
  });
});
