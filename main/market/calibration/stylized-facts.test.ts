import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { impactFromMetaorders, impactFromTradeFlow } from './impact-curve.js';
import { autocorrelation, excessKurtosis, sampleRegular, weightedQuantile } from './series-stats.js';
import { computeStylizedFacts } from './stylized-facts.js';
import { syntheticSeries } from './synthetic-series.js';

const DAY = 23_400;

describe('series kernels', () => {
  it('samples previous-tick on a regular grid and drops grid points before the first observation', () => {
    const ts = Float64Array.from([1.5e9, 2.5e9, 4.2e9]);
    const v = Float64Array.from([10, 11, 12]);
    expect(Array.from(sampleRegular(ts, v, 0, 5e9, 1e9))).toEqual([10, 11, 11, 12]);
  });

  it('weighted quantiles and moments on known inputs', () => {
    expect(weightedQuantile([1, 2, 3], [1, 1, 2], 0.5)).toBe(2);
    expect(weightedQuantile([1, 2, 3], [1, 1, 2], 0.51)).toBe(3);
    // Two-point symmetric distribution: kurtosis 1, excess −2.
    expect(excessKurtosis([1, -1, 1, -1])).toBeCloseTo(-2, 12);
    expect(autocorrelation([1, 2, 3, 4, 5, 6, 7, 8], 1)[0]).toBeGreaterThan(0.5);
  });
});

describe('computeStylizedFacts on synthetic series with known answers', () => {
  it('Gaussian returns: excess kurtosis ≈ 0 at 1 s and 1 min, |r| autocorrelation ≈ 0, flat signature', () => {
    const f = computeStylizedFacts(syntheticSeries({ seed: 7, durationSec: DAY * 2, sigma: 1e-4 }));
    expect(f.ret1sCount).toBe(DAY * 2);
    expect(Math.abs(f.ret1sExcessKurtosis!)).toBeLessThan(0.15);
    expect(Math.abs(f.ret1mExcessKurtosis!)).toBeLessThan(0.8);
    expect(f.ret1sStdBps).toBeCloseTo(1, 1);
    expect(f.volPerSecBps).toBeCloseTo(1, 1);
    expect(Math.abs(f.absAcf1s[0]!)).toBeLessThan(0.03);
    const sig = f.signatureVarPerSecBps2;
    expect(sig[0]! / sig[5]!).toBeGreaterThan(0.85);
    expect(sig[0]! / sig[5]!).toBeLessThan(1.15);
  });

  it('GARCH(1,1) volatility: fat tails and positive |r| autocorrelation that decays', () => {
    const f = computeStylizedFacts(syntheticSeries({ seed: 3, durationSec: DAY, model: 'garch' }));
    expect(f.ret1sExcessKurtosis!).toBeGreaterThan(0.5);
    expect(f.absAcf1s[0]!).toBeGreaterThan(0.08);
    expect(f.absAcf1s.slice(0, 5).every((x) => x! > 0.03)).toBe(true);
    expect(f.absAcf1s[0]!).toBeGreaterThan(f.absAcf1s[19]!);
  });

  it('i.i.d. microstructure noise: the signature plot decreases in the sampling interval towards σ²', () => {
    // σ² = 1 bps²/s; noise std 1 bp ⇒ RV/T ≈ 1 + 2·1/Δ.
    const f = computeStylizedFacts(syntheticSeries({ seed: 11, durationSec: DAY, sigma: 1e-4, noise: 1e-4 }));
    const v = f.signatureVarPerSecBps2;
    expect(f.signatureIntervalsSec.slice(0, 4)).toEqual([1, 2, 5, 10]);
    expect(v[0]).toBeCloseTo(3, 0);
    expect(v[1]).toBeCloseTo(2, 0);
    for (let i = 1; i < 6; i++) expect(v[i]!).toBeLessThan(v[i - 1]!);
    expect(v[6]!).toBeLessThan(1.3);
  });

  it('recovers a known U-shaped volume profile and the spread distribution', () => {
    const profile = [4, 2, 1.5, 1, 1, 1, 1, 1, 1, 1, 1.5, 2, 4];
    const f = computeStylizedFacts(syntheticSeries({ seed: 5, durationSec: DAY, volumeProfile: profile, tradesPerSec: 2 }));
    const total = profile.reduce((a, b) => a + b, 0);
    expect(f.volumeCurveBinSec).toBe(1800);
    expect(f.volumeCurveShare).toHaveLength(13);
    f.volumeCurveShare.forEach((s, i) => expect(Math.abs(s - profile[i]! / total)).toBeLessThan(0.012));
    // Spreads uniform on {1, 2, 3} ticks, one per second.
    expect(f.spreadMeanTicks).toBeCloseTo(2, 1);
    expect(f.spreadMedianTicks).toBe(2);
    expect(f.spreadHistTicks[0]).toBe(0);
    expect(f.spreadHistTicks.slice(1, 4).every((s) => Math.abs(s - 1 / 3) < 0.02)).toBe(true);
  });

  it('reports horizons below the resolution as null (bars)', () => {
    const s = syntheticSeries({ seed: 1, durationSec: DAY, updateSec: 60 });
    const f = computeStylizedFacts({ ...s, resolutionSec: 60 });
    expect(f.ret1sStdBps).toBeNull();
    expect(f.ret1sExcessKurtosis).toBeNull();
    expect(f.ret1mCount).toBe(DAY / 60);
    expect(f.signatureIntervalsSec[0]).toBe(60);
  });
});

describe('impact vs participation', () => {
  it('fits the exponent of known metaorders (square-root law ⇒ 0.5)', () => {
    const rng = new Rng(9);
    const phi = Float64Array.from({ length: 2000 }, () => Math.exp(Math.log(0.005) + rng.float() * Math.log(0.3 / 0.005)));
    const imp = phi.map((p) => 20 * Math.sqrt(p) * (1 + 0.3 * rng.normal()));
    const c = impactFromMetaorders(phi, imp, 10);
    expect(c.method).toBe('metaorders');
    expect(c.exponent!).toBeCloseTo(0.5, 1);
    expect(c.prefactorBps!).toBeGreaterThan(15);
    expect(c.prefactorBps!).toBeLessThan(25);
  });

  it('the trade-flow proxy recovers a built-in concave impact of bucket imbalance', () => {
    const rng = new Rng(4);
    const buckets = 600;
    const tradeTs: number[] = [], size: number[] = [], side: number[] = [];
    const midTs: number[] = [0], mid: number[] = [100];
    let x = Math.log(100);
    for (let b = 0; b < buckets; b++) {
      const buyShare = rng.float();
      let q = 0, v = 0;
      for (let k = 0; k < 20; k++) {
        const s = rng.float() < buyShare ? 1 : -1;
        tradeTs.push(b * 60e9 + k * 2e9 + 1e9);
        size.push(10);
        side.push(s);
        q += 10 * s;
        v += 10;
      }
      x += Math.sign(q) * 5e-4 * Math.sqrt(Math.abs(q) / v) + 1e-5 * rng.normal();
      midTs.push((b + 1) * 60e9 - 1);
      mid.push(Math.exp(x));
    }
    const c = impactFromTradeFlow({
      midTsNs: midTs, mid, tradeTsNs: tradeTs, tradeSize: size, tradeSide: side, sessionStartNs: 0, sessionEndNs: buckets * 60e9, bucketSec: 60,
    });
    expect(c.method).toBe('trade-flow-imbalance-proxy');
    expect(c.exponent!).toBeGreaterThan(0.4);
    expect(c.exponent!).toBeLessThan(0.6);
  });
});
