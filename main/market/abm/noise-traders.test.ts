import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run-scenario.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';

/** Noise traders alone (a zero-intelligence market), 600 s, with `extra` on their config. */
function zi(extra: Record<string, unknown> = {}): ScenarioInput {
  return {
    name: 'zi', durationSec: 600, instrument: { initialPrice: 100 },
    agents: {
      noise: { count: 10, ratePerSec: 0.5, marketFraction: 0.1, cancelRatePerSec: 0.2, ...extra },
      marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 },
    },
  };
}
const hash = (s: ScenarioInput, seed = 5) => runScenario(parseScenario(s, 'test'), { seed }).eventLogHash;

describe('noise traders: limit-order life by placement (`placementLife`)', () => {
  it('a mixture that is the pooled exponential gives the event log of no field, bit for bit; a real mixture changes it', () => {
    const pooled = { fleetingShare: 0, fleetingRatePerSec: 50, persistentRatePerSec: 0.2 };
    const base = hash(zi());
    expect(base).not.toBeNull();
    expect(hash(zi({ placementLife: { inside: pooled, touch: pooled } }))).toBe(base);
    expect(hash(zi({ placementLife: { inside: { ...pooled, fleetingShare: 0.5 }, touch: pooled } }))).not.toBe(base);
  });

  it('inside orders all fleeting narrow the time the spread spends inside: the mean spread widens', () => {
    const spread = (s: ScenarioInput) => {
      const r = runScenario(parseScenario(s, 'test'), { seed: 7 });
      const x = r.series.spreadPerSec.filter((v) => v > 0);
      return x.reduce((a, b) => a + b, 0) / x.length;
    };
    const pooled = { fleetingShare: 0, fleetingRatePerSec: 0, persistentRatePerSec: 0.2 };
    const fleeting = { fleetingShare: 1, fleetingRatePerSec: 100, persistentRatePerSec: 0 };
    expect(spread(zi({ placementLife: { inside: fleeting, touch: pooled } }))).toBeGreaterThan(1.3 * spread(zi()));
  });

  it('the schema rejects a share above 1, naming the field', () => {
    const bad = { fleetingShare: 1.5, fleetingRatePerSec: 1, persistentRatePerSec: 1 };
    expect(() => parseScenario(zi({ placementLife: { inside: bad, touch: bad } }), 'test')).toThrow(/placementLife/);
  });

  it('insideImprovementWeights: inside orders improve their own best by the table, so a one-tick table keeps the spread wider', () => {
    const mean = (s: ScenarioInput) => {
      const r = runScenario(parseScenario(s, 'test'), { seed: 3 });
      const x = r.series.spreadPerSec.filter((v) => v > 0);
      return x.reduce((a, b) => a + b, 0) / x.length;
    };
    const wide = { distanceWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    const base = mean(zi(wide));
    expect(mean(zi({ ...wide, insideImprovementWeights: [1] }))).toBeGreaterThan(1.2 * base);
    // A table of zeros is no table: the event log of no field.
    expect(hash(zi({ ...wide, insideImprovementWeights: [0, 0] }))).toBe(hash(zi(wide)));
  });
});
