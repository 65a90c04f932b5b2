import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { fitHar } from './har.js';

describe('HAR-RV', () => {
  it('recovers the cascade coefficients of a series whose realised variance follows HAR exactly', () => {
    const rng = new Rng(7);
    const block = 10;
    const nb = 3000;
    const truth = [2e-7, 0.35, 0.3, 0.2];
    const rv: number[] = [];
    for (let k = 0; k < nb; k++) {
      if (k < 22) {
        rv.push(1e-6 * (1 + 0.2 * rng.float()));
        continue;
      }
      const w = rv.slice(k - 5, k).reduce((a, b) => a + b, 0) / 5;
      const m = rv.slice(k - 22, k).reduce((a, b) => a + b, 0) / 22;
      const mean = truth[0]! + truth[1]! * rv[k - 1]! + truth[2]! * w + truth[3]! * m;
      rv.push(mean * Math.exp(0.3 * rng.normal() - 0.045)); // E[exp(0.3Z − 0.045)] = 1
    }
    // One non-zero return per block: its realised variance is exactly rv[k].
    const r = new Float64Array(nb * block);
    rv.forEach((v, k) => (r[k * block + (k % block)] = (k % 2 ? 1 : -1) * Math.sqrt(v)));
    const fit = fitHar(r, { block });
    const names = ['b0', 'bDay', 'bWeek', 'bMonth'] as const;
    names.forEach((n, i) => {
      // OLS is unbiased here; 4 SE keeps a correct fit failing well under 0.1 % of seeds.
      expect(Math.abs(fit.params[n]! - truth[i]!)).toBeLessThanOrEqual(4 * fit.se![n]!);
    });
    expect(fit.se!.bDay).toBeLessThan(0.05);
  });

  it('forecasts use only past blocks: changing the future leaves earlier forecasts unchanged', () => {
    const rng = new Rng(1);
    const r = Float64Array.from({ length: 60 * 60 }, () => 1e-3 * rng.normal() * (1 + rng.float()));
    const fit = fitHar(r, { block: 60 });
    const a = fit.blockForecasts(r, 60, 22);
    const r2 = r.slice();
    for (let i = 50 * 60; i < r2.length; i++) r2[i] = 0.01;
    const b = fit.blockForecasts(r2, 60, 22);
    expect(Array.from(b.subarray(0, 50 - 22 + 1))).toEqual(Array.from(a.subarray(0, 50 - 22 + 1)));
    expect(b[51 - 22]).not.toBe(a[51 - 22]);
  });

  it('says how many returns it needs', () => {
    expect(() => fitHar(new Float64Array(100), { block: 60 })).toThrow(/at least 32 blocks of 60 returns \(1920 returns\), got 100/);
  });
});
