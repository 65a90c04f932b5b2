import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../market/scenarios/presets.js';
import { runScenario } from '../../market/scenarios/run-scenario.js';
import { fitScenarioMarket } from './fit-scenario.js';

describe('fitScenarioMarket', () => {
  it('fits the training market to a seeded simulated day of a named scenario, deterministically; sizes from that day\'s volume', () => {
    const day = { scenario: 'illiquid', seed: 4, durationSec: 1_800 };
    const m = fitScenarioMarket(day);
    expect(m.name).toBe('illiquid (seed 4)');
    expect(m.params.source).toBe('illiquid seed 4');
    expect(m.params.instrument).toMatchObject({ symbol: 'SIM', venue: 'ABM', priceDecimals: 2, tickSizeUnits: 1 });
    expect(m.params.sessionSec).toBeGreaterThan(1_700);
    expect(m.params.sessionSec).toBeLessThanOrEqual(1_800);
    for (let n = 1; n <= m.params.buckets; n++) expect(m.params.limitRate[n]! + m.params.cancelRate[n]! + m.params.marketRate[n]!).toBeGreaterThan(0);
    // The volume rate is the simulated day's own (the same seeded run).
    const run = runScenario(PRESETS.illiquid, { seed: 4, durationSec: 1_800, scaleTimeline: true, eventLog: false, recordTrades: false });
    expect(m.volumePerSec).toBeCloseTo(run.volume / 1_800, 9);
    expect(fitScenarioMarket(day)).toEqual(m);
    // Another scenario is another market: a calm day trades far more than an illiquid one.
    const calm = fitScenarioMarket({ scenario: 'calm', seed: 4, durationSec: 600 });
    expect(calm.volumePerSec).toBeGreaterThan(10 * m.volumePerSec);
    expect(calm.params.limitRate).not.toEqual(m.params.limitRate);
    expect(() => fitScenarioMarket({ scenario: 'no-such-scenario', seed: 1 })).toThrow(/no-such-scenario/);
  }, 120_000);
});
