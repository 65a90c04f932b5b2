import { describe, expect, it } from 'vitest';
import { acCommand } from './ac-command.js';
import { UsageError } from './cli-args.js';

// The paper's example (Almgren & Chriss 2000, section 3).
const PAPER = { shares: 1e6, price: 50, sigma: 0.95, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.0625, horizon: 5, periods: 5 };
const argvOf = (o: Record<string, number>) => Object.entries(o).flatMap(([k, v]) => [`--${k}`, String(v)]);

async function json(lambda: number, over: Record<string, number> = {}) {
  const out: string[] = [];
  expect(await acCommand([...argvOf({ ...PAPER, ...over, lambda }), '--json'], (s) => out.push(s))).toBe(0);
  return JSON.parse(out[0]!);
}

/** The paper's formulas, written out here independently of main/market/ac-world. */
function reference(lambda: number) {
  const { shares: X, sigma, eta, gamma, epsilon, horizon: T, periods: N } = PAPER;
  const tau = T / N;
  const etaT = eta - (gamma * tau) / 2;
  const kappa = Math.acosh(1 + ((lambda * sigma * sigma) / etaT) * tau * tau / 2) / tau;
  const x = Array.from({ length: N + 1 }, (_, j) => (kappa === 0 ? X * (1 - j / N) : (Math.sinh(kappa * (T - j * tau)) / Math.sinh(kappa * T)) * X));
  const n = x.slice(1).map((v, k) => x[k]! - v);
  const E = 0.5 * gamma * X * X + epsilon * n.reduce((a, b) => a + Math.abs(b), 0) + (etaT / tau) * n.reduce((a, b) => a + b * b, 0);
  const V = sigma * sigma * tau * x.slice(1).reduce((a, b) => a + b * b, 0);
  return { kappa, x, n, E, V };
}

describe('slipstream ac', () => {
  it('reproduces the closed form on the paper example (λ = 1e-6): holdings 1e6 → 0, decreasing, E and V', async () => {
    const j = await json(1e-6);
    const ref = reference(1e-6);
    expect(j.holdings).toHaveLength(6);
    expect(j.trades).toHaveLength(5);
    expect(j.holdings[0]).toBe(1e6);
    expect(j.holdings[5]).toBe(0);
    for (let k = 1; k <= 5; k++) expect(j.holdings[k]).toBeLessThan(j.holdings[k - 1]);
    j.holdings.forEach((h: number, k: number) => expect(h).toBeCloseTo(ref.x[k]!, 6));
    j.trades.forEach((t: number, k: number) => expect(t).toBeCloseTo(ref.n[k]!, 6));
    expect(j.kappa).toBeCloseTo(ref.kappa, 12);
    expect(j.kappa).toBeGreaterThan(0.55); // ≈ 0.6 per day in the paper
    expect(j.kappa).toBeLessThan(0.65);
    expect(j.expectedCost / ref.E).toBeCloseTo(1, 10);
    expect(j.variance / ref.V).toBeCloseTo(1, 10);
    expect(j.utility).toBeCloseTo(j.expectedCost + 1e-6 * j.variance, 4);
    expect(j.stdDev).toBeCloseTo(Math.sqrt(ref.V), 4);
  });

  it('λ = 0 gives the linear (TWAP) schedule and its E and V', async () => {
    const j = await json(0);
    const ref = reference(0);
    expect(j.kappa).toBe(0);
    [1e6, 8e5, 6e5, 4e5, 2e5, 0].forEach((h, k) => expect(j.holdings[k]).toBeCloseTo(h, 6));
    j.trades.forEach((t: number) => expect(t).toBeCloseTo(2e5, 6));
    expect(j.expectedCost / ref.E).toBeCloseTo(1, 10);
    expect(j.variance / ref.V).toBeCloseTo(1, 10);
  });

  it('prints a table of N + 1 rows by default', async () => {
    const out: string[] = [];
    await acCommand(argvOf({ ...PAPER, lambda: 1e-6 }), (s) => out.push(s));
    expect(out).toHaveLength(1 + 1 + 6 + 1);
    expect(out[2]).toMatch(/^\s+0\s+0\.0000\s+1,000,000\.00\s*$/);
    expect(out.at(-1)).toMatch(/^E\[cost\] = \$[\d,.]+ {3}Var\[cost\] = /);
  });

  it('validates every option, naming it and its limit', async () => {
    const bad = async (over: Record<string, string | null>, msg: string) => {
      const o: Record<string, string> = Object.fromEntries(Object.entries({ ...PAPER, lambda: 1e-6 }).map(([k, v]) => [k, String(v)]));
      for (const [k, v] of Object.entries(over)) {
        if (v === null) delete o[k];
        else o[k] = v;
      }
      const argv = Object.entries(o).flatMap(([k, v]) => [`--${k}`, v]);
      const p = acCommand(argv, () => {});
      await expect(p).rejects.toBeInstanceOf(UsageError);
      await expect(acCommand(argv, () => {})).rejects.toThrow(msg);
    };
    await bad({ shares: '0' }, '--shares must be > 0, got 0');
    await bad({ shares: null }, '--shares is required (shares to sell, > 0)');
    await bad({ price: '-50' }, '--price must be > 0');
    await bad({ sigma: '-0.1' }, '--sigma must be ≥ 0, got -0.1');
    await bad({ sigma: 'high' }, '--sigma must be a number, got "high"');
    await bad({ eta: '0' }, '--eta must be > 0');
    await bad({ gamma: '-1e-7' }, '--gamma must be ≥ 0');
    await bad({ epsilon: '-1' }, '--epsilon must be ≥ 0');
    await bad({ horizon: '0' }, '--horizon must be > 0');
    await bad({ periods: '0' }, '--periods 0 is outside [1, 100000]');
    await bad({ periods: '2.5' }, '--periods must be an integer');
    await bad({ periods: null }, '--periods is required');
    await bad({ lambda: '-1e-6' }, '--lambda must be ≥ 0');
    await bad({ lambda: '1e100' }, '--lambda 1e100 is too large');
    await bad({ eta: '1e-7' }, '--eta 1e-7 must exceed --gamma × τ/2');
    await expect(acCommand(['extra'], () => {})).rejects.toThrow('no positional');
  });
});
