import { describe, expect, it } from 'vitest';
import { AcEnv, acObjective, acOptimalHoldings, acScheduleOf, type AcWorld } from './ac-env.js';

const world: AcWorld = { X: 1, T: 1, N: 10, sigma: 1, gamma: 0.1, eta: 1, lambda: 10 };

describe('Almgren-Chriss closed form', () => {
  it('λ = 0 gives the straight line (TWAP)', () => {
    const x = acOptimalHoldings({ ...world, lambda: 0 });
    x.forEach((v, j) => expect(v).toBeCloseTo(1 - j / 10, 12));
  });

  it('the closed-form schedule is the minimum of E + λVar (every small perturbation costs more)', () => {
    const x = acOptimalHoldings(world);
    const best = acObjective(world, x).objective;
    for (let j = 1; j < world.N; j++) {
      for (const d of [-1e-3, 1e-3]) {
        const y = Float64Array.from(x);
        y[j]! += d;
        expect(acObjective(world, y).objective).toBeGreaterThan(best);
      }
    }
    // Front-loaded when risk-averse; TWAP is clearly worse.
    expect(x[1]!).toBeLessThan(0.9);
    const twap = Float64Array.from({ length: 11 }, (_, j) => 1 - j / 10);
    expect(acObjective(world, twap).objective).toBeGreaterThan(best * 1.1);
  });

  it('refuses a world with η̃ ≤ 0 naming the field', () => {
    expect(() => acOptimalHoldings({ ...world, gamma: 30 })).toThrow(/eta 1 must exceed ½·gamma·τ/);
  });
});

describe('AcEnv', () => {
  it('observes only time and inventory left; without noise the return is −(E + λVar) of the schedule', () => {
    const w = { ...world, sigma: 0.5 };
    const fractions = [0.3, 0.1, 0.2, 0, 0.5, 0.25, 0.1, 0.2, 0.4, 0.9];
    const env = new AcEnv({ ...w, sigma: 0 });
    // σ = 0 in the env removes the noise and the risk term; check E alone, then the risk term by hand.
    expect([...env.reset(1)]).toEqual([1, 1]);
    let ret = 0;
    const holdings = [1];
    for (const f of fractions) {
      const r = env.stepInPlace(2 * f - 1);
      ret += r.reward;
      holdings.push(holdings.at(-1)! * (env.observation[0] === 0 ? 0 : 1 - f));
    }
    expect(holdings.at(-1)).toBe(0);
    expect(ret).toBeCloseTo(-acObjective({ ...w, sigma: 0 }, holdings).objective, 10);
    // With noise: the mean return over many seeds approaches −(E + λVar).
    const noisy = new AcEnv(w);
    let sum = 0;
    const n = 4000;
    for (let s = 0; s < n; s++) {
      noisy.reset(s);
      for (const f of fractions) sum += noisy.stepInPlace(2 * f - 1).reward;
    }
    const want = -acObjective(w, holdings).objective;
    expect(Math.abs(sum / n - want)).toBeLessThan(0.05 * Math.abs(want));
  });

  it('acScheduleOf follows a policy: the TWAP fractions 1/(N − k) give the straight line', () => {
    const x = acScheduleOf(world, (o) => 2 / Math.round(o[0]! * 10) - 1);
    x.forEach((v, j) => expect(v).toBeCloseTo(1 - j / 10, 6));
  });
});
