import { describe, expect, it } from 'vitest';
import { costVariance, expectedCost, type ACParams } from '../market/ac-world/almgren-chriss.js';
import { DEFAULT_AC_WORLD, parseACWorldParams } from '../market/ac-world/ac-world-params.js';
import { acCumulativeFractions } from '../execution/algorithms/almgren-chriss-executor.js';
import { runBacktest } from './backtest-runner.js';
import { acWorldModel } from './strategies.js';

// Issue #8.5: the Almgren-Chriss world is a backtest scenario; the AC strategy's mean cost there
// matches its closed-form expectation.
const X = 20_000;
const H = 60;
const N = 10;
const WORLD = parseACWorldParams({ ...DEFAULT_AC_WORLD, periodSec: H / N });

describe('the AC world as a backtest scenario', () => {
  it('AC strategy: mean cost within 2 standard errors of its closed-form E; spread as its closed-form V', async () => {
    const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
    const r = await runBacktest({
      strategies: ['twap', 'ac'], sources: [{ kind: 'ac', params: WORLD }], seeds, side: 'sell', quantity: X, horizonSec: H, startSec: 30,
      params: { slices: N, urgency: 2 }, bootstrapResamples: 200,
    }, { workers: 0 });
    expect(r.pathCheck!.distinct).toBe(60);
    const ac = r.outcomes.filter((o) => o.strategy === 'almgren-chriss');
    for (const o of ac) expect(o.tca.fillRate).toBe(1);
    // The schedule the AC strategy planned, from the world's true model, as trades per period.
    const model = acWorldModel(WORLD, H, 2);
    expect(ac[0]!.model).toEqual(model);
    const f = acCumulativeFractions({ sigmaUnitsPerSqrtSec: model.sigmaUnitsPerSqrtSec, etaUnitsPerRate: model.etaUnitsPerRate }, H, N, model.riskAversion);
    const targets = f.map((x) => Math.round(X * x));
    const trades = targets.map((t, k) => t - (k === 0 ? 0 : targets[k - 1]!));
    expect(trades[0]!).toBeGreaterThan(trades[N - 1]!); // front-loaded: not TWAP
    // Closed form in the world's units ($, shares, s), one trade per period (each slice's quantity
    // is crossed at the slice's end, so holdings are X for the first period: x_0..x_{N−1}).
    const p: ACParams = { S0: WORLD.S0, sigma: WORLD.sigma, epsilon: WORLD.epsilon, gamma: WORLD.gamma, eta: WORLD.eta, T: H, N };
    const toBps = (dollars: number) => (dollars / (X * WORLD.S0)) * 1e4;
    const holdings = [X, X, ...targets.slice(0, N - 1).map((t) => X - t)];
    const eBps = toBps(expectedCost(p, trades));
    const sdBps = toBps(Math.sqrt(costVariance(p, holdings)));
    const costs = ac.map((o) => o.isBps);
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    const sd = Math.sqrt(costs.reduce((a, b) => a + (b - mean) ** 2, 0) / (costs.length - 1));
    const se = sdBps / Math.sqrt(costs.length);
    expect(Math.abs(mean - eBps)).toBeLessThan(2 * se);
    expect(sd / sdBps).toBeGreaterThan(0.7);
    expect(sd / sdBps).toBeLessThan(1.3);
    // AC front-loads: it pays more temporary impact than TWAP and carries less risk.
    const twap = r.comparison!.strategies.find((s) => s.strategy === 'twap')!;
    const acs = r.comparison!.strategies.find((s) => s.strategy === 'almgren-chriss')!;
    expect(acs.isBps.mean).toBeGreaterThan(twap.isBps.mean);
    expect(acs.timingRiskBps).toBeLessThan(twap.timingRiskBps);
  }, 120_000);

  it('checks the world parameters field by field', () => {
    expect(() => parseACWorldParams({ ...DEFAULT_AC_WORLD, eta: 0 })).toThrow('ac world: eta (temporary impact ($/share per share/s)) must be a number > 0, got 0');
    expect(() => parseACWorldParams({ sigmaa: 1 }, 'w.json')).toThrow(/^w\.json: unknown field "sigmaa"/);
    expect(() => parseACWorldParams({ epsilon: 0 })).toThrow(/epsilon .* ≥ 0\.0001/);
  });
});
