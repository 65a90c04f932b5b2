import { beforeAll, describe, expect, it } from 'vitest';
import { selectTfBackend } from '../tf-backend.js';
import { runAcCheck } from './ac-training.js';

// Small budgets (12,000 env steps each); the full figures (30,000 steps) are in
// `npm run bench -- --only agentTraining`. cpu backend: deterministic bit for bit.
const world = { X: 1, T: 1, N: 10, sigma: 1, gamma: 0.1, eta: 1 };
beforeAll(async () => {
  await selectTfBackend({ backend: 'cpu', source: 'test' });
});

describe('analytic checks of the learner (Almgren–Chriss world, sees only time and inventory left)', () => {
  it('untrained, the policy is far from both optima (the checks below can fail)', () => {
    for (const lambda of [0, 10]) {
      const r = runAcCheck({ ...world, lambda }, 0, 1);
      expect(r.relativeGap).toBeGreaterThan(0.2);
    }
  });

  it('λ = 0 (no exploitable state, risk-neutral): converges towards the TWAP schedule', () => {
    const r = runAcCheck({ ...world, lambda: 0 }, 12_000, 1);
    r.optimalHoldings.forEach((x, j) => expect(x).toBeCloseTo(1 - j / 10, 12));
    expect(r.maxHoldingsGap).toBeLessThan(0.1);
    expect(r.relativeGap).toBeLessThan(0.05);
  }, 300_000);

  it('λ = 10: within 3 % of the closed-form optimum of E[cost] + λVar[cost]', () => {
    const r = runAcCheck({ ...world, lambda: 10 }, 12_000, 1);
    expect(r.relativeGap).toBeGreaterThanOrEqual(-1e-9);
    expect(r.relativeGap).toBeLessThan(0.03);
  }, 300_000);
});
