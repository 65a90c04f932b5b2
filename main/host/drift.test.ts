import { describe, expect, it } from 'vitest';
import { DRIFT_THRESHOLDS, DriftTracker, SIM_ACK_MS } from './drift.js';

const child = (id: string, size: number, filled: number, terminal = true) => ({ clientOrderId: id, size, filled, terminal });

describe('DriftTracker', () => {
  it('measures ack latency from first submit to first ack (median) and the fill rate of ended children', () => {
    const d = new DriftTracker({ predictedFillRate: 1, predictedAckMs: SIM_ACK_MS });
    d.sent('a', 100);
    d.sent('a', 150); // a resubmit does not restart the clock
    d.acked('a', 102);
    d.sent('b', 200);
    d.acked('b', 206);
    d.acked('b', 300); // a second ack is not a second sample
    d.sent('c', 300);
    d.acked('c', 303);
    const s = d.snapshot([child('a', 100, 100), child('b', 100, 50), child('c', 100, 0, false)]);
    expect(s.acks).toBe(3);
    expect(s.actualAckMsMedian).toBe(3);
    expect(s.actualFillRate).toBe(0.75); // c is still working: not counted
    expect(s.filled).toBe(150);
    expect(s.alerts).toEqual([]); // 2 ended children: below the minimum for a fill-rate verdict
  });

  it('measures the fill rate over marketable children only: resting (day) children have no fill prediction', () => {
    const d = new DriftTracker({ predictedFillRate: 1, predictedAckMs: SIM_ACK_MS });
    const resting = (id: string, filled: number) => ({ ...child(id, 100, filled), marketable: false });
    const s = d.snapshot([child('a', 100, 100), resting('b', 0), resting('c', 0), resting('d', 0), child('e', 100, 100), child('f', 100, 100)]);
    expect(s.actualFillRate).toBe(1); // the three unfilled day children would make it 0.5 and alert
    expect(s.alerts).toEqual([]);
    expect(s.children).toBe(6);
    expect(d.snapshot([resting('b', 0)]).actualFillRate).toBeNull();
  });

  it('alerts on fill rate beyond ±0.2 over 3 ended children, and not at the threshold', () => {
    const d = new DriftTracker({ predictedFillRate: 1, predictedAckMs: SIM_ACK_MS });
    expect(d.snapshot([child('a', 100, 80), child('b', 100, 80), child('c', 100, 80)]).alerts).toEqual([]);
    const s = d.snapshot([child('a', 100, 70), child('b', 100, 80), child('c', 100, 80)]);
    expect(s.alerts.map((x) => x.kind)).toEqual(['fill-rate-drift']);
    expect(DRIFT_THRESHOLDS.fillRateAbs).toBe(0.2);
  });

  it('alerts on latency only beyond both +20 ms and 10× the simulated round trip', () => {
    const slow = new DriftTracker({ predictedFillRate: 1, predictedAckMs: 0.4 });
    slow.sent('a', 0);
    slow.acked('a', 25);
    expect(slow.snapshot([]).alerts.map((x) => x.kind)).toEqual(['latency-drift']);
    const ok = new DriftTracker({ predictedFillRate: 1, predictedAckMs: 0.4 });
    ok.sent('a', 0);
    ok.acked('a', 15);
    expect(ok.snapshot([]).alerts).toEqual([]);
    const highPrediction = new DriftTracker({ predictedFillRate: 1, predictedAckMs: 10 });
    highPrediction.sent('a', 0);
    highPrediction.acked('a', 35); // +25 ms but only 3.5×
    expect(highPrediction.snapshot([]).alerts).toEqual([]);
  });
});
