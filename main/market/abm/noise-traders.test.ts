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

describe('noise traders: the improvement table by the spread an order finds (`insideImprovementBySpread`)', () => {
  const wide = { distanceWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
  const uniform = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  /** Spread per second (ticks) of a 1,200 s zero-intelligence market. */
  const spreads = (s: ScenarioInput, seed = 3) => Array.from(runScenario(parseScenario(s, 'test'), { seed }).series.spreadPerSec).filter((v) => v > 0).map((v) => Math.round(v));
  const long = (extra: Record<string, unknown>) => ({ ...zi(extra), durationSec: 1200 });
  const shareAtMost = (xs: number[], t: number) => xs.filter((x) => x <= t).length / xs.length;

  it('one bucket holding the pooled table is the pooled table, bit for bit (same stream, same draws)', () => {
    const pooled = hash(zi({ ...wide, insideImprovementWeights: uniform }));
    expect(hash(zi({ ...wide, insideImprovementBySpread: { spreadEdgesTicks: [], weights: [uniform] } }))).toBe(pooled);
    // Two buckets with different tables draw differently.
    expect(hash(zi({ ...wide, insideImprovementBySpread: { spreadEdgesTicks: [6], weights: [[1], uniform] } }))).not.toBe(pooled);
  });

  it('one-tick improvements below 6 ticks, the pooled table above: narrow spreads are rarer than with the pooled table', () => {
    for (const seed of [3, 4]) {
      const pooled = spreads(long({ ...wide, insideImprovementWeights: uniform }), seed);
      const bySpread = spreads(long({ ...wide, insideImprovementBySpread: { spreadEdgesTicks: [6], weights: [[1], uniform] } }), seed);
      // A deep improvement of a 2-5 tick spread leaves one tick; one tick leaves 1-4.
      expect(shareAtMost(bySpread, 1)).toBeLessThan(0.8 * shareAtMost(pooled, 1));
    }
  });

  it('insideShare decides whether an order goes inside: 0 keeps every order at or behind its own best, 1 sends every one in', () => {
    const table = { spreadEdgesTicks: [], weights: [[1]] };
    const none = spreads(long({ ...wide, insideImprovementBySpread: { ...table, insideShare: [0] } }));
    const all = spreads(long({ ...wide, insideImprovementBySpread: { ...table, insideShare: [1] } }));
    const byDistance = spreads(long({ ...wide, insideImprovementBySpread: table }));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(none)).toBeGreaterThan(1.5 * mean(byDistance));
    expect(shareAtMost(all, 1)).toBeGreaterThan(shareAtMost(byDistance, 1) + 0.1);
  });

  it('the schema names the field and the limit', () => {
    const bad = (t: unknown) => () => parseScenario(zi({ insideImprovementBySpread: t }), 'test');
    expect(bad({ spreadEdgesTicks: [6, 4], weights: [[1], [1], [1]] })).toThrow(/insideImprovementBySpread\.spreadEdgesTicks.*strictly ascending/);
    expect(bad({ spreadEdgesTicks: [6], weights: [[1]] })).toThrow(/insideImprovementBySpread\.weights: expected 2 rows/);
    expect(bad({ spreadEdgesTicks: [6], weights: [[1], [0, 0]] })).toThrow(/insideImprovementBySpread\.weights.*1.*weight > 0/);
    expect(bad({ spreadEdgesTicks: [1], weights: [[1], [1]] })).toThrow(/spreadEdgesTicks/);
    expect(bad({ spreadEdgesTicks: [6], weights: [[1], [1]], insideShare: [0.5] })).toThrow(/insideShare: expected 2 shares/);
    expect(bad({ spreadEdgesTicks: [6], weights: [[1], [1]], insideShare: [0.5, 1.5] })).toThrow(/insideShare/);
  });
});

