import { describe, expect, it } from 'vitest';
import { scenarioPath } from '../../execution/what-if/scenario-path.js';
import { scenarioEnvPath } from './env-paths.js';

describe('scenarioEnvPath', () => {
  it("is the what-if's scenario path (same event log) plus the exchange's trade tape", () => {
    const ours = scenarioEnvPath('calm', 20, 9, true);
    const theirs = scenarioPath('calm', 20, 9);
    let volume = 0;
    ours.trades!.onTrade((_t, _p, size) => (volume += size));
    ours.advanceTo(20e9);
    theirs.advanceTo(20e9);
    expect(volume).toBeGreaterThan(0);
    expect(ours.events()).toBe(theirs.events());
    expect(ours.finish()).toBe(theirs.finish());
    expect(scenarioEnvPath('calm', 20, 9).finish()).toBe('');
  });
});
