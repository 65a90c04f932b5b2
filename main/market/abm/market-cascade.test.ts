import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioRun } from '../scenarios/run-scenario.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';

type Cascade = NonNullable<NonNullable<NonNullable<ScenarioInput['agents']>['noise']>['marketCascade']>;

/** A pure zero-intelligence market with enough market orders to see the cascade. */
function zi(marketCascade?: Cascade): ScenarioInput {
  return {
    name: 'zi-multi-cascade',
    instrument: { initialPrice: 100 },
    durationSec: 600,
    agents: {
      noise: { count: 10, ratePerSec: 0.2, marketFraction: 0.3, cancelRatePerSec: 0.05, marketSize: { logMean: 2, logSigma: 0.5, max: 200 }, ...(marketCascade ? { marketCascade } : {}) },
      marketMakers: { count: 0 }, momentum: { count: 0 }, meanReversion: { count: 0 }, value: { count: 0 },
    },
  };
}
const run = (s: ScenarioInput, seed: number, durationSec?: number): ScenarioRun => runScenario(parseScenario(s, 'test'), { seed, ...(durationSec ? { durationSec } : {}) });

describe('MarketCascadeConfig.components (a kernel of several exponentials)', () => {
  it('absent, empty or all-zero extra components give the one-exponential event log, bit for bit', () => {
    const one = run(zi({ branching: 0.5, decayPerSec: 5 }), 7);
    expect(one.session.noise.cascadeOrders).toBeGreaterThan(0);
    expect(run(zi({ branching: 0.5, decayPerSec: 5, components: [] }), 7).eventLogHash).toBe(one.eventLogHash);
    expect(run(zi({ branching: 0.5, decayPerSec: 5, components: [{ branching: 0, decayPerSec: 0.1 }] }), 7).eventLogHash).toBe(one.eventLogHash);
    // A real extra component changes the flow.
    expect(run(zi({ branching: 0.5, decayPerSec: 5, components: [{ branching: 0.2, decayPerSec: 0.1 }] }), 7).eventLogHash).not.toBe(one.eventLogHash);
  });

  it('an order has a child with the total branching; the components share the children by their branching', () => {
    const r = run(zi({ branching: 0.3, decayPerSec: 50, components: [{ branching: 0.4, decayPerSec: 0.5 }] }), 3, 23_400);
    const noise = r.session.noise;
    expect(noise.cascadeOrders / noise.marketOrders).toBeGreaterThan(0.67);
    expect(noise.cascadeOrders / noise.marketOrders).toBeLessThan(0.73);
    // The fast component's children (Exp(50 /s): 98 % within 0.08 s) against the slow one's (Exp(0.5 /s): 4 % within 0.08 s):
    // the share of market orders of one side within 0.08 s of the previous one of that side is about 0.3 + 0.4·0.04 + the base flow's.
    const t = r.series.tradeTimeNs, s = r.series.tradeSide;
    const last = new Map<number, number>();
    let close = 0, orders = 0, lt = NaN, ls = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === lt && s[i] === ls) continue;
      lt = t[i]!;
      ls = s[i]!;
      orders++;
      const p = last.get(ls);
      if (p !== undefined && t[i]! - p < 0.08e9) close++;
      last.set(ls, t[i]!);
    }
    expect(close / orders).toBeGreaterThan(0.28);
    expect(close / orders).toBeLessThan(0.40);
  }, 60_000);

  it('the schema refuses a total branching over 0.95, naming the field', () => {
    expect(() => parseScenario(zi({ branching: 0.6, decayPerSec: 5, components: [{ branching: 0.4, decayPerSec: 0.1 }] }), 'test')).toThrow(/components.*0\.95|0\.95.*components/s);
  });
});
