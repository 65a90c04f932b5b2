import { describe, expect, it } from 'vitest';
import type { AnomalyAlertWire, PostureChangeWire } from '../../../main/contract/risk-models.js';
import { alertEvidence, dataClock, postureSentence } from './alert-evidence.js';
import { reduceRegimePanel, POSTURE_HISTORY, type RegimePanelState } from './regime-panel-model.js';

const alert: AnomalyAlertWire = {
  detector: 'robustZ', feature: 'spreadBps', day: 'd', since: 36_192, until: 36_220, samples: 29, peakAt: 36_200, peakZ: 31.44,
  value: 12.13, baseline: 2.054, scale: 0.32, direction: 'high', score: null, scoreThreshold: null, open: true,
};
const change = (seq: number): PostureChangeWire => ({
  seq, agent: 'P-1', at: 36_200, from: { maxParticipation: 0.2, aggressiveness: 0.8 }, to: { maxParticipation: 0.08, aggressiveness: 0.32 },
  factor: 0.4, bounds: { maxParticipation: 0.2, aggressiveness: 0.8 }, reasons: [{ source: 'regime', factor: 0.4, detail: 'regime stressed' }],
});

describe('risk models panel', () => {
  it('an alert in words: feature, direction, value vs baseline, z, since', () => {
    expect(alertEvidence(alert)).toBe('Spread (bps) high: 12.1 vs 2.05 usual, z 31.4, since 10:03:12');
    expect(alertEvidence({ ...alert, open: false, detector: 'isolationForest', score: 0.71, scoreThreshold: 0.62 })).toBe(
      'Spread (bps) high: 12.1 vs 2.05 usual, z 31.4, since 10:03:12 until 10:03:40, forest score 0.71 > 0.62');
  });

  it('a posture change in words, with its reasons', () => {
    expect(postureSentence(change(1))).toBe('max participation 20% → 8.0%, aggressiveness 0.80 → 0.32: regime stressed');
    expect(postureSentence({ ...change(2), reasons: [] })).toMatch(/back to the trader's limits$/);
  });

  it('folds risk.models and risk.posture events; keeps the newest posture changes first', () => {
    let s: RegimePanelState = { models: null, postures: [] };
    s = reduceRegimePanel(s, 'risk.models', { regime: { label: 'stressed', since: 36_000, probability: 0.9 }, volatility: null, alerts: [alert] });
    expect(s.models?.regime?.label).toBe('stressed');
    for (let i = 1; i <= POSTURE_HISTORY + 5; i++) s = reduceRegimePanel(s, 'risk.posture', change(i));
    expect(s.postures).toHaveLength(POSTURE_HISTORY);
    expect(s.postures[0]!.seq).toBe(POSTURE_HISTORY + 5);
    s = reduceRegimePanel(s, 'engine.restarted', { reason: 'x', restarts: 1, failedRequests: 0 });
    expect(s.models).toBeNull();
    expect(s.postures).toHaveLength(POSTURE_HISTORY);
  });

  it('clock', () => {
    expect(dataClock(34_200.9)).toBe('09:30:00');
  });
});
