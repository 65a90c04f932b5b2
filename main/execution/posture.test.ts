import { describe, expect, it } from 'vitest';
import { PostureTracker } from '../risk/posture/posture-tracker.js';
import { PovExecutor } from './algorithms/pov.js';
import { abmRig, watch } from './algorithms/test-support.js';
import { cappedParticipation, mayCross, postureOfChange, type ExecutionPosture } from './posture.js';

const START = 10;
const END = 130;
const RATE = 0.2;

/** A POV at RATE on seed 31's calm market, with (or without) a posture from the start. */
function runPov(posture: ExecutionPosture | null) {
  const rig = abmRig(31, 150);
  if (posture) rig.ctx.postureSource = () => posture;
  const ex = new PovExecutor(rig.ctx, rig.parent({ quantity: 500_000, startSec: START, endSec: END, maxParticipation: RATE }), { tape: rig.tape, rate: RATE });
  ex.start();
  const w = watch(rig, ex, 1e9);
  rig.runTo(150);
  const last = w.samples[w.samples.length - 1]!;
  const iocs = ex.parent.children().filter((c) => c.order.tif === 'ioc' || c.order.type === 'market').length;
  return { ex, w, share: last.filled / last.volume, filled: ex.parent.filled, iocs, volume: last.volume };
}

describe('risk posture in the execution algorithms', () => {
  it('a stressed regime lowers POV participation, blocks crossing, and the blocks name the reason', () => {
    const changes: string[] = [];
    const tracker = new PostureTracker('P1', { maxParticipation: RATE, aggressiveness: 0.8 }, undefined, (c) => changes.push(c.reasons.map((r) => r.detail).join('; ')));
    const change = tracker.update(0, { regime: 'stressed', volRatio: null, alerts: [] })!;
    expect(change).not.toBeNull();
    expect(changes).toEqual(['regime stressed']);
    const posture = postureOfChange(change);
    expect(posture.maxParticipation).toBeCloseTo(RATE * 0.4, 12);
    expect(posture.aggressiveness).toBeCloseTo(0.32, 12);

    const free = runPov(null);
    const stressed = runPov(posture);
    expect(free.w.violations).toEqual([]);
    expect(stressed.w.violations).toEqual([]);
    // Without a posture the POV crosses to keep pace and tracks its 20 %.
    expect(free.iocs).toBeGreaterThan(0);
    expect(free.share).toBeGreaterThan(0.15);
    expect(free.ex.postureBlocks).toEqual([]);
    // Stressed: never crosses, never above 8 % of market volume, and fills less.
    expect(stressed.iocs).toBe(0);
    for (const s of stressed.w.samples) expect(s.filled).toBeLessThanOrEqual(posture.maxParticipation * s.volume + 1e-9);
    expect(stressed.filled).toBeLessThan(free.filled);
    expect(stressed.ex.effectiveRate).toBeCloseTo(0.08, 12);
    expect(stressed.ex.postureBlocks.length).toBeGreaterThan(0);
    for (const b of stressed.ex.postureBlocks) {
      expect(b.action).toBe('cross');
      expect(b.reason).toBe('regime stressed');
      expect(b.size).toBeGreaterThanOrEqual(1);
    }
  });

  it('a posture never loosens the parent: a looser one changes nothing, bit for bit', () => {
    const free = runPov(null);
    const loose = runPov({ maxParticipation: 1, aggressiveness: 1, reason: null });
    expect(loose.filled).toBe(free.filled);
    expect(loose.ex.parent.children().map((c) => `${c.createdNs} ${c.order.tif} ${c.order.size}@${c.order.priceUnits}`)).toEqual(
      free.ex.parent.children().map((c) => `${c.createdNs} ${c.order.tif} ${c.order.size}@${c.order.priceUnits}`),
    );
    expect(loose.ex.effectiveRate).toBe(RATE);
  });

  it('after the posture relaxes, POV does not catch up on the volume that printed while it was tight', () => {
    // Rate 10 %, which POV tracks closely on this market (pov.test.ts), so a catch-up would show.
    const rate = 0.1;
    const rig = abmRig(31, 150);
    const tight: ExecutionPosture = { maxParticipation: 0.02, aggressiveness: 0.2, reason: 'regime stressed' };
    // Tight from 30 s to 70 s, then back to the trader's limits.
    rig.ctx.postureSource = () => (rig.ctx.now() >= 30e9 && rig.ctx.now() < 70e9 ? tight : null);
    let vTight = 0;
    rig.tape.onTrade((ts, _p, size) => {
      if (ts >= 30e9 && ts < 70e9) vTight += size;
    });
    const ex = new PovExecutor(rig.ctx, rig.parent({ quantity: 500_000, startSec: START, endSec: END, maxParticipation: rate }), { tape: rig.tape, rate });
    ex.start();
    const w = watch(rig, ex, 1e9);
    rig.runTo(150);
    expect(w.violations).toEqual([]);
    const last = w.samples[w.samples.length - 1]!;
    expect(vTight).toBeGreaterThan(0.1 * last.volume);
    // Allowance: the rate on the volume outside the tight interval, the tight rate inside it.
    const allowance = rate * (last.volume - vTight) + tight.maxParticipation * vTight;
    expect(ex.parent.filled).toBeLessThanOrEqual(Math.floor(allowance + 1e-9));
    // ... and it did work back up to that pace (not stuck below it).
    expect(ex.parent.filled).toBeGreaterThan(0.9 * allowance);
    // rate × V would have allowed a catch-up of this much more:
    expect(rate * last.volume - allowance).toBeGreaterThan(0.1 * allowance);
  });

  it('caps and the crossing threshold', () => {
    expect(cappedParticipation(0.1, { maxParticipation: 0.5, aggressiveness: 1, reason: null })).toBe(0.1);
    expect(cappedParticipation(0.1, { maxParticipation: 0.04, aggressiveness: 1, reason: 'x' })).toBe(0.04);
    expect(cappedParticipation(0.1, null)).toBe(0.1);
    expect(mayCross(null)).toBe(true);
    expect(mayCross({ maxParticipation: 1, aggressiveness: 0.6, reason: 'regime illiquid' })).toBe(true);
    expect(mayCross({ maxParticipation: 1, aggressiveness: 0.5, reason: 'spreadBps high' })).toBe(false);
    expect(mayCross({ maxParticipation: 1, aggressiveness: 0.48, reason: 'regime illiquid' })).toBe(false);
  });
});
