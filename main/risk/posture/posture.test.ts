import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { AnomalyAlert } from '../anomalies/alert.js';
import { REGIME_LABELS } from '../regimes/labels.js';
import { computePosture, isStress, type PostureBounds } from './posture.js';
import { PostureTracker } from './posture-tracker.js';

const alert = (feature: AnomalyAlert['feature'], direction: 'high' | 'low'): AnomalyAlert => ({
  detector: 'robustZ', feature, day: 'd', since: 100, until: 110, samples: 11, peakAt: 105, peakZ: direction === 'high' ? 9 : -9,
  value: 10, baseline: 2, scale: 0.5, direction, score: null, scoreThreshold: null, open: true,
});
const bounds: PostureBounds = { maxParticipation: 0.2, aggressiveness: 0.8 };
const none = { regime: null, volRatio: null, alerts: [] };

describe('dynamic risk posture', () => {
  it('calm and quiet: the trader’s limits, no reasons', () => {
    expect(computePosture(bounds, { ...none, regime: 'calm' })).toEqual({ limits: { maxParticipation: 0.2, aggressiveness: 0.8 }, factor: 1, reasons: [] });
  });

  it('takes the tightest verdict, not the product, and says why', () => {
    const p = computePosture(bounds, { regime: 'volatile', volRatio: 2.5, alerts: [alert('spreadBps', 'high')] });
    expect(p.factor).toBe(0.5); // min(0.7, 1.25 / 2.5 = 0.5, 0.5)
    expect(p.limits.maxParticipation).toBeCloseTo(0.1, 15);
    expect(p.reasons.map((r) => r.source)).toEqual(['regime', 'volatility', 'anomaly']);
    expect(p.reasons[2]!.detail).toMatch(/^spreadBps high: 10\.00 vs baseline 2\.000 \(z 9\.0, robustZ\) since 100/);
  });

  it('a deeper book or a narrower spread is not stress', () => {
    expect(isStress(alert('depth', 'high'))).toBe(false);
    expect(isStress(alert('spreadBps', 'low'))).toBe(false);
    expect(computePosture(bounds, { ...none, alerts: [alert('depth', 'high')] }).factor).toBe(1);
    expect(isStress(alert('depth', 'low'))).toBe(true);
  });

  it('property: never looser than the trader, never below the floor, whatever the models say', () => {
    const rng = new Rng(11);
    const feats = ['spreadBps', 'depth', 'flow', 'returnBps', 'volume'] as const;
    for (let i = 0; i < 2000; i++) {
      const b: PostureBounds = { maxParticipation: 0.001 + 0.999 * rng.float(), aggressiveness: rng.float(), floorFraction: rng.float() };
      const inputs = {
        regime: rng.chance(0.2) ? null : REGIME_LABELS[rng.int(4)]!,
        volRatio: rng.chance(0.2) ? null : 10 * rng.float(),
        alerts: Array.from({ length: rng.int(3) }, () => alert(feats[rng.int(5)]!, rng.chance(0.5) ? 'high' : 'low')),
      };
      const p = computePosture(b, inputs);
      expect(p.limits.maxParticipation).toBeLessThanOrEqual(b.maxParticipation);
      expect(p.limits.aggressiveness).toBeLessThanOrEqual(b.aggressiveness);
      expect(p.limits.maxParticipation).toBeGreaterThanOrEqual(b.maxParticipation * b.floorFraction! * (1 - 1e-12));
      expect(p.factor).toBeLessThanOrEqual(1);
    }
  });

  it('refuses bounds outside their range, naming the field', () => {
    expect(() => computePosture({ maxParticipation: 1.5, aggressiveness: 0.5 }, none)).toThrow(/maxParticipation must be in \(0, 1\], got 1.5/);
    expect(() => computePosture({ maxParticipation: 0.5, aggressiveness: -1 }, none)).toThrow(/aggressiveness must be in \[0, 1\]/);
  });

  it('tracker: every change is one audited event with its reasons; no change, no event', () => {
    const seen: number[] = [];
    const tr = new PostureTracker('parent-1', bounds, undefined, (c) => seen.push(c.seq), 2);
    expect(tr.update(10, { ...none, regime: 'calm' })).toBeNull();
    const c1 = tr.update(20, { ...none, regime: 'stressed' })!;
    expect(c1).toMatchObject({ seq: 1, agent: 'parent-1', at: 20, from: { maxParticipation: 0.2 }, factor: 0.4 });
    expect(c1.reasons).toEqual([{ source: 'regime', factor: 0.4, detail: 'regime stressed' }]);
    expect(tr.update(30, { ...none, regime: 'stressed' })).toBeNull();
    // Relaxing waits for two calm reviews in a row; a stressed one in between starts the count again.
    expect(tr.update(35, { ...none, regime: 'calm' })).toBeNull();
    expect(tr.update(36, { ...none, regime: 'stressed' })).toBeNull();
    expect(tr.update(38, { ...none, regime: 'calm' })).toBeNull();
    const c2 = tr.update(40, { ...none, regime: 'calm' })!;
    expect(c2.at).toBe(40);
    expect(c2.to).toEqual({ maxParticipation: 0.2, aggressiveness: 0.8 });
    expect(c2.reasons).toEqual([]);
    // The trader tightens the bounds: recomputed at once, audited.
    const c3 = tr.setBounds(50, { maxParticipation: 0.1, aggressiveness: 0.8 })!;
    expect(c3.to.maxParticipation).toBe(0.1);
    expect(seen).toEqual([1, 2, 3]);
    expect(tr.log.map((c) => c.seq)).toEqual([1, 2, 3]);
  });
});
