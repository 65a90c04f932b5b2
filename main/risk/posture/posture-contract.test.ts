import { describe, expect, it } from 'vitest';
import { AnomalyAlertSchema, PostureChangeSchema } from '../../contract/risk-models.js';
import { detectAnomalies } from '../anomalies/detect.js';
import type { DaySeries } from '../returns.js';
import { PostureTracker } from './posture-tracker.js';

describe('risk model outputs on the wire', () => {
  it('an engine PostureChange and AnomalyAlert parse with the contract schemas', () => {
    const changes: unknown[] = [];
    const tr = new PostureTracker('p', { maxParticipation: 0.3, aggressiveness: 0.5, floorFraction: 0.2 }, undefined, (c) => changes.push(c));
    const n = 2000;
    const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
    const d: DaySeries = {
      label: 'x', source: 'ticks', symbol: 'X', sampleSec: 1, skipped: 0, t: col((i) => i + 1),
      r: col((i) => 1e-4 * Math.sin(i * 1.7)), spreadBps: col((i) => (i > 1500 && i < 1530 ? 20 : 2 + 0.1 * Math.sin(i))),
      depth: col((i) => 1000 + 10 * Math.cos(i)), volume: col(() => 1), flow: col((i) => Math.sin(i * 0.3)),
    };
    const alerts = detectAnomalies([d]).alerts;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(AnomalyAlertSchema.parse(a)).toEqual(a);
    tr.update(1, { regime: 'stressed', volRatio: 2, alerts });
    expect(changes).toHaveLength(1);
    expect(PostureChangeSchema.parse(changes[0])).toEqual(changes[0]);
  });
});
