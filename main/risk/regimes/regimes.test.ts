import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { DaySeries } from '../returns.js';
import { featureWindows, type RegimeFeature } from './features.js';
import { fitGmm } from './gmm.js';
import { kmeans } from './kmeans.js';
import { labelClusters } from './labels.js';
import { OnlineRegimes, type RegimeAssignment } from './online.js';

function blobs(centres: number[][], perBlob: number, sd: number, seed: number): { rows: number[][]; truth: number[] } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const truth: number[] = [];
  centres.forEach((c, b) => {
    for (let i = 0; i < perBlob; i++) {
      rows.push(c.map((x) => x + sd * rng.normal()));
      truth.push(b);
    }
  });
  return { rows, truth };
}

/** Share of rows whose cluster is the majority cluster of their true blob, with distinct majorities. */
function purity(labels: number[], truth: number[], blobsN: number): number {
  let ok = 0;
  const used = new Set<number>();
  for (let b = 0; b < blobsN; b++) {
    const counts = new Map<number, number>();
    labels.forEach((l, i) => truth[i] === b && counts.set(l, (counts.get(l) ?? 0) + 1));
    const [major, n] = [...counts.entries()].sort((a, c) => c[1] - a[1])[0]!;
    if (used.has(major)) return 0;
    used.add(major);
    ok += n;
  }
  return ok / labels.length;
}

describe('k-means (k-means++ seeds)', () => {
  const { rows, truth } = blobs([[0, 0], [5, 0], [0, 5]], 100, 0.5, 1);
  it('separates well-separated blobs', () => {
    expect(purity(kmeans(rows, 3, 7).labels, truth, 3)).toBe(1);
  });
  it('is deterministic for a seed', () => {
    expect(kmeans(rows, 3, 7)).toEqual(kmeans(rows, 3, 7));
  });
  it('needs k rows', () => {
    expect(() => kmeans([[1]], 2, 1)).toThrow(/at least k = 2 rows/);
  });
});

describe('Gaussian mixture (EM)', () => {
  it('recovers the weights and means of a two-component mixture', () => {
    const a = blobs([[0, 0]], 300, 0.5, 2);
    const b = blobs([[4, 4]], 100, 1.5, 3);
    const g = fitGmm([...a.rows, ...b.rows], 2, 5);
    const big = g.weights[0]! > g.weights[1]! ? 0 : 1;
    expect(g.weights[big]).toBeCloseTo(0.75, 1);
    expect(g.means[big]![0]).toBeCloseTo(0, 0);
    expect(g.means[1 - big]![0]).toBeCloseTo(4, 0);
    expect(Math.sqrt(g.variances[1 - big]![0]!)).toBeGreaterThan(1.1);
    expect(Math.sqrt(g.variances[big]![0]!)).toBeLessThan(0.7);
  });
});

describe('regime names', () => {
  const names: RegimeFeature[] = ['rvBps', 'spreadBps', 'depth', 'volume'];
  it('names four clusters by their centroids', () => {
    const centroids = [
      [2, 2, -2, 1], // high vol, wide spread, thin book: stressed
      [-1, -1, 1, 0], // calm
      [2, -1, 1, 1], // volatile but liquid
      [-1, 2, -2, -2], // quiet but wide and thin: illiquid
    ];
    expect(labelClusters(centroids, names)).toEqual(['stressed', 'calm', 'volatile', 'illiquid']);
  });
  it('two clusters get the two ends; clusters near the average are calm, and may share the word', () => {
    expect(labelClusters([[-1, -1, 1, 1], [1, 1, -1, -1]], names)).toEqual(['calm', 'stressed']);
    expect(labelClusters([[0.3, 0.3, -0.3, -0.3], [-0.3, -0.3, 0.3, 0.3]], names)).toEqual(['calm', 'calm']);
  });
  it('bars (volatility and volume only): low volume is illiquid', () => {
    expect(labelClusters([[1, 1], [-1, 1], [0, -2]], ['rvBps', 'volume'])).toEqual(['volatile', 'calm', 'illiquid']);
  });
});

function synthDay(n: number, seed: number, switchAt: number, burst: [number, number]): DaySeries {
  const rng = new Rng(seed);
  const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
  const stressed = (i: number): boolean => i >= switchAt || (i >= burst[0] && i < burst[1]);
  return {
    label: 'synthetic', source: 'ticks', symbol: 'X', sampleSec: 1, skipped: 0,
    t: col((i) => i + 1),
    r: col((i) => (stressed(i) ? 6e-4 : 1e-4) * rng.normal()),
    spreadBps: col((i) => (stressed(i) ? 12 : 2) * (1 + 0.2 * rng.float())),
    depth: col((i) => (stressed(i) ? 200 : 2000) * (1 + 0.2 * rng.float())),
    volume: col(() => 50 * rng.float()),
    flow: col(() => 0),
  };
}

describe('online regimes', () => {
  // Stressed during windows 40-59 (inside the warm-up) and from window 300 on.
  const day = synthDay(60 * 400, 4, 60 * 300, [60 * 40, 60 * 60]);
  const fw = featureWindows([day], 60);

  it('features: one row per whole window, using only its own samples', () => {
    expect(fw.raw).toHaveLength(400);
    expect(fw.names).toEqual(['rvBps', 'spreadBps', 'depth', 'volume']);
    expect(fw.t[0]).toBe(60);
    expect(fw.raw[10]![1]).toBeLessThan(3);
    expect(fw.raw[350]![1]).toBeGreaterThan(11);
  });

  function track(): RegimeAssignment[] {
    const tr = new OnlineRegimes(fw.names, { k: 2, warmup: 100, refitEvery: 25, seed: 3 });
    const out: RegimeAssignment[] = [];
    for (const row of fw.raw) {
      const a = tr.push(row, (w) => out.push(...w));
      if (a) out.push(a);
    }
    return out;
  }

  it('a planted switch to wide spreads, thin books and high volatility is seen as it arrives', () => {
    const a = track();
    expect(a).toHaveLength(400);
    // Names are relative to the history fitted: the warm-up saw a stressed burst, so its clusters
    // are calm and stressed; the windows after the switch are assigned as they arrive.
    expect(a.slice(40, 60).every((x) => x.label === 'stressed')).toBe(true);
    expect(a.slice(100, 300).every((x) => x.label === 'calm')).toBe(true);
    expect(a.slice(300).every((x) => x.label === 'stressed')).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(track()).toEqual(track());
  });
});
