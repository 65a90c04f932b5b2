import { describe, expect, it } from 'vitest';
import { normalizeConfig } from './backtest-config.js';
import type { AlgorithmConfig, VolumeCurve } from '../execution/algorithms/index.js';
import { algorithmFor } from './strategies.js';

function vwapCurve(a: AlgorithmConfig): VolumeCurve {
  if (a.name !== 'vwap' || !a.curve) throw new Error('expected a VWAP config with a curve');
  return a.curve;
}

describe('VWAP volume curve from history', () => {
  const curve = { edgesNs: [0, 43_200e9, 86_400e9], volumes: [1, 3] };

  it('moves a time-of-day curve onto the path clock and otherwise keeps the stylized day', () => {
    const base = { slices: 4, povRate: 0.1, urgency: 2 };
    const shifted = vwapCurve(algorithmFor('vwap', { ...base, volumeCurve: curve }, null, 1_000));
    // openNs is the scheduler time of 09:30; midnight is 34,200 s before it.
    expect(shifted.edgesNs).toEqual([1_000 - 34_200e9, 1_000 - 34_200e9 + 43_200e9, 1_000 - 34_200e9 + 86_400e9]);
    expect(shifted.volumes).toEqual([1, 3]);
    expect(vwapCurve(algorithmFor('vwap', base, null, 0)).volumes).toHaveLength(13);
  });

  it('rejects a malformed curve, naming the field', () => {
    const input = { strategies: ['twap', 'vwap'], sources: [{ kind: 'scenario' as const, name: 'calm' }], seeds: [1], side: 'buy' as const, quantity: 100, horizonSec: 20 };
    expect(() => normalizeConfig({ ...input, params: { volumeCurve: { edgesNs: [0, 1], volumes: [1, 2] } } })).toThrow(/^volumeCurve: /);
    expect(normalizeConfig({ ...input, params: { volumeCurve: curve } }).params.volumeCurve).toEqual(curve);
  });
});
