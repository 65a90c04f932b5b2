import { describe, expect, it } from 'vitest';
import { ACWorld, simulateShortfall } from './ac-world.js';
import { AC_PAPER_PARAMS as P, costVariance, expectedCost, optimalCostMoments, optimalTrajectory, urgency } from './almgren-chriss.js';

const X = 1e6;

describe('Almgren-Chriss closed form (paper example)', () => {
  it('gives a trajectory from X to 0, strictly decreasing, with κ ≈ 0.6/day at λ = 1e-6', () => {
    const t = optimalTrajectory(P, X, 1e-6);
    expect(t.holdings).toHaveLength(P.N + 1);
    expect(t.holdings[0]).toBe(X);
    expect(t.holdings[P.N]).toBe(0);
    for (let k = 1; k <= P.N; k++) expect(t.holdings[k]!).toBeLessThan(t.holdings[k - 1]!);
    expect(t.trades.reduce((a, b) => a + b, 0)).toBeCloseTo(X, 6);
    expect(t.kappa).toBeGreaterThan(0.55);
    expect(t.kappa).toBeLessThan(0.65);
    // cosh(κτ) = 1 + κ̃²τ²/2 with κ̃² = λσ²/η̃.
    const et = P.eta - P.gamma / 2;
    expect(Math.cosh(t.kappa)).toBeCloseTo(1 + (1e-6 * P.sigma ** 2) / et / 2, 12);
  });

  it('E and V closed forms equal the direct sums of the paper for several λ', () => {
    for (const lambda of [1e-8, 1e-7, 1e-6, 2e-6, 1e-5]) {
      const t = optimalTrajectory(P, X, lambda);
      const m = optimalCostMoments(P, X, lambda);
      expect(m.expected / expectedCost(P, t.trades)).toBeCloseTo(1, 10);
      expect(m.variance / costVariance(P, t.holdings)).toBeCloseTo(1, 10);
    }
  });

  it('is optimal: perturbing a trade raises E + λV', () => {
    const lambda = 1e-6;
    const t = optimalTrajectory(P, X, lambda);
    const u = (h: number[]) => expectedCost(P, h.slice(1).map((x, k) => h[k]! - x)) + lambda * costVariance(P, h);
    const best = u(t.holdings);
    for (let j = 1; j < P.N; j++) {
      for (const d of [-5000, 5000]) {
        const h = [...t.holdings];
        h[j] = h[j]! + d;
        expect(u(h)).toBeGreaterThan(best);
      }
    }
  });

  it('approaches the linear (TWAP) schedule and its moments as λ → 0', () => {
    expect(urgency(P, 0)).toBe(0);
    const t = optimalTrajectory(P, X, 1e-12);
    t.holdings.forEach((x, j) => expect(Math.abs(x - X * (1 - j / P.N)) / X).toBeLessThan(1e-4));
    const lin = optimalCostMoments(P, X, 0);
    const twap = Array.from({ length: P.N + 1 }, (_, j) => X * (1 - j / P.N));
    expect(lin.expected / expectedCost(P, twap.slice(1).map((x, k) => twap[k]! - x))).toBeCloseTo(1, 10);
    expect(lin.variance / costVariance(P, twap)).toBeCloseTo(1, 10);
    expect(optimalCostMoments(P, X, 1e-12).expected / lin.expected).toBeCloseTo(1, 5);
  });

  it('rejects a non-convex parameter set and a negative λ', () => {
    expect(() => urgency({ ...P, eta: 1e-9 }, 1e-6)).toThrow('η̃');
    expect(() => urgency(P, -1)).toThrow('λ must be ≥ 0');
  });
});

describe('ACWorld (simulated)', () => {
  it('applies the temporary and permanent impact rules of one step', () => {
    const w = new ACWorld({ ...P, sigma: 0 }, 1);
    const s = w.step(200_000); // v = 200,000 shares/day
    expect(s.executionPrice).toBeCloseTo(50 - (0.0625 + 2.5e-6 * 200_000), 12);
    expect(s.price).toBeCloseTo(50 - 1 * 2.5e-7 * 200_000, 12);
    expect(w.step(-100_000).executionPrice).toBeCloseTo(s.price + 0.0625 + 2.5e-6 * 100_000, 12);
  });

  it('is reproducible from its seed', () => {
    const t = optimalTrajectory(P, X, 1e-6).trades;
    expect(simulateShortfall(P, t, 'a')).toBe(simulateShortfall(P, t, 'a'));
    expect(simulateShortfall(P, t, 'a')).not.toBe(simulateShortfall(P, t, 'b'));
  });

  it('average cost over many seeds ≈ E[x] (99.99 % interval) and its variance ≈ V[x]', () => {
    const lambda = 1e-6;
    const t = optimalTrajectory(P, X, lambda);
    const { expected, variance } = optimalCostMoments(P, X, lambda);
    const M = 20_000;
    let sum = 0;
    let sum2 = 0;
    for (let s = 0; s < M; s++) {
      const c = simulateShortfall(P, t.trades, s);
      sum += c;
      sum2 += c * c;
    }
    const mean = sum / M;
    const v = sum2 / M - mean * mean;
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(variance / M));
    // Sample variance of a normal: sd ≈ V·√(2/M) ≈ 1 % of V at M = 20,000.
    expect(Math.abs(v / variance - 1)).toBeLessThan(0.05);
  });
});