describe('noise traders: the market-order share by the spread an act finds (`marketFractionBySpread`)', () => {
  const wide = { distanceWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], insideImprovementWeights: [1, 1, 1, 1, 1, 1, 1, 1] };
  const spreads = (s: ScenarioInput, seed: number) => Array.from(runScenario(parseScenario(s, 'test'), { seed }).series.spreadPerSec).filter((v) => v > 0);

  it('one bucket at marketFraction is the event log of no field, bit for bit (the same coin)', () => {
    const base = hash(zi(wide));
    expect(hash(zi({ ...wide, marketFractionBySpread: { spreadEdgesTicks: [], marketFraction: [0.1] } }))).toBe(base);
    expect(hash(zi({ ...wide, marketFractionBySpread: { spreadEdgesTicks: [4], marketFraction: [0.5, 0.1] } }))).not.toBe(base);
  });

  it('market orders that come faster at narrow spreads (half the acts below 4 ticks) make narrow spreads rarer', () => {
    for (const seed of [3, 4]) {
      const flat = spreads({ ...zi(wide), durationSec: 1200 }, seed);
      const fast = spreads({ ...zi({ ...wide, marketFractionBySpread: { spreadEdgesTicks: [4], marketFraction: [0.5, 0.1] } }), durationSec: 1200 }, seed);
      const narrow = (xs: number[]) => xs.filter((x) => x < 3.5).length / xs.length;
      expect(narrow(fast)).toBeLessThan(0.8 * narrow(flat));
    }
  });

  it('the schema names the field and the limit', () => {
    const bad = (t: unknown) => () => parseScenario(zi({ marketFractionBySpread: t }), 'test');
    expect(bad({ spreadEdgesTicks: [4], marketFraction: [0.5] })).toThrow(/marketFractionBySpread\.marketFraction: expected 2 shares/);
    expect(bad({ spreadEdgesTicks: [4, 3], marketFraction: [0.5, 0.1, 0.1] })).toThrow(/marketFractionBySpread\.spreadEdgesTicks.*strictly ascending/);
    expect(bad({ spreadEdgesTicks: [4], marketFraction: [1.5, 0.1] })).toThrow(/marketFractionBySpread\.marketFraction/);
  });
});

describe('noise traders: the act rate by the spread (`marketFractionBySpread.rateMultiplier`, thinning)', () => {
  const wide = { distanceWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], insideImprovementWeights: [1, 1, 1, 1, 1, 1, 1, 1] };
  const run = (s: ScenarioInput, seed: number) => runScenario(parseScenario({ ...s, durationSec: 1200 }, 'test'), { seed });

  it('multipliers of 1 thin nothing: the event log of no multipliers, bit for bit', () => {
    const by = { spreadEdgesTicks: [4], marketFraction: [0.5, 0.1] };
    expect(hash(zi({ ...wide, marketFractionBySpread: { ...by, rateMultiplier: [1, 1] } }))).toBe(hash(zi({ ...wide, marketFractionBySpread: by })));
  });

  it('a multiplier of 2 at every spread doubles the acts; 4 from 4 ticks on makes wide spreads rarer', () => {
    const by = { spreadEdgesTicks: [4], marketFraction: [0.1, 0.1] };
    const spreads = (s: ScenarioInput, seed: number) => Array.from(run(s, seed).series.spreadPerSec).filter((v) => v > 0);
    const wideShare = (xs: number[]) => xs.filter((x) => x > 5.5).length / xs.length;
    const trades = (s: ScenarioInput, seed: number) => run(s, seed).series.tradeTimeNs.length;
    for (const seed of [3, 4]) {
      const base = trades(zi({ ...wide, marketFractionBySpread: by }), seed);
      const twice = trades(zi({ ...wide, marketFractionBySpread: { ...by, rateMultiplier: [2, 2] } }), seed);
      expect(twice / base).toBeGreaterThan(1.6);
      expect(twice / base).toBeLessThan(2.5);
      // More placements while the spread is wide: more of them land inside it.
      const fast = spreads(zi({ ...wide, marketFractionBySpread: { ...by, rateMultiplier: [1, 4] } }), seed);
      expect(wideShare(fast)).toBeLessThan(0.8 * wideShare(spreads(zi({ ...wide, marketFractionBySpread: by }), seed)));
    }
  });

  it('the schema names the field and the limit', () => {
    expect(() => parseScenario(zi({ marketFractionBySpread: { spreadEdgesTicks: [4], marketFraction: [0.1, 0.1], rateMultiplier: [1] } }), 'test')).toThrow(/rateMultiplier: expected 2 multipliers/);
    expect(() => parseScenario(zi({ marketFractionBySpread: { spreadEdgesTicks: [4], marketFraction: [0.1, 0.1], rateMultiplier: [0, 1] } }), 'test')).toThrow(/rateMultiplier/);
  });
});
